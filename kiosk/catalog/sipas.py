"""The SIPAS questionnaires as catalog data: forms_catalog/sipas/<id>.yaml, validated with
pydantic (the criteria, grouped by factor, and the words of the five levels).

Apart from kiosk/services/survey.py (answers, the index) so that `catalog check` can
validate the lists without importing the database layer (issue 14: one-shot commands)."""
from __future__ import annotations

import logging
from pathlib import Path

from pydantic import Field, model_validator

from kiosk.catalog.loader import CatalogProblem, _read_yaml, _validate
from kiosk.catalog.schema import _Model

log = logging.getLogger(__name__)

LEVEL_WORDS = {1: "Rất không hài lòng", 2: "Không hài lòng", 3: "Bình thường", 4: "Hài lòng", 5: "Rất hài lòng"}
NO_OPINION = "Không có ý kiến"
SATISFIED_LEVELS = (4, 5)
METHOD_LABEL = "ước tính theo cách tính thông dụng"
METHOD_TEXT = ("Chỉ số " + METHOD_LABEL + ": mỗi tiêu chí = số người chọn “Hài lòng” hoặc “Rất hài lòng” chia "
               "cho số người trả lời tiêu chí đó (không tính “Không có ý kiến”); mỗi yếu tố = trung bình các "
               "tiêu chí; chỉ số chung = trung bình các yếu tố. Chưa đối chiếu được công thức của "
               "Quyết định 1001/QĐ-BNV ngày 11/12/2023.")
MAX_COMMENT = 2000
LOWEST_COUNT = 3


# --- the criteria as data ---------------------------------------------------------------
class Criterion(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9.\-]+$", max_length=20)
    wording: str = Field(min_length=3, max_length=300)
    read_aloud: str = Field(default="", max_length=400)  # empty: the wording is read

    @property
    def speech(self) -> str:
        return self.read_aloud or self.wording


class Factor(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9.\-]+$", max_length=20)
    name: str = Field(min_length=3, max_length=200)
    criteria: list[Criterion] = Field(min_length=1)


class Questionnaire(_Model):
    id: str = Field(pattern=r"^[a-z0-9\-]+$")
    title: str = Field(min_length=3)
    source: str = ""
    notes: str = ""
    factors: list[Factor] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self):
        for what, codes in (("yếu tố", [f.code for f in self.factors]),
                            ("tiêu chí", [c.code for f in self.factors for c in f.criteria])):
            dup = sorted({c for c in codes if codes.count(c) > 1})
            if dup:
                raise ValueError(f"mã {what} bị trùng: {', '.join(dup)}")
        return self

    @property
    def items(self) -> list[tuple[Factor, Criterion]]:
        """Every criterion with its factor, in the order they are asked."""
        return [(f, c) for f in self.factors for c in f.criteria]

    def factor_of(self, criterion_code: str) -> Factor | None:
        return next((f for f, c in self.items if c.code == criterion_code), None)


def load_questionnaire(catalog_dir: Path, questionnaire_id: str,
                       problems: list[CatalogProblem] | None = None) -> Questionnaire | None:
    """forms_catalog/sipas/<id>.yaml, validated; None (and a problem recorded) if unusable."""
    problems = problems if problems is not None else []
    root = Path(catalog_dir)
    path = root / "sipas" / f"{questionnaire_id}.yaml"
    rel = str(path.relative_to(root))
    if not path.is_file():
        problems.append(CatalogProblem(rel, "(toàn tệp)", "không có tệp này (xem mục sipas_questionnaire "
                                                          "trong config.toml)"))
        return None
    data = _read_yaml(path, root, problems)
    q = _validate(Questionnaire, data, rel, problems) if data is not None else None
    if q is not None and q.id != questionnaire_id:
        problems.append(CatalogProblem(rel, "id", f"phải trùng tên tệp ('{questionnaire_id}')"))
        q = None
    for p in problems:
        log.warning("sipas questionnaire problem: %s", p)
    return q


def check_questionnaires(catalog_dir: Path, problems: list[CatalogProblem], configured: str | None = None) -> int:
    """Validate every forms_catalog/sipas/*.yaml (for `catalog check`), and that the list
    config.toml's `sipas_questionnaire` names exists; returns how many are valid."""
    stems = sorted(path.stem for path in (Path(catalog_dir) / "sipas").glob("*.yaml"))
    if configured and configured not in stems:
        load_questionnaire(catalog_dir, configured, problems)  # records "không có tệp này"
    return sum(load_questionnaire(catalog_dir, stem, problems) is not None for stem in stems)


def missing_list_message(questionnaire_id: str) -> str:
    """Why a report has no SIPAS part (config.toml names a list that is missing or invalid)."""
    return (f"Chú ý: báo cáo không có phần chỉ số SIPAS vì danh sách tiêu chí “{questionnaire_id}” "
            f"(mục sipas_questionnaire trong config.toml) không có hoặc bị lỗi trong forms_catalog/sipas/. "
            "Chạy “main.py catalog check” để xem lỗi.")
