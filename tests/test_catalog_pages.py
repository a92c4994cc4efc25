"""The lobby procedure page for both tiers: official-only entries say the commune has not yet
written a plain-words guide and offer the help ticket; both rules with their reasons."""
from PySide6.QtCore import Qt


def test_an_official_only_entry_says_there_is_no_guide_yet_and_offers_a_clerk(qtbot, window, services):
    from ui.lobby.procedure import ProcedureScreen
    # an official-only hộ kinh doanh entry, from the national list
    proc = next(p for p in services.catalog.procedures.values()
                if p.tier == "official" and "hộ kinh doanh" in p.field)
    page = window.push(ProcedureScreen(window, proc))
    assert "chưa viết hướng dẫn" in page.no_guide.text() and proc.decision in page.no_guide.text()
    assert page.help_button.text() == "Nhờ cán bộ hướng dẫn"
    assert "chưa viết hướng dẫn" in page.speech_text()
    qtbot.mouseClick(page.help_button, Qt.LeftButton)
    assert window.current().proc.code == proc.code


def test_a_curated_entry_shows_both_rules_with_their_reasons(window, services):
    from ui.lobby.procedure import ProcedureScreen
    proc = services.catalog.procedure("1.001193")
    page = window.push(ProcedureScreen(window, proc))
    assert page.no_guide is None
    assert proc.writing_help.reason in page.proxy.text()
    assert proc.sign_in_person.reason in page.sign.text()
    assert ("tự ký hoặc điểm chỉ trước mặt cán bộ" if proc.sign_in_person.value
            else "Không cần ký trước mặt cán bộ") in page.sign.text()
    assert page.sign.text() in page.speech_text()


def test_a_procedure_of_the_commune_police_says_where_to_go(window, services):
    from ui.lobby.procedure import ProcedureScreen
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.014061")))  # cấp thẻ căn cước
    assert "Công an xã" in page.elsewhere.text() and "không nộp ở quầy này" in page.elsewhere.text()
    assert "trưởng thôn" not in page.same_day.text() and "Công an xã" in page.same_day.text()
    assert "viết giúp bạn" not in page.proxy.text()


def test_times_that_differ_by_case_are_each_listed_once():
    from ui.lobby.procedure import channel_times
    from kiosk.catalog.schema import Procedure
    proc = Procedure.model_validate({
        "code": "1.999999", "tier": "official", "name": "Thủ tục thử nghiệm", "short_name": "Thử nghiệm",
        "field": "Người có công", "processing_days": None, "processing_time_text": "Tùy trường hợp",
        "fee": "Không mất lệ phí", "friday_same_day": False, "channels": [
            {"channel": c, "time_text": t, "days": d} for c in ("direct", "online")
            for t, d in (("45 ngày làm việc", 45), ("105 ngày làm việc", 105))] + [
            {"channel": "postal", "time_text": "30 ngày", "days": 22}]})
    assert proc.writing_help.value and proc.sign_in_person.value and proc.required_documents == []
    assert channel_times(proc) == ["•  Nộp trực tiếp, nộp trực tuyến: 45 ngày làm việc",
                                   "•  Nộp trực tiếp, nộp trực tuyến: 105 ngày làm việc",
                                   "•  Gửi qua bưu điện: 30 ngày"]
