"""The model's report as an administrative document sent upward (Nghị định 30/2020/NĐ-CP,
Phụ lục I; summarised in shared/reference/slips-and-reports.md §2):

- A4 portrait, margins top/bottom 20, left 30, right 15 mm; body 13 pt; page numbers
  centred in the top margin from page 2;
- unit and national heading, "Số: …/BC-<ký hiệu>" and the place and date;
- "BÁO CÁO", the summary line and a rule under it, "Kính gửi: …";
- I. Kết quả (the figures), II. Đánh giá and III. Kiến nghị (typed by the office head);
- "Nơi nhận:" (bold italic 12 pt, entries 11 pt) beside the signer's authority, title and name.

Nothing here imports the services: the report, its column labels and the head's note come
in as plain data (duck-typed: `period`, `total`, `rows`, `weekly`, `satisfaction`, ...).
"""
from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, width as text_width
from kiosk.documents.layout import A4, Margins, Sheet, relayout, wrap
from kiosk.documents.report_sipas import render_sipas_section
from kiosk.documents.official import Signer, official_heading, place_date, signatures
from kiosk.errors import ValidationError

BODY = 13.0
LEADING = BODY * 1.35
INDENT = 10 * mm  # first-line indent of a paragraph (NĐ 30: 1 cm or 1.27 cm)
MARGINS = Margins(top=20 * mm, right=15 * mm, bottom=20 * mm, left=30 * mm)
TABLE_SIZE = 10.5
# the per-procedure table of section I, in order; its labels come from the caller's column list
TABLE_KEYS = ["received", "resolved", "early", "on_time", "late", "same_day", "via_village_head", "proxy_written"]
MOTTO = "Ngày thứ Sáu: không viết – không nộp – không hẹn"
RECIPIENTS = ["- Như trên;", "- Lưu: VT."]
NO_TEXT = "(Chưa nhập trên màn hình Văn phòng.)"


def render_report(report, settings, today: date | None = None, *, columns: Sequence[tuple[str, str]],
                  assessment: str = "", recommendations: str = "") -> bytes:
    """PDF bytes of the report. `columns`: (key, header) of the report's counts (the table
    prints those of TABLE_KEYS it finds); `assessment`, `recommendations`: sections II and III.
    Raises ValidationError naming the config key when the signer's title or name is missing."""
    for key, what in (("signer_title", "chức vụ"), ("signer_name", "họ tên")):
        if not getattr(settings, key, "").strip():
            raise ValidationError(key, f"Chưa ghi {what} người ký báo cáo ({key}) trong config.toml.")
    today = today or report.generated_at.date()
    sheet = relayout(lambda forced: _layout(report, settings, today, columns, assessment, recommendations, forced))
    return sheet.to_pdf(decorate=_page_number)


def _layout(report, settings, today: date, columns, assessment: str, recommendations: str,
            forced: frozenset[int]) -> Sheet:
    sheet = Sheet(*A4, MARGINS, title=f"Báo cáo {report.period.key}", forced_breaks=forced)
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, BODY,
                     dated=place_date(settings.commune_name, today),
                     number=f"Số:        /BC-{settings.report_symbol_text}")
    sheet.y += BODY * 1.2
    sheet.paragraph("BÁO CÁO", BOLD, 14, align="center", leading=14 * 1.3)
    summary = f"Kết quả thực hiện mô hình “{MOTTO}” {report.period.label.split(' (')[0].lower()}"
    n = sheet.paragraph(summary, BOLD, 14, align="center", balanced=True, leading=14 * 1.3)
    last = wrap_last(summary, n, sheet.width)
    sheet.y += 5
    sheet.rule(max(last / 3, 30 * mm), width=0.6)  # 1/3–1/2 of the summary line
    sheet.y += BODY
    sheet.paragraph(f"Kính gửi: {settings.report_recipient_text}.", REGULAR, 14, align="center", balanced=True)
    sheet.y += BODY * 0.6
    sheet.paragraph(f"{settings.issuing_unit} báo cáo kết quả thực hiện mô hình “{MOTTO}” "
                    f"{_period_phrase(report.period)} như sau:", REGULAR, BODY, first_indent=INDENT, leading=LEADING,
                    align="justify")
    _results(sheet, report, dict(columns))
    render_sipas_section(sheet, report)  # the SIPAS index (kiosk/documents/report_sipas.py)
    _free_text(sheet, "II. ĐÁNH GIÁ", assessment)
    _free_text(sheet, "III. KIẾN NGHỊ", recommendations, last=True)
    _closing(sheet, settings)
    return sheet


