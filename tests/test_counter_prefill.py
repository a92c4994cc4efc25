"""Type each fact once: one CCCD scan fills every field of its person on every form."""
from PySide6.QtCore import Qt

from kiosk.prefill import id_paper_line, slot_of
from tests.conftest import type_unicode

# a fictional citizen; card issued before 1/7/2024 (a CCCD), then one issued after (a thẻ căn cước)
CARD = "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"
KS = "to-khai-dang-ky-khai-sinh"



def open_writer(counter, services, code, qtbot=None):
    counter.current().open_write(services.catalog.procedure(code))
    w = counter.current()
    if qtbot is not None:  # the fields are laid out right after the screen shows
        qtbot.waitUntil(lambda: w.is_built)
        qtbot.wait(20)
    return w


def scan(qtbot, writer, card=CARD):
    type_unicode(writer.scan, card)
    qtbot.keyClick(writer.scan, Qt.Key_Return)
    qtbot.keyClick(writer.scan_ok, Qt.Key_Return)  # Enter presses the focused button


def test_id_paper_line_follows_the_card_type_of_its_issue_date():
    assert id_paper_line("068150001234", "20/11/2021") == \
        "Căn cước công dân số 068150001234 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/11/2021"
    assert id_paper_line("068150001234", "15/08/2024") == "Thẻ căn cước số 068150001234 do Bộ Công an cấp ngày 15/08/2024"
    assert id_paper_line("068150001234") == "Số định danh cá nhân 068150001234"


def test_person_and_fact_come_from_the_key_or_the_catalog(catalog):
    form = catalog.forms[KS]
    slots = {f.key: slot_of(f) for f in form.fields}
    assert (slots["mother_name"].person, slots["mother_name"].fact) == ("mother", "name")
    assert (slots["requester_id"].person, slots["requester_id"].fact) == ("requester", "id")
    assert (slots["father_birth_year"].person, slots["father_birth_year"].fact) == ("father", "birth_year")
    assert slots["copies_count"].person is None


def test_one_scan_fills_every_requester_field_and_the_id_line(qtbot, counter, services):
    writer = open_writer(counter, services, "1.001193", qtbot)
    scan(qtbot, writer)
    ks = writer.editors[KS]
    assert ks["requester_name"].text() == "NGUYỄN THỊ HƯỜNG"  # "viết chữ in hoa"
    assert ks["requester_dob"].text() == "14/07/1950"
    assert ks["requester_residence"].text() == "Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng"
    assert ks["requester_id"].text() == \
        "Căn cước công dân số 068150001234 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/11/2021"
    assert writer.applicant["village"].currentText() == "Thôn 2"  # read from the card's address
    # Dân tộc / Quốc tịch of every person start from config.toml
    for who in ("child", "mother", "father"):
        assert ks[f"{who}_ethnicity"].text() == "Kinh" and ks[f"{who}_nationality"].text() == "Việt Nam"
    # after the scan the cursor waits in the first field still to type
    assert writer.focusWidget() is ks["relationship"].widget


def test_the_relationship_makes_the_requester_one_of_the_persons(qtbot, counter, services):
    writer = open_writer(counter, services, "1.001193")
    scan(qtbot, writer)
    ks = writer.editors[KS]
    ks["relationship"].set_text("Mẹ")
    assert ks["mother_name"].text() == "Nguyễn Thị Hường"  # this line does not ask for capitals
    assert ks["mother_birth_year"].text() == "14/07/1950"
    assert ks["mother_id"].text().startswith("Căn cước công dân số 068150001234")
    assert ks["father_name"].text() == ""


def test_a_scan_for_another_person_fills_that_persons_lines(qtbot, counter, services):
    writer = open_writer(counter, services, "1.001193")
    writer.scan_for.setCurrentIndex(writer.scan_for.findData("mother"))
    scan(qtbot, writer, "068197005678||Trần Thị Ngọc Ánh|18031997|Nữ|Thôn 1, xã Hòa Bình, tỉnh Lâm Đồng|10082024")
    ks = writer.editors[KS]
    assert ks["mother_name"].text() == "Trần Thị Ngọc Ánh"
    assert ks["mother_id"].text() == "Thẻ căn cước số 068197005678 do Bộ Công an cấp ngày 10/08/2024"
    assert ks["requester_name"].text() == "" and writer.applicant["full_name"].text() == ""


