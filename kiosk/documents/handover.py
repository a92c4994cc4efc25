"""Handover list for a village head (danh sách bàn giao kết quả qua trưởng thôn): the
result papers to take to the village, with a column for the citizen's signature on
receipt, so nobody is told to come back. NĐ 30/2020 margins; signed by the clerk who
hands over (name printed) and the village head who receives."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet, relayout, wrap
from kiosk.documents.official import Signer, official_heading, place_date, signatures

BODY = 12.0
MARGINS = Margins(top=20 * mm, right=15 * mm, bottom=20 * mm, left=30 * mm)


@dataclass(frozen=True)
class HandoverRow:
    dossier_code: str
    recipient: str  # the citizen who receives the result
    result: str  # the paper handed over ("Giấy khai sinh (bản chính)"), the procedure's `result`


def render_handover(day: date, village: str, head_name: str, rows: list[HandoverRow | tuple[str, str, str]],
                    settings, giver_name: str = "") -> bytes:
    """`rows`: (dossier code, citizen, result paper) in the order to hand over; `giver_name`:
    the clerk handing the results over (printed under the left signature)."""
    items = [r if isinstance(r, HandoverRow) else HandoverRow(*r) for r in rows]
    sheet = relayout(lambda forced: _layout(day, village, head_name, items, settings, giver_name, forced))
    return sheet.to_pdf()


def _layout(day, village, head_name, rows: list[HandoverRow], settings, giver_name, forced) -> Sheet:
    sheet = Sheet(*A4, MARGINS, title=f"Bàn giao {village} {day:%d/%m/%Y}", forced_breaks=forced)
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, BODY,
                     dated=place_date(settings.commune_name, day))
    sheet.y += BODY
    sheet.paragraph("DANH SÁCH BÀN GIAO KẾT QUẢ QUA TRƯỞNG THÔN", BOLD, 14, align="center", balanced=True)
    sheet.paragraph(f"{village} – trưởng thôn {head_name}" if head_name else village, ITALIC, BODY + 1,
                    align="center")
    sheet.y += BODY * 0.5
    widths = [12 * mm, 37 * mm, 39 * mm, 0.0, 27 * mm]
    widths[3] = sheet.width - sum(widths)
    xs = [sheet.left]
    for w in widths:
        xs.append(xs[-1] + w)
    header = ["STT", "Mã hồ sơ", "Người nhận", "Giấy tờ kết quả", "Người nhận ký"]
    _row(sheet, xs, header, BOLD)
    for i, r in enumerate(rows, start=1):
        _row(sheet, xs, [str(i), r.dossier_code, r.recipient, r.result, ""], REGULAR, min_height=12 * mm)
    sheet.y += BODY * 0.5
    sheet.paragraph(f"Tổng cộng: {len(rows)} hồ sơ.", REGULAR, BODY)
    sheet.y += BODY * 0.3
    signatures(sheet, [Signer("Người giao", "(Ký, ghi rõ họ tên)", giver_name),
                       Signer("Trưởng thôn nhận", "(Ký, ghi rõ họ tên)", head_name)], BODY, single_right=False)
    return sheet


def _row(sheet: Sheet, xs: list[float], cells: list[str], font: str, min_height: float = 0.0) -> bool:
    leading = BODY * 1.25
    wrapped = [wrap(c, font, BODY, xs[i + 1] - xs[i] - 2 * mm) or [""] for i, c in enumerate(cells)]
    height = max(max(len(w) for w in wrapped) * leading + BODY * 0.6, min_height)
    broke = sheet.need(height)
    if broke and font == REGULAR:
        _row(sheet, xs, ["STT", "Mã hồ sơ", "Người nhận", "Giấy tờ kết quả", "Người nhận ký"], BOLD)
    sheet.mark_line()
    top = sheet.y
    for i, lines in enumerate(wrapped):
        for j, line in enumerate(lines):
            sheet.text_aligned(line, top + BODY + j * leading, font, BODY, "center" if i == 0 else "left",
                               xs[i] + 1 * mm, xs[i + 1] - 1 * mm)
        sheet.rect(xs[i], top, xs[i + 1] - xs[i], height)
    sheet.y = top + height
    return broke
