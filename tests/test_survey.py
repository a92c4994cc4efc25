"""The SIPAS index computed by hand on a small set equals the report in JSON, XLSX and PDF."""
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.db.models import SipasAnswer
from kiosk.services.reports import ReportService
from kiosk.services.survey import METHOD_LABEL, SurveyService, load_questionnaire, previous_period

WED_W47 = datetime(2026, 11, 18, 9, 0)  # ISO week 47: 16–22/11/2026
WED_W46 = datetime(2026, 11, 11, 9, 0)


def survey_at(services, when: datetime) -> SurveyService:
    return SurveyService(services.session_factory, services.survey.questionnaire, clock=lambda: when)


def respond(svc: SurveyService, answers: dict, **tie) -> int:
    rid = svc.start(**tie)
    for code, level in answers.items():
        svc.answer(rid, code, level)
    return rid


@pytest.fixture
def small_set(services):
    """Four citizens in week 47 (one stopped early, one only said "Không có ý kiến"),
    one in week 46. None = "Không có ý kiến"."""
    now = survey_at(services, WED_W47)
    respond(now, {"I.1": 5, "I.2": 4, "II.1": 3, "III.1": None}, procedure_field="Hộ tịch", dossier_code="HB-1")
    respond(now, {"I.1": 2, "I.2": None, "II.1": 4, "III.1": 5})
    respond(now, {"I.1": 4})  # stopped after the first question
    respond(now, {"I.1": None})
    respond(survey_at(services, WED_W46), {"I.1": 1, "II.1": 5})
    return ReportService(services.session_factory, services.catalog, "Trung tâm PVHCC xã Hòa Bình",
                         clock=lambda: datetime(2026, 11, 27, 16), survey=services.survey)


# by hand: I.1 = 2 of 3 rated (5, 2, 4); I.2 = 1 of 1 (the "no opinion" is not in the denominator);
# II.1 = 1 of 2; III.1 = 1 of 1. Factors: I = (2/3 + 1)/2, II = 1/2, III = 1; overall = their mean.
I1, I2, II1, III1 = 200 / 3, 100.0, 50.0, 100.0
F1, F2, F3 = (I1 + I2) / 2, II1, III1
OVERALL = (F1 + F2 + F3) / 3
PREV_OVERALL = (0.0 + 100.0) / 2  # week 46: I.1 = 0 of 1, II.1 = 1 of 1


def test_index_by_hand_and_skipped_criteria_are_not_in_the_denominator(small_set, services):
    idx = services.survey.index(datetime(2026, 11, 16), datetime(2026, 11, 23))
    crit = {c.code: c for c in idx.criteria}
    assert crit["I.1"].index == pytest.approx(I1) and crit["I.1"].answered == 3 and crit["I.1"].no_opinion == 1
    assert crit["I.2"].index == pytest.approx(I2) and crit["I.2"].answered == 1 and crit["I.2"].no_opinion == 1
    assert crit["II.1"].index == pytest.approx(II1) and crit["III.1"].index == pytest.approx(III1)
    assert crit["II.2"].index is None and crit["II.2"].answered == 0
    assert idx.factor("I").index == pytest.approx(F1) and idx.factor("I").respondents == 3
    assert idx.factor("II").index == pytest.approx(F2) and idx.factor("II").respondents == 2
    assert idx.factor("III").respondents == 1 and idx.factor("IV").index is None
    assert idx.index == pytest.approx(OVERALL)
    assert (idx.respondents, idx.responses) == (3, 4)
    assert [c.code for c in idx.lowest()] == ["II.1", "I.1", "I.2"]


def test_report_json_carries_index_respondents_lowest_and_change(small_set):
    s = small_set.build("2026-W47").to_json()["sipas"]
    assert s["label"] == METHOD_LABEL and "1001/QĐ-BNV" in s["method"]
    assert s["index"] == round(OVERALL, 2) and s["respondents"] == 3
    factors = {f["code"]: f for f in s["factors"]}
    assert factors["I"]["index"] == round(F1, 2) and factors["I"]["respondents"] == 3
    assert {c["code"]: c["index"] for c in factors["I"]["criteria"]} == {"I.1": round(I1, 2), "I.2": 100.0}
    assert [c["code"] for c in s["lowest"]] == ["II.1", "I.1", "I.2"]
    assert s["previous"]["index"] == PREV_OVERALL and s["previous"]["respondents"] == 1
    assert s["previous"]["start"] == "2026-11-09" and s["previous"]["end"] == "2026-11-15"
    assert s["change"]["index"] == round(OVERALL - PREV_OVERALL, 2)
    assert s["change"]["factors"]["I"] == round(F1 - 0.0, 2) and s["change"]["factors"]["II"] == -50.0
    assert s["change"]["factors"]["III"] is None  # nobody answered factor III in week 46


