"""Report numbers on a small known data set equal the hand count."""
from datetime import date, datetime

import pytest

from kiosk.db.models import AssistanceTicket, Dossier, Feedback, SurveyResponse
from kiosk.errors import ValidationError
from kiosk.services.reports import ReportService, parse_period

FRI = datetime(2026, 11, 20, 9, 0)  # Friday of ISO week 47
MON = datetime(2026, 11, 16, 8, 30)


def dossier(code, proc, received, due, status="received", **kw):
    return Dossier(code=code, procedure_code=proc, received_at=received, due_date=due, status=status,
                   channel=kw.pop("channel", "direct"), proxy_written=kw.pop("proxy_written", False),
                   guided_online=kw.pop("guided_online", False), **kw)


@pytest.fixture
def seeded(services):
    rows = [
        # khai sinh, Friday, returned at the counter the same day, written by the clerk
        dossier("HB-1", "1.001193", FRI, FRI.date(), "returned", resolved_at=FRI.replace(hour=10),
                returned_at=FRI.replace(hour=10), returned_via="counter", proxy_written=True),
        # khai sinh, Friday, resolved the same day, handed over by the village head on Monday after
        dossier("HB-2", "1.001193", FRI, FRI.date(), "returned", resolved_at=FRI.replace(hour=11),
                returned_at=datetime(2026, 11, 23, 8), returned_via="village-head", returned_village="Thôn 2"),
        # XNTTHN online, 3 days, resolved early and returned online the day it was resolved
        dossier("HB-3", "1.004873", MON, date(2026, 11, 19), "returned", channel="online",
                resolved_at=datetime(2026, 11, 18, 9), returned_at=datetime(2026, 11, 18, 9), returned_via="online",
                guided_online=True),
        # XNTTHN late (resolved after the due date), not yet returned
        dossier("HB-4", "1.004873", MON, date(2026, 11, 19), "resolved", resolved_at=datetime(2026, 11, 20, 15)),
        # certified copy refused
        dossier("HB-5", "2.000815", FRI, FRI.date(), "refused"),
        # khai tử: supplement requested, still pending, due date moved by an apology
        dossier("HB-6", "1.000656", MON, MON.date(), "needs-supplement", supplement_requested_at=MON,
                new_due_date=date(2026, 11, 25)),
        # outside the week: must not be counted
        dossier("HB-7", "1.001193", datetime(2026, 11, 23, 9), date(2026, 11, 23), "received"),
    ]
    with services.session_factory.begin() as s:
        s.add_all(rows)
        s.add_all([SurveyResponse(created_at=FRI, score=5), SurveyResponse(created_at=FRI, score=4),
                   SurveyResponse(created_at=FRI, score=2, reasons="Phải chờ lâu"),
                   SurveyResponse(created_at=datetime(2026, 11, 24), score=1)])
        s.add_all([AssistanceTicket(day=FRI.date(), number=1, created_at=FRI, called_at=FRI.replace(minute=10),
                                    served_at=FRI.replace(minute=30), priority=True),
                   AssistanceTicket(day=FRI.date(), number=2, created_at=FRI, called_at=FRI.replace(minute=20)),
                   AssistanceTicket(day=FRI.date(), number=3, created_at=FRI)])
        s.add(Feedback(created_at=FRI, topic="Khác", text="Cần thêm ghế chờ", status="answered", answer="Đã bổ sung"))
    return ReportService(services.session_factory, services.catalog, "Trung tâm PVHCC xã Hòa Bình",
                         clock=lambda: datetime(2026, 11, 27, 16))


def test_weekly_report_counts_equal_the_hand_count(seeded):
    r = seeded.build("2026-W47")
    t = r.total
    assert t["received"] == 6 and t["received_online"] == 1 and t["received_direct"] == 5
    assert (t["resolved"], t["early"], t["on_time"], t["late"]) == (4, 1, 2, 1)
    assert t["same_day"] == 1  # only HB-1 (HB-2 went out on Monday, HB-3 two days later)
    assert (t["via_counter"], t["via_village_head"], t["via_online"], t["via_post"]) == (1, 1, 1, 0)
    assert (t["supplement"], t["refused"], t["apologised"]) == (1, 1, 1)
    # counted as of the last day of the period (22/11): HB-6 is due 25/11, so not yet overdue
    assert (t["pending_not_due"], t["pending_overdue"]) == (1, 0)
    assert (t["proxy_written"], t["guided_online"]) == (1, 1)
    by_code = {row.code: row.counts for row in r.rows}
    assert by_code["1.001193"]["received"] == 2 and by_code["1.004873"]["late"] == 1
    assert r.satisfaction == {"count": 3, "average": 3.67, "by_score": {1: 0, 2: 1, 3: 0, 4: 1, 5: 1},
                              "satisfied_percent": 66.7}
    assert r.tickets == {"count": 3, "priority": 1, "served": 1, "average_wait_minutes": 15.0}
    assert r.feedback == {"received": 1, "answered": 1}
    assert r.weekly == [{"week": "T47", "start": "16/11", "received": 6, "same_day": 1}]
    assert r.on_time_percent == 75.0
    # the month is counted as of today (27/11): HB-6 (due 25/11) and HB-7 (due 23/11) are overdue
    month = seeded.build("2026-11").total
    assert (month["pending_not_due"], month["pending_overdue"]) == (0, 2)


