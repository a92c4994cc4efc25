"""Letters: filled from a dossier or by hand, recorded, printed through the queue; the
sender matches the heading, the person is addressed as Ông/Bà, the signer's name is printed,
and a letter with a gap is refused, naming what is missing."""
import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kiosk.db.models import AuditEvent, Letter
from kiosk.errors import ValidationError
from kiosk.services.letters import honorific


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_congratulation_on_a_marriage_is_filled_from_the_dossier(services):
    info = services.dossiers.receive_dossier("1.000894", {"full_name": "Lê Thị Thu Hường", "sex": "Nữ",
                                                          "date_of_birth": "23/05/1999"}, None)
    offered = [t.id for t in services.letters.templates("1.000894")]
    assert "chuc-mung-ket-hon" in offered and "chia-buon" not in offered
    values = services.letters.fill_from_dossier("chuc-mung-ket-hon", info.code)
    assert values == {"recipient": "Lê Thị Thu Hường", "honorific": "Bà",
                      "registered_on": f"{info.received_at:%d/%m/%Y}"}
    values["spouse"] = "Phạm Đức Thắng"  # the clerk completes it
    letter = services.letters.create("chuc-mung-ket-hon", values, dossier_code=info.code)
    job = services.letters.print(letter)
    assert job.status == "done"
    text = text_of(services.letters.pdf(letter))
    assert "THƯ CHÚC MỪNG" in text and "Kính gửi: Bà Lê Thị Thu Hường và Ông Phạm Đức Thắng" in text
    # the sender in the body and the signature is the unit of the heading
    assert "TRUNG TÂM PHỤC VỤ" in text and "Trung tâm Phục vụ hành chính công xã Hòa Bình trân trọng" in text
    assert "Ủy ban nhân dân" not in text and "TM. ỦY BAN NHÂN DÂN" not in text
    s = services.config.settings
    assert f"{s.signer_title.upper()} {s.signer_name}" in text  # title and the signer's printed name
    assert "hai bạn" not in text
    with services.session_factory() as s:
        row = s.scalars(select(Letter)).one()
        assert row.kind == "congratulation" and row.dossier_id is not None
        assert s.scalar(select(AuditEvent).where(AuditEvent.action == "letter")) is not None


@pytest.mark.parametrize("sex, dob, expected", [
    ("Nam", "12/03/1948", "Ông"), ("Nữ", "05/06/1990", "Bà"), ("Nam", "01/01/2015", "Em"),
    ("Nữ", None, "Bà"), (None, "01/01/1980", ""), ("", "", "")])
def test_salutation_is_chosen_from_sex_and_age(sex, dob, expected):
    assert honorific(sex, dob, date(2026, 11, 30)) == expected


def test_apology_for_an_overdue_dossier_is_formal_and_addresses_one_person(services):
    from datetime import datetime, timedelta

    from kiosk.workdays import working_days_after
    received = datetime.now() - timedelta(days=10)
    info = services.dossiers.receive_dossier("1.004873", {"full_name": "Nguyễn Thị Hường", "sex": "Nữ"}, None,
                                             now=received)
    new = working_days_after(datetime.now(), 2)
    services.dossiers.postpone(info.code, new, "Cần xác minh thêm với xã khác.")
    values = services.letters.fill_from_dossier("xin-loi-tre-han", info.code)
    letter = services.letters.create("xin-loi-tre-han", values, dossier_code=info.code)
    text = " ".join([letter.salutation, *letter.paragraphs])
    assert letter.salutation == "Kính gửi: Bà Nguyễn Thị Hường"
    assert f"ngày {new:%d/%m/%Y}" in text and "Cần xác minh thêm với xã khác." in text and info.code in text
    assert "Hồ sơ đề nghị cấp Giấy xác nhận tình trạng hôn nhân" in text
    for casual in ("giấy độc thân", "bà con", "(", "…"):
        assert casual not in text, casual


def test_a_letter_with_an_empty_field_is_refused_naming_the_field(services):
    with pytest.raises(ValidationError) as e:
        services.letters.create("chia-buon", {"recipient": "Đặng Văn Lượng", "honorific": "Ông"})
    assert "Người đã mất" in e.value.message and e.value.field == "deceased"
    with pytest.raises(ValidationError) as e:
        services.letters.draft("chia-buon", {"recipient": "Đặng Văn Lượng", "deceased": "cụ bà Đặng Thị Nguyệt"})
    assert "Xưng hô" in e.value.message
    with services.session_factory() as s:
        assert s.scalars(select(Letter)).all() == []


def test_a_letter_without_a_signer_name_is_refused(services):
    from kiosk.documents.letter import render_letter
    with pytest.raises(ValidationError) as e:
        render_letter("THƯ CHIA BUỒN", "Kính gửi: Ông A", ["Nội dung."], "GIÁM ĐỐC", services.config.settings,
                      signer_name="")
    assert "signer_name" in e.value.message
    with pytest.raises(ValidationError):
        render_letter("THƯ CHIA BUỒN", "Kính gửi: Ông A", ["Được tin ………… đã từ trần."], "GIÁM ĐỐC",
                      services.config.settings, signer_name="Nguyễn Văn An")


def test_office_writes_and_prints_a_letter_from_a_dossier(qtbot, window, services):
    from PySide6.QtCore import Qt
    info = services.dossiers.receive_dossier("1.001193", {"full_name": "Nguyễn Văn Hưởng", "sex": "Nam",
                                                          "date_of_birth": "14/07/1995"}, None)
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    tab = window.current().letters
    tab.template.setCurrentIndex(tab.template.findData("chuc-mung-khai-sinh"))
    tab.dossier.setText(info.code)
    qtbot.mouseClick(tab.fill, Qt.LeftButton)
    assert tab.inputs["recipient"].text() == "Nguyễn Văn Hưởng" and tab.inputs["honorific"].text() == "Ông"
    qtbot.mouseClick(tab.print_button, Qt.LeftButton)  # the child's name is still empty: refused, named
    assert "Họ, chữ đệm, tên cháu bé" in tab.status.text()
    tab.inputs["child"].setText("Nguyễn Ngọc Ánh Dương")
    assert "cháu Nguyễn Ngọc Ánh Dương chào đời" in tab.preview_text.toPlainText()
    assert "Kính gửi: Ông Nguyễn Văn Hưởng và gia đình" in tab.preview_text.toPlainText()
    qtbot.mouseClick(tab.print_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "In: Đã in" in tab.status.text(), timeout=10_000)
    with services.session_factory() as s:
        assert s.scalars(select(Letter)).one().recipient_name == "Nguyễn Văn Hưởng"
