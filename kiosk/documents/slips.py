"""The one-stop slips (Thông tư 01/2018/TT-VPCP forms 01-04, kept by Thông tư
03/2025/TT-VPCP), designed for A5, plus A4 and an 80 mm thermal variant; and
the lobby's numbered assistance ticket.

The receipt carries a QR code in its upper-left corner (Thông tư 01/2023/TT-VPCP)
with "<dossier code>|<procedure code>|<appointment dd/mm/yyyy>".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

from reportlab.lib.units import mm

from kiosk.documents import fieldlines as fl
from kiosk.documents.data import SlipData
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, A5, ROLL_80, Margins, Sheet, fit_size, nfc
from kiosk.documents.official import (Signer, date_text, fit, national_block, official_heading, place_date,
                                      signatures, unit_block)
from kiosk.qr import qr_png

Size = Literal["a4", "a5", "80mm"]


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

    @property
    def line(self) -> fl.LineStyle:
        return fl.LineStyle(size=self.body, leading_factor=1.35, dotted=False)


STYLES: dict[str, SlipStyle] = {
    "a4": SlipStyle(A4, Margins(20 * mm, 15 * mm, 20 * mm, 30 * mm), 13, 12.5, 14, 26 * mm, 26 * mm),
    "a5": SlipStyle(A5, Margins(9 * mm, 10 * mm, 9 * mm, 15 * mm), 10.5, 10, 12, 18 * mm, 16 * mm),
    "80mm": SlipStyle(ROLL_80, Margins(4 * mm, 4 * mm, 6 * mm, 4 * mm), 8.5, 7.8, 10, 24 * mm, 14 * mm, True),
}


def style_for(size: str) -> SlipStyle:
    try:
        return STYLES[size.lower()]
    except KeyError:
        raise ValueError(f"khổ giấy không hỗ trợ: {size!r} (chỉ a4, a5, 80mm)") from None


def clock(t: datetime | time) -> str:
    return f"{t.hour:02d} giờ {t.minute:02d} phút"


# --- shared pieces ---------------------------------------------------------

def _sheet(st: SlipStyle, title: str) -> Sheet:
    return Sheet(st.page[0], st.page[1], st.margins, title=title)


def _heading(sheet: Sheet, st: SlipStyle, settings, day: date, qr: str | None = None) -> None:
    dated = place_date(settings.commune_name, day)
    if st.narrow:
        _narrow_heading(sheet, st, settings, dated, qr)
        return
    if qr:
        _qr_band(sheet, st, qr)
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, st.heading, dated=dated)


def _qr_band(sheet: Sheet, st: SlipStyle, payload: str) -> None:
    """QR in the upper-left corner, what it is for and the appointment beside it."""
    top, q = sheet.y, st.qr
    sheet.image(qr_png(payload, box_size=6, border=2), sheet.left, top, q, q)
    due = payload.rsplit("|", 1)[-1]
    x0, size = sheet.left + q + 3 * mm, st.body * 0.9
    lines = [("Quét mã QR để tra cứu tình trạng hồ sơ", ITALIC)]
    if due:
        lines.append(("Ngày hẹn trả kết quả: " + due, BOLD))
    y = top + q / 2 - size * 1.3 * (len(lines) / 2 - 0.8)
    for text, font in lines:
        sheet.text(x0, y, text, font, fit_size(text, font, size, sheet.right - x0))
        y += size * 1.3
    sheet.y = top + q + 1 * mm


def _narrow_heading(sheet: Sheet, st: SlipStyle, settings, dated: str, qr: str | None) -> None:
    """80 mm: QR in the upper-left corner with the unit names beside it, then the
    national heading and the date, centred."""
    top, x0 = sheet.y, sheet.left
    if qr:
        sheet.image(qr_png(qr, box_size=6, border=2), sheet.left, top, st.qr, st.qr)
        x0 = sheet.left + st.qr + 2 * mm
    end = unit_block(sheet, settings.parent_unit, settings.issuing_unit, st.heading, x0, sheet.right, top)
    sheet.y = max(end, top + st.qr if qr else end) + st.heading * 0.6
    sheet.y = national_block(sheet, st.heading, sheet.left, sheet.right, sheet.y) + st.heading * 0.4
    sheet.y += st.heading * 1.3
    sheet.text_aligned(dated, sheet.y, ITALIC, fit(dated, ITALIC, st.heading, sheet.width), "center")
    sheet.y += st.heading * 0.4


def _title(sheet: Sheet, st: SlipStyle, title: str, subtitle: str | None = None) -> None:
    sheet.advance(st.body * 0.9)
    sheet.paragraph(title, BOLD, st.title, align="center", leading=st.title * 1.3, balanced=True)
    if subtitle:
        sheet.paragraph(subtitle, BOLD, st.body, align="center", leading=st.body * 1.4)
    sheet.advance(st.body * 0.4)


def _kv(sheet: Sheet, st: SlipStyle, label: str, value: str = "", *, indent: float = 0.0,
        keep: bool = False) -> None:
    """'Label: value' with the value in bold, wrapped over the full width; `keep` moves a
    short value (a name, a date) whole to the next line instead of splitting it."""
    toks = fl.words("label", label)
    if value:
        toks += fl.words("value", value, "space", keep=keep)
    fl.flow(sheet, toks, st.line, indent=indent)


def _text(sheet: Sheet, st: SlipStyle, text: str, font: str = REGULAR, **kw) -> None:
    sheet.paragraph(text, font, st.body, leading=st.body * 1.35, **kw)


def _sign(sheet: Sheet, st: SlipStyle, signers: list[Signer]) -> None:
    sheet.advance(st.body * 0.4)
    signatures(sheet, signers, st.body, space=st.sign_space, single_right=not st.narrow)


def _request(d: SlipData) -> str:
    return f"{nfc(d.procedure_name)} (mã thủ tục {d.procedure_code})"


def _when(day: date, at: datetime | time | None = None) -> str:
    return f"{clock(at)}, {date_text(day)}" if at is not None else date_text(day)


# --- the four slips ----------------------------------------------------------

def render_receipt(data: SlipData, settings, size: Size = "a5") -> bytes:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with the QR in the upper-left corner."""
    st = style_for(size)
    sheet = _sheet(st, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    _heading(sheet, st, settings, data.received_at.date(), qr=data.qr_payload)
    _title(sheet, st, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {data.dossier_code}")
    _applicant(sheet, st, data, f"{settings.issuing_unit} tiếp nhận hồ sơ của:")
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _documents(sheet, st, data)
    for n, (label, value) in enumerate(_receipt_facts(data), start=2):
        _kv(sheet, st, f"{n}. {label}", value, keep=True)
    _sign(sheet, st, [Signer("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", data.applicant_name),
                      Signer("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet.to_pdf()


def _receipt_facts(data: SlipData) -> list[tuple[str, str]]:
    """Points 2.. of the receipt; the optional ones are left out, the numbering stays continuous."""
    facts = [("Số lượng hồ sơ:", f"{data.dossier_sets:02d} (bộ)")]
    if data.processing_time:
        facts.append(("Thời gian giải quyết hồ sơ theo quy định:", data.processing_time))
    facts.append(("Thời gian nhận hồ sơ:", _when(data.received_at.date(), data.received_at)))
    if data.due_date:
        facts.append(("Thời gian trả kết quả giải quyết hồ sơ:", _when(data.due_date, data.due_time)))
    if data.return_channel:
        facts.append(("Nhận kết quả tại:", data.return_channel))
    return facts


def _applicant(sheet: Sheet, st: SlipStyle, data: SlipData, label: str) -> None:
    _kv(sheet, st, label, data.applicant_name, keep=True)
    if data.address:
        _kv(sheet, st, "Địa chỉ:", data.address)
    if data.phone:
        _kv(sheet, st, "Số điện thoại:", data.phone)


def _documents(sheet: Sheet, st: SlipStyle, data: SlipData) -> None:
    docs = data.received_documents()
    _kv(sheet, st, "1. Thành phần hồ sơ nộp gồm:", "" if docs else "(không có)")
    for i, doc in enumerate(docs, start=1):
        _kv(sheet, st, f"{i}) {nfc(doc.name)}:", f"{doc.count:02d} bản", indent=st.body, keep=True)


def render_supplement_request(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, listing every missing item at once
    (dated `today`, by default the day the dossier was received)."""
    st = style_for(size)
    sheet = _sheet(st, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    _heading(sheet, st, settings, today or data.received_at.date())
    _title(sheet, st, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
           f"Mã hồ sơ: {data.dossier_code}" if data.dossier_code else None)
    _applicant(sheet, st, data, "Hồ sơ của:")
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _text(sheet, st, "Yêu cầu ông/bà hoàn thiện hồ sơ gồm những nội dung sau:", BOLD)
    for i, item in enumerate(data.missing_items, start=1):
        _kv(sheet, st, f"{i}.", item, indent=st.body)
    if data.reason:
        _kv(sheet, st, "Lý do:", data.reason)
    contact = data.contact or (f"công chức {data.clerk_name}" if data.clerk_name else "công chức tiếp nhận hồ sơ")
    _text(sheet, st, f"Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với {contact} "
                     f"tại {settings.issuing_unit} để được hướng dẫn./.")
    _sign(sheet, st, [Signer("Người hướng dẫn", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet.to_pdf()


def render_refusal(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason (dated `today`,
    by default the day the dossier was received)."""
    st = style_for(size)
    sheet = _sheet(st, "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    _heading(sheet, st, settings, today or data.received_at.date())
    _title(sheet, st, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    _applicant(sheet, st, data, f"{settings.issuing_unit} tiếp nhận hồ sơ của:")
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _text(sheet, st, f"Qua xem xét, {settings.issuing_unit} thông báo không tiếp nhận, giải quyết hồ sơ "
                     "này với lý do cụ thể như sau:")
    _text(sheet, st, data.reason or "(chưa ghi lý do)", BOLD, indent=st.body)
    _text(sheet, st, "Xin thông báo để ông/bà được biết và thực hiện./.")
    _sign(sheet, st, [Signer("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet.to_pdf()


def render_apology(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả, with the new date."""
    st = style_for(size)
    unit = settings.issuing_unit
    sheet = _sheet(st, "Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    _heading(sheet, st, settings, today or date.today())
    _title(sheet, st, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    _kv(sheet, st, "Kính gửi: Ông/bà", data.applicant_name, keep=True)
    _text(sheet, st, f"Ngày {data.received_at:%d/%m/%Y}, {unit} tiếp nhận giải quyết hồ sơ của ông/bà, "
                     f"mã hồ sơ {data.dossier_code}.")
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    if data.due_date:
        _kv(sheet, st, "Ngày hẹn trả kết quả giải quyết hồ sơ:", f"{data.due_date:%d/%m/%Y}")
    _text(sheet, st, f"Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ cho ông/bà, lý do: "
                     f"{_sentence(data.reason) or '…'}")
    new_date = date_text(data.new_due_date) if data.new_due_date else "ngày … tháng … năm …"
    _text(sheet, st, f"Sự chậm trễ này đã gây phiền hà cho ông/bà. {unit} xin lỗi ông/bà và hẹn sẽ trả "
                     f"kết quả giải quyết hồ sơ vào {new_date}.")
    _text(sheet, st, "Chúng tôi mong nhận được sự thông cảm của ông/bà vì sự chậm trễ này. Xin trân trọng cảm ơn./.")
    _sign(sheet, st, [Signer("Thủ trưởng cơ quan", "(Ký, ghi rõ họ tên và đóng dấu)", data.signer_name)])
    return sheet.to_pdf()


def _sentence(text: str) -> str:
    text = nfc(text).strip()
    return text if not text or text[-1] in ".!?…" else text + "."


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
