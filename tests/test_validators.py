"""Field validators answer in Vietnamese, never crash, and know the CCCD number's structure."""
import functools
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.catalog.schema import FormTemplate
from kiosk.cccd import parse_cccd_qr
from kiosk.cccd_provinces import PROVINCE_CODES
from kiosk.errors import ValidationError
from kiosk.text import (parse_date, validate_cccd, validate_date, validate_name, validate_phone, validate_sex,
                        validate_text)
from kiosk.validation import validate_applicant, validate_form_values

TODAY = date(2026, 11, 27)
# example counts come from the hypothesis profile (tests/conftest.py): `ci` or `fuzz`
FUZZ = settings(deadline=None)
VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


def assert_vietnamese(message: str) -> None:
    assert message and unicodedata.is_normalized("NFC", message)
    assert VIETNAMESE_LETTERS & set(message.lower()), message


def outcome(check, *args, **kwargs):
    """The validator's result, or None after checking its refusal speaks Vietnamese."""
    try:
        return check(*args, **kwargs)
    except ValidationError as e:
        assert_vietnamese(e.message)
        return None


# strings that look like the real thing, so fuzzing also reaches the acceptance paths
digits = st.from_regex(r"\A[0-9 +.\-]{0,16}\Z", fullmatch=True)
dates = st.from_regex(r"\A[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-][0-9]{4}\Z", fullmatch=True)
cccd_like = st.builds(lambda p, rest: p + rest, st.sampled_from(list(PROVINCE_CODES) + ["000", "999", "003"]),
                      st.from_regex(r"\A[0-9]{9}\Z", fullmatch=True))
anything = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), digits)


# --- fuzzing: 10,000 inputs per validator ---

@FUZZ
@given(st.one_of(anything, st.text(alphabet="NguyễnVănHưởngĐỗ '-", max_size=40)))
def test_name_validator_survives_fuzzing(value):
    name = outcome(validate_name, value)
    if name is not None:
        assert unicodedata.is_normalized("NFC", name) and name == name.strip() and "  " not in name
        assert not any(ch.isdigit() for ch in name)


@FUZZ
@given(st.one_of(anything, dates), st.booleans())
def test_date_validator_survives_fuzzing(value, past_only):
    text = outcome(validate_date, value, past_only=past_only, today=TODAY)
    if text is not None:
        assert parse_date(text).strftime("%d/%m/%Y") == text
        assert not past_only or parse_date(text) <= TODAY


@FUZZ
@given(st.one_of(anything, st.from_regex(r"\A(\+84|0)[235789][0-9]{8,9}\Z", fullmatch=True)))
def test_phone_validator_survives_fuzzing(value):
    phone = outcome(validate_phone, value)
    if phone is not None:
        assert phone.isascii() and phone.isdigit() and phone[0] == "0" and len(phone) in (10, 11)


@FUZZ
@given(st.one_of(anything, cccd_like), st.one_of(st.none(), st.dates(date(1900, 1, 1), TODAY)),
       st.sampled_from([None, "Nam", "Nữ"]))
def test_cccd_validator_survives_fuzzing(value, birth, sex):
    number = outcome(validate_cccd, value, date_of_birth=birth, sex=sex, today=TODAY)
    if number is not None:
        assert number.isascii() and len(number) == 12 and number[:3] in PROVINCE_CODES
        if birth is not None:
            assert number[4:6] == f"{birth.year % 100:02d}"


@FUZZ
@given(st.one_of(anything, st.sampled_from(["Nam", "nữ", "NU", unicodedata.normalize("NFD", "Nữ")])))
def test_sex_validator_survives_fuzzing(value):
    assert outcome(validate_sex, value) in (None, "Nam", "Nữ")


@FUZZ
@given(anything, st.booleans())
def test_free_text_validator_survives_fuzzing(value, multiline):
    text = outcome(validate_text, value, multiline=multiline)
    assert text is None or unicodedata.is_normalized("NFC", text)


qr_parts = st.lists(st.one_of(st.text(max_size=20), cccd_like, dates, st.sampled_from(["Nam", "Nữ", ""])),
                    min_size=0, max_size=9)


@FUZZ
@given(st.one_of(anything, qr_parts.map("|".join)))
def test_cccd_qr_parser_survives_fuzzing(text):
    scan = outcome(parse_cccd_qr, text, today=TODAY)
    assert scan is None or (len(scan.cccd) == 12 and scan.sex in ("Nam", "Nữ"))


