"""Letters: filled from a dossier or by hand, recorded, printed through the queue."""
import io

from pypdf import PdfReader
from sqlalchemy import select

from kiosk.db.models import AuditEvent, Letter


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_congratulation_on_a_marriage_is_filled_from_the_dossier(services):
    info = services.dossiers.receive_dossier("1.000894", {"full_name": "Lê Thị Thu Hường"}, None)
    offered = [t.id for t in services.letters.templates("1.000894")]
    assert "chuc-mung-ket-hon" in offered and "chia-buon" not in offered
    values = services.letters.fill_from_dossier("chuc-mung-ket-hon", info.code)
    assert values == {"recipient": "Lê Thị Thu Hường", "registered_on": f"{info.received_at:%d/%m/%Y}"}
    values["recipient"] = "anh Phạm Đức Thắng và chị Lê Thị Thu Hường"  # the clerk completes it
    letter = services.letters.create("chuc-mung-ket-hon", values, dossier_code=info.code)
    job = services.letters.print(letter)
    assert job.status == "done"
    text = text_of(services.letters.pdf(letter))
    assert "THƯ CHÚC MỪNG" in text and "Kính gửi: anh Phạm Đức Thắng và chị Lê Thị Thu Hường" in text
    assert "Ủy ban nhân dân xã Hòa Bình trân trọng" in text and "CHỦ TỊCH" in text
    with services.session_factory() as s:
        row = s.scalars(select(Letter)).one()
        assert row.kind == "congratulation" and row.dossier_id is not None
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "letter")) is not None


def test_apology_for_an_overdue_dossier_carries_the_new_date_and_reason(services):
    from datetime import datetime, timedelta

    from kiosk.workdays import working_days_after
    received = datetime.now() - timedelta(days=10)
    info = services.dossiers.receive_dossier("1.004873", {"full_name": "Nguyễn Thị Hường"}, None, now=received)
    new = working_days_after(datetime.now(), 2)
    services.dossiers.postpone(info.code, new, "Cần xác minh thêm với xã khác.")
    values = services.letters.fill_from_dossier("xin-loi-tre-han", info.code)
    letter = services.letters.create("xin-loi-tre-han", values, dossier_code=info.code)
    text = " ".join(letter.paragraphs)
    assert f"ngày {new:%d/%m/%Y}" in text and "Cần xác minh thêm với xã khác." in text and info.code in text


def test_a_letter_written_by_hand_leaves_unfilled_gaps_dotted(services):
    letter = services.letters.create("chia-buon", {"recipient": "gia đình ông Đặng Văn Lượng"})
    assert "Được tin ………… đã từ trần" in letter.paragraphs[0]


def test_office_writes_and_prints_a_letter_from_a_dossier(qtbot, window, services):
    from PySide6.QtCore import Qt
    info = services.dossiers.receive_dossier("1.001193", {"full_name": "Nguyễn Văn Hưởng"}, None)
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    tab = window.current().letters
    tab.template.setCurrentIndex(tab.template.findData("chuc-mung-khai-sinh"))
    tab.dossier.setText(info.code)
    qtbot.mouseClick(tab.fill, Qt.LeftButton)
    assert tab.inputs["recipient"].text() == "Nguyễn Văn Hưởng"
    tab.inputs["child"].setText("bé Nguyễn Ngọc Ánh Dương")
    assert "bé Nguyễn Ngọc Ánh Dương chào đời" in tab.preview_text.toPlainText()
    qtbot.mouseClick(tab.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "In: Đã in" in tab.status.text(), timeout=10_000)
    with services.session_factory() as s:
        assert s.scalars(select(Letter)).one().recipient_name == "Nguyễn Văn Hưởng"
