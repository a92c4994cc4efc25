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
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Callable, Literal

from reportlab.lib.units import mm

from kiosk.documents import fieldlines as fl
from kiosk.documents.data import ControlRow, SlipData
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, A5, ROLL_80, Margins, Sheet, fit_size, nfc, wrap
from kiosk.documents.official import (Signer, date_text, fit, national_block, official_heading, place_date,
                                      signatures, unit_block)
from kiosk.errors import KioskError
from kiosk.text import fold

Size = Literal["a4", "a5", "80mm"]

ND30 = Margins(20 * mm, 15 * mm, 20 * mm, 30 * mm)  # top, right, bottom, left


@dataclass(frozen=True)
class SlipStyle:
    page: tuple[float, float | None]
    margins: Margins
    body: float
    heading: float
    title: float
    qr: float
    sign_space: float
    narrow: bool = False
    leading: float = 1.35

    @property
    def line(self) -> fl.LineStyle:
        return fl.LineStyle(size=self.body, leading_factor=self.leading, dotted=False)

    def compact(self) -> "SlipStyle":
        """Tighter spacing, tried before a slip is allowed a second page."""
        return replace(self, leading=1.2, sign_space=self.sign_space * 0.75, body=self.body * 0.96)


STYLES: dict[str, SlipStyle] = {
    "a4": SlipStyle(A4, ND30, 13, 12.5, 14, 20 * mm, 26 * mm),
    "a5": SlipStyle(A5, ND30, 10.5, 10, 11.5, 18 * mm, 16 * mm),
    "80mm": SlipStyle(ROLL_80, Margins(4 * mm, 4 * mm, 6 * mm, 4 * mm), 8.5, 7.8, 10, 24 * mm, 14 * mm, True),
}
QR_CORNER = 6 * mm  # distance of the receipt's QR from the paper's top and left edges


def style_for(size: str) -> SlipStyle:
    try:
        return STYLES[size.lower()]
    except KeyError:
        raise ValueError(f"khổ giấy không hỗ trợ: {size!r} (chỉ a4, a5, 80mm)") from None


def clock(t: datetime | time) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


MODEL_SLOGAN = "không viết – không nộp – không hẹn"


def model_name(weekday_name: str) -> str:
    """'Thứ Sáu' -> 'Ngày thứ Sáu: không viết – không nộp – không hẹn'."""
    return f"Ngày {weekday_name[:1].lower()}{weekday_name[1:]}: {MODEL_SLOGAN}"


def unit_symbol(settings) -> str:
    """TTPVHCC for a Trung tâm Phục vụ hành chính công, BPTNTKQ for a Bộ phận TN&TKQ."""
    return "TTPVHCC" if fold(settings.issuing_unit).startswith("trung tam") else "BPTNTKQ"


def number_line(data: SlipData, settings, kind: str | None) -> str | None:
    """'Số: 07/PBS-TTPVHCC'; None for a dossier without a register number."""
    if data.register_no is None:
        return None
    n = f"{data.register_no:02d}"
    if kind == "PXL":
        return f"Số: {n}/PXL"
    return f"Số: {n}/{kind}-{unit_symbol(settings)}" if kind else f"Số: {n}/{unit_symbol(settings)}"


# --- shared pieces ---------------------------------------------------------

def _sheet(st: SlipStyle, title: str) -> Sheet:
    sheet = Sheet(st.page[0], st.page[1], st.margins, title=title)
    if st.page[1] is not None:  # a slip that runs over is numbered from page 2 (NĐ 30), the roll never
        sheet.on_page = lambda s: _page_number(s, st)
    return sheet


def _page_number(sheet: Sheet, st: SlipStyle) -> None:
    """NĐ 30: the page number centred in the top margin, from page 2 on."""
    if sheet.page_count >= 2:
        sheet.text_aligned(str(sheet.page_count), sheet.margins.top * 0.6, REGULAR, st.body, "center")


