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
    assert "số ngày làm việc" in review.days_error.text() and review.days.hasFocus()
    review.days.setText("mười")
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    assert review.info is None and "từ 0 đến" in review.days_error.text()
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
def test_a_paper_set_to_no_original_and_no_copy_is_not_counted_as_handed_in(qtbot, review, services):
    """The receipt lists a paper with its count; "0 bản" is no paper: it must not slip through."""
    box, _kind, originals, copies = review.papers.row(GCS)
    originals.setValue(0)
    assert not box.isChecked()  # what the clerk sees matches what is stored
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    assert review.info is None and "Chưa đủ giấy tờ bắt buộc" in review.error.text()
    copies.setValue(1)  # a copy after all
    assert box.isChecked()
    assert {"name": GCS, "originals": 0, "copies": 1} in review.papers.documents()
    copies.setValue(0)
    box.setChecked(True)  # ticked again by hand: one original, not a silent "0 bản"
    assert {"name": GCS, "originals": 1, "copies": 0} in review.papers.documents()


def test_a_free_item_that_would_not_print_or_repeats_a_listed_paper_is_refused_when_added(qtbot, review):
    p = review.papers
    before = len(p.rows)
    for text in ("Sổ hộ khẩu 😀", "x" * 301, "giay chung sinh (ban chinh)"):
        p.extra.setText(text)
        qtbot.keyClick(p.extra, Qt.Key_Return)
        assert len(p.rows) == before, text
        assert p.message.isVisible() and p.message.text(), text
        assert p.extra.text() == text  # nothing the clerk typed is lost
    p.extra.setText("Giấy xác nhận của trạm y tế")
    qtbot.keyClick(p.extra, Qt.Key_Return)
    assert len(p.rows) == before + 1 and not p.message.isVisible()


def test_the_review_fits_a_1366x768_counter_screen_without_scrolling(qtbot, review):
    """The papers, the return channel and the receive button all on screen: nothing hidden
    under a "Xem thêm" hint on the counter's laptop."""
    w = review.window()
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(50)
    from PySide6.QtCore import QPoint
    for b in (review.receive, review.edit, review.preview):
        bottom = b.mapTo(w, QPoint(0, b.height())).y()
        assert bottom <= w.height(), (b.text(), bottom)


def test_after_receiving_the_result_and_done_button_are_on_a_1366x768_screen(qtbot, review):
    w = review.window()
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=10_000)
    qtbot.wait(50)
    from PySide6.QtCore import QPoint
    for widget in (review.result, review.jobs, review.done):
        top, bottom = widget.mapTo(w, QPoint(0, 0)).y(), widget.mapTo(w, QPoint(0, widget.height())).y()
        assert 0 <= top and bottom <= w.height(), (type(widget).__name__, top, bottom)


def test_return_by_post_without_an_address_is_refused_with_a_message(qtbot, review, services):
    """The receipt would say "Qua dịch vụ bưu chính" with nowhere to send the result."""
    rc = review.return_choice
    rc.via.setCurrentIndex(rc.via.findData("post"))
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.wait(200)
    assert review.info is None and services.dossiers.day_board(date.today()) == []
    assert review.error.isVisible() and "địa chỉ" in review.error.text()
    rc.via.setCurrentIndex(rc.via.findData("counter"))
    qtbot.mouseClick(review.receive, Qt.LeftButton)
    qtbot.waitUntil(lambda: review.info is not None, timeout=10_000)
