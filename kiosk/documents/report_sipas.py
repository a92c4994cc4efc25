"""The SIPAS section of the model's report (PDF): the satisfaction index by factor and
criterion with respondent counts, the 3 lowest criteria and the change from the previous
period. Called by kiosk/documents/report.py with one line; the figures come from
Report.sipas (kiosk.services.survey.SurveyService.section). The method is labelled
"ước tính theo cách tính thông dụng" until the formula of QĐ 1001/QĐ-BNV is checked."""
from __future__ import annotations

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import Sheet, wrap

BODY = 13.0  # NĐ 30 body size, as the rest of the report
TABLE = 9.5
LEADING = BODY * 1.35
INDENT = 10 * mm  # first-line indent, as items 1-4 of the report (NĐ 30: 1 cm or 1.27 cm)
HEADING = "5. Chỉ số hài lòng của người dân (SIPAS)"  # item 5 of section I. Kết quả, styled as items 1-4


def pct(v: float | None) -> str:
    """85.714 -> "85,7%"; None -> "–" (no one answered)."""
    return "–" if v is None else f"{v:.1f}%".replace(".", ",")


def points(v: float | None) -> str:
    """A change in percentage points: "+2,5" / "-1,0" / "–"."""
    return "–" if v is None else f"{v:+.1f}".replace(".", ",")


def render_sipas_section(sheet: Sheet, report) -> None:
    """Append the section to `sheet`; nothing when the report has no SIPAS figures."""
    s = getattr(report, "sipas", None)
    if not s:
        return
    sheet.need(LEADING * 3)
    sheet.y += 6  # at least 6 pt between paragraphs
    sheet.paragraph(f"{HEADING}, {s['label']}", BOLD, BODY, leading=LEADING, first_indent=INDENT)
    prev, ch = s["previous"], s["change"]
    lines = [
        f"Phiếu khảo sát: {s['title']}. Số người trả lời: {s['respondents']}; số phiếu có câu trả lời, "
        f"kể cả phiếu chỉ chọn “Không có ý kiến”: {s['responses']}.",
        f"Chỉ số hài lòng chung: {pct(s['index'])}; kỳ trước ({_d(prev['start'])} – {_d(prev['end'])}): "
        f"{pct(prev['index'])} với {prev['respondents']} người trả lời; thay đổi {points(ch['index'])} điểm %.",
    ]
    for line in lines:
        _para(sheet, f"- {line}")
    _table(sheet, s)
    _para(sheet, "- Ba tiêu chí có chỉ số thấp nhất:")
    if not s["lowest"]:
        _para(sheet, "Chưa có người trả lời trong kỳ.")
    for i, c in enumerate(s["lowest"], 1):
        _para(sheet, f"{i}) {c['code']} {c['wording'].rstrip('.')}: {pct(c['index'])} ({c['respondents']} người trả lời)")
    if s["comments"]:
        _para(sheet, f"- Ý kiến ghi thêm của người dân: {s['comments']} (xem danh sách ở màn hình Văn phòng).")
    sheet.paragraph(s["method"], ITALIC, 11, first_indent=INDENT, align="justify")


def _para(sheet: Sheet, text: str) -> None:
    """A body paragraph as in the rest of the report: 13 pt, first-line indent, justified."""
    sheet.y += 3
    sheet.paragraph(text, REGULAR, BODY, first_indent=INDENT, leading=LEADING, align="justify")


def _d(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def _table(sheet: Sheet, s: dict) -> None:
    widths = [18 * mm, None, 24 * mm, 28 * mm, 28 * mm, 30 * mm]
    fixed = sum(w for w in widths if w)
    widths[1] = sheet.width - fixed
    xs = [sheet.left]
    for w in widths:
        xs.append(xs[-1] + w)
    header = ["Mã", "Yếu tố / tiêu chí", "Chỉ số", "Người trả lời", "Không có ý kiến", "Thay đổi (điểm %)"]
    _row(sheet, xs, header, BOLD)
    _row(sheet, xs, ["", "Chỉ số chung", pct(s["index"]), str(s["respondents"]), "",
                     points(s["change"]["index"])], BOLD, header=(xs, header))
    for f in s["factors"]:
        _row(sheet, xs, [f["code"], f["name"], pct(f["index"]), str(f["respondents"]), "",
                         points(s["change"]["factors"].get(f["code"]))], BOLD, header=(xs, header))
        for c in f["criteria"]:
            _row(sheet, xs, [c["code"], c["wording"], pct(c["index"]), str(c["respondents"]), str(c["no_opinion"]),
                             ""], REGULAR, header=(xs, header))
    sheet.y += BODY * 0.3


def _row(sheet: Sheet, xs: list[float], cells: list[str], font: str, header=None) -> None:
    leading = TABLE * 1.25
    wrapped = [wrap(c, font, TABLE, xs[i + 1] - xs[i] - 2 * mm) or [""] for i, c in enumerate(cells)]
    height = max(len(w) for w in wrapped) * leading + TABLE * 0.6
    if sheet.need(height) and header:
        _row(sheet, header[0], header[1], BOLD)  # repeat the header on a new page
    top = sheet.y
    for i, lines in enumerate(wrapped):
        align = "left" if i == 1 else "center"
        for j, line in enumerate(lines):
            sheet.text_aligned(line, top + TABLE + j * leading, font, TABLE, align, xs[i] + 1 * mm, xs[i + 1] - 1 * mm)
        sheet.rect(xs[i], top, xs[i + 1] - xs[i], height)
    sheet.y = top + height