def _heading(sheet: Sheet, st: SlipStyle, settings, day: date, number: str | None, qr: str | None = None) -> None:
    dated = place_date(settings.commune_name, day)
    if st.narrow:
        _narrow_heading(sheet, st, settings, dated, number, qr)
        return
    if qr:  # in the paper's upper-left corner, left of and above the text area
        sheet.qr(qr, QR_CORNER, QR_CORNER, st.qr)
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, st.heading, dated=dated, number=number)


def _narrow_heading(sheet: Sheet, st: SlipStyle, settings, dated: str, number: str | None, qr: str | None) -> None:
    """80 mm: QR in the upper-left corner with the unit names beside it, then the
    national heading, the number and the date, centred."""
    top, x0 = sheet.y, sheet.left
    if qr:
        sheet.qr(qr, sheet.left, top, st.qr)
        x0 = sheet.left + st.qr + 2 * mm
    end = unit_block(sheet, settings.parent_unit, settings.issuing_unit, st.heading, x0, sheet.right, top)
    sheet.y = max(end, top + st.qr if qr else end) + st.heading * 0.6
    sheet.y = national_block(sheet, st.heading, sheet.left, sheet.right, sheet.y) + st.heading * 0.4
    for text, font in ((number, REGULAR), (dated, ITALIC)):
        if text:
            sheet.y += st.heading * 1.3
            sheet.text_aligned(text, sheet.y, font, fit(text, font, st.heading, sheet.width), "center")
    sheet.y += st.heading * 0.4


def _title(sheet: Sheet, st: SlipStyle, title: str, subtitle: str | None = None) -> None:
    sheet.advance(st.body * 0.8)
    sheet.paragraph(title, BOLD, st.title, align="center", leading=st.title * 1.25, balanced=True)
    if subtitle:
        sheet.paragraph(subtitle, ITALIC, st.body, align="center", leading=st.body * 1.35, balanced=True)
    sheet.advance(st.body * 0.3)


def _kv(sheet: Sheet, st: SlipStyle, *pairs: str, indent: float = 0.0, keep: bool = False,
        bind: bool = False) -> None:
    """'Label: value  Label: value' with the values in bold, wrapped over the width;
    `keep` moves a short value (a name, a date) whole to the next line; `bind` keeps each
    pair's last label word and value together ("Số thứ tự: 01" never split)."""
    toks: list[fl.Tok] = []
    for i in range(0, len(pairs), 2):
        label, value = pairs[i], pairs[i + 1] if i + 1 < len(pairs) else ""
        toks += fl.words("label", label, "gap" if i else "space", keep=bind)
        if value:
            vals = fl.words("value", value, "space", keep=keep or bind)
            if bind and vals:
                vals[0] = replace(vals[0], glue=True)
            toks += vals
    fl.flow(sheet, toks, st.line, indent=indent)


def _text(sheet: Sheet, st: SlipStyle, text: str, font: str = REGULAR, **kw) -> None:
    sheet.paragraph(text, font, st.body, leading=st.body * st.leading, **kw)


def _sign(sheet: Sheet, st: SlipStyle, signers: list[Signer]) -> None:
    sheet.advance(st.body * 0.4)
    signatures(sheet, signers, st.body, space=st.sign_space, single_right=not st.narrow)


def _closing(sheet: Sheet, st: SlipStyle, tail: Callable[[Sheet], None], signers: list[Signer]) -> None:
    """Draw the last lines of content (`tail`, at least two lines) and the signature block
    together: when they do not fit under the cursor, they start the next page as a group,
    so a signature block is never alone on a page."""
    probe = Sheet(sheet.page_w, None, sheet.margins)
    probe.y = 0.0
    tail(probe)
    _sign(probe, st, signers)
    sheet.need(probe.y)
    tail(sheet)
    _sign(sheet, st, signers)


def _fitting(render: Callable[[SlipStyle], Sheet], st: SlipStyle) -> bytes:
    """Render; when the slip runs onto a second page, try tighter spacing first."""
    sheet = render(st)
    if sheet.page_count > 1 and not st.narrow:
        tight = render(st.compact())
        if tight.page_count < sheet.page_count:
            sheet = tight
    return sheet.to_pdf()


