"""Schema of the catalog files (pydantic). Catalog entries are validated data, not code.

Glossary: thủ tục hành chính (TTHC) = Procedure; tờ khai / mẫu đơn = FormTemplate;
thành phần hồ sơ = required documents; lĩnh vực = field; viết hộ = proxy writing.
"""
from __future__ import annotations

import re
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kiosk.text import nfc


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _nfc_strings(cls, v):
        if isinstance(v, str):
            return nfc(v)
        if isinstance(v, list):
            return [nfc(x) if isinstance(x, str) else x for x in v]
        return v


class FieldType(str, Enum):
    TEXT = "text"
    DATE = "date"
    CCCD = "cccd"
    PHONE = "phone"
    CHOICE = "choice"
    CHECKBOX = "checkbox"
    MULTILINE = "multiline"
    NUMBER = "number"


class FormItem(_Model):
    """One line of an official form, in printed order: a field to fill, or fixed text."""
    # fixed text printed as is (a declaration "Tôi cam đoan ...", a heading "Đề nghị ...")
    text: str | None = None
    heading: bool = False  # fixed text printed bold, as a block heading
    # a field to fill
    key: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    label: str | None = None  # exactly as printed on the official form
    type: FieldType = FieldType.TEXT
    required: bool = False
    hint: str = ""  # plain words for the citizen / clerk
    sample: str = ""  # value of the pre-filled sample (fictional person)
    choices: list[str] = Field(default_factory=list)
    inline: bool = False  # printed on the same line as the previous field
    column: str | None = None  # table layout: which column (e.g. "Bên nữ")
    date_in_words: bool = False  # add the "ghi bằng chữ" line after a date
    applicant: str | None = None  # which applicant datum pre-fills it: full_name, date_of_birth, sex, cccd, phone, address, village
    past_only: bool = False  # a date that cannot be in the future (births, deaths)
    # whose fact this field holds (requester, child, mother, father, subject, ...) and which fact
    # (name, dob, sex, ...): typed once per person, offered wherever that person appears.
    # Both are inferred from the key ("mother_name") when absent: kiosk/prefill.py.
    person: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    fact: str | None = None
    uppercase: bool = False  # the form asks for "chữ in hoa" (also inferred from label/hint)

    @model_validator(mode="after")
    def _one_kind(self):
        if self.text is not None:
            if self.key or self.label:
                raise ValueError("một mục chỉ được là chữ cố định (text) hoặc ô cần điền (key, label), không phải cả hai")
            return self
        if not self.key or not self.label:
            raise ValueError("ô cần điền phải có cả 'key' và 'label'")
        if self.type == FieldType.CHOICE and not self.choices:
            raise ValueError(f"ô '{self.key}' kiểu choice phải có danh sách 'choices'")
        if self.type == FieldType.CHOICE and self.sample and self.sample not in self.choices:
            raise ValueError(f"mẫu của ô '{self.key}' ('{self.sample}') không nằm trong 'choices'")
        if self.applicant and self.applicant not in APPLICANT_KEYS:
            raise ValueError(f"'applicant' phải là một trong: {', '.join(APPLICANT_KEYS)}")
        if self.fact and self.fact not in PERSON_FACTS:
            raise ValueError(f"'fact' phải là một trong: {', '.join(PERSON_FACTS)}")
        return self

    @property
    def is_field(self) -> bool:
        return self.key is not None


APPLICANT_KEYS = ("full_name", "date_of_birth", "sex", "cccd", "phone", "address", "village")
# facts of a person a form may ask for (FormItem.fact)
PERSON_FACTS = ("name", "dob", "birth_year", "sex", "ethnicity", "nationality", "residence", "id", "id_number",
                "id_date", "id_place", "phone")

FormField = FormItem  # a FormItem with a key