def test_a_value_typed_for_a_person_is_offered_on_the_procedures_other_forms(qtbot, counter, services):
    writer = open_writer(counter, services, "1.000689")  # khai sinh + nhận cha, mẹ, con
    assert len(writer.forms) == 2
    scan(qtbot, writer)
    other = writer.forms[1].id
    assert writer.editors[other]["requester_id"].text().startswith("Căn cước công dân số 068150001234")
    # typed on the first form, the requester's residence follows on the second; a typed value is never overwritten
    first = writer.editors[KS]["requester_residence"]
    first.widget.clear()
    type_unicode(first.widget, "Thôn 1, xã Hòa Bình")
    assert writer.editors[other]["requester_residence"].text() == "Thôn 1, xã Hòa Bình"
    writer.editors[other]["requester_residence"].widget.setText("Ở nhờ nhà con")
    type_unicode(first.widget, ", tỉnh Lâm Đồng")
    assert writer.editors[other]["requester_residence"].text() == "Ở nhờ nhà con"


def test_names_are_capitalised_as_typed_where_the_form_asks(qtbot, counter, services):
    writer = open_writer(counter, services, "1.001193")
    child = writer.editors[KS]["child_name"]
    type_unicode(child.widget, "nguyễn ngọc ánh")
    assert child.text() == "NGUYỄN NGỌC ÁNH"


def test_every_persons_name_field_of_the_catalog_knows_its_person(catalog):
    from kiosk.text import fold
    from kiosk.validation import field_label
    missing = []
    for form in catalog.forms.values():
        for item in form.fields:
            if fold(field_label(item)).startswith(("ho chu dem ten", "ho va ten")) and "dai dien" not in fold(
                    item.label):
                s = slot_of(item)
                if not (s.person and s.fact == "name"):
                    missing.append(f"{form.id}:{item.key}")
    assert missing == []


def test_a_known_applicant_picked_from_the_search_carries_the_card_issue_date(qtbot, counter, services):
    """One pick of a known applicant fills the "Giấy tờ tùy thân" line as a scan does: the
    card's issue date is kept with the applicant at receipt."""
    writer = open_writer(counter, services, "1.001193", qtbot)
    scan(qtbot, writer)
    ks = writer.editors[KS]
    values = {k: ed.text() for k, ed in ks.items() if ed.text()}
    person = {k: v for k, v in writer.applicant_values().items()}
    assert person["cccd_issue_date"] == "20/11/2021"
    services.dossiers.receive_dossier("1.001193", person, None, form_values={KS: {**values, **{
        f.key: f.sample for f in services.catalog.forms[KS].fields if f.key not in values and f.sample}}})
    assert services.dossiers.find_applicants("068150001234")[0].cccd_issue_date == "20/11/2021"
    counter.go_home()
    again = open_writer(counter, services, "1.001193", qtbot)
    type_unicode(again.find, "068150001234")
    qtbot.keyClick(again.find, Qt.Key_Return)
    qtbot.keyClick(again.found, Qt.Key_Return)
    assert again.editors[KS]["requester_id"].text() == \
        "Căn cước công dân số 068150001234 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/11/2021"
    assert again.applicant["cccd_issue_date"].text() == "20/11/2021"


def test_a_card_issue_date_in_the_future_or_before_birth_is_refused(services):
    from kiosk.validation import validate_applicant
    from datetime import date
    base = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "cccd": "068150001234", "sex": "Nữ"}
    person, errors = validate_applicant({**base, "cccd_issue_date": "20/11/2021"}, date(2026, 11, 30))
    assert person["cccd_issue_date"] == "20/11/2021" and errors == []
    for bad in ("20/11/2099", "01/01/1940", "31/02/2021"):
        _, errors = validate_applicant({**base, "cccd_issue_date": bad}, date(2026, 11, 30))
        assert [e.field for e in errors] == ["cccd_issue_date"], bad
        assert "Ngày cấp" in errors[0].message