@functools.cache
def _template() -> FormTemplate:
    return FormTemplate.model_validate({
        "id": "to-khai-thu", "title": "TỜ KHAI THỬ", "legal_source": "Mẫu thử",
        "items": [
            {"key": "requester_name", "label": "1. Họ, chữ đệm, tên người yêu cầu:", "required": True,
             "applicant": "full_name"},
            {"key": "requester_dob", "label": "Ngày, tháng, năm sinh: (2)", "type": "date", "past_only": True,
             "required": True},
            {"key": "requester_id", "label": "Số định danh cá nhân:", "type": "cccd"},
            {"key": "phone", "label": "Số điện thoại:", "type": "phone"},
            {"key": "sex", "label": "Giới tính:", "type": "choice", "choices": ["Nam", "Nữ"]},
            {"key": "copies_requested", "label": "Đề nghị cấp bản sao:", "type": "checkbox"},
            {"key": "copies_count", "label": "Số lượng: … bản", "type": "number", "inline": True},
            {"key": "reason", "label": "Lý do:", "type": "multiline"},
            {"key": "residence", "label": "Nơi cư trú: (2)"},
            {"key": "id_date", "label": "Ngày cấp:", "type": "date"},
        ]})


form_values = st.dictionaries(st.sampled_from([f.key for f in _template().fields] + ["stray"]),
                              st.one_of(anything, dates, cccd_like, st.none(), st.integers(), st.booleans()),
                              max_size=11)


@FUZZ
@given(form_values)
def test_form_validation_survives_fuzzing(values):
    clean, errors = validate_form_values(_template(), values, TODAY)
    for e in errors:
        assert isinstance(e, ValidationError)
        assert_vietnamese(e.message)
    assert set(clean) <= {f.key for f in _template().fields}


@FUZZ
@given(st.dictionaries(st.sampled_from(["full_name", "date_of_birth", "sex", "cccd", "phone", "address",
                                        "village", "other"]),
                       st.one_of(anything, dates, cccd_like, st.none(), st.integers()), max_size=8))
def test_applicant_validation_survives_fuzzing(data):
    clean, errors = validate_applicant(data, TODAY, ["Thôn 1", "Thôn 2"])
    for e in errors:
        assert_vietnamese(e.message)
    assert errors or clean["full_name"]


# --- CCCD numbers by hand ---

@pytest.mark.parametrize("number, birth, sex", [
    ("068095001234", date(1995, 7, 14), "Nam"),   # Lâm Đồng, male, 20th century
    ("001305012345", date(2005, 1, 2), "Nữ"),     # Hà Nội, female, 21st century
    ("079199123456", date(1999, 12, 31), "Nữ"),   # Thành phố Hồ Chí Minh
    ("096200000001", date(2000, 1, 1), "Nam"),    # Cà Mau, male born 2000
    ("068 095 001 234", date(1995, 7, 14), None),  # typed with spaces
])
def test_valid_cccd_numbers_are_accepted(number, birth, sex):
    assert validate_cccd(number, date_of_birth=birth, sex=sex, today=TODAY) == number.replace(" ", "")


def test_every_code_of_the_63_province_table_is_accepted():
    assert len(PROVINCE_CODES) == 63
    for code in PROVINCE_CODES:
        assert validate_cccd(f"{code}095001234", date_of_birth=date(1995, 1, 1), today=TODAY)


@pytest.mark.parametrize("number", ["000095001234", "999095001234", "003095001234", "065095001234"])
def test_cccd_with_an_unknown_province_code_is_refused(number):
    with pytest.raises(ValidationError) as e:
        validate_cccd(number, today=TODAY)
    assert "mã tỉnh" in e.value.message and number[:3] in e.value.message


@pytest.mark.parametrize("number, birth", [
    ("068295001234", date(1995, 7, 14)),  # digit 2 = born 2000-2099, but born 1995
    ("068005001234", date(2005, 7, 14)),  # digit 0 = born 1900-1999, but born 2005
    ("068096001234", date(1995, 7, 14)),  # year digits 96, born 1995
])
def test_cccd_inconsistent_with_the_birth_year_is_refused(number, birth):
    with pytest.raises(ValidationError) as e:
        validate_cccd(number, date_of_birth=birth, today=TODAY)
    assert "năm sinh" in e.value.message