class FormTemplate(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    title: str = Field(min_length=3)
    legal_source: str = Field(min_length=3)  # e.g. "Mẫu ban hành kèm theo Thông tư 04/2024/TT-BTP"
    addressee: str | None = None  # "Kính gửi: ..."; "{commune}" is replaced from config
    layout: Literal["lines", "table"] = "lines"
    table_columns: list[str] = Field(default_factory=list)
    items: list[FormItem] = Field(min_length=1)
    place_date: bool = True  # "Làm tại: ..., ngày ... tháng ... năm ..."
    signatures: list[str] = Field(default_factory=lambda: ["Người yêu cầu"])
    signature_note: str = "(Ký, ghi rõ họ, chữ đệm, tên)"
    fingerprint: bool = True  # room for a fingerprint when the person cannot sign
    footnotes: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # uncertainties, version remarks (not printed)

    @model_validator(mode="after")
    def _keys(self):
        keys = [i.key for i in self.items if i.is_field]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"khóa ô bị trùng: {', '.join(sorted(dup))}")
        if self.layout == "table":
            if len(self.table_columns) < 2:
                raise ValueError("biểu mẫu dạng bảng phải có ít nhất 2 'table_columns'")
            for i in self.items:
                if i.is_field and i.column is not None and i.column not in self.table_columns:
                    raise ValueError(f"ô '{i.key}': cột '{i.column}' không có trong 'table_columns'")
        return self

    @property
    def fields(self) -> list[FormItem]:
        return [i for i in self.items if i.is_field]


DocumentKind = Literal["always", "conditional", "show"]


class Document(_Model):
    """One paper of the dossier (thành phần hồ sơ).

    kind: `always` = handed in by everyone; `conditional` = only in the case its note names
    ("trường hợp ..."); `show` = xuất trình: shown at the counter, not handed in.
    """
    name: str = Field(min_length=2)  # "Giấy chứng sinh (bản chính)"
    note: str = ""  # when it is needed, alternatives
    kind: DocumentKind = "always"
    show_only: bool = False  # legacy spelling of kind: show (read, never written)

    @model_validator(mode="before")
    @classmethod
    def _legacy_show_only(cls, data):
        if isinstance(data, dict) and data.get("show_only") and "kind" not in data:
            data = {**data, "kind": "show"}
        return data

    @model_validator(mode="after")
    def _sync_show_only(self):
        object.__setattr__(self, "show_only", self.kind == "show")
        return self


class OnlineLevel(str, Enum):
    FULL = "toan-trinh"
    PARTIAL = "mot-phan"
    NONE = "khong"


class Online(_Model):
    level: OnlineLevel = OnlineLevel.NONE
    portal_url: str | None = None
    steps: list[str] = Field(default_factory=list)
    scan_documents: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _url(self):
        if self.level != OnlineLevel.NONE and not self.portal_url:
            raise ValueError("thủ tục có nộp trực tuyến phải có 'portal_url'")
        if self.portal_url and not re.match(r"^https://", self.portal_url):
            raise ValueError("'portal_url' phải bắt đầu bằng https://")
        return self


class ProxyWriting(_Model):
    allowed: bool
    reason: str = ""  # required when not allowed: the legal reason, in plain words

    @model_validator(mode="after")
    def _reason(self):
        if not self.allowed and len(self.reason) < 10:
            raise ValueError("khi không cho viết hộ phải ghi rõ lý do ('reason')")
        return self


class Rule(_Model):
    """A yes/no rule of the procedure with its legal reason in plain words."""
    value: bool
    reason: str = ""
    legal_basis: str = ""  # e.g. "Nghị định 23/2015/NĐ-CP, Điều 15 khoản 3"