def wrap_last(text: str, lines: int, width: float) -> float:
    from kiosk.documents.layout import wrap_balanced
    return text_width(wrap_balanced(text, BOLD, 14, width)[-1], BOLD, 14) if lines else 0.0


def _period_phrase(period) -> str:
    label = period.label
    return label[:1].lower() + label[1:]


def _page_number(c, page_no: int, size: tuple[float, float]) -> None:
    """NĐ 30: Arabic numerals, 13–14 pt, centred in the top margin; none on page 1."""
    if page_no == 0:
        return
    w, h = size
    c.setFont(REGULAR, 13)
    c.setFillGray(0)
    c.drawCentredString(MARGINS.left + (w - MARGINS.left - MARGINS.right) / 2, h - 13 * mm, str(page_no + 1))


def _pct(v) -> str:
    return "–" if v is None else f"{v:.1f}%".replace(".", ",")


def _heading(sheet: Sheet, text: str, font: str = BOLD) -> None:
    sheet.need(LEADING * 3)
    sheet.y += 6  # at least 6 pt between paragraphs
    sheet.paragraph(text, font, BODY, leading=LEADING, first_indent=INDENT)


def _para(sheet: Sheet, text: str) -> None:
    sheet.y += 3
    sheet.paragraph(text, REGULAR, BODY, first_indent=INDENT, leading=LEADING, align="justify")


def _results(sheet: Sheet, r, labels: dict[str, str]) -> None:
    t = r.total
    _heading(sheet, "I. KẾT QUẢ THỰC HIỆN")
    _heading(sheet, "1. Tiếp nhận và giải quyết hồ sơ")
    for line in (
        f"- Tổng số hồ sơ tiếp nhận: {t['received']} (trực tiếp {t['received_direct']}, trực tuyến "
        f"{t['received_online']}, bưu chính {t['received_post']}).",
        f"- Đã giải quyết: {t['resolved']} (trước hạn {t['early']}, đúng hạn {t['on_time']}, quá hạn {t['late']}); "
        f"tỷ lệ giải quyết trước và đúng hạn {_pct(r.on_time_percent)}.",
        f"- Trả kết quả ngay trong ngày tiếp nhận: {t['same_day']} hồ sơ ({_pct(r.same_day_percent)}). Trả tại quầy "
        f"{t['via_counter']}, qua trưởng thôn {t['via_village_head']}, qua bưu điện {t['via_post']}, "
        f"trực tuyến {t['via_online']}.",
        f"- Cán bộ viết hộ tờ khai: {t['proxy_written']} hồ sơ; hướng dẫn nộp trực tuyến: {t['guided_online']} hồ sơ.",
        f"- Yêu cầu bổ sung: {t['supplement']}; từ chối tiếp nhận: {t['refused']}; quá hạn đã xin lỗi và hẹn lại: "
        f"{t['apologised']}; đang giải quyết: {t['pending_not_due']} chưa đến hạn, {t['pending_overdue']} quá hạn.",
    ):
        _para(sheet, line)
    _heading(sheet, "2. Số liệu theo từng thủ tục")
    _table(sheet, r, labels)
    _heading(sheet, "3. Trả kết quả trong ngày, theo tuần")
    _weekly(sheet, r)
    _heading(sheet, "4. Mức độ hài lòng, hỗ trợ người dân và góp ý")
    s, tk, fb = r.satisfaction, r.tickets, r.feedback
    avg = "–" if s["average"] is None else f"{s['average']:.2f}".replace(".", ",")
    by = s["by_score"]
    wait = "–" if tk["average_wait_minutes"] is None else str(tk["average_wait_minutes"]).replace(".", ",")
    for line in (
        f"- Số lượt đánh giá: {s['count']}; điểm trung bình {avg}/5; hài lòng và rất hài lòng "
        f"{_pct(s['satisfied_percent'])} (rất hài lòng {by[5]}, hài lòng {by[4]}, bình thường {by[3]}, "
        f"không hài lòng {by[2]}, rất không hài lòng {by[1]}). Đây là đánh giá nhanh tại kiosk, không phải "
        f"Chỉ số SIPAS.",
        f"- Số phiếu nhờ cán bộ hỗ trợ viết, hướng dẫn: {tk['count']} (ưu tiên {tk['priority']}); thời gian chờ "
        f"trung bình {wait} phút.",
        f"- Góp ý, kiến nghị nhận được: {fb['received']}; đã trả lời: {fb['answered']}.",
    ):
        _para(sheet, line)


