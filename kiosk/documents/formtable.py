"""Table layout of a form (`layout: table`): one row per distinct label, in order,
a first column with the label and one column per `table_columns` entry
(e.g. "Bên nữ" | "Bên nam" on the marriage declaration)."""
from __future__ import annotations

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, REGULAR
from kiosk.documents.layout import Sheet, wrap


def _rows(items, columns: list[str], values: dict[str, str]) -> list[tuple[str, list[str]]]:
    labels: list[str] = []
    cells: dict[tuple[str, str], str] = {}
    for it in items:
        if it.label not in labels:
            labels.append(it.label)
        cells[(it.label, it.column)] = values.get(it.key, "")
    return [(label, [cells.get((label, c), "") for c in columns]) for label in labels]


def _grid(sheet: Sheet, xs: list[float], top: float, height: float) -> None:
    sheet.line(xs[0], top + height, xs[-1], top + height, 0.6)
    for x in xs:
        sheet.line(x, top, x, top + height, 0.6)


_PAD = 1.6 * mm


def _wrap_cells(xs: list[float], cells: list[tuple[str, str, str]], size: float) -> list[list[str]]:
    return [wrap(text, font, size, xs[i + 1] - xs[i] - 2 * _PAD) for i, (text, font, _) in enumerate(cells)]


def _height(wrapped: list[list[str]], size: float, min_lines: float) -> float:
    return max(max(len(w) for w in wrapped), min_lines) * size * 1.3 + 2 * _PAD


def _row(sheet: Sheet, xs: list[float], cells: list[tuple[str, str, str]], size: float, min_lines: float) -> None:
    """Draw one row of (text, font, align) cells at the cursor, wrapping inside each cell."""
    leading = size * 1.3
    wrapped = _wrap_cells(xs, cells, size)
    height = _height(wrapped, size, min_lines)
    sheet.mark_line()
    top = sheet.y
    for i, (lines, (_, font, align)) in enumerate(zip(wrapped, cells)):
        for j, line in enumerate(lines):
            base = top + _PAD + (j + 1) * leading - leading * 0.28
            sheet.text_aligned(line, base, font, size, align, xs[i] + _PAD, xs[i + 1] - _PAD)
    _grid(sheet, xs, top, height)
    sheet.y = top + height


def table(sheet: Sheet, items, columns: list[str], values: dict[str, str], size: float) -> None:
    """The whole table; the header row is repeated after a page break."""
    label_w = sheet.width * 0.34
    col_w = (sheet.width - label_w) / len(columns)
    xs = [sheet.left, sheet.left + label_w] + [sheet.left + label_w + (i + 1) * col_w for i in range(len(columns))]

    def header() -> None:
        sheet.line(xs[0], sheet.y, xs[-1], sheet.y, 0.6)
        _row(sheet, xs, [("", BOLD, "center")] + [(c, BOLD, "center") for c in columns], size, 1)

    sheet.y += size * 0.6
    sheet.need(_height([[""]], size, 1) * 2)
    header()
    for label, values_ in _rows(items, columns, values):
        cells = [(label, REGULAR, "left")] + [(v, BOLD, "left") for v in values_]
        if sheet.need(_height(_wrap_cells(xs, cells, size), size, 1.35)):
            header()
        _row(sheet, xs, cells, size, 1.35)
    sheet.y += size * 0.3
