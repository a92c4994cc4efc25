"""The model's report as an administrative document (Nghị định 30/2020/NĐ-CP):
unit and national heading, number and date line, title, the figures, a table per
procedure, a chart of same-day returns by week, recipients and signatures.
A4 landscape so the per-procedure table keeps readable columns."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet, wrap
from kiosk.documents.report_sipas import render_sipas_section
from kiosk.documents.official import Signer, official_heading, place_date, signatures
from kiosk.services.reports import COLUMNS, Report

LANDSCAPE = (A4[1], A4[0])
BODY = 12.0
TABLE_KEYS = ["received", "received_online", "early", "on_time", "late", "same_day", "via_village_head",
              "supplement", "refused", "apologised", "proxy_written", "guided_online"]
MOTTO = "Ngày thứ Sáu: không viết – không nộp – không hẹn"


def render_report(report: Report, settings, today: date | None = None) -> bytes:
    today = today or report.generated_at.date()
    sheet = Sheet(*LANDSCAPE, Margins(20 * mm, 15 * mm, 20 * mm, 30 * mm), title=f"Báo cáo {report.period.key}")
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, BODY,
                     dated=place_date(settings.commune_name, today), number=f"Số:        /BC-{settings.unit_code}")
    sheet.y += BODY
    sheet.paragraph("BÁO CÁO", BOLD, 14, align="center")
    sheet.paragraph(f"Kết quả thực hiện mô hình “{MOTTO}”", BOLD, 13, align="center", balanced=True)
    sheet.paragraph(report.period.label, ITALIC, BODY, align="center")
    sheet.y += BODY * 0.5
    _summary(sheet, report)
    _table(sheet, report)
    _chart(sheet, report)
    _service(sheet, report)
    render_sipas_section(sheet, report)  # V. SIPAS index (kiosk/documents/report_sipas.py)
    _closing(sheet, settings)
    return sheet.to_pdf()


def _pct(v) -> str:
    return "–" if v is None else f"{v:.1f}%".replace(".", ",")


def _heading(sheet: Sheet, text: str) -> None:
    sheet.need(BODY * 4)
    sheet.y += BODY * 0.4
    sheet.paragraph(text, BOLD, BODY)


def _summary(sheet: Sheet, r: Report) -> None:
    t = r.total
    _heading(sheet, "I. KẾT QUẢ CHUNG")
    lines = [
        f"Tổng số hồ sơ tiếp nhận: {t['received']} (trực tiếp {t['received_direct']}, trực tuyến "
        f"{t['received_online']}, bưu chính {t['received_post']}).",
        f"Đã giải quyết: {t['resolved']} (trước hạn {t['early']}, đúng hạn {t['on_time']}, quá hạn {t['late']}); "
        f"tỷ lệ giải quyết trước và đúng hạn {_pct(r.on_time_percent)}.",
        f"Trả kết quả ngay trong ngày tiếp nhận: {t['same_day']} hồ sơ ({_pct(r.same_day_percent)}). Trả tại quầy "
        f"{t['via_counter']}, qua trưởng thôn {t['via_village_head']}, qua bưu điện {t['via_post']}, "
        f"trực tuyến {t['via_online']}.",
        f"Cán bộ viết hộ tờ khai: {t['proxy_written']} hồ sơ; hướng dẫn nộp trực tuyến: {t['guided_online']} hồ sơ.",
        f"Yêu cầu bổ sung: {t['supplement']}; từ chối tiếp nhận: {t['refused']}; quá hạn đã xin lỗi và hẹn lại: "
        f"{t['apologised']}; đang giải quyết: {t['pending_not_due']} chưa đến hạn, {t['pending_overdue']} quá hạn.",
    ]
    for line in lines:
        sheet.paragraph(f"– {line}", REGULAR, BODY, indent=5 * mm)


def _table(sheet: Sheet, r: Report) -> None:
    _heading(sheet, "II. SỐ LIỆU THEO TỪNG THỦ TỤC")
    labels = dict(COLUMNS)
    size = 9.5
    num_w = 17 * mm
    stt_w = 9 * mm
    name_w = sheet.width - stt_w - num_w * len(TABLE_KEYS)
    xs = [sheet.left, sheet.left + stt_w, sheet.left + stt_w + name_w]
    xs += [xs[-1] + num_w * (i + 1) for i in range(len(TABLE_KEYS))]
    header = ["STT", "Thủ tục"] + [labels[k] for k in TABLE_KEYS]
    rows = [[str(i), row.name] + [str(row.counts[k]) for k in TABLE_KEYS] for i, row in enumerate(r.rows, 1)]
    rows.append(["", "Tổng cộng"] + [str(r.total[k]) for k in TABLE_KEYS])
    _row(sheet, xs, header, size, BOLD)
    for i, cells in enumerate(rows):
        _row(sheet, xs, cells, size, BOLD if i == len(rows) - 1 else REGULAR, header=(xs, header, size))


def _row(sheet: Sheet, xs: list[float], cells: list[str], size: float, font: str, header=None) -> None:
    leading = size * 1.25
    wrapped = [wrap(c, font, size, xs[i + 1] - xs[i] - 2 * mm) or [""] for i, c in enumerate(cells)]
    height = max(len(w) for w in wrapped) * leading + size * 0.6
    if sheet.need(height) and header:
        _row(sheet, *header[:2], header[2], BOLD)  # repeat the header on a new page
    top = sheet.y
    for i, lines in enumerate(wrapped):
        align = "left" if i == 1 else "center"
        for j, line in enumerate(lines):
            sheet.text_aligned(line, top + size + j * leading, font, size, align, xs[i] + 1 * mm, xs[i + 1] - 1 * mm)
        sheet.rect(xs[i], top, xs[i + 1] - xs[i], height)
    sheet.y = top + height


def _chart(sheet: Sheet, r: Report) -> None:
    _heading(sheet, "III. TRẢ KẾT QUẢ TRONG NGÀY, THEO TUẦN")
    weeks = r.weekly
    if not weeks:
        sheet.paragraph("Không có hồ sơ trong kỳ.", ITALIC, BODY)
        return
    chart_h, label_h = 45 * mm, 12 * mm
    sheet.need(chart_h + label_h + BODY * 2)
    top = sheet.y + BODY
    base = top + chart_h
    peak = max(w["received"] for w in weeks) or 1
    slot = min(28 * mm, sheet.width / len(weeks))
    bar = slot * 0.35
    sheet.line(sheet.left, base, sheet.left + slot * len(weeks), base, 0.8)
    for i, w in enumerate(weeks):
        x = sheet.left + i * slot + slot * 0.1
        for j, (key, gray) in enumerate((("received", 0.75), ("same_day", 0.25))):
            h = chart_h * w[key] / peak
            if h > 0:
                sheet.fill(x + j * bar, base - h, bar, h, gray)
                sheet.rect(x + j * bar, base - h, bar, h, 0.4)
            sheet.text_aligned(str(w[key]), base - h - 1.5, REGULAR, 7.5, "center", x + j * bar, x + (j + 1) * bar)
        sheet.text_aligned(f"{w['week']} ({w['start']})", base + 9, REGULAR, 7.5, "center", x, x + 2 * bar)
    legend_y = base + label_h
    sheet.fill(sheet.left, legend_y - 7, 6, 6, 0.75)
    sheet.text(sheet.left + 9, legend_y - 1.5, "Hồ sơ tiếp nhận", REGULAR, 9)
    sheet.fill(sheet.left + 45 * mm, legend_y - 7, 6, 6, 0.25)
    sheet.text(sheet.left + 45 * mm + 9, legend_y - 1.5, "Trả kết quả trong ngày", REGULAR, 9)
    sheet.y = legend_y + BODY * 0.5


def _service(sheet: Sheet, r: Report) -> None:
    _heading(sheet, "IV. MỨC ĐỘ HÀI LÒNG, HỖ TRỢ NGƯỜI DÂN VÀ GÓP Ý")
    s, tk, fb = r.satisfaction, r.tickets, r.feedback
    avg = "–" if s["average"] is None else f"{s['average']:.2f}".replace(".", ",")
    by = s["by_score"]
    lines = [
        f"Số lượt đánh giá: {s['count']}; điểm trung bình {avg}/5; hài lòng và rất hài lòng "
        f"{_pct(s['satisfied_percent'])} (rất hài lòng {by[5]}, hài lòng {by[4]}, bình thường {by[3]}, "
        f"không hài lòng {by[2]}, rất không hài lòng {by[1]}).",
        f"Số phiếu nhờ cán bộ hỗ trợ viết, hướng dẫn: {tk['count']} (ưu tiên {tk['priority']}); thời gian chờ "
        f"trung bình {'–' if tk['average_wait_minutes'] is None else str(tk['average_wait_minutes']).replace('.', ',')}"
        f" phút.",
        f"Góp ý, kiến nghị nhận được: {fb['received']}; đã trả lời: {fb['answered']}.",
    ]
    for line in lines:
        sheet.paragraph(f"– {line}", REGULAR, BODY, indent=5 * mm)


def _closing(sheet: Sheet, settings) -> None:
    sheet.y += BODY
    sheet.need(60 * mm)
    top = sheet.y
    sheet.paragraph("Nơi nhận:", BOLD, 11, x1=sheet.left + sheet.width / 2)
    for item in ("- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Văn phòng HĐND và UBND xã;", "- Lưu: VT."):
        sheet.paragraph(item, REGULAR, 10, x1=sheet.left + sheet.width / 2)
    sheet.y = top
    signatures(sheet, [Signer("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)")], BODY)