def test_report_xlsx_sheet_agrees_with_the_hand_count(small_set):
    from openpyxl import load_workbook

    from kiosk.report_xlsx import report_xlsx
    wb = load_workbook(io.BytesIO(report_xlsx(small_set.build("2026-W47"))))
    ws = wb["SIPAS"]
    assert "ước tính theo cách tính thông dụng" in ws["A1"].value
    table = []
    for r in ws.iter_rows(min_row=4, values_only=True):
        if not any(r):
            break  # the 3 lowest and the previous period follow the table
        table.append(list(r))
    rows = {(r[0], r[1]): r for r in table}
    assert rows[(None, "Chỉ số chung")][2:4] == [round(OVERALL, 2), 3]
    assert rows[(None, "Chỉ số chung")][6] == round(OVERALL - PREV_OVERALL, 2)
    by_code = {k[0]: v for k, v in rows.items() if k[0]}
    assert by_code["I"][2:4] == [round(F1, 2), 3]
    assert by_code["I.1"][2:6] == [round(I1, 2), 3, 2, 1]
    assert by_code["I.2"][2:6] == [100, 1, 1, 1]
    assert by_code["II.1"][2:4] == [50, 2]
    lowest_at = next(i for i, r in enumerate(ws.iter_rows(values_only=True), 1) if r[1] == "3 tiêu chí thấp nhất")
    assert [ws.cell(lowest_at + k, 1).value for k in (1, 2, 3)] == ["II.1", "I.1", "I.2"]


def test_report_pdf_section_agrees_with_the_hand_count(small_set, services):
    from pypdf import PdfReader

    from kiosk.documents.report import render_report
    from kiosk.services.reports import COLUMNS
    pdf = render_report(small_set.build("2026-W47"), services.config.settings, today=date(2026, 11, 27),
                        columns=COLUMNS)
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "5. Chỉ số hài lòng của người dân (SIPAS), ước tính theo cách tính thông dụng" in flat
    # NĐ 30: item 5 of section I is styled as items 1-4 (bold, sentence case, same indent), its lines
    # as the other items' ("- " paragraphs with the first-line indent)
    from tests.test_documents import text_runs
    runs = text_runs(pdf)
    item4 = next(r for r in runs if r[5].startswith("4. "))
    item5 = next(r for r in runs if r[5].startswith("5. "))
    assert abs(item5[1] - item4[1]) < 1 and item5[4] == item4[4]
    assert not any(r[5].startswith(("– Phiếu", "– Chỉ số")) for r in runs)
    assert any(r[5].startswith("- Chỉ số hài lòng chung") for r in runs)
    first = next(r for r in runs if r[5].startswith("- Phiếu khảo sát"))
    assert abs(first[1] - item4[1]) < 1
    assert "Số người trả lời: 3" in flat
    assert f"Chỉ số hài lòng chung: {OVERALL:.1f}%".replace(".", ",") in flat
    assert "kỳ trước (09/11/2026 – 15/11/2026): 50,0% với 1 người trả lời" in flat
    assert f"thay đổi {OVERALL - PREV_OVERALL:+.1f} điểm %".replace(".", ",") in flat
    assert "1) II.1 Quy định về thủ tục được niêm yết công khai, đầy đủ, dễ hiểu: 50,0% (2 người trả lời)" in flat
    assert "2) I.1 " in flat and f"{I1:.1f}% (3 người trả lời)".replace(".", ",") in flat


