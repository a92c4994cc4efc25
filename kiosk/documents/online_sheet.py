"""The "không nộp" sheet of a procedure: how to submit it online (portal QR,
numbered steps, papers to scan or photograph), or, when the procedure cannot be
done online, a clear statement that it must be submitted in person and what to bring.
"""
from __future__ import annotations

from typing import Literal

from reportlab.lib.units import mm

from kiosk.catalog.schema import OnlineLevel, Procedure
from kiosk.documents import fieldlines as fl
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, A5, Margins, Sheet
from kiosk.documents.official import unit_block

LEVEL_TEXT = {
    OnlineLevel.FULL: "Dịch vụ công trực tuyến toàn trình: nộp hồ sơ, theo dõi và nhận kết quả qua mạng.",
    OnlineLevel.PARTIAL: ("Dịch vụ công trực tuyến một phần: nộp hồ sơ qua mạng, nhưng vẫn phải đến "
                          "{unit} để xuất trình giấy tờ bản chính hoặc nhận kết quả."),
}
_PAGES = {
    "a4": (A4, Margins(18 * mm, 15 * mm, 18 * mm, 25 * mm), 13.0, 45 * mm),
    "a5": (A5, Margins(10 * mm, 10 * mm, 10 * mm, 12 * mm), 10.5, 32 * mm),
}


def render_online_sheet(procedure: Procedure, settings, size: Literal["a4", "a5"] = "a4") -> bytes:
    """PDF bytes of the guidance sheet for `procedure` (A4 or A5)."""
    try:
        page, margins, body, qr = _PAGES[size.lower()]
    except KeyError:
        raise ValueError(f"khổ giấy không hỗ trợ: {size!r} (chỉ a4, a5)") from None
    sheet = Sheet(*page, margins, title=f"Hướng dẫn: {procedure.name}")
    sheet.y = unit_block(sheet, settings.parent_unit, settings.issuing_unit, body * 0.9,
                         sheet.left, sheet.right, sheet.y) + body
    online = procedure.online.level != OnlineLevel.NONE
    title = "HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN" if online else "THỦ TỤC PHẢI NỘP HỒ SƠ TRỰC TIẾP"
    sheet.paragraph(title, BOLD, body * 1.25, align="center", balanced=True)
    sheet.paragraph(procedure.name, BOLD, body, align="center", balanced=True)
    sheet.paragraph(f"Mã thủ tục: {procedure.code}", ITALIC, body * 0.9, align="center")
    sheet.advance(body * 0.6)
    if online:
        _online(sheet, procedure, settings, body, qr)
    else:
        _in_person(sheet, procedure, settings, body, qr)
    _facts(sheet, procedure, body)
    return sheet.to_pdf()


def _online(sheet: Sheet, proc: Procedure, settings, body: float, qr: float) -> None:
    level = LEVEL_TEXT[proc.online.level].format(unit=settings.issuing_unit)
    sheet.paragraph(level, BOLD, body, leading=body * 1.35)
    _qr_block(sheet, proc.online.portal_url, "Quét mã QR bằng điện thoại để mở trang nộp hồ sơ:", body, qr)
    _list(sheet, "Các bước thực hiện:", proc.online.steps, body, numbered=True)
    if proc.online.scan_documents:
        _list(sheet, "Giấy tờ cần chụp ảnh hoặc quét để tải lên:", proc.online.scan_documents, body)


def _in_person(sheet: Sheet, proc: Procedure, settings, body: float, qr: float) -> None:
    sheet.paragraph(f"Thủ tục này chưa nộp được qua mạng. Ông/bà vui lòng mang hồ sơ đến nộp trực tiếp "
                    f"tại {settings.issuing_unit}.", BOLD, body * 1.1, leading=body * 1.45)
    docs = [d.name + (" (chỉ mang theo để xuất trình)" if d.show_only else "") for d in proc.required_documents]
    _list(sheet, "Giấy tờ cần mang theo:", docs, body)
    if proc.online.portal_url:
        _qr_block(sheet, proc.online.portal_url, "Xem thông tin thủ tục trên Cổng Dịch vụ công:", body, qr)


def _qr_block(sheet: Sheet, url: str, caption: str, body: float, q: float) -> None:
    """QR at the left, the caption and the address (cut anywhere to fit) at its right."""
    sheet.advance(body * 0.5)
    sheet.need(q + body)
    top = sheet.y
    sheet.qr(url, sheet.left, top, q)
    x0 = sheet.left + q + 4 * mm
    sheet.y = top
    sheet.paragraph(caption, REGULAR, body, x0=x0, leading=body * 1.35)
    # a URL has no spaces: the wrapper cuts it by characters
    sheet.paragraph(url, ITALIC, body * 0.8, x0=x0, leading=body * 1.05)
    sheet.y = max(sheet.y, top + q) + body * 0.5


def _list(sheet: Sheet, heading: str, items: list[str], body: float, numbered: bool = False) -> None:
    if not items:
        return
    sheet.advance(body * 0.3)
    sheet.paragraph(heading, BOLD, body, leading=body * 1.45)
    st = fl.LineStyle(size=body, leading_factor=1.35, dotted=False)
    for i, item in enumerate(items, start=1):
        fl.flow(sheet, fl.words("label", f"{i}." if numbered else "•") + fl.words("label", item), st, indent=body)


def _facts(sheet: Sheet, proc: Procedure, body: float) -> None:
    sheet.advance(body * 0.5)
    st = fl.LineStyle(size=body, leading_factor=1.35, dotted=False)
    fl.flow(sheet, fl.words("label", "Thời hạn giải quyết:") + fl.words("value", proc.processing_time_text), st)
    fl.flow(sheet, fl.words("label", "Lệ phí:") + fl.words("value", proc.fee), st)
    if proc.result:
        fl.flow(sheet, fl.words("label", "Kết quả nhận được:") + fl.words("value", proc.result), st)
