"""Whole-form validation: applies the validators of kiosk.text by field type and reports
every problem at once, each message naming the field as printed on the form."""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable, Mapping

from kiosk.catalog.schema import APPLICANT_KEYS, FieldType, FormItem, FormTemplate
from kiosk.errors import ValidationError
from kiosk.text import (fold, nfc, parse_date, validate_cccd, validate_date, validate_name, validate_phone,
                        validate_sex, validate_text)

_TICKED = {"co", "x", "1", "true", "yes", "c", "dong y"}
_UNTICKED = {"", "khong", "0", "false", "no", "k"}
# official forms label a person's name "Họ, chữ đệm, tên" (older ones "Họ và tên")
_PERSON_NAME_LABELS = ("ho chu dem ten", "ho va ten")
APPLICANT_LABELS = {"full_name": "Họ, chữ đệm, tên", "date_of_birth": "Ngày, tháng, năm sinh",
                    "sex": "Giới tính", "cccd": "Số CCCD", "phone": "Số điện thoại",
                    "address": "Nơi cư trú", "village": "Thôn", "cccd_issue_date": "Ngày cấp CCCD"}
# what an applicant may carry: the keys forms read (APPLICANT_KEYS) and the card's issue date
# from its QR, kept for the "Giấy tờ tùy thân" line of a known applicant
APPLICANT_INPUT_KEYS = (*APPLICANT_KEYS, "cccd_issue_date")