def test_back_replaces_an_answer_and_a_partial_response_is_kept(services):
    svc = survey_at(services, WED_W47)
    rid = respond(svc, {"I.1": 2})
    svc.answer(rid, "I.1", 5)  # the citizen went back and changed their mind
    svc.answer(rid, "I.2", None)
    assert svc.answers(rid) == {"I.1": 5, "I.2": None}
    with services.session_factory() as s:
        assert len(s.scalars(select(SipasAnswer)).all()) == 2
    assert svc.index(datetime(2026, 11, 16), datetime(2026, 11, 23)).respondents == 1


def test_the_response_is_tied_only_to_field_and_dossier_code(services):
    from kiosk.db.models import SipasResponse
    svc = survey_at(services, WED_W47)
    respond(svc, {"I.1": 4}, procedure_field="Hộ tịch", dossier_code="HB-261118-0001")
    with services.session_factory() as s:
        r = s.scalars(select(SipasResponse)).one()
    assert (r.procedure_field, r.dossier_code) == ("Hộ tịch", "HB-261118-0001")
    assert {c.name for c in SipasResponse.__table__.columns} == {
        "id", "questionnaire", "started_at", "updated_at", "procedure_field", "dossier_code", "comment"}


def test_bad_level_or_unknown_criterion_is_refused_in_vietnamese(services):
    from kiosk.errors import ValidationError
    svc = survey_at(services, WED_W47)
    rid = svc.start()
    with pytest.raises(ValidationError, match="từ 1 đến 5"):
        svc.answer(rid, "I.1", 7)
    with pytest.raises(ValidationError, match="Không có tiêu chí"):
        svc.answer(rid, "IX.9", 3)


def test_both_lists_load_and_config_chooses(tmp_path, services):
    repo = Path(__file__).resolve().parent.parent / "forms_catalog"
    commune, national = load_questionnaire(repo, "commune-21"), load_questionnaire(repo, "national-19")
    assert len(commune.items) == 21 and len(national.items) == 19
    assert [len(f.criteria) for f in commune.factors] == [2, 4, 7, 4, 4]
    assert [len(f.criteria) for f in national.factors] == [4, 4, 5, 3, 3]
    assert services.survey.questionnaire.id == services.config.settings.sipas_questionnaire == "commune-21"


def test_a_broken_list_is_reported_with_file_and_field(tmp_path):
    (tmp_path / "sipas").mkdir()
    (tmp_path / "sipas" / "x.yaml").write_text(
        "id: x\ntitle: Thử\nfactors:\n  - code: I\n    name: Tiếp cận\n    criteria:\n"
        "      - {code: I.1, wording: Một câu}\n      - {code: I.1, wording: Câu trùng mã}\n", encoding="utf-8")
    problems = []
    assert load_questionnaire(tmp_path, "x", problems) is None
    assert any(p.path == "sipas/x.yaml" and "trùng" in p.reason for p in problems)
    assert load_questionnaire(tmp_path, "missing", problems) is None and "không có tệp" in problems[-1].reason


def test_previous_period_has_the_same_length():
    assert previous_period(date(2026, 11, 16), date(2026, 11, 23), "week") == (date(2026, 11, 9), date(2026, 11, 16))
    assert previous_period(date(2026, 3, 1), date(2026, 4, 1), "month") == (date(2026, 2, 1), date(2026, 3, 1))
    assert previous_period(date(2026, 1, 1), date(2026, 4, 1), "quarter") == (date(2025, 10, 1), date(2026, 1, 1))
    assert previous_period(date(2026, 1, 1), date(2027, 1, 1), "year") == (date(2025, 1, 1), date(2026, 1, 1))
    assert previous_period(date(2026, 1, 1), date(2026, 10, 1), "nine-months") == (date(2025, 4, 1), date(2026, 1, 1))


def test_the_nine_month_progress_report_period():
    from kiosk.services.reports import parse_period
    p = parse_period("2026-9T")
    assert (p.start, p.end, p.kind) == (date(2026, 1, 1), date(2026, 10, 1), "nine-months")
    assert p.label.startswith("9 tháng đầu năm 2026")


