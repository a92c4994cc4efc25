"""Mẫu 07 of Thông tư 03/2025/TT-VPCP, Phụ lục I: Sổ theo dõi hồ sơ (the dossier register),
for a period, as a PDF (A4 landscape, NĐ 30/2020 margins, page numbers from page 2) and
as an XLSX workbook.

Source of the layout: the Ministry of Health's verbatim copy of the circular's forms,
Quyết định 3621/QĐ-BYT of 24/11/2025, annex BM.06 (tnt305/tai_lieu_noi_bo
src/etl/dataset/5fc0868aeac2f15a.md) [medium]: heading, "Số: ...STD-TTPVHCC(BPTNTKQ)",
title, and 11 columns: STT, Mã hồ sơ, Tên TTHC, Tên tổ chức, cá nhân, Địa chỉ/SĐT, Cơ quan
chủ trì giải quyết, then under "Nhận và trả kết quả": Nhận hồ sơ, Hẹn trả kết quả, Trả kết
quả, Phương thức nhận kết quả, Ký nhận. STT is the dossier's number in the year's book.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet, wrap
from kiosk.documents.official import official_heading, place_date

LANDSCAPE = (A4[1], A4[0])
MARGINS = Margins(20 * mm, 15 * mm, 20 * mm, 30 * mm)
BODY = 9.0
HEAD = ["STT", "Mã hồ sơ", "Tên TTHC", "Tên tổ chức, cá nhân", "Địa chỉ/SĐT", "Cơ quan chủ trì giải quyết",
        "Nhận hồ sơ", "Hẹn trả kết quả", "Trả kết quả", "Phương thức nhận kết quả", "Ký nhận"]
GROUP = "Nhận và trả kết quả"
WIDTHS_MM = [10, 27, 40, 28, 33, 24, 18, 16, 18, 22]  # the last column (Ký nhận) takes the rest


@dataclass(frozen=True)
class RegisterRow:
    number: int | None
    code: str
    procedure: str
    applicant: str
    address_phone: str
    handling_unit: str
    received_at: datetime
    due: date
    returned_at: datetime | None
    return_way: str
    year: int | None = None  # the year of the book the number belongs to (one book a year)

    @property
    def book_year(self) -> int:
        return self.year or self.received_at.year

    def cells(self) -> list[str]:
        return [f"{self.number:02d}" if self.number is not None else "", self.code, self.procedure, self.applicant,
                self.address_phone, self.handling_unit, f"{self.received_at:%H:%M %d/%m/%Y}",
                f"{self.due:%d/%m/%Y}", f"{self.returned_at:%H:%M %d/%m/%Y}" if self.returned_at else "",
                self.return_way, ""]


def books(rows: list[RegisterRow], year: int) -> list[int]:
    """The years of the books the rows belong to (a period across New Year holds two)."""
    return sorted({r.book_year for r in rows}) or [year]


def in_book_order(rows: list[RegisterRow]) -> list[RegisterRow]:
    return sorted(rows, key=lambda r: (r.book_year, r.number if r.number is not None else 1 << 30, r.received_at))


def books_text(years: list[int]) -> str:
    return ", ".join(f"Quyển số 01 năm {y}" for y in years)


def register_symbol(settings) -> str:
    from kiosk.documents.slips import unit_symbol
    return unit_symbol(settings)


def render_register_pdf(rows: list[RegisterRow], period_label: str, year: int, settings,
                        today: date | None = None) -> bytes:
    sheet = Sheet(*LANDSCAPE, MARGINS, title=f"Sổ theo dõi hồ sơ {period_label}")
    sheet.on_page = _page_number
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, 12,
                     dated=place_date(settings.commune_name, today or date.today()),
                     number=f"Số: 01/STD-{register_symbol(settings)}")
    sheet.y += 12
    sheet.paragraph("SỔ THEO DÕI HỒ SƠ", BOLD, 14, align="center")
    years = books(rows, year)
    rows = in_book_order(rows)
    sheet.paragraph(f"{books_text(years)}. Kỳ: {period_label}", ITALIC, 12, align="center", balanced=True)
    sheet.y += 6
    xs = [sheet.left]
    for w in WIDTHS_MM:
        xs.append(xs[-1] + w * mm)
    xs.append(sheet.right)
    _header(sheet, xs)
    book = None
    for r in rows:
        if len(years) > 1 and r.book_year != book:  # the numbers start again in each year's book
            book = r.book_year
            _section(sheet, xs, f"Quyển số 01 năm {book}")
        if _row(sheet, xs, r.cells(), REGULAR, check_only=True):
            _header(sheet, xs)
        _row(sheet, xs, r.cells(), REGULAR)
    if not rows:
        _row(sheet, xs, ["", "Không có hồ sơ nào trong kỳ", "", "", "", "", "", "", "", "", ""], ITALIC)
    sheet.y += BODY
    sheet.paragraph(f"Tổng số: {len(rows)} hồ sơ.", REGULAR, 11)
    return sheet.to_pdf()


def _page_number(sheet: Sheet) -> None:
    """NĐ 30: the page number centred in the top margin, from page 2 on."""
    n = sheet.page_count
    if n >= 2:
        sheet.text_aligned(str(n), sheet.margins.top * 0.6, REGULAR, 13, "center")


def _section(sheet: Sheet, xs: list[float], text: str) -> None:
    """A full-width row naming the book the following numbers belong to."""
    h = BODY * 1.9
    sheet.need(h + 10 * mm)
    sheet.rect(xs[0], sheet.y, xs[-1] - xs[0], h)
    sheet.text_aligned(text, sheet.y + BODY * 1.3, BOLD, BODY, "left", xs[0] + 1.5 * mm, xs[-1])
    sheet.y += h


def _header(sheet: Sheet, xs: list[float]) -> None:
    lead = BODY * 1.2
    group_h = lead + BODY * 0.5
    wrapped = [wrap(h, BOLD, BODY, xs[i + 1] - xs[i] - 1.5 * mm) for i, h in enumerate(HEAD)]
    sub_h = max(len(w) for w in wrapped[6:]) * lead + BODY * 0.6
    h = max(max(len(w) for w in wrapped[:6]) * lead + BODY * 0.6, group_h + sub_h)
    sheet.need(h + 14 * mm)
    top = sheet.y
    for i, lines in enumerate(wrapped):
        if i < 6:
            y0, cell_h = top, h
        else:
            y0, cell_h = top + group_h, h - group_h
        for j, line in enumerate(lines):
            sheet.text_aligned(line, y0 + BODY + j * lead, BOLD, BODY, "center", xs[i], xs[i + 1])
        sheet.rect(xs[i], y0, xs[i + 1] - xs[i], cell_h)
    sheet.rect(xs[6], top, xs[-1] - xs[6], group_h)
    sheet.text_aligned(GROUP, top + BODY + 1, BOLD, BODY, "center", xs[6], xs[-1])
    sheet.y = top + h


def _row(sheet: Sheet, xs: list[float], cells: list[str], font: str, check_only: bool = False) -> bool:
    """Draw one row; with `check_only`, start a new page when it does not fit and report it."""
    lead = BODY * 1.2
    wrapped = [wrap(c, font, BODY, xs[i + 1] - xs[i] - 1.5 * mm) if c else [""] for i, c in enumerate(cells)]
    h = max(max(len(w) for w in wrapped) * lead + BODY * 0.6, 10 * mm)
    if check_only:
        return sheet.need(h)
    top = sheet.y
    for i, lines in enumerate(wrapped):
        for j, line in enumerate(lines):
            align = "center" if i in (0, 6, 7, 8) else "left"
            sheet.text_aligned(line, top + BODY + j * lead, font, BODY, align, xs[i] + 0.8 * mm, xs[i + 1] - 0.8 * mm)
        sheet.rect(xs[i], top, xs[i + 1] - xs[i], h)
    sheet.y = top + h
    return False


def register_xlsx(rows: list[RegisterRow], period_label: str, year: int, settings) -> bytes:
    """The same register as a workbook: title rows, the two header rows of the form, one
    row per dossier with real dates, filters on the header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    wb = Workbook()
    ws = wb.active
    ws.title = "So theo doi ho so"
    ws.append([settings.issuing_unit.upper()])
    years = books(rows, year)
    ws.append([f"SỔ THEO DÕI HỒ SƠ – {books_text(years)} – {period_label}"])
    ws["A1"].font = Font(bold=True)
    ws["A2"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(HEAD[:6] + [GROUP, "", "", "", ""])
    ws.append([""] * 6 + HEAD[6:])
    for col in range(1, 7):
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    ws.merge_cells(start_row=4, start_column=7, end_row=4, end_column=11)
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=4, max_row=5, max_col=11):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            cell.border = Border(thin, thin, thin, thin)
    book = None
    for r in in_book_order(rows):
        if len(years) > 1 and r.book_year != book:  # the numbers start again in each year's book
            book = r.book_year
            ws.append([f"Quyển số 01 năm {book}"])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append([r.number, r.code, r.procedure, r.applicant, r.address_phone, r.handling_unit, r.received_at,
                   r.due, r.returned_at, r.return_way, ""])
        n = ws.max_row
        ws.cell(n, 7).number_format = "dd/mm/yyyy hh:mm"
        ws.cell(n, 8).number_format = "dd/mm/yyyy"
        ws.cell(n, 9).number_format = "dd/mm/yyyy hh:mm"
    ws.auto_filter.ref = f"A5:K{max(ws.max_row, 5)}"
    ws.freeze_panes = "A6"
    for i, w in enumerate([6, 20, 40, 24, 30, 24, 17, 12, 17, 22, 12], start=1):
        ws.column_dimensions[chr(64 + i)].width = w
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
