"""Handover list for a village head (danh sách bàn giao kết quả qua trưởng thôn):
the results to take to the village, with columns for the citizen's signature on
receipt, so nobody is told to come back."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet, wrap
from kiosk.documents.official import Signer, official_heading, place_date, signatures

BODY = 11.0


def render_handover(day: date, village: str, head_name: str, rows: list[tuple[str, str, str]], settings) -> bytes:
    """`rows` are (dossier code, applicant name, procedure name) in the order to hand over."""
    sheet = Sheet(*A4, Margins(20 * mm, 15 * mm, 20 * mm, 25 * mm), title=f"Bàn giao {village} {day:%d/%m/%Y}")
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, BODY,
                     dated=place_date(settings.commune_name, day))
    sheet.y += BODY
    sheet.paragraph("DANH SÁCH BÀN GIAO KẾT QUẢ QUA TRƯỞNG THÔN", BOLD, 13, align="center", balanced=True)
    sheet.paragraph(f"{village} – trưởng thôn {head_name}" if head_name else village, ITALIC, BODY, align="center")
    sheet.y += BODY * 0.5
    widths = [10 * mm, 42 * mm, 45 * mm, 0.0, 30 * mm]
    widths[3] = sheet.width - sum(widths)
    xs = [sheet.left]
    for w in widths:
        xs.append(xs[-1] + w)
    header = ["STT", "Mã hồ sơ", "Người nhận", "Kết quả thủ tục", "Ký nhận"]
    _row(sheet, xs, header, BOLD)
    for i, (code, name, proc) in enumerate(rows, start=1):
        _row(sheet, xs, [str(i), code, name, proc, ""], REGULAR, min_height=12 * mm)
    sheet.y += BODY
    sheet.paragraph(f"Tổng cộng: {len(rows)} hồ sơ.", REGULAR, BODY)
    signatures(sheet, [Signer("NGƯỜI GIAO", "(Ký, ghi rõ họ tên)"),
                       Signer("TRƯỞNG THÔN NHẬN", "(Ký, ghi rõ họ tên)", head_name)], BODY, single_right=False)
    return sheet.to_pdf()


def _row(sheet: Sheet, xs: list[float], cells: list[str], font: str, min_height: float = 0.0) -> None:
    leading = BODY * 1.25
    wrapped = [wrap(c, font, BODY, xs[i + 1] - xs[i] - 2 * mm) or [""] for i, c in enumerate(cells)]
    height = max(max(len(w) for w in wrapped) * leading + BODY * 0.6, min_height)
    sheet.need(height)
    top = sheet.y
    for i, lines in enumerate(wrapped):
        for j, line in enumerate(lines):
            sheet.text_aligned(line, top + BODY + j * leading, font, BODY, "center" if i == 0 else "left",
                               xs[i] + 1 * mm, xs[i + 1] - 1 * mm)
        sheet.rect(xs[i], top, xs[i + 1] - xs[i], height)
    sheet.y = top + height