def test_cccd_century_digit_of_a_future_birth_year_is_refused():
    with pytest.raises(ValidationError) as e:
        validate_cccd("068495001234", today=TODAY)  # digit 4 = born in 2195
    assert "chưa tới" in e.value.message


@pytest.mark.parametrize("number, sex", [("068195001234", "Nam"), ("068095001234", "Nữ"),
                                         ("068305001234", "Nam"), ("068205001234", "nữ")])
def test_cccd_sex_digit_must_match_the_sex(number, sex):
    with pytest.raises(ValidationError) as e:
        validate_cccd(number, sex=sex, today=TODAY)
    assert "giới tính" in e.value.message


@pytest.mark.parametrize("number", ["06809500123", "0680950012345", "06809500123a", "٠٦٨٠٩٥٠٠١٢٣٤", ""])
def test_cccd_must_be_twelve_ascii_digits(number):
    with pytest.raises(ValidationError) as e:
        validate_cccd(number, today=TODAY)
    assert "12 chữ số" in e.value.message


# --- other validators by hand ---

def test_phone_numbers_mobile_landline_and_international_forms():
    assert validate_phone("0912 345 678") == "0912345678"
    assert validate_phone("+84 912.345.678") == "0912345678"
    assert validate_phone("024 3825 1234") == "02438251234"
    for bad in ("0112345678", "091234567", "0243825123", "٠٩١٢٣٤٥٦٧٨", "phone"):
        with pytest.raises(ValidationError):
            validate_phone(bad)


def test_birth_dates_are_dd_mm_yyyy_and_not_in_the_future():
    assert validate_date("5/3/1958", past_only=True, today=TODAY) == "05/03/1958"
    with pytest.raises(ValidationError) as e:
        validate_date("28/11/2026", "dob", "Ngày sinh", past_only=True, today=TODAY)
    assert e.value.message == "Ngày sinh: không được là ngày trong tương lai."
    with pytest.raises(ValidationError, match="không có trên lịch"):
        validate_date("29/02/2027")


def test_a_date_typed_as_digits_alone_is_read_as_ddmmyy_or_ddmmyyyy():
    """Issue 11: the clerk types dates fast, without the slashes (6 keys instead of 10)."""
    assert validate_date("151126", past_only=True, today=TODAY) == "15/11/2026"
    assert validate_date("050358", past_only=True, today=TODAY) == "05/03/1958"
    assert validate_date("05031958", today=TODAY) == "05/03/1958"
    assert validate_date("311299", today=TODAY) == "31/12/1999"
    for bad in ("1511", "15112", "1511202", "310226", "151126789"):
        with pytest.raises(ValidationError):
            validate_date(bad, today=TODAY)


def test_names_are_nfc_letters_only():
    nfd = unicodedata.normalize("NFD", "Nguyễn  Thị   Ánh")
    assert validate_name(nfd) == "Nguyễn Thị Ánh"
    assert validate_name("H'Hen Niê") == "H'Hen Niê"
    for bad in ("Nguyễn Văn 2", "Lê_Văn", "Trần @", "-An", "Ⅳ"):
        with pytest.raises(ValidationError):
            validate_name(bad)


# --- the QR on the back of a chip card ---

QR = "068095001234|250123456|Nguyễn Văn Hưởng|14071995|Nam|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"


def test_cccd_qr_text_becomes_the_applicant():
    scan = parse_cccd_qr(QR + "\r\n", today=TODAY)
    assert (scan.cccd, scan.old_id, scan.name, scan.date_of_birth, scan.sex, scan.issue_date) == (
        "068095001234", "250123456", "Nguyễn Văn Hưởng", "14/07/1995", "Nam", "20/11/2021")
    assert scan.as_applicant()["address"] == "Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng"


def test_cccd_qr_in_nfd_gives_nfc_text():
    scan = parse_cccd_qr(unicodedata.normalize("NFD", QR) + "\n", today=TODAY)
    assert scan.full_name == "Nguyễn Văn Hưởng" and unicodedata.is_normalized("NFC", scan.address)


def test_cccd_qr_without_the_old_id():
    empty = QR.replace("|250123456|", "||")
    missing = QR.replace("|250123456|", "|")
    assert parse_cccd_qr(empty, today=TODAY).old_id == ""
    assert parse_cccd_qr(missing, today=TODAY).full_name == "Nguyễn Văn Hưởng"


