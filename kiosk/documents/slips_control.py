"""Mẫu 06 of Thông tư 03/2025/TT-VPCP, Phụ lục I: Phiếu kiểm soát quá trình giải quyết hồ sơ,
the hand-over table of a dossier. Sources and paper sizes: kiosk/documents/slips.py."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.data import ControlRow, SlipData
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import Sheet, wrap
from kiosk.documents.slips_base import (Size, SlipStyle, _heading, _kv, _sheet, _text, _title, _when, clock,
                                        number_line, style_for)


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