class Procedure(_Model):
    code: str = Field(pattern=r"^\d\.\d{6}$")  # mã TTHC quốc gia, e.g. 1.001193
    name: str = Field(min_length=5)  # official name
    short_name: str = Field(min_length=3, max_length=60)  # for big buttons
    field: str = Field(min_length=3)  # lĩnh vực: Hộ tịch, Chứng thực, ...
    summary: str = ""  # one or two plain sentences: who needs it, what you get
    processing_days: int = Field(ge=0, le=90)  # working days; 0 = same day
    processing_time_text: str = Field(min_length=3)  # the official wording
    fee: str = Field(min_length=3)  # plain words, e.g. "Miễn lệ phí"; "8.000 đồng/bản sao"
    required_documents: list[Document] = Field(min_length=1)
    legal_basis: list[str] = Field(min_length=1)
    online: Online = Field(default_factory=Online)
    friday_same_day: bool
    # Two different rules that "viết hộ" used to mix:
    # writing_help: may the clerk write or type the content for the citizen (value=True: yes);
    # sign_in_person: must the citizen sign or fingerprint personally before the clerk (value=True: yes).
    writing_help: Rule | None = None
    sign_in_person: Rule | None = None
    proxy_writing: ProxyWriting | None = None  # legacy single flag; derived into writing_help when absent
    synonyms: list[str] = Field(default_factory=list)  # colloquial names citizens use
    forms: list[str] = Field(default_factory=list)  # FormTemplate ids, in the order they are filled
    result: str = ""  # what the citizen receives
    notes: list[str] = Field(default_factory=list)  # uncertainties and version remarks
    sources: list[str] = Field(default_factory=list)
    valid_from: str | None = None  # dd/mm/yyyy of the legal version used

    @model_validator(mode="after")
    def _rules(self):
        if self.writing_help is None:
            if self.proxy_writing is None:
                raise ValueError("thiếu 'writing_help' (cán bộ có được viết/đánh máy giúp không, và lý do)")
            object.__setattr__(self, "writing_help", Rule(value=self.proxy_writing.allowed,
                                                          reason=self.proxy_writing.reason))
        if self.sign_in_person is None:
            object.__setattr__(self, "sign_in_person", Rule(value=True, reason=(
                "Người yêu cầu tự ký hoặc điểm chỉ vào tờ khai; không ai được ký thay.")))
        if not self.writing_help.value and len(self.writing_help.reason) < 10:
            raise ValueError("khi không cho viết giúp phải ghi rõ lý do ('writing_help.reason')")
        if self.proxy_writing is None:
            object.__setattr__(self, "proxy_writing", ProxyWriting(allowed=self.writing_help.value,
                                                                   reason=self.writing_help.reason))
        return self

    @property
    def documents_always(self) -> list[Document]:
        return [d for d in self.required_documents if d.kind == "always"]


LETTER_SOURCES = ("applicant.full_name", "applicant.address", "applicant.village", "dossier.code",
                  "dossier.received_date", "dossier.due_date", "dossier.new_due_date", "dossier.postpone_reason",
                  "procedure.name", "procedure.short_name")


class LetterField(_Model):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=2)
    source: str | None = None  # where "fill from a dossier" takes it; None: typed by the clerk
    sample: str = ""
    multiline: bool = False

    @model_validator(mode="after")
    def _source(self):
        if self.source is not None and self.source not in LETTER_SOURCES:
            raise ValueError(f"'source' phải là một trong: {', '.join(LETTER_SOURCES)}")
        return self


class LetterTemplate(_Model):
    """A letter of the commune to a citizen (thư chúc mừng, chia buồn, xin lỗi): fixed text
    with {placeholders} filled from a dossier or by hand."""
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    kind: Literal["congratulation", "condolence", "apology"]
    name: str = Field(min_length=3)  # shown to the clerk
    title: str = Field(min_length=3)  # printed, e.g. "THƯ CHÚC MỪNG"
    procedures: list[str] = Field(default_factory=list)  # dossiers it is offered for; empty: any
    fields: list[LetterField] = Field(min_length=1)
    salutation: str = Field(min_length=3)  # "Kính gửi: {recipient}"
    body: list[str] = Field(min_length=1)  # paragraphs with {placeholders}
    signer: str = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"

    @model_validator(mode="after")
    def _placeholders(self):
        keys = {f.key for f in self.fields} | {"commune", "issuing_unit"}
        used = set(re.findall(r"{([a-z_]+)}", " ".join([self.salutation, *self.body])))
        unknown = used - keys
        if unknown:
            raise ValueError(f"chỗ điền không có trong 'fields': {', '.join(sorted(unknown))}")
        return self