@pytest.mark.parametrize("text", [
    "", "   \n", "hello world", "068095001234|", "068095001234||Nguyễn Văn Hưởng|14071995",
    QR.replace("14071995", "1995-07-14"),   # date not ddmmyyyy
    QR.replace("14071995", "31021995"),     # no such day
    QR.replace("|Nam|", "|Nữ|"),            # sex digit says male
    QR.replace("068095", "999095"),         # unknown province
    QR.replace("14071995", "14072005"),     # century digit says 1900s
    QR.replace("Nguyễn Văn Hưởng", "N9uyen"),
])
def test_malformed_cccd_qr_is_refused_in_vietnamese(text):
    with pytest.raises(ValidationError) as e:
        parse_cccd_qr(text, today=TODAY)
    assert e.value.field == "cccd_qr" and e.value.message.startswith("Mã QR trên thẻ căn cước")
    assert_vietnamese(e.value.message)


# --- whole forms ---

def test_form_validation_reports_every_error_at_once_with_the_printed_label():
    values = {"requester_name": "Lê 2", "requester_dob": "01/01/2030", "requester_id": "999095001234",
              "phone": "12345", "sex": "khác", "copies_requested": "có lẽ", "copies_count": "-1",
              "stray": "x"}
    clean, errors = validate_form_values(_template(), values, TODAY)
    messages = [e.message for e in errors]
    assert len(errors) == 8, messages
    assert {e.field for e in errors} == set(values)
    assert any(m.startswith("Họ, chữ đệm, tên người yêu cầu:") for m in messages)
    assert any(m.startswith("Ngày, tháng, năm sinh: không được") for m in messages)
    assert any(m.startswith("Số lượng:") for m in messages)
    assert any("TỜ KHAI THỬ" in m and "stray" in m for m in messages)


def test_form_validation_cleans_values_by_field_type():
    values = {"requester_name": " trần  thị  mai ", "requester_dob": "2.9.1990", "requester_id": "068 190 001 234",
              "phone": "+84912345678", "sex": "NU", "copies_requested": "x", "copies_count": "2",
              "reason": "dòng 1\r\ndòng   2", "residence": unicodedata.normalize("NFD", "Thôn 1")}
    clean, errors = validate_form_values(_template(), values, TODAY)
    assert errors == []
    assert clean == {"requester_name": "trần thị mai", "requester_dob": "02/09/1990", "requester_id": "068190001234",
                     "phone": "0912345678", "sex": "Nữ", "copies_requested": "Có", "copies_count": "2",
                     "reason": "dòng 1\ndòng 2", "residence": "Thôn 1"}


def test_required_fields_are_reported_when_missing():
    clean, errors = validate_form_values(_template(), {}, TODAY)
    assert [e.message for e in errors] == ["Họ, chữ đệm, tên người yêu cầu: chưa nhập.",
                                           "Ngày, tháng, năm sinh: chưa nhập."]


def test_every_sample_of_the_catalog_passes_its_own_form(catalog):
    for form in catalog.forms.values():
        _, errors = validate_form_values(form, {f.key: f.sample for f in form.fields}, TODAY)
        assert errors == [], (form.id, [e.message for e in errors])


def test_applicant_cccd_is_checked_against_birth_date_and_sex():
    data = {"full_name": "Nguyễn Văn Hưởng", "date_of_birth": "14/07/1995", "sex": "Nữ", "cccd": "068095001234",
            "village": "thôn 1"}
    clean, errors = validate_applicant(data, TODAY, ["Thôn 1"])
    assert [e.field for e in errors] == ["cccd"]
    assert clean["village"] == "Thôn 1"


@pytest.mark.parametrize("value", ["Thôn 2, xã Hòa Bình 😀", "Nhà số 5 ★ gần chợ", "Thôn 2\u200d"])
def test_free_text_refuses_what_the_paper_cannot_print(value):
    """An emoji was accepted and then printed as a blank on the filled form."""
    with pytest.raises(ValidationError, match="không in được"):
        validate_text(value, "address", "Nơi cư trú")


def test_free_text_keeps_vietnamese_and_common_signs():
    for value in ["Số 12/3, đường Trần Hưng Đạo – Thôn Ỷ La", "Nhiệt độ 37,5°C; “giấy độc thân” № 5"]:
        assert validate_text(value) == value
