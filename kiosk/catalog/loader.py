"""Loads forms_catalog/: one YAML file per procedure and per form template.

A bad file is reported with its path, field path and reason; the rest of the
catalog still loads. `Catalog.problems` lists everything that was skipped.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.catalog.schema import FormTemplate, LetterTemplate, Procedure
from kiosk.text import fold
from kiosk.schema_errors import path as err_path, reason as err_reason

log = logging.getLogger(__name__)


class Category(BaseModel):
    """A big pictured button on the lobby home: one lĩnh vực (field) or several."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str
    icon: str  # file name in resources/icons
    fields: list[str] = Field(min_length=1)  # Procedure.field values shown under it
    description: str = ""


@dataclass(frozen=True)
class CatalogProblem:
    path: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.reason}"


@dataclass
class Catalog:
    procedures: dict[str, Procedure] = field(default_factory=dict)
    forms: dict[str, FormTemplate] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    letters: dict[str, LetterTemplate] = field(default_factory=dict)
    problems: list[CatalogProblem] = field(default_factory=list)

    def procedure(self, code: str) -> Procedure | None:
        return self.procedures.get(code)

    def forms_of(self, proc: Procedure) -> list[FormTemplate]:
        return [self.forms[f] for f in proc.forms if f in self.forms]

    def in_category(self, category_id: str) -> list[Procedure]:
        cat = next((c for c in self.categories if c.id == category_id), None)
        if cat is None:
            return []
        return sorted((p for p in self.procedures.values() if p.field in cat.fields), key=lambda p: fold(p.short_name))


def _read_yaml(path: Path, root: Path, problems: list[CatalogProblem]):
    rel = str(path.relative_to(root))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(CatalogProblem(rel, "(toàn tệp)", "không phải văn bản UTF-8"))
        return None
    except OSError as e:
        problems.append(CatalogProblem(rel, "(toàn tệp)", f"không đọc được: {e.strerror}"))
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"dòng {mark.line + 1}" if mark else "(toàn tệp)"
        problems.append(CatalogProblem(rel, where, f"lỗi cú pháp YAML: {getattr(e, 'problem', e)}"))
        return None
    if not isinstance(data, dict):
        problems.append(CatalogProblem(rel, "(toàn tệp)", "tệp phải là một nhóm khóa: giá trị"))
        return None
    return data


def _validate(model, data, rel: str, problems: list[CatalogProblem]):
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            problems.append(CatalogProblem(rel, err_path(err), err_reason(err)))
        return None


def _entries(root: Path, folder: str, model, problems: list[CatalogProblem], keyed_by_id: bool = True):
    """(relative path, valid entry) for each YAML file of a folder; problems are recorded."""
    for path in sorted((root / folder).glob("*.yaml")):
        data = _read_yaml(path, root, problems)
        rel = str(path.relative_to(root))
        entry = _validate(model, data, rel, problems) if data is not None else None
        if entry is None:
            continue
        if keyed_by_id and entry.id != path.stem:
            problems.append(CatalogProblem(rel, "id", f"phải trùng tên tệp ('{path.stem}')"))
            continue
        yield rel, entry


_MARKER = re.compile(r"\((\d{1,2})\)")
_NOTE_MARKERS = re.compile(r"^\s*((?:\(\d{1,2}\)\s*)+)")


def _printed_texts(form: FormTemplate) -> list[tuple[str, str]]:
    """(field path, text) of everything a form prints except its footnotes."""
    out = [("title", form.title)]
    if form.addressee:
        out.append(("addressee", f"{form.addressee_marker or ''} {form.addressee}"))
    for i, item in enumerate(form.items):
        where = f"items.{item.key}" if item.key else f"items.{i}"
        out += [(f"{where}.label", item.label or ""), (f"{where}.text", item.text or "")]
    out += [(f"signatures.{i}", s) for i, s in enumerate(form.signatures)]
    out.append(("signature_note", form.signature_note))
    return [(w, t) for w, t in out if t]