def test_catalog_check_validates_the_sipas_lists(tmp_path, data_dir):
    import shutil
    import subprocess
    import sys
    repo = Path(__file__).resolve().parent.parent
    cat = tmp_path / "catalog"
    shutil.copytree(repo / "forms_catalog", cat)
    env = {"KIOSK_DATA_DIR": str(data_dir), "KIOSK_CATALOG_DIR": str(cat), "PATH": "/usr/bin:/bin"}
    run = lambda: subprocess.run([sys.executable, str(repo / "main.py"), "catalog", "check"],  # noqa: E731
                                 capture_output=True, text=True, env=env, timeout=120)
    assert run().returncode == 0
    (cat / "sipas" / "national-19.yaml").write_text("id: national-19\ntitle: Phiếu\nfactors: []\n", encoding="utf-8")
    r = run()
    assert r.returncode == 1 and "sipas/national-19.yaml: factors: danh sách không được rỗng" in r.stderr


def test_demo_seed_answers_the_survey_through_the_service(services):
    from kiosk.services.demo import seed_demo
    message = seed_demo(services, weeks=2, today=date(2026, 11, 30))
    assert "phiếu khảo sát SIPAS" in message
    s = ReportService(services.session_factory, services.catalog, "x", clock=lambda: datetime(2026, 11, 30),
                      survey=services.survey).build("2026-11").to_json()["sipas"]
    assert s["respondents"] > 0 and 0 < s["index"] < 100
    assert all(f["respondents"] > 0 and f["index"] is not None for f in s["factors"])
    assert len(s["lowest"]) == 3


# --- found in review: privacy, a missing list, hostile text ------------------------------
def test_purge_personal_blanks_old_survey_comments_and_keeps_the_answers(services):
    """A comment is free text: citizens type names and phone numbers into it."""
    from kiosk.db.models import SipasResponse
    old = respond(survey_at(services, datetime(2025, 1, 10, 9)), {"I.1": 2})
    survey_at(services, datetime(2025, 1, 10, 9)).comment(old, "Tôi là Nguyễn Văn An, 0912345678, cán bộ hẹn lại")
    new = respond(survey_at(services, datetime(2026, 11, 20, 9)), {"I.1": 4})
    survey_at(services, datetime(2026, 11, 20, 9)).comment(new, "Cần thêm ghế chờ")
    services.maintenance._now = lambda: datetime(2026, 11, 25)
    services.maintenance.purge_personal(12)
    with services.session_factory() as s:
        comments = {r.id: r.comment for r in s.scalars(select(SipasResponse))}
    from kiosk.services.maintenance import PURGED_TEXT  # replaced, not removed: the count of comments stays
    assert comments == {old: PURGED_TEXT, new: "Cần thêm ghế chờ"}
    assert services.survey.answers(old) == {"I.1": 2}  # the answers count in old reports still


def test_a_config_naming_a_missing_list_is_reported_in_vietnamese(tmp_path, data_dir):
    import subprocess
    import sys
    repo = Path(__file__).resolve().parent.parent
    cfg = data_dir / "config.toml"
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, str(repo / "main.py"), *a],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=120)
    assert run("catalog", "check").returncode == 0  # writes the default config.toml
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace('sipas_questionnaire = "commune-21"', 'sipas_questionnaire = "tinh-xyz"'),
                   encoding="utf-8")
    r = run("catalog", "check")
    assert r.returncode == 1 and "sipas/tinh-xyz.yaml" in r.stderr and "sipas_questionnaire" in r.stderr
    r = run("report", "--period", "2026-11", "--format", "json", "--out", str(tmp_path / "r.json"))
    assert r.returncode == 0  # the rest of the report is still made
    assert "SIPAS" in r.stderr and "tinh-xyz" in r.stderr and "Traceback" not in r.stderr


def test_hostile_comment_text_is_kept_as_typed_or_refused_in_vietnamese(services):
    from kiosk.errors import ValidationError
    svc = services.survey
    rid = respond(svc, {"I.1": 3})
    text = "Ghế hỏng 😡 نظام\u202e ‮ <b>x</b>'; DROP TABLE sipas_answer;--"
    svc.comment(rid, text)
    assert [c.text for c in svc.comments(datetime(2000, 1, 1), datetime(2100, 1, 1))] == [text]
    with pytest.raises(ValidationError) as e:
        svc.comment(rid, "a" * 5000)
    assert "quá dài" in e.value.message
    svc.comment(rid, "   ")  # only spaces: no comment
    assert svc.comments(datetime(2000, 1, 1), datetime(2100, 1, 1)) == []