def _request(d: SlipData) -> str:
    return f"{nfc(d.procedure_name)} (mã thủ tục {d.procedure_code})"


def _when(day: date, at: datetime | time | None = None) -> str:
    return f"{clock(at)}, {date_text(day)}" if at is not None else date_text(day)


def _sentence(text: str) -> str:
    text = " ".join(nfc(text).split())
    return text if not text or text[-1] in ".!?" else text + "."


def _or_none(value: str) -> str:
    return value or "(không có)"


def _contact_pairs(data: SlipData) -> tuple[str, ...]:
    return ("Số điện thoại:", _or_none(data.phone), "Email:", data.email or "(không cung cấp)")


# --- Mẫu 01 --------------------------------------------------------------------

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
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    docs = data.received_documents()
    _kv(sheet, st, "Thành phần hồ sơ nộp gồm:", "" if docs else "(không có)")
    for i, doc in enumerate(docs, start=1):
        _kv(sheet, st, f"{i}. {nfc(doc.name)}:", doc.count_text, indent=st.body, keep=True)
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


# --- Mẫu 02 --------------------------------------------------------------------

def render_supplement_request(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, listing every missing item at once
    (dated `today`, by default the slip's date or the day the dossier was received)."""
    day = today or data.printed_on or data.received_at.date()
    return _fitting(lambda st: _supplement(data, settings, st, day), style_for(size))


def _supplement(data: SlipData, settings, st: SlipStyle, day: date) -> Sheet:
    sheet = _sheet(st, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "PBS"))
    _title(sheet, st, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
    _kv(sheet, st, "Hồ sơ của:", f"{data.address_as} {data.applicant_name}", keep=True)
    _kv(sheet, st, "Mã hồ sơ:", data.dossier_code)
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _kv(sheet, st, "Địa chỉ:", _or_none(data.address))
    _kv(sheet, st, *_contact_pairs(data))
    _text(sheet, st, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
    for i, item in enumerate(data.missing_items, start=1):
        _kv(sheet, st, f"{i}.", item, indent=st.body)
    contact = data.contact or (f"công chức {data.clerk_name}, {settings.issuing_unit}" if data.clerk_name
                               else settings.issuing_unit)

    def tail(s: Sheet) -> None:
        if data.reason:
            _kv(s, st, "Lý do:", _sentence(data.reason))
        _text(s, st, "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "
                     f"{contact} để được hướng dẫn./.")
    _closing(sheet, st, tail, [Signer("Người hướng dẫn", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet


# --- Mẫu 03 --------------------------------------------------------------------

def render_refusal(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason (dated `today`,
    by default the slip's date or the day the dossier was received)."""
    day = today or data.printed_on or data.received_at.date()
    return _fitting(lambda st: _refusal(data, settings, st, day), style_for(size))


def _refusal(data: SlipData, settings, st: SlipStyle, day: date) -> Sheet:
    sheet = _sheet(st, "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "PTC"))
    _title(sheet, st, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    _kv(sheet, st, f"{settings.issuing_unit} tiếp nhận hồ sơ của {data.address_as}:", data.applicant_name, keep=True)
    if data.id_number:
        _kv(sheet, st, "Số định danh cá nhân:", data.id_number)
    _kv(sheet, st, "Địa chỉ:", _or_none(data.address))
    _kv(sheet, st, *_contact_pairs(data))
    _kv(sheet, st, "Mã hồ sơ:", data.dossier_code)
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _text(sheet, st, f"Qua xem xét, {settings.issuing_unit} thông báo không tiếp nhận, giải quyết hồ sơ "
                     "này với lý do cụ thể như sau:")

    def tail(s: Sheet) -> None:
        _text(s, st, _sentence(data.reason) or "(chưa ghi lý do)", BOLD, indent=st.body)
        _text(s, st, "Xin thông báo cho Ông/Bà được biết và thực hiện./.")
    _closing(sheet, st, tail, [Signer("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", data.applicant_name),
                               Signer("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet


# --- Mẫu 04 --------------------------------------------------------------------

def _head_signer(data: SlipData, what: str) -> Signer:
    """The head of the unit (config.toml signer_authority / signer_title / signer_name)."""
    if not data.signer_name.strip():
        raise KioskError(f"Chưa in được {what}: chưa có họ tên người ký. Hãy ghi signer_name (và signer_title, "
                         "signer_authority nếu ký thay) trong config.toml rồi khởi động lại.")
    title = nfc(data.signer_title or "Thủ trưởng cơ quan, đơn vị")
    if data.signer_authority.strip():
        title = f"{nfc(data.signer_authority)}\n{title}"
    return Signer(title, "(Ký và ghi rõ họ tên)", data.signer_name)


def procedure_phrase(name: str) -> str:
    """'thủ tục hành chính đăng ký khai sinh' from 'Thủ tục đăng ký khai sinh' (no "thủ tục" twice)."""
    name = nfc(name).strip()
    for head in ("thủ tục hành chính ", "thủ tục "):
        if name.lower().startswith(head):
            name = name[len(head):]
            break
    return f"thủ tục hành chính {name}"


def _received_sentence(data: SlipData, unit: str, verb: str = "tiếp nhận giải quyết hồ sơ đề nghị giải quyết") -> str:
    ident = f"; số định danh: {data.id_number}" if data.id_number else ""
    return (f"{date_text(data.received_at.date()).capitalize()}, {unit} {verb} "
            f"{procedure_phrase(data.procedure_name)} của {data.address_as}{ident}; mã số hồ sơ: "
            f"{data.dossier_code}.")


def render_apology(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: the date promised on
    the receipt (`due_date`, `due_time`), the reason, the new date and the head's signature."""
    if data.new_due_date is None:
        raise KioskError(f"Hồ sơ {data.dossier_code} chưa được hẹn lại ngày trả kết quả; "
                         "hãy ghi “hẹn lại” với ngày mới và lý do trước khi in văn bản xin lỗi.")
    signer = _head_signer(data, "văn bản xin lỗi")
    day = today or data.printed_on or date.today()
    return _fitting(lambda st: _apology(data, settings, st, day, signer), style_for(size))


def _apology(data: SlipData, settings, st: SlipStyle, day: date, signer: Signer) -> Sheet:
    unit, you = settings.issuing_unit, data.address_as
    sheet = _sheet(st, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")
    _heading(sheet, st, settings, day, number_line(data, settings, "PXL"))
    _title(sheet, st, "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT")
    _kv(sheet, st, "Kính gửi:", f"{you} {data.applicant_name}", keep=True)
    _text(sheet, st, _received_sentence(data, unit), first_indent=st.body)
    if data.due_date:
        _kv(sheet, st, "Thời gian hẹn trả kết quả giải quyết hồ sơ:", _when(data.due_date, data.due_time), keep=True)
    _text(sheet, st, f"Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ của {you} đúng thời hạn "
                     "quy định ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.", first_indent=st.body)
    _kv(sheet, st, "Lý do:", _sentence(data.reason) or "(chưa ghi lý do)")
    _text(sheet, st, f"{unit} xin trân trọng gửi lời xin lỗi đến {you} vì sự chậm trễ trong quá trình giải quyết "
                     f"hồ sơ có thể gây phiền hà, tốn kém về chi phí, công sức của {you}.", first_indent=st.body)

    def tail(s: Sheet) -> None:
        _text(s, st, f"{unit} xin lỗi {you} và sẽ trả kết quả giải quyết hồ sơ cho {you} vào "
                     f"{date_text(data.new_due_date)}.", first_indent=st.body)
        _text(s, st, f"Mong nhận được sự thông cảm của {you} vì sự chậm trễ này./.", first_indent=st.body)
    _closing(sheet, st, tail, [signer])
    return sheet


# --- Mẫu 05 --------------------------------------------------------------------

def render_stop(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ (TT 03/2025 Điều 7). Wording composed from
    Điều 7 and NĐ 118/2025 Điều 21: the form's own text was not found."""
    signer = _head_signer(data, "thông báo dừng giải quyết hồ sơ")
    day = today or data.printed_on or date.today()
    return _fitting(lambda st: _stop(data, settings, st, day, signer), style_for(size))


def _stop(data: SlipData, settings, st: SlipStyle, day: date, signer: Signer) -> Sheet:
    unit, you = settings.issuing_unit, data.address_as
    asked = data.stop_requested_at or datetime.combine(day, time(0, 0))
    sheet = _sheet(st, "Thông báo dừng giải quyết hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "TB"))
    _title(sheet, st, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
    _kv(sheet, st, "Kính gửi:", f"{you} {data.applicant_name}", keep=True)
    _text(sheet, st, _received_sentence(data, unit, "tiếp nhận hồ sơ đề nghị giải quyết"), first_indent=st.body)
    _text(sheet, st, f"{date_text(asked).capitalize()}, {you} có yêu cầu dừng thực hiện thủ tục hành chính nêu trên. "
                     "Đến thời điểm nhận được yêu cầu, chưa có quyết định giải quyết thủ tục hành chính hoặc văn bản "
                     "thông báo kết quả giải quyết thủ tục hành chính.", first_indent=st.body)
    if data.reason:
        _kv(sheet, st, "Lý do:", _sentence(data.reason))

    def tail(s: Sheet) -> None:
        _text(s, st, f"Căn cứ Điều 21 Nghị định số 118/2025/NĐ-CP và Điều 7 Thông tư số 03/2025/TT-VPCP, {unit} "
                     "thông báo dừng giải quyết hồ sơ nêu trên.", first_indent=st.body)
        _text(s, st, f"Xin thông báo để {you} được biết./.", first_indent=st.body)
    _closing(sheet, st, tail, [signer])
    return sheet


# --- Mẫu 06 --------------------------------------------------------------------

CONTROL_NOTES = ("Kết quả giải quyết hồ sơ do bên nhận nhập thông tin/ghi khi nhận bàn giao hồ sơ.",
                 "Việc lưu vết được thực hiện tự động theo chức năng của Hệ thống thông tin giải quyết thủ tục "
                 "hành chính và thể hiện trên mẫu phiếu điện tử.")


def render_control(data: SlipData, settings, size: Size = "a4", *, today: date | None = None,
                   blank_rows: int = 2) -> bytes:
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over recorded
    for the dossier (`control_rows`), then `blank_rows` empty rows to fill in by hand."""
    st = style_for("a4" if size == "80mm" else size)
    day = today or data.printed_on or data.received_at.date()
    sheet = _sheet(st, "Phiếu kiểm soát quá trình giải quyết hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "PKS"))
    _title(sheet, st, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")
    _kv(sheet, st, "Mã số hồ sơ:", data.dossier_code)
    _kv(sheet, st, "Cơ quan (bộ phận) giải quyết hồ sơ:", data.handling_unit or settings.issuing_unit)
    _kv(sheet, st, "Cơ quan phối hợp giải quyết hồ sơ:", "")
    _kv(sheet, st, "Ngày nhận:", _when(data.received_at.date(), data.received_at), keep=True)
    if data.due_date:
        _kv(sheet, st, "Hẹn trả kết quả vào", _when(data.due_date, data.due_time), keep=True)
    sheet.advance(st.body * 0.5)
    notes = [("Ghi chú:", ITALIC)] + [(f"- {n}", ITALIC) for n in CONTROL_NOTES]

    def draw_notes(s: Sheet) -> None:
        s.advance(st.body * 0.3)
        for text, font in notes:
            _text(s, st, text, font)
    probe = Sheet(sheet.page_w, None, sheet.margins)
    probe.y = 0.0
    draw_notes(probe)
    _control_table(sheet, st, list(data.control_rows), blank_rows, probe.y)
    sheet.need(probe.y)  # the notes stay together (blank rows yield to them, see _control_table)
    draw_notes(sheet)
    return sheet.to_pdf()


_CONTROL_HEAD = ["Tên đơn vị", "Thời gian giao nhận hồ sơ", "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)",
                 "Ghi chú"]


def _control_table(sheet: Sheet, st: SlipStyle, rows: list[ControlRow], blank_rows: int, notes_h: float) -> None:
    size = st.body * 0.85
    lead = size * 1.25
    w = sheet.width
    widths = [w * 0.27, w * 0.33, w * 0.17, w * 0.23]
    xs = [sheet.left]
    for cw in widths:
        xs.append(xs[-1] + cw)

    def cells(texts: list[list[tuple[str, str]]], min_h: float = 0.0, sign_row: bool = False) -> None:
        wrapped = [[(line, font) for text, font in col for line in wrap(text, font, size, xs[i + 1] - xs[i] - 2 * mm)]
                   for i, col in enumerate(texts)]
        text_h = max(len(c) for c in wrapped) * lead + size * 0.6
        sign_h = 16 * mm if sign_row else 0.0
        h = max(text_h + sign_h, min_h)
        sheet.need(h)
        top = sheet.y
        for i, col in enumerate(wrapped):
            for j, (line, font) in enumerate(col):
                align = "left" if i == 0 or i == 3 else "center"
                sheet.text_aligned(line, top + size + j * lead, font, size, align, xs[i] + 1 * mm, xs[i + 1] - 1 * mm)
            sheet.rect(xs[i], top, xs[i + 1] - xs[i], h)
        if sign_row:  # column 2: "Người giao" | "Người nhận" signature boxes under the time
            y0 = top + text_h
            mid = (xs[1] + xs[2]) / 2
            sheet.line(xs[1], y0, xs[2], y0, 0.5)
            sheet.line(mid, y0, mid, top + h, 0.5)
            for x0, x1, label in ((xs[1], mid, "Người giao"), (mid, xs[2], "Người nhận")):
                sheet.text_aligned(label, y0 + size * 1.1, BOLD, size, "center", x0, x1)
        sheet.y = top + h

    cells([[(h, BOLD)] for h in _CONTROL_HEAD])
    for r in rows:
        cells([[(f"1. Giao: {r.giver}", REGULAR), (f"2. Nhận: {r.receiver}", REGULAR)],
               [(f"{clock(r.at)}, ngày {r.at:%d/%m/%Y}", REGULAR)], [(r.result, REGULAR)], [(r.note, REGULAR)]],
              sign_row=True)
    blank_h = 2 * lead + size * 0.6 + 16 * mm
    for i in range(blank_rows):  # rows to fill by hand, as many as fit with the notes under them
        if (i or rows) and not sheet.fits(blank_h + notes_h):  # (at least one on a sheet without rows)
            break
        cells([[("1. Giao:", REGULAR), ("2. Nhận:", REGULAR)], [], [], []], sign_row=True)


# --- the lobby ticket ----------------------------------------------------------

def render_ticket(number_label: str, procedure_name: str, created_at: datetime, settings,
                  size: Size = "80mm") -> bytes:
    """The numbered ticket printed when a citizen taps "nhờ cán bộ viết giúp";
    everything scales with the paper width (80 mm roll or A5)."""
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
    sheet.paragraph(f"Nhờ cán bộ viết giúp: {nfc(procedure_name)}", REGULAR, body * 1.1, align="center",
                    balanced=True)
    sheet.paragraph(f"Lấy số lúc {clock(created_at)}, ngày {created_at:%d/%m/%Y}", ITALIC, body, align="center")
    sheet.advance(body * 0.5)
    sheet.paragraph("Xin mời ông/bà ngồi chờ. Khi nghe gọi số, mời ông/bà đến quầy tiếp nhận.",
                    BOLD, body, align="center", balanced=True)
    return sheet.to_pdf()