def _table(sheet: Sheet, r, labels: dict[str, str]) -> None:
    keys = [k for k in TABLE_KEYS if k in labels]
    num_w, stt_w = 15 * mm, 11 * mm
    name_w = sheet.width - stt_w - num_w * len(keys)
    xs = [sheet.left, sheet.left + stt_w, sheet.left + stt_w + name_w]
    xs += [xs[-1] + num_w * (i + 1) for i in range(len(keys))]
    header = ["STT", "Thủ tục"] + [labels[k] for k in keys]
    rows = [[str(i), row.name] + [str(row.counts[k]) for k in keys] for i, row in enumerate(r.rows, 1)]
    rows.append(["", "Tổng cộng"] + [str(r.total[k]) for k in keys])
    sheet.y += 4
    _row(sheet, xs, header, BOLD)
    for i, cells in enumerate(rows):
        _row(sheet, xs, cells, BOLD if i == len(rows) - 1 else REGULAR, header=(xs, header))
    sheet.y += 4


def _row(sheet: Sheet, xs: list[float], cells: list[str], font: str, header=None, text_col: int = 1) -> None:
    size = TABLE_SIZE
    leading = size * 1.2
    wrapped = [wrap(c, font, size, xs[i + 1] - xs[i] - 2 * mm) or [""] for i, c in enumerate(cells)]
    height = max(len(w) for w in wrapped) * leading + size * 0.6
    if sheet.need(height) and header:
        _row(sheet, header[0], header[1], BOLD, text_col=text_col)  # repeat the header on a new page
    sheet.mark_line()
    top = sheet.y
    for i, lines in enumerate(wrapped):
        align = "left" if i == text_col else "center"
        for j, line in enumerate(lines):
            sheet.text_aligned(line, top + size + j * leading, font, size, align, xs[i] + 1 * mm, xs[i + 1] - 1 * mm)
        sheet.rect(xs[i], top, xs[i + 1] - xs[i], height)
    sheet.y = top + height


def _weekly(sheet: Sheet, r) -> None:
    """Received and returned the same day, week by week: a small table (a report is read on
    paper, often photocopied; numbers survive that better than grey bars)."""
    weeks = r.weekly
    if not weeks:
        _para(sheet, "Không có hồ sơ trong kỳ.")
        return
    xs = [sheet.left + 20 * mm, sheet.left + 70 * mm, sheet.left + 105 * mm, sheet.left + 145 * mm]
    sheet.y += 4
    _row(sheet, xs, ["Tuần (từ ngày)", "Tiếp nhận", "Trả trong ngày"], BOLD, text_col=-1)
    for w in weeks:
        _row(sheet, xs, [f"{w['week']} ({w['start']})", str(w["received"]), str(w["same_day"])], REGULAR,
             header=(xs, ["Tuần (từ ngày)", "Tiếp nhận", "Trả trong ngày"]), text_col=-1)
    sheet.y += 4


def _free_text(sheet: Sheet, heading: str, text: str, last: bool = False) -> None:
    _heading(sheet, heading)
    paragraphs = [p.strip() for p in (text or "").split("\n") if p.strip()]
    if not paragraphs:
        sheet.y += 3
        sheet.paragraph(NO_TEXT, ITALIC, BODY, first_indent=INDENT, leading=LEADING)
        return
    for i, p in enumerate(paragraphs):
        if last and i == len(paragraphs) - 1 and not p.endswith("./."):
            p = p.rstrip(".") + "./."  # NĐ 30: the content ends with "./."
        _para(sheet, p)


def _closing(sheet: Sheet, settings) -> None:
    """'Nơi nhận' on the left, level with the signer's authority line on the right."""
    authority = settings.signer_authority.strip().upper()
    title = settings.signer_title.strip().upper()
    signer = Signer(f"{authority}\n{title}" if authority else title, "", settings.signer_name.strip())
    sheet.y += BODY * 0.8
    recipients_h = 12 * 1.3 + len(RECIPIENTS) * 11 * 1.3
    sheet.need(max(recipients_h, BODY * 1.3 * 3 + 24 * mm), keep=2)
    top = sheet.y
    half = sheet.left + sheet.width * 0.45
    signatures(sheet, [signer], BODY, space=24 * mm, keep=2)
    end = sheet.y
    sheet.y = top
    sheet.paragraph("Nơi nhận:", BOLD_ITALIC, 12, x1=half, leading=BODY * 1.3)
    for item in RECIPIENTS:
        sheet.paragraph(item, REGULAR, 11, x1=half, leading=11 * 1.3)
    sheet.y = max(sheet.y, end)
