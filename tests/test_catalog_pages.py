"""The lobby procedure page for both tiers: official-only entries say the commune has not yet
written a plain-words guide and offer the help ticket; both rules with their reasons."""
from PySide6.QtCore import Qt


def test_an_official_only_entry_says_there_is_no_guide_yet_and_offers_a_clerk(qtbot, window, services):
    from ui.lobby.procedure import ProcedureScreen
    proc = services.catalog.procedure("1.001612")  # đăng ký thành lập hộ kinh doanh, from the national list
    assert proc.tier == "official"
    page = window.push(ProcedureScreen(window, proc))
    assert "chưa viết hướng dẫn" in page.no_guide.text() and proc.decision in page.no_guide.text()
    assert page.help_button.text() == "Nhờ cán bộ hướng dẫn"
    assert "chưa viết hướng dẫn" in page.speech_text()
    qtbot.mouseClick(page.help_button, Qt.LeftButton)
    assert window.current().proc.code == "1.001612"


def test_a_curated_entry_shows_both_rules_with_their_reasons(window, services):
    from ui.lobby.procedure import ProcedureScreen
    proc = services.catalog.procedure("1.001193")
    page = window.push(ProcedureScreen(window, proc))
    assert page.no_guide is None
    assert proc.writing_help.reason in page.proxy.text()
    assert "tự ký hoặc điểm chỉ" in page.sign.text() and proc.sign_in_person.reason in page.sign.text()
    assert page.sign.text() in page.speech_text()


def test_a_procedure_of_the_commune_police_says_where_to_go(window, services):
    from ui.lobby.procedure import ProcedureScreen
    page = window.push(ProcedureScreen(window, services.catalog.procedure("1.014061")))  # cấp thẻ căn cước
    assert "Công an xã" in page.elsewhere.text() and "không nộp ở quầy này" in page.elsewhere.text()
