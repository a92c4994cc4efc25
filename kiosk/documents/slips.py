"""The one-stop slips of Thông tư 03/2025/TT-VPCP (15/9/2025), Phụ lục I, Mẫu 01-06, on
A5 (default), A4 or an 80 mm thermal roll; and the lobby's numbered assistance ticket.
Mẫu 07 (sổ theo dõi hồ sơ) is in kiosk/documents/register.py.

Sources of the layouts (no official PDF of the annex was reachable; see
shared/reference/slips-and-reports.md §1):
- Mẫu 01-04, 06, 07: the circular's forms as reproduced verbatim by the Ministry of Health,
  Quyết định 3621/QĐ-BYT of 24/11/2025, annex BM.01-BM.06 (thuvienphapluat copy,
  tnt305/tai_lieu_noi_bo src/etl/dataset/5fc0868aeac2f15a.md) [medium]. Mẫu 04's title
  is the circular's list name, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
  (thuviennhadat.vn list of Phụ lục I; research table code-id 70332388489); the BYT copy
  heads it "Phiếu xin lỗi ..." and numbers it "Số: .../PXL".
- Mẫu 05: only its name and use are known (TT 03/2025 Điều 7, quoted in tvpl:9ce9777ea895f842);
  its wording here is composed from Điều 7 and Nghị định 118/2025/NĐ-CP Điều 21 [low].
- Number lines: "Số: <n>/<type>-TTPVHCC" (or "-BPTNTKQ" when the issuing unit is a Bộ phận
  Tiếp nhận và Trả kết quả) as in the BYT copy; <n> is the dossier's number in the Sổ theo
  dõi hồ sơ (one book a year). Mẫu 01's type slot is blank in the copy and stays out.
- "Liên": the 2025 copy has no copy ("liên") line (TT 01/2018's two-copy rule is not in
  it), so none is printed.
- QR code in the upper-left corner of the receipt: Thông tư 01/2023/TT-VPCP; it carries
  "<dossier code>|<procedure code>|<appointment dd/mm/yyyy>" and sits in the corner of the
  margin so the text keeps the NĐ 30/2020 margins.
- Margins (A4 and A5): Nghị định 30/2020/NĐ-CP Phụ lục I (top/bottom 20 mm, left 30 mm,
  right 15 mm). NĐ 30 gives one set of margins whatever the paper; its body size (13-14 pt)
  is for A4 and is reduced on A5. The 80 mm roll cannot have a 30 mm margin and keeps 4 mm.

The code: kiosk/documents/slips_base.py (paper styles and the pieces the slips share), this
module (Mẫu 01 and the lobby ticket), slips_notices.py (Mẫu 02-05), slips_control.py (Mẫu 06).
Every renderer and helper stays importable from here.
"""
from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm

from kiosk.documents.data import SlipData
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import Sheet, fit_size, nfc
from kiosk.documents.official import Signer, date_text, unit_block
from kiosk.documents.slips_base import (ND30, MODEL_SLOGAN, QR_CORNER, STYLES, Size, SlipStyle,  # noqa: F401
                                        _closing, _contact_pairs, _fitting, _heading, _kv, _or_none, _request, _text,
                                        _sheet, _title, _when, clock, model_name, number_line, procedure_phrase,
                                        style_for, unit_symbol)
from kiosk.documents.slips_control import CONTROL_NOTES, render_control  # noqa: F401
from kiosk.documents.slips_notices import (render_apology, render_refusal, render_stop,  # noqa: F401
                                           render_supplement_request)


# --- Mẫu 01 --------------------------------------------------------------------

# the bracketed line under the applicant's contact details, as Mẫu 01 of TT 03/2025 prints it
AUTHORISATION_NOTE = ("(Trường hợp ủy quyền thì cung cấp thêm thông tin của người ủy quyền, bao gồm: họ và tên, "
                      "địa chỉ, số định danh cá nhân, số điện thoại, email, giấy tờ ủy quyền).")