def test_the_month_has_one_weekly_row_per_week_and_rows_per_procedure(seeded):
    """Week 47 holds 6 dossiers of 4 procedures, week 48 one (HB-7): the weekly series and the
    per-procedure table of the month are grouped separately and must still agree."""
    r = seeded.build("2026-11")
    assert r.weekly == [{"week": "T47", "start": "16/11", "received": 6, "same_day": 1},
                        {"week": "T48", "start": "23/11", "received": 1, "same_day": 0}]
    assert [(row.code, row.counts["received"]) for row in r.rows] == [
        ("1.001193", 3), ("1.004873", 2), ("1.000656", 1), ("2.000815", 1)]
    assert sum(w["received"] for w in r.weekly) == r.total["received"] == 7
    assert r.rows[0].counts["same_day"] == 1 and r.rows[0].counts["via_village_head"] == 1


def test_periods_parse_to_the_right_dates():
    assert (parse_period("2026-W47").start, parse_period("2026-W47").last_day) == (date(2026, 11, 16), date(2026, 11, 22))
    assert (parse_period("2026-Q4").start, parse_period("2026-Q4").end) == (date(2026, 10, 1), date(2027, 1, 1))
    assert (parse_period("2026-11").start, parse_period("2026-11").end) == (date(2026, 11, 1), date(2026, 12, 1))
    assert parse_period("2026-12").end == date(2027, 1, 1)
    assert parse_period("2026").label == "Năm 2026"
    for bad in ("2026-W60", "2026-13", "26", "2026-Q5", "tuần này"):
        with pytest.raises(ValidationError) as e:
            parse_period(bad)
        assert "Kỳ báo cáo" in e.value.message


def test_the_report_holds_no_personal_data(seeded, services):
    from kiosk.db.models import Applicant
    with services.session_factory.begin() as s:
        a = Applicant(full_name="NGUYỄN THỊ HƯỜNG", cccd="068195001234", phone="0912345678",
                      updated_at=datetime.now())
        s.add(a)
        s.flush()
        s.add(dossier("HB-9", "1.001193", FRI, FRI.date(), applicant_id=a.id))
    text = str(seeded.build("2026-W47").to_json())
    assert "HƯỜNG" not in text and "068195001234" not in text and "0912345678" not in text


def test_xlsx_has_one_sheet_per_table_with_real_numbers(seeded, tmp_path):
    import io

    from openpyxl import load_workbook

    from kiosk.report_xlsx import report_xlsx
    r = seeded.build("2026-W47")
    wb = load_workbook(io.BytesIO(report_xlsx(r)))
    assert wb.sheetnames == ["Tong hop", "Theo thu tuc", "Trong ngay theo tuan", "Hai long"]
    ws = wb["Theo thu tuc"]
    header = [c.value for c in ws[3]]
    assert header[:3] == ["Mã TTHC", "Thủ tục", "Tiếp nhận"] and ws.auto_filter.ref.startswith("A3:")
    total_row = [c.value for c in ws[ws.max_row]]
    assert total_row[1] == "Tổng cộng" and total_row[2] == 6 and isinstance(total_row[2], int)
    rows = {ws.cell(i, 1).value: ws.cell(i, 3).value for i in range(4, ws.max_row)}
    assert rows["1.001193"] == 2 and rows["1.004873"] == 2
    summary = {ws_row[0].value: ws_row[1].value for ws_row in wb["Tong hop"].iter_rows(min_row=4)}
    assert summary["Trả trong ngày"] == 1 and summary["Điểm hài lòng trung bình (1–5)"] == 3.67


def test_pdf_report_is_administrative_and_agrees_with_json(seeded, services, tmp_path):
    import io

    from pypdf import PdfReader

    from kiosk.documents.report import render_report
    from kiosk.services.reports import COLUMNS
    r = seeded.build("2026-W47")
    pdf = render_report(r, services.config.settings, today=date(2026, 11, 27), columns=COLUMNS)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for needle in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                   "/BC-TTPVHCC", "Hòa Bình, ngày 27 tháng 11 năm 2026", "tuần 47 năm 2026",
                   "không viết – không nộp – không hẹn", "Nơi nhận:", "GIÁM ĐỐC", "Nguyễn Văn An"):
        assert needle in flat, needle
    t = r.total
    assert f"Tổng số hồ sơ tiếp nhận: {t['received']} (trực tiếp {t['received_direct']}" in flat
    assert f"Trả kết quả ngay trong ngày tiếp nhận: {t['same_day']} hồ sơ" in flat
    assert "Đã giải quyết: 4 (trước hạn 1, đúng hạn 2, quá hạn 1)" in flat
    assert "điểm trung bình 3,67/5" in flat
    assert "Tổng cộng" in flat and "Đăng ký khai sinh" in flat
