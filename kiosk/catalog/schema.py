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
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

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
    addressee_marker: str | None = "(1)"  # footnote marker printed after "Kính gửi:"; null: none
    layout: Literal["lines", "table"] = "lines"
    table_columns: list[str] = Field(default_factory=list)
    items: list[FormItem] = Field(min_length=1)
    place_date: bool = True  # "Làm tại: ..., ngày ... tháng ... năm ..."
    signatures: list[str] = Field(default_factory=lambda: ["Người yêu cầu"])
    signature_note: str = "(Ký, ghi rõ họ, chữ đệm, tên)"
    fingerprint: bool = True  # room for a fingerprint when the person cannot sign
    footnotes: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # uncertainties, version remarks (not printed)
    # obsolete terms ("CMND", "hộ khẩu") printed on purpose: term -> why (catalog check refuses others)
    allow_terms: dict[str, str] = Field(default_factory=dict)

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
    originals: int | None = Field(default=None, ge=0, le=99)  # số bản chính, as published
    copies: int | None = Field(default=None, ge=0, le=99)  # số bản sao, as published
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


# curated: written by the commune (plain words, samples, rules); official: the national
# list's facts only (scripts/import_national_catalog.py); referral: done by another office.
Tier = Literal["curated", "official", "referral"]
ChannelKind = Literal["direct", "online", "postal"]


class Channel(_Model):
    """Time (and fee, when it differs) of one way of submitting, as the national list publishes it."""
    channel: ChannelKind
    time_text: str = Field(min_length=1)  # the official wording
    days: int | None = Field(default=None, ge=0, le=250)  # working days; None: read time_text
    fee: str = ""  # only when it differs from the procedure's fee


class Procedure(_Model):
    code: str = Field(pattern=r"^\d\.\d{6}$")  # mã TTHC quốc gia, e.g. 1.001193
    tier: Literal["curated", "official"] = "curated"
    source: str = ""  # "national-catalog" for imported entries
    decision: str = ""  # the decision that published it, e.g. "163/QĐ-BTP"
    office: str = ""  # who receives it when not the commune's one-stop counter, e.g. "Công an xã"
    channels: list[Channel] = Field(default_factory=list)
    name: str = Field(min_length=5)  # official name
    short_name: str = Field(min_length=3, max_length=60)  # for big buttons
    field: str = Field(min_length=3)  # lĩnh vực: Hộ tịch, Chứng thực, ...
    summary: str = ""  # one or two plain sentences: who needs it, what you get
    # working days; 0 = same day; None (official entries only): the wording must be read
    processing_days: int | None = Field(ge=0, le=250)
    processing_time_text: str = Field(min_length=3)  # the official wording
    fee: str = Field(min_length=3)  # plain words, e.g. "Miễn lệ phí"; "8.000 đồng/bản sao"
    required_documents: list[Document] = Field(default_factory=list)  # curated: at least one
    legal_basis: list[str] = Field(default_factory=list)  # curated: at least one
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

    @field_validator("writing_help", "sign_in_person")
    @classmethod
    def _rule_reason(cls, v, info):
        # a "no" to writing help, and a "yes" to signing in person, must say why (reported on the field)
        if v is not None and (v.value if info.field_name == "sign_in_person" else not v.value) and len(v.reason) < 10:
            raise ValueError(f"phải ghi rõ lý do ('{info.field_name}.reason')")
        return v

    @field_validator("processing_days")
    @classmethod
    def _curated_days(cls, v, info):
        if info.data.get("tier", "curated") == "curated":
            if v is None:
                raise ValueError("thiếu số ngày làm việc")
            if v > 90:
                raise ValueError("quá lớn")
        return v

    @field_validator("required_documents", "legal_basis")
    @classmethod
    def _curated_not_empty(cls, v, info):
        # the national list leaves a few procedures without documents or legal basis
        if not v and info.data.get("tier", "curated") == "curated":
            raise ValueError("danh sách không được rỗng")
        return v

    @model_validator(mode="after")
    def _rules(self):
        # defaults are shared instances: hundreds of official entries hold the same rules, and
        # the compiled cache then stores (and loads) each once
        if self.writing_help is None and self.proxy_writing is None and self.tier == "official":
            object.__setattr__(self, "writing_help", _official_rules()[0])
        if self.writing_help is None:
            if self.proxy_writing is None:
                raise ValueError("thiếu 'writing_help' (cán bộ có được viết/đánh máy giúp không, và lý do)")
            object.__setattr__(self, "writing_help", Rule(value=self.proxy_writing.allowed,
                                                          reason=self.proxy_writing.reason))
        if self.sign_in_person is None:
            object.__setattr__(self, "sign_in_person", _official_rules()[1])
        if not self.writing_help.value and len(self.writing_help.reason) < 10:
            raise ValueError("khi không cho viết giúp phải ghi rõ lý do ('writing_help.reason')")
        if self.proxy_writing is None:
            legacy = _official_rules()[2]
            if (legacy.allowed, legacy.reason) != (self.writing_help.value, self.writing_help.reason):
                legacy = ProxyWriting(allowed=self.writing_help.value, reason=self.writing_help.reason)
            object.__setattr__(self, "proxy_writing", legacy)
        return self

    @property
    def documents_always(self) -> list[Document]:
        return [d for d in self.required_documents if d.kind == "always"]

    @property
    def has_guide(self) -> bool:
        """The commune wrote plain words, samples and rules for it (tier curated)."""
        return self.tier == "curated"

    @property
    def time_label(self) -> str:
        """The time limit in a few words for a button: 'trả ngay trong ngày', '3 ngày làm việc'."""
        if self.processing_days is None:
            return "thời hạn: xem chi tiết"
        return "trả ngay trong ngày" if self.processing_days == 0 else f"{self.processing_days} ngày làm việc"

    @property
    def elsewhere(self) -> bool:
        return bool(self.office)