def check_footnote_markers(rel: str, form: FormTemplate, problems: list[CatalogProblem]) -> None:
    """Every "(n)" marker printed on the form has its footnote, and every footnote its marker."""
    used: dict[str, str] = {}
    for where, text in _printed_texts(form):
        for n in _MARKER.findall(text):
            used.setdefault(n, where)
    noted: dict[str, int] = {}
    for i, note in enumerate(form.footnotes):
        m = _NOTE_MARKERS.match(note)
        if not m:
            problems.append(CatalogProblem(rel, f"footnotes.{i}", "chú thích phải bắt đầu bằng số của nó, ví dụ “(1)”"))
            continue
        for n in _MARKER.findall(m.group(1)):
            noted.setdefault(n, i)
    for n, where in sorted(used.items(), key=lambda kv: int(kv[0])):
        if n not in noted:
            problems.append(CatalogProblem(rel, where, f"có dấu chú thích ({n}) nhưng không có chú thích ({n}) trong 'footnotes'"))
    for n, i in sorted(noted.items(), key=lambda kv: int(kv[0])):
        if n not in used:
            problems.append(CatalogProblem(rel, f"footnotes.{i}", f"chú thích ({n}) không có dấu ({n}) nào trên mẫu"))


# Papers abolished by Luật Cư trú 2020 (sổ hộ khẩu, from 01/01/2023) and Luật Căn cước 2023 (CMND, from 01/01/2025).
OBSOLETE_TERMS = ("chứng minh nhân dân", "sổ hộ khẩu", "hộ khẩu", "CMND")


def check_obsolete_terms(rel: str, form: FormTemplate, problems: list[CatalogProblem]) -> None:
    """A form printing "CMND" or "hộ khẩu" asks for a paper that no longer exists; refused
    unless the entry lists the term in `allow_terms` with its reason."""
    allowed = {fold(t) for t, why in form.allow_terms.items() if why.strip()}
    for t, why in form.allow_terms.items():
        if not why.strip():
            problems.append(CatalogProblem(rel, f"allow_terms.{t}", "phải ghi lý do giữ thuật ngữ cũ"))
    texts = _printed_texts(form) + [(f"footnotes.{i}", n) for i, n in enumerate(form.footnotes)]
    for where, text in texts:
        low = fold(text)
        for term in OBSOLETE_TERMS:
            pattern = rf"(?<![a-z0-9]){re.escape(fold(term))}(?![a-z0-9])"
            if re.search(pattern, low) and fold(term) not in allowed:
                problems.append(CatalogProblem(rel, where, f"thuật ngữ đã bỏ “{term}”; ghi theo giấy tờ hiện hành "
                                                           "(số định danh cá nhân, nơi cư trú) hoặc khai báo trong 'allow_terms' kèm lý do"))
                break


def load_catalog(root: Path) -> Catalog:
    cat = Catalog()
    problems = cat.problems
    for rel, form in _entries(root, "forms", FormTemplate, problems):
        for item in form.fields:
            if item.required and not item.sample:
                problems.append(CatalogProblem(rel, f"items.{item.key}.sample",
                                               "ô bắt buộc phải có giá trị mẫu"))
        check_footnote_markers(rel, form, problems)
        check_obsolete_terms(rel, form, problems)
        cat.forms[form.id] = form
    for rel, proc in _entries(root, "procedures", Procedure, problems, keyed_by_id=False):
        if proc.code in cat.procedures:
            problems.append(CatalogProblem(rel, "code", f"mã {proc.code} đã có ở tệp khác"))
            continue
        for i, f in enumerate(proc.forms):
            if f not in cat.forms:
                problems.append(CatalogProblem(rel, f"forms.{i}", f"không có biểu mẫu '{f}' trong forms/"))
        cat.procedures[proc.code] = proc
    for _rel, letter in _entries(root, "letters", LetterTemplate, problems):
        cat.letters[letter.id] = letter
    cat_file = root / "categories.yaml"
    if cat_file.exists():
        data = _read_yaml(cat_file, root, problems)
        for i, item in enumerate((data or {}).get("categories", [])):
            c = _validate(Category, item, f"categories.yaml: categories.{i}", problems)
            if c:
                cat.categories.append(c)
    known = {f for c in cat.categories for f in c.fields}
    for p in cat.procedures.values():
        if known and p.field not in known:
            problems.append(CatalogProblem(f"procedures/{p.code}.yaml", "field",
                                           f"lĩnh vực '{p.field}' không thuộc nhóm nào trong categories.yaml"))
    for p in problems:
        log.warning("catalog problem: %s", p)
    return cat
