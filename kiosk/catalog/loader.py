"""Loads forms_catalog/: one YAML file per curated procedure, per form template, per
letter and per referral; the official entries of the national list in national/*.json.

A bad file or entry is reported with its path, field path and reason; the rest of the
catalog still loads (the kiosk starts without the broken entries and the counter shows
`Catalog.warning`). `Catalog.problems` lists everything that was skipped. A curated file
wins over the national list's entry with the same code.

`load_catalog(root, cache_dir)` keeps the validated catalog and its search index in a
pickle under cache_dir, used again while no catalog file (nor the schema, loader or search
code) changed size or modification time. The cache lives in the data dir (owner-only): a
pickle is only ever read from there.
"""
from __future__ import annotations

import gc
import hashlib
import importlib.util
import json
import logging
import os
import pickle
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kiosk.catalog.schema import FormTemplate, LetterTemplate, Procedure, Referral
from kiosk.catalog.search import SearchIndex, SearchWords, fast_fold
from kiosk.schema_errors import path as err_path, reason as err_reason
from kiosk.text import fold

log = logging.getLogger(__name__)


class Category(BaseModel):
    """A big pictured button on the lobby home: one lĩnh vực (field) or several."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str
    icon: str  # file name in resources/icons
    fields: list[str] = Field(default_factory=list)  # Procedure.field values shown under it
    description: str = ""
    other: bool = False  # "Thủ tục khác": every field no other tile lists


class SynonymsFile(BaseModel):
    """forms_catalog/synonyms.yaml: citizens' words for search."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    phrases: dict[str, str] = Field(default_factory=dict)  # colloquial phrase -> official words
    entries: dict[str, list[str]] = Field(default_factory=dict)  # code or referral id -> colloquial names
    ignore: list[str] = Field(default_factory=list)  # words with no meaning in a query


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
    referrals: dict[str, Referral] = field(default_factory=dict)
    search_words: SearchWords = field(default_factory=SearchWords)
    problems: list[CatalogProblem] = field(default_factory=list)
    _index: SearchIndex | None = field(default=None, repr=False, compare=False)
    _by_category: dict[str, list[Procedure]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def search_index(self) -> SearchIndex:
        """The search index over `entries()`, built once (and kept in the compiled cache)."""
        if self._index is None:
            self._index = SearchIndex(self.entries(), self.search_words)
        return self._index

    def procedure(self, code: str) -> Procedure | None:
        return self.procedures.get(code)

    def entry(self, code: str) -> Procedure | Referral | None:
        """A procedure (curated or official) or a referral, by code or referral id."""
        return self.procedures.get(code) or self.referrals.get(code)

    def entries(self) -> list[Procedure | Referral]:
        """Everything search covers: procedures, then referrals."""
        return [*self.procedures.values(), *self.referrals.values()]

    def forms_of(self, proc: Procedure) -> list[FormTemplate]:
        return [self.forms[f] for f in getattr(proc, "forms", ()) if f in self.forms]

    def category_of_field(self, field_name: str) -> Category | None:
        listed = next((c for c in self.categories if field_name in c.fields), None)
        return listed or next((c for c in self.categories if c.other), None)

    def in_category(self, category_id: str) -> list[Procedure]:
        """Its procedures, curated ones (with a plain-words guide) first, then by name."""
        if category_id not in self._by_category:  # the home screen asks for every tile at each start
            cat = next((c for c in self.categories if c.id == category_id), None)
            if cat is None:
                return []
            listed = {f for c in self.categories for f in c.fields}
            procs = (p for p in self.procedures.values()
                     if p.field in cat.fields or (cat.other and p.field not in listed))
            self._by_category[category_id] = sorted(procs, key=lambda p: (not p.has_guide, fast_fold(p.short_name)))
        return list(self._by_category[category_id])

    @property
    def warning(self) -> str:
        """For the counter: what was left out of the catalog, in Vietnamese ('' when nothing)."""
        if not self.problems:
            return ""
        files = sorted({p.path.split(":")[0] for p in self.problems})
        first = self.problems[0]
        return (f"Danh mục thủ tục có {len(self.problems)} lỗi ở {len(files)} tệp ({', '.join(files[:3])}"
                f"{', …' if len(files) > 3 else ''}); các mục lỗi không được hiển thị. Lỗi đầu tiên: {first}. "
                "Chạy “main.py catalog check” để xem hết.")


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
    import yaml  # only when a file is read: a current compiled cache needs no YAML (issue 14)
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: about 10x faster
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


def _national_entries(root: Path, problems: list[CatalogProblem]):
    """(relative path, official procedure) of national/*.json, written by the converter. Equal
    documents and channels (provinces publish the same procedure) become one shared object."""
    shared: dict = {}
    for rel, proc in _national_files(root, problems):
        for name in ("required_documents", "channels"):
            object.__setattr__(proc, name, [shared.setdefault(x, x) for x in getattr(proc, name)])
        yield rel, proc


def _national_files(root: Path, problems: list[CatalogProblem]):
    for path in sorted((root / "national").glob("*.json")):
        rel = str(path.relative_to(root))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            problems.append(CatalogProblem(rel, "(toàn tệp)", "không phải văn bản UTF-8"))
            continue
        except json.JSONDecodeError as e:
            problems.append(CatalogProblem(rel, f"dòng {e.lineno}", f"lỗi cú pháp JSON: {e.msg}"))
            continue
        except OSError as e:
            problems.append(CatalogProblem(rel, "(toàn tệp)", f"không đọc được: {e.strerror}"))
            continue
        items = data.get("procedures") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.append(CatalogProblem(rel, "procedures", "phải là một danh sách thủ tục"))
            continue
        for i, item in enumerate(items):
            code = item.get("code", "?") if isinstance(item, dict) else "?"
            entry_problems: list[CatalogProblem] = []
            proc = _validate(Procedure, item, rel, entry_problems)
            for p in entry_problems:
                problems.append(CatalogProblem(rel, f"procedures.{i} ({code}).{p.field}", p.reason))
            if proc is not None:
                yield rel, proc


def load_catalog(root: Path, cache_dir: Path | None = None) -> Catalog:
    """The catalog under `root`; with `cache_dir`, from the compiled cache when it is current."""
    root = Path(root)
    if cache_dir is None:
        return _load(root)
    key = _fingerprint(root)
    cache = Path(cache_dir) / f"catalog-{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]}.pickle"
    try:
        with open(cache, "rb") as f, _no_gc():  # thousands of small objects: the collector only slows it
            stored_key, cat = pickle.load(f)
        if stored_key == key and isinstance(cat, Catalog):
            for p in cat.problems:
                log.warning("catalog problem: %s", p)
            return cat
    except FileNotFoundError:
        pass
    except Exception as e:  # a damaged or outdated cache is rebuilt, never trusted
        log.info("catalog cache %s not used: %s", cache, e)
    cat = _load(root)
    cat.search_index  # noqa: B018  (built now so that the cache holds it, with the tiles' lists)
    for c in cat.categories:
        cat.in_category(c.id)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _sweep_dead_tmp(cache)
        with open(tmp, "wb") as f:
            pickle.dump((key, cat), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError as e:
        log.warning("catalog cache not written to %s: %s", cache, e.strerror)
    finally:
        tmp.unlink(missing_ok=True)  # a full disk must not keep a half-written cache
    return cat


def _sweep_dead_tmp(cache: Path) -> None:
    """Remove `<cache>.PID.tmp` files of processes that were killed while writing the cache."""
    for f in cache.parent.glob(cache.stem + ".*.tmp"):
        pid = f.name[len(cache.stem) + 1:-len(".tmp")]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            f.unlink(missing_ok=True)
        except OSError:
            pass


@contextmanager
def _no_gc():
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_CATALOG_PARTS = ("procedures/*.yaml", "forms/*.yaml", "letters/*.yaml", "referrals/*.yaml", "national/*.json",
                  "categories.yaml", "synonyms.yaml")


def _fingerprint(root: Path) -> str:
    """Changes when a catalog file is added, removed, or changes size or modification time,
    and when the code that validates them (schema, loader) or the library versions change."""
    import pydantic
    yaml_code = Path(importlib.util.find_spec("yaml").origin)  # its version without importing it
    h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}".encode())
    here = Path(__file__).parent
    code = [here / "loader.py", here / "schema.py", here / "search.py", here.parent / "text.py",  # fold() shapes the index
            here.parent / "schema_errors.py", yaml_code, yaml_code.with_name("cyaml.py")]
    files = [(str(p.relative_to(root)), p) for part in _CATALOG_PARTS for p in sorted(root.glob(part))]
    for name, p in [(str(c), c) for c in code] + files:
        try:
            st = p.stat()
            h.update(f"{name}|{st.st_size}|{st.st_mtime_ns}|{st.st_ino}\n".encode())
        except OSError:
            h.update(f"{name}|missing\n".encode())
    return h.hexdigest()


def _load(root: Path) -> Catalog:
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
    curated = set(cat.procedures)
    for rel, proc in _national_entries(root, problems):
        if proc.code in curated:
            continue  # the curated file wins; the next refresh of national/ drops this entry
        if proc.code in cat.procedures:
            problems.append(CatalogProblem(rel, "code", f"mã {proc.code} đã có ở tệp khác"))
            continue
        cat.procedures[proc.code] = proc
    for _rel, letter in _entries(root, "letters", LetterTemplate, problems):
        cat.letters[letter.id] = letter
    for _rel, ref in _entries(root, "referrals", Referral, problems):
        cat.referrals[ref.id] = ref
    syn_file = root / "synonyms.yaml"
    if syn_file.exists():
        data = _read_yaml(syn_file, root, problems)
        words = _validate(SynonymsFile, data, "synonyms.yaml", problems) if data is not None else None
        if words is not None:
            for code in words.entries:
                if cat.entry(code) is None:
                    problems.append(CatalogProblem("synonyms.yaml", f"entries.{code}",
                                                   "không có thủ tục hay mục chỉ dẫn có mã này"))
            cat.search_words = SearchWords(dict(words.phrases), {k: list(v) for k, v in words.entries.items()},
                                           list(words.ignore))
    cat_file = root / "categories.yaml"
    if cat_file.exists():
        data = _read_yaml(cat_file, root, problems)
        items = (data or {}).get("categories", [])
        if not isinstance(items, list):  # `categories: 5`, or emptied: the lobby starts without tiles, told why
            problems.append(CatalogProblem("categories.yaml", "categories", "phải là một danh sách các nhóm"))
            items = []
        for i, item in enumerate(items):
            c = _validate(Category, item, f"categories.yaml: categories.{i}", problems)
            if c:
                cat.categories.append(c)
    if not root.is_dir():  # a typo in KIOSK_CATALOG_DIR: told at the counter, not an empty lobby
        problems.append(CatalogProblem(str(root), "(thư mục)", "không có thư mục danh mục này (xem KIOSK_CATALOG_DIR)"))
    elif not cat.procedures and not (root / "procedures").is_dir() and not (root / "national").is_dir():
        problems.append(CatalogProblem(str(root), "(thư mục)", "không có thủ tục nào (thiếu procedures/ và national/; "
                                                             "xem KIOSK_CATALOG_DIR)"))
    known = {f for c in cat.categories for f in c.fields}
    if not any(c.other for c in cat.categories):
        for p in cat.procedures.values():
            if known and p.field not in known:
                where = f"procedures/{p.code}.yaml" if p.tier == "curated" else "national"
                problems.append(CatalogProblem(where, "field",
                                               f"lĩnh vực '{p.field}' không thuộc nhóm nào trong categories.yaml"))
    for p in problems:
        log.warning("catalog problem: %s", p)
    return cat
