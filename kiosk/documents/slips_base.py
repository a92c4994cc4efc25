"""Shared pieces of the one-stop slips (kiosk/documents/slips.py): paper styles, the
heading, title, label-value lines, signatures, the number line and the wording helpers
that several of Mẫu 01-06 use."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Callable, Literal

from reportlab.lib.units import mm

from kiosk.documents import fieldlines as fl
from kiosk.documents.data import SlipData
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, A5, ROLL_80, Margins, Sheet, nfc
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


# --- wording shared by Mẫu 04 and 05 ---------------------------------------------

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