class ValidationErrors(ValidationError):
    """Several problems reported together; `message` lists them one per line."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__(errors[0].field if len(errors) == 1 else "*", "\n".join(e.message for e in errors))
        self.errors = errors


def field_label(item: FormItem) -> str:
    """The printed label without numbering, footnote marks, dotted gaps or the final colon."""
    label = (item.label or item.key or "").split("…")[0]
    label = re.sub(r"\(\d+\)", "", label)
    label = re.sub(r"^\s*(?:\d+\.|[a-zđ]\)|-)\s*", "", label)
    label = " ".join(label.split()).rstrip(" :.")
    label = label or item.key or ""
    return f"{label} ({item.column})" if item.column else label


def _is_person_name(item: FormItem) -> bool:
    return item.applicant == "full_name" or fold(field_label(item)).startswith(_PERSON_NAME_LABELS)


is_person_name = _is_person_name  # the counter capitalises a name typed in lower case


def _as_text(raw: Any, field: str, label: str) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise ValidationError(field, f"{label}: giá trị phải là chữ hoặc số.")
    return nfc(str(raw))


def _choice(item: FormItem, value: str, label: str) -> str:
    key = fold(value)
    match = next((c for c in item.choices if fold(c) == key), None)
    if match is None:
        raise ValidationError(item.key, f"{label}: chọn một trong: {', '.join(item.choices)}.")
    return match


def _checkbox(item: FormItem, value: str, label: str) -> str:
    key = fold(value)
    if key in _TICKED:
        return "Có"
    if key in _UNTICKED:
        return ""
    raise ValidationError(item.key, f"{label}: chỉ ghi “Có” hoặc “Không”.")


def _number(item: FormItem, value: str, label: str) -> str:
    if not re.fullmatch(r"[0-9]{1,6}", value):
        raise ValidationError(item.key, f"{label}: chỉ ghi số nguyên, không âm (ví dụ 2).")
    return value


def clean_field(item: FormItem, raw: Any, today: date) -> str:
    """The clean value of one field ('' when empty and optional); raises ValidationError."""
    key, label = item.key, field_label(item)
    value = _as_text(raw, key, label)
    if not value:
        if item.required:
            raise ValidationError(key, f"{label}: chưa nhập.")
        return ""
    kind = item.type
    if kind == FieldType.DATE:
        return validate_date(value, key, label, past_only=item.past_only, today=today)
    if kind == FieldType.CCCD:
        return validate_cccd(value, key, label, today=today)
    if kind == FieldType.PHONE:
        return validate_phone(value, key, label)
    if kind == FieldType.CHOICE:
        return _choice(item, value, label)
    if kind == FieldType.CHECKBOX:
        return _checkbox(item, value, label)
    if kind == FieldType.NUMBER:
        return _number(item, value, label)
    if kind == FieldType.MULTILINE:
        return validate_text(value, key, label, max_len=2000, multiline=True)
    if _is_person_name(item):
        return validate_name(value, key, label)
    return validate_text(value, key, label)


def validate_form_values(template: FormTemplate, values: Mapping[str, Any] | None,
                         today: date) -> tuple[dict[str, str], list[ValidationError]]:
    """Clean every field of `template`; returns (clean values, every error found).

    Unknown keys are errors (a typo in a values file must not be silently dropped).
    """
    values = values if isinstance(values, Mapping) else {}
    clean: dict[str, str] = {}
    errors: list[ValidationError] = []
    fields = {f.key: f for f in template.fields}
    for key in values:
        if key not in fields:
            errors.append(ValidationError(str(key), f"Mẫu “{template.title}” không có ô “{key}”."))
    for key, item in fields.items():
        try:
            value = clean_field(item, values.get(key), today)
        except ValidationError as e:
            errors.append(e)
            continue
        if value:
            clean[key] = value
    return clean, errors


def validate_applicant(data: Mapping[str, Any] | None, today: date,
                       villages: Iterable[str] = ()) -> tuple[dict[str, str], list[ValidationError]]:
    """Clean an applicant (DESIGN.md §4 keys). full_name is required; the rest is checked when
    present; `village` must be one of `villages` (returned with the configured spelling)."""
    if not isinstance(data, Mapping):
        return {}, [ValidationError("applicant", "Thông tin người nộp hồ sơ phải là một nhóm mục (tên: giá trị).")]
    errors = [ValidationError(str(k), f"Thông tin người nộp hồ sơ có mục lạ “{k}”; chỉ dùng: "
                                      f"{', '.join(APPLICANT_INPUT_KEYS)}.") for k in data
              if k not in APPLICANT_INPUT_KEYS]
    raw = {k: _attempt(errors, _as_text, data.get(k), k, APPLICANT_LABELS[k]) or "" for k in APPLICANT_INPUT_KEYS}
    clean = _clean_applicant(raw, today, list(villages), errors)
    return {k: v for k, v in clean.items() if v}, errors


def _attempt(errors: list[ValidationError], check, *args, **kwargs):
    """check(*args, **kwargs), or None after adding its ValidationError to `errors`."""
    try:
        return check(*args, **kwargs)
    except ValidationError as e:
        errors.append(e)
        return None


def _clean_applicant(raw: dict[str, str], today: date, villages: list[str],
                     errors: list[ValidationError]) -> dict[str, str | None]:
    lbl = APPLICANT_LABELS
    clean: dict[str, str | None] = {"full_name": _attempt(errors, validate_name, raw["full_name"], "full_name",
                                                          lbl["full_name"])}
    if raw["date_of_birth"]:
        clean["date_of_birth"] = _attempt(errors, validate_date, raw["date_of_birth"], "date_of_birth",
                                          lbl["date_of_birth"], past_only=True, today=today)
    if raw["sex"]:
        clean["sex"] = _attempt(errors, validate_sex, raw["sex"], "sex", lbl["sex"])
    if raw["cccd"]:  # checked against the birth date and sex when those are valid
        dob = parse_date(clean["date_of_birth"]) if clean.get("date_of_birth") else None
        clean["cccd"] = _attempt(errors, validate_cccd, raw["cccd"], "cccd", lbl["cccd"], date_of_birth=dob,
                                 sex=clean.get("sex"), today=today)
    if raw["phone"]:
        clean["phone"] = _attempt(errors, validate_phone, raw["phone"], "phone", lbl["phone"])
    if raw["address"]:
        clean["address"] = _attempt(errors, validate_text, raw["address"], "address", lbl["address"])
    if raw["village"]:
        clean["village"] = _attempt(errors, _village, raw["village"], villages)
    if raw["cccd_issue_date"]:
        clean["cccd_issue_date"] = _attempt(errors, _issue_date, raw["cccd_issue_date"], clean.get("date_of_birth"),
                                            today)
    return clean


def _issue_date(value: str, birth: str | None, today: date) -> str:
    label = APPLICANT_LABELS["cccd_issue_date"]
    issued = validate_date(value, "cccd_issue_date", label, past_only=True, today=today)
    if birth and parse_date(issued) < parse_date(birth):
        raise ValidationError("cccd_issue_date", f"{label}: không thể trước ngày sinh ({birth}).")
    return issued


def _village(value: str, villages: list[str]) -> str:
    match = next((v for v in villages if fold(v) == fold(value)), None)
    if match is None:
        known = ", ".join(villages) if villages else "(chưa cấu hình thôn nào)"
        raise ValidationError("village", f"Thôn: “{value}” không có trong danh sách thôn của xã: {known}.")
    return match
