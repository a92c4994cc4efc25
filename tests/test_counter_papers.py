"""Papers handed in at the review step, and the return channel chosen at receipt."""
from datetime import date

import pytest
from PySide6.QtCore import Qt

from kiosk.services.dossiers import DossierStatus

GCS = "Giấy chứng sinh (bản chính)"
PROXY = "Văn bản ủy quyền có chứng thực"
CARD_SHOWN = "Căn cước hoặc giấy tờ tùy thân có ảnh của người đi đăng ký"


@pytest.fixture
def review(qtbot, window, services):
    from ui.counter.review import ReviewScreen
    from ui.counter.write import WriteScreen
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    proc = services.catalog.procedure("1.001193")
    # the catalog marks "chỉ khi nhờ người khác" papers conditional (documents issue); set it here
    docs = [d.model_copy(update={"kind": "conditional"}) if d.name == PROXY else d for d in proc.required_documents]
    proc = proc.model_copy(update={"required_documents": docs})
    writer = window.push(WriteScreen(window, proc))
    forms = {f.id: {k.key: k.sample for k in f.fields if k.sample} for f in writer.forms}
    person = {"full_name": "Nguyễn Thị Hường", "village": "Thôn 2"}
    return window.push(ReviewScreen(window, writer, person, forms))


def test_the_checklist_ticks_always_papers_only_and_marks_shown_ones(review):
    p = review.papers
    assert p.row(GCS)[0].isChecked() and p.row(GCS)[1] == "always"
    assert not p.row(PROXY)[0].isChecked()  # "chỉ khi nhờ người khác": conditional
    shown = p.row(CARD_SHOWN)
    assert "xuất trình" in shown[0].text() and shown[2].value() == 0


def test_what_is_ticked_is_stored_with_the_dossier(qtbot, review, services):
    p = review.papers
    p.row(GCS)[3].setValue(2)  # two copies as well
    p.extra.setText("Giấy xác nhận của trạm y tế")
    qtbot.keyClick(p.extra, Qt.Key_Return)
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10_000)
    docs = {d.name: (d.originals, d.copies, d.kind) for d in services.dossiers.get(review.info.code).documents}
    assert docs[GCS] == (1, 2, "always")
    assert docs["Giấy xác nhận của trạm y tế"] == (1, 0, "extra")
    assert PROXY not in docs


def test_receiving_is_refused_while_an_always_paper_is_unticked(qtbot, review, services):
    review.papers.row(GCS)[0].setChecked(False)
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    assert review.info is None and services.dossiers.day_board(date.today()) == []
    assert "Chưa đủ giấy tờ bắt buộc" in review.error.text() and GCS in review.error.text()
    assert review.receive_later.isVisible()


def test_receive_with_a_supplement_request_prints_the_slip(qtbot, review, services):
    review.papers.row(GCS)[0].setChecked(False)
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.mouseClick(review.receive_later, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10_000)
    d = services.dossiers.get(review.info.code)
    assert d.status == DossierStatus.NEEDS_SUPPLEMENT and d.missing_items == (GCS,)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10_000)
    assert any(j.title.startswith("Phiếu yêu cầu bổ sung") and j.status == "done" for j in review.printed)


def test_the_return_channel_defaults_to_the_applicants_village_head(qtbot, review, services):
    rc = review.return_choice
    rc.via.setCurrentIndex(rc.via.findData("village-head"))
    assert rc.village.currentText() == "Thôn 2"
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10_000)
    d = services.dossiers.get(review.info.code)
    assert (d.planned_return_via, d.planned_return_village) == ("village-head", "Thôn 2")


def test_a_procedure_without_a_number_of_days_asks_the_clerk_for_them(qtbot, window, services):
    """About a hundred national entries publish their time only in words: the review step asks
    for the working days, refuses to receive without them, and the receipt's date uses them."""
    from ui.counter.review import ReviewScreen
    from ui.counter.write import WriteScreen
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    proc = next(p for p in services.catalog.procedures.values()
                if p.processing_days is None and not p.office and not p.documents_always)
    writer = window.push(WriteScreen(window, proc))
    review = window.push(ReviewScreen(window, writer, {"full_name": "Nguyễn Thị Hường"}, {}))
    assert review.days.isVisible() and proc.processing_time_text[:20] in review.days_note.text()
    # national entries name papers in whole sentences: the checklist still fits a 1366 px screen
    assert review.papers.sizeHint().width() <= 1300
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    assert review.info is None and services.dossiers.day_board(date.today()) == []
    assert "số ngày làm việc" in review.error.text() and review.days.hasFocus()
    review.days.setText("mười")
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    assert review.info is None and "từ 0 đến" in review.error.text()
    review.days.setText("3")
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10_000)
    from kiosk.workdays import working_days_after
    assert review.info.processing_days == 3
    assert review.info.due_date == working_days_after(review.info.received_at, 3)


def test_a_procedure_with_its_number_of_days_shows_no_days_field(review):
    assert review.days is None


def test_another_offices_procedure_is_flagged_on_the_form_and_refused_at_receipt(qtbot, window, services):
    from ui.counter.review import ReviewScreen
    from ui.counter.write import WriteScreen
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    window.enter_counter(clerk)
    writer = window.push(WriteScreen(window, services.catalog.procedure("1.004222")))
    assert writer.elsewhere is not None and "Công an xã" in writer.elsewhere.text()
    review = window.push(ReviewScreen(window, writer, {"full_name": "Nguyễn Thị Hường"}, {}))
    review.do_receive_with_supplement()  # past the papers check: the service itself refuses
    qtbot.waitUntil(lambda: review.error.isVisible() and "Công an xã" in review.error.text(), timeout=10_000)
    assert review.info is None and services.dossiers.day_board(date.today()) == []