def _official_rules() -> tuple[Rule, Rule, ProxyWriting]:
    """(writing_help of official entries, default sign_in_person, its legacy proxy_writing), built once."""
    global _RULES
    if _RULES is None:
        help_ = Rule(value=True, reason=OFFICIAL_WRITING_HELP)
        _RULES = (help_, Rule(value=True, reason=DEFAULT_SIGN_IN_PERSON),
                  ProxyWriting(allowed=True, reason=OFFICIAL_WRITING_HELP))
    return _RULES


_RULES: tuple[Rule, Rule, ProxyWriting] | None = None
DEFAULT_SIGN_IN_PERSON = "Người yêu cầu tự ký hoặc điểm chỉ vào tờ khai; không ai được ký thay."
OFFICIAL_WRITING_HELP = ("Xã chưa viết hướng dẫn riêng cho thủ tục này. Cán bộ hướng dẫn và có thể viết giúp "
                         "tờ khai; bạn đọc lại rồi tự ký hoặc điểm chỉ.")


class Referral(_Model):
    """Something citizens ask the commune for that another office does (ly hôn, căn cước,
    hộ chiếu, thuế, BHXH): where to go and what to bring. Searched like a procedure."""
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9\-]*$")
    tier: Literal["referral"] = "referral"
    name: str = Field(min_length=5)
    short_name: str = Field(min_length=3, max_length=60)
    office: str = Field(min_length=3)  # "Tòa án nhân dân khu vực"
    where: str = Field(min_length=5)  # plain words: which office, how to find it
    summary: str = ""
    bring: list[Document] = Field(min_length=1)
    fee: str = ""
    online_url: str | None = Field(default=None, pattern=r"^https://")
    synonyms: list[str] = Field(default_factory=list)
    national_codes: list[str] = Field(default_factory=list)  # national procedures it covers
    legal_basis: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    sources: list[str] = Field(min_length=1)

    # the attributes search and screens read from any entry
    @property
    def code(self) -> str:
        return self.id

    @property
    def field(self) -> str:
        return "Làm ở nơi khác"

    @property
    def required_documents(self) -> list[Document]:
        return self.bring

    @property
    def has_guide(self) -> bool:
        return True

    @property
    def elsewhere(self) -> bool:
        return True


LETTER_SOURCES = ("applicant.full_name", "applicant.honorific", "applicant.address", "applicant.village", "dossier.code",
                  "dossier.received_date", "dossier.due_date", "dossier.new_due_date", "dossier.postpone_reason",
                  "procedure.name", "procedure.short_name")


# placeholders the letter service derives from the fields ("ông" inside a sentence; the spouse's "Bà")
LETTER_DERIVED = {"honorific_lower", "spouse_honorific", "spouse_honorific_lower"}


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
        keys = {f.key for f in self.fields} | {"commune", "issuing_unit"} | LETTER_DERIVED
        used = set(re.findall(r"{([a-z_]+)}", " ".join([self.salutation, *self.body])))
        unknown = used - keys
        if unknown:
            raise ValueError(f"chỗ điền không có trong 'fields': {', '.join(sorted(unknown))}")
        return self