def render_receipt(data: SlipData, settings, size: Size = "a5") -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the QR in the upper-left corner."""
    return _fitting(lambda st: _receipt(data, settings, st), style_for(size))


def _receipt(data: SlipData, settings, st: SlipStyle) -> Sheet:
    sheet = _sheet(st, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    _heading(sheet, st, settings, data.received_at.date(), number_line(data, settings, None), qr=data.qr_payload)
    _title(sheet, st, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    _kv(sheet, st, "Mã hồ sơ:", data.dossier_code)
    _kv(sheet, st, f"{settings.issuing_unit} tiếp nhận hồ sơ của {data.address_as}:", data.applicant_name, keep=True)
    if data.id_number:
        _kv(sheet, st, "Số định danh cá nhân:", data.id_number)
    _kv(sheet, st, "Địa chỉ:", _or_none(data.address))
    _kv(sheet, st, *_contact_pairs(data))
    _text(sheet, st, AUTHORISATION_NOTE, ITALIC)  # Mẫu 01 prints this note as it stands
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    docs = data.received_documents()
    _kv(sheet, st, "Thành phần hồ sơ nộp gồm:", "" if docs else "(không có)")
    for i, doc in enumerate(docs, start=1):
        _kv(sheet, st, f"{i}. {nfc(doc.name).rstrip(' ;,.:')}:", doc.count_text, indent=st.body, keep=True)
    _kv(sheet, st, "Số lượng hồ sơ:", f"{data.dossier_sets:02d} (bộ)")
    if data.processing_time:
        _kv(sheet, st, "Thời gian giải quyết hồ sơ theo quy định là:", data.processing_time)
    _kv(sheet, st, "Thời gian nhận hồ sơ:", _when(data.received_at.date(), data.received_at), keep=True)

    def tail(s: Sheet) -> None:
        if data.due_date:
            _kv(s, st, "Thời gian trả kết quả giải quyết hồ sơ:", _due_text(data), keep=True)
        _kv(s, st, "Đăng ký nhận kết quả tại:", data.return_channel or settings.issuing_unit)
        if data.register_no is not None:
            book = f"01/{data.register_year}" if data.register_year else "01"
            _kv(s, st, "Vào Sổ theo dõi hồ sơ, Quyển số:", book, "Số thứ tự:", f"{data.register_no:02d}", bind=True)
    _closing(sheet, st, tail, [Signer("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", data.applicant_name),
                               Signer("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet


def _due_text(data: SlipData) -> str:
    """'14 giờ 00 phút, ngày 27 tháng 11 năm 2026', or for a result due the same day
    'Trả kết quả trong ngày, lúc 11 giờ 00 phút, ngày ... (Ngày thứ Sáu: không viết – ...)'."""
    when = _when(data.due_date, data.due_time)
    if not data.same_day:
        return when
    hour = f"lúc {data.due_time.hour:02d} giờ {data.due_time.minute:02d} phút, " if data.due_time else ""
    text = f"Trả kết quả trong ngày, {hour}{date_text(data.due_date)}"
    return f"{text} ({data.model_name})" if data.model_name else text


# --- the lobby ticket ----------------------------------------------------------

def render_ticket(number_label: str, procedure_name: str, created_at: datetime, settings,
                  size: Size = "80mm", priority_words: str = "") -> bytes:
    """The numbered ticket printed when a citizen taps "nhờ cán bộ viết giúp" (from a
    procedure, or from home with no procedure); a priority ticket says whose priority it is
    ("ưu tiên – người cao tuổi"); everything scales with the paper width (80 mm roll or A5)."""
    st = style_for(size)
    sheet = _sheet(st, f"Phiếu số thứ tự {number_label}")
    k = min(sheet.width / (72 * mm), 2.0)
    body = 9 * k
    sheet.y = unit_block(sheet, settings.parent_unit, settings.issuing_unit, 8 * k,
                         sheet.left, sheet.right, sheet.y) + body
    sheet.paragraph("PHIẾU SỐ THỨ TỰ", BOLD, 12 * k, align="center")
    big = fit_size(number_label, BOLD, 64 * k, sheet.width)
    sheet.advance(big * 0.95)
    sheet.text_aligned(number_label, sheet.y, BOLD, big, "center")
    sheet.advance(big * 0.3)
    if priority_words:
        sheet.paragraph(f"Số {nfc(priority_words)}", BOLD, body * 1.1, align="center", balanced=True)
    wanted = f"Nhờ cán bộ viết giúp: {nfc(procedure_name)}" if procedure_name.strip() else "Nhờ cán bộ giúp làm giấy tờ"
    sheet.paragraph(wanted, REGULAR, body * 1.1, align="center", balanced=True)
    sheet.paragraph(f"Lấy số lúc {clock(created_at)}, ngày {created_at:%d/%m/%Y}", ITALIC, body, align="center")
    sheet.advance(body * 0.5)
    sheet.paragraph("Xin mời ông/bà ngồi chờ. Khi nghe gọi số, mời ông/bà đến quầy tiếp nhận.",
                    BOLD, body, align="center", balanced=True)
    return sheet.to_pdf()
