"""Type each fact once: which person and which fact every form field holds, and the
values one CCCD scan (or one known applicant) gives to all of them.

A field's person and fact come from the catalog (`FormItem.person`, `FormItem.fact`)
or, when absent, from its key: "mother_name" is the mother's name, "requester_id" the
requester's identity-paper line; a field with an `applicant:` key belongs to the
requester. The same (person, fact) on any form of a procedure is one value.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Mapping

from kiosk.catalog.schema import FieldType, FormItem, FormTemplate
from kiosk.text import fold, nfc, parse_date

REQUESTER = "requester"
# key prefixes naming a person on the official forms, longest first
PERSON_PREFIXES = ("person_a", "person_b", "requester", "deceased", "guardian", "subject", "mother", "father",
                   "child", "bride", "groom", "proxy", "ward")
PERSON_LABELS = {"requester": "Người yêu cầu", "child": "Người được khai sinh", "mother": "Người mẹ",
                 "father": "Người cha", "subject": "Người được cấp/đăng ký", "guardian": "Người giám hộ",
                 "ward": "Người được giám hộ", "deceased": "Người đã chết", "bride": "Bên nữ", "groom": "Bên nam",
                 "person_a": "Người nhận", "person_b": "Người được nhận", "proxy": "Người được ủy quyền"}
# key suffix -> fact
SUFFIX_FACTS = {"name": "name", "full_name": "name", "dob": "dob", "date_of_birth": "dob",
                "birth_year": "birth_year", "sex": "sex", "ethnicity": "ethnicity", "nationality": "nationality",
                "residence": "residence", "last_residence": "residence", "id": "id", "id_number": "id_number",
                "id_date": "id_date", "id_place": "id_place", "phone": "phone"}
APPLICANT_FACTS = {"full_name": "name", "date_of_birth": "dob", "sex": "sex", "cccd": "id_number",
                   "phone": "phone", "address": "residence"}
# the relationship picked on a form says the requester IS that person: fill their lines too
SAME_PERSON = {"cha": "father", "me": "mother", "ban than": None}  # None: the form's main subject
RELATIONSHIP_CHOICES = ["Bản thân", "Cha", "Mẹ", "Ông", "Bà", "Vợ", "Chồng", "Con", "Cháu", "Anh", "Chị", "Em",
                        "Người thân khác"]
# Card type and issuer are not in the card's QR; they follow from the issue date
# (Luật Căn cước 2023, in force 01/7/2024: "thẻ căn cước" issued by Bộ Công an; chip CCCD
# cards of 2021–6/2024 were issued by Cục Cảnh sát QLHC về TTXH, as in footnote (3) of
# the TT 04/2024 forms). Confidence B: confirm against a card of each kind.
CAN_CUOC_FROM = date(2024, 7, 1)


@dataclass(frozen=True)
class Slot:
    """Where a form field's value comes from: (person, fact); person None = not a person's fact."""
    person: str | None
    fact: str | None


def slot_of(item: FormItem) -> Slot:
    if item.person or item.fact:
        return Slot(item.person or (REQUESTER if item.applicant else None), item.fact or _fact_of_key(item.key))
    if item.applicant:
        return Slot(REQUESTER, APPLICANT_FACTS.get(item.applicant))
    key = item.key or ""
    for prefix in PERSON_PREFIXES:
        if key.startswith(prefix + "_"):
            return Slot(prefix, SUFFIX_FACTS.get(key[len(prefix) + 1:]))
    fact = SUFFIX_FACTS.get(key)
    return Slot(REQUESTER if fact else None, fact)  # unprefixed person keys: the form's own requester


def _fact_of_key(key: str | None) -> str | None:
    key = key or ""
    for suffix, fact in sorted(SUFFIX_FACTS.items(), key=lambda kv: -len(kv[0])):
        if key == suffix or key.endswith("_" + suffix):
            return fact
    return None


def is_uppercase(item: FormItem) -> bool:
    """The form asks for capitals ("viết chữ in hoa") on this field."""
    return item.uppercase or "in hoa" in fold(f"{item.label or ''} {item.hint or ''}")


def is_relationship(item: FormItem) -> bool:
    return (item.key or "") == "relationship" or (item.key or "").endswith("_relationship")


def relationship_choices(item: FormItem) -> list[str]:
    return list(item.choices) if item.choices else RELATIONSHIP_CHOICES


def id_paper_line(number: str, issue_date: str = "", issuer: str = "") -> str:
    """The "Giấy tờ tùy thân" line, as footnote (3) of the forms shows it."""
    number = nfc(number).strip()
    if not number:
        return ""
    if not issue_date:
        return f"Số định danh cá nhân {number}"
    try:
        issued = parse_date(issue_date)
    except Exception:  # noqa: BLE001 - a half-typed date gives the short line
        return f"Số định danh cá nhân {number}"
    kind = "Thẻ căn cước" if issued >= CAN_CUOC_FROM else "Căn cước công dân"
    issuer = issuer or ("Bộ Công an" if issued >= CAN_CUOC_FROM else "Cục Cảnh sát QLHC về TTXH")
    return f"{kind} số {number} do {issuer} cấp ngày {issued:%d/%m/%Y}"


def id_issuer(issue_date: str) -> str:
    try:
        issued = parse_date(issue_date)
    except Exception:  # noqa: BLE001
        return ""
    return "Bộ Công an" if issued >= CAN_CUOC_FROM else "Cục Cảnh sát QLHC về TTXH"


def person_facts(person: Mapping[str, str], issue_date: str = "") -> dict[str, str]:
    """Facts of one person from applicant data (full_name, date_of_birth, sex, cccd, phone,
    address) and the card's issue date: every fact a form may ask for."""
    out: dict[str, str] = {}
    for key, fact in APPLICANT_FACTS.items():
        if person.get(key):
            out[fact] = nfc(person[key])
    dob = out.get("dob", "")
    if dob:
        out["birth_year"] = dob  # footnote (5): the full date of birth when known
    if out.get("id_number"):
        out["id"] = id_paper_line(out["id_number"], issue_date)
        if issue_date:
            out["id_date"], out["id_place"] = issue_date, id_issuer(issue_date)
    return out


def format_value(item: FormItem, value: str) -> str:
    """A fact as this field prints it (capitals where the form asks; a choice's spelling)."""
    if not value:
        return ""
    if item.type == FieldType.CHOICE:
        return next((c for c in item.choices if fold(c) == fold(value)), "")
    if is_uppercase(item):
        return value.upper()
    return value


def defaults(fields: Iterable[FormItem], ethnicity: str, nationality: str) -> dict[str, str]:
    """Values every field starts with: Dân tộc and Quốc tịch from config.toml."""
    out = {}
    for item in fields:
        fact = slot_of(item).fact
        if fact == "ethnicity" and ethnicity:
            out[item.key] = ethnicity
        elif fact == "nationality" and nationality:
            out[item.key] = nationality
    return out


def main_subject(template: FormTemplate) -> str | None:
    """The person a form is about (first non-requester person with a name field)."""
    for item in template.fields:
        s = slot_of(item)
        if s.person and s.person != REQUESTER and s.fact == "name":
            return s.person
    return None


def same_person_as_requester(template: FormTemplate, relationship: str) -> str | None:
    """The person of `template` that the requester is, by the relationship picked."""
    key = fold(relationship)
    if key not in SAME_PERSON:
        return None
    target = SAME_PERSON[key] or main_subject(template)
    persons = {slot_of(i).person for i in template.fields}
    return target if target in persons else None
