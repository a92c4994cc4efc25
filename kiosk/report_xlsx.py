"""The report as an Excel workbook: one sheet per table, real numbers, a header
row the clerk can filter, frozen under the title."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kiosk.services.reports import COLUMNS, Report

_HEAD = Font(bold=True, color="FFFFFF")
_FILL = PatternFill("solid", fgColor="0B3D91")


def _table(ws, title: str, headers: list[str], rows: list[list]) -> None:
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([])
    ws.append(headers)
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font, cell.fill = _HEAD, _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r in rows:
        ws.append(r)
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A{head_row}:{last}{ws.max_row}"
    ws.freeze_panes = f"A{head_row + 1}"
    for i, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(45, len(str(h)) + 4))


def report_xlsx(report: Report) -> bytes:
    wb = Workbook()
    title = f"{report.unit} – {report.period.label}"
    ws = wb.active
    ws.title = "Tong hop"
    t = report.total
    summary = [[label, t[key]] for key, label in COLUMNS]
    summary += [["Tỷ lệ giải quyết trước và đúng hạn (%)", report.on_time_percent],
                ["Tỷ lệ trả kết quả trong ngày (%)", report.same_day_percent],
                ["Số lượt đánh giá hài lòng", report.satisfaction["count"]],
                ["Điểm hài lòng trung bình (1–5)", report.satisfaction["average"]],
                ["Số phiếu nhờ cán bộ hỗ trợ", report.tickets["count"]],
                ["Thời gian chờ trung bình (phút)", report.tickets["average_wait_minutes"]],
                ["Số góp ý nhận được", report.feedback["received"]],
                ["Số góp ý đã trả lời", report.feedback["answered"]]]
    _table(ws, title, ["Chỉ tiêu", "Số lượng"], summary)
    ws.column_dimensions["A"].width = 45

    ws = wb.create_sheet("Theo thu tuc")
    headers = ["Mã TTHC", "Thủ tục"] + [label for _, label in COLUMNS]
    rows = [[r.code, r.name] + [r.counts[k] for k, _ in COLUMNS] for r in report.rows]
    rows.append(["", "Tổng cộng"] + [t[k] for k, _ in COLUMNS])
    _table(ws, title, headers, rows)

    ws = wb.create_sheet("Trong ngay theo tuan")
    _table(ws, title, ["Tuần", "Từ ngày", "Tiếp nhận", "Trả trong ngày"],
           [[w["week"], w["start"], w["received"], w["same_day"]] for w in report.weekly])

    ws = wb.create_sheet("Hai long")
    s = report.satisfaction
    _table(ws, title, ["Mức đánh giá", "Số lượt"],
           [[f"{k} – {label}", s["by_score"][k]] for k, label in
            ((5, "Rất hài lòng"), (4, "Hài lòng"), (3, "Bình thường"), (2, "Không hài lòng"),
             (1, "Rất không hài lòng"))])
    _sipas_sheet(wb, title, report.sipas)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sipas_sheet(wb, title: str, s: dict | None) -> None:
    """Sheet "SIPAS": index by factor and criterion with respondents, the 3 lowest, the change."""
    if not s:
        return
    ws = wb.create_sheet("SIPAS")
    change = s["change"]
    rows = [["", "Chỉ số chung", s["index"], s["respondents"], None, None, change["index"]]]
    for f in s["factors"]:
        rows.append([f["code"], f["name"], f["index"], f["respondents"], None, None, change["factors"].get(f["code"])])
        rows += [[c["code"], c["wording"], c["index"], c["respondents"], c["satisfied"], c["no_opinion"], None]
                 for c in f["criteria"]]
    _table(ws, f"{title} – Chỉ số hài lòng (SIPAS), {s['label']}",
           ["Mã", "Yếu tố / tiêu chí", "Chỉ số (%)", "Số người trả lời", "Hài lòng + Rất hài lòng",
            "Không có ý kiến", "Thay đổi so với kỳ trước (điểm %)"], rows)
    ws.column_dimensions["B"].width = 70
    prev = s["previous"]
    ws.append([])
    ws.append(["", "3 tiêu chí thấp nhất"])
    for c in s["lowest"]:
        ws.append([c["code"], c["wording"], c["index"], c["respondents"]])
    ws.append([])
    ws.append(["", f"Kỳ trước ({prev['start']} – {prev['end']})", prev["index"], prev["respondents"]])
    ws.append(["", s["method"]])


def feedback_xlsx(items, unit: str) -> bytes:
    """Feedback list for the chairman's dialogue session with citizens."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Gop y"
    rows = [[f.id, f.created_at.strftime("%d/%m/%Y %H:%M"), f.topic, f.text, f.contact or "", f.status_text,
             f.department or "", f.answer or "", f.answered_at.strftime("%d/%m/%Y") if f.answered_at else ""]
            for f in items]
    _table(ws, f"{unit} – Góp ý, kiến nghị của người dân",
           ["Số", "Ngày nhận", "Chủ đề", "Nội dung", "Liên hệ", "Tình trạng", "Bộ phận xử lý", "Trả lời",
            "Ngày trả lời"], rows)
    ws.column_dimensions["D"].width = 60
    ws.column_dimensions["H"].width = 60
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
