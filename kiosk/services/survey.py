"""The SIPAS survey at the lobby and the commune's satisfaction index by factor.

Glossary: SIPAS = Chỉ số hài lòng về sự phục vụ hành chính; yếu tố = Factor;
tiêu chí = Criterion; phiếu = Questionnaire; "Không có ý kiến" = no opinion (level None).

The criteria are data: forms_catalog/sipas/<id>.yaml, validated with pydantic at load;
config.toml's `sipas_questionnaire` chooses the list (commune-21 or national-19).

Answers are anonymous and saved one by one as they are given (one row per criterion in
sipas_answer, grouped by a sipas_response), so stopping, an idle reset or a crash keeps
every answer already given. A response is tied only to the procedure's field and the
dossier code when the citizen came from a service.

The index (`SurveyService.index`):
- per criterion: share of levels 4 (Hài lòng) and 5 (Rất hài lòng) among those who
  answered it with a level; "Không có ý kiến" counts in neither numerator nor denominator;
- per factor: the mean of its criteria's indices;
- overall: the mean of the factors' indices;
- respondents are counted with every figure.
The method in force is Quyết định 1001/QĐ-BNV of 11/12/2023 (Bộ Nội vụ, "Phương pháp Đo lường
sự hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước giai đoạn
2023 - 2026"). Its formula section could not be read (only the opening of the text was
found; see README "SIPAS survey"), so the figures follow the usual published description
and are labelled METHOD_LABEL until the formula is checked.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import SipasAnswer, SipasResponse
from kiosk.errors import NotFoundError, ValidationError
from kiosk.text import nfc

log = logging.getLogger(__name__)

from kiosk.catalog.sipas import (  # noqa: F401 (re-exported: the lobby, the office, tests)
    LEVEL_WORDS, LOWEST_COUNT, MAX_COMMENT, METHOD_LABEL, METHOD_TEXT, NO_OPINION, SATISFIED_LEVELS, Criterion,
    Factor, Questionnaire, check_questionnaires, load_questionnaire, missing_list_message)


# --- figures ----------------------------------------------------------------------------
def _mean(values) -> float | None:
    vals = [v for v in values if v is not None]
    return mean(vals) if vals else None


def _r(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


@dataclass(frozen=True)
class CriterionFigure:
    factor: str
    code: str
    wording: str
    answered: int  # gave a level 1..5
    satisfied: int  # level 4 or 5
    no_opinion: int
    by_level: dict[int, int]

    @property
    def index(self) -> float | None:
        return 100 * self.satisfied / self.answered if self.answered else None

    def to_json(self) -> dict:
        return {"code": self.code, "factor": self.factor, "wording": self.wording, "index": _r(self.index),
                "respondents": self.answered, "satisfied": self.satisfied, "no_opinion": self.no_opinion,
                "by_level": {str(k): v for k, v in self.by_level.items()}}


@dataclass(frozen=True)
class FactorFigure:
    code: str
    name: str
    respondents: int  # responses with at least one level given in this factor
    criteria: list[CriterionFigure]

    @property
    def index(self) -> float | None:
        return _mean(c.index for c in self.criteria)

    def to_json(self) -> dict:
        return {"code": self.code, "name": self.name, "index": _r(self.index), "respondents": self.respondents,
                "criteria": [c.to_json() for c in self.criteria]}


@dataclass(frozen=True)
class SipasIndex:
    questionnaire: str
    start: datetime
    end: datetime  # exclusive
    respondents: int  # responses with at least one level given
    responses: int  # responses with at least one answer, "Không có ý kiến" included
    factors: list[FactorFigure]

    @property
    def index(self) -> float | None:
        return _mean(f.index for f in self.factors)

    @property
    def criteria(self) -> list[CriterionFigure]:
        return [c for f in self.factors for c in f.criteria]

    def lowest(self, n: int = LOWEST_COUNT) -> list[CriterionFigure]:
        """The n criteria with the lowest index (criteria nobody rated are left out)."""
        rated = [c for c in self.criteria if c.index is not None]
        return sorted(rated, key=lambda c: (c.index, c.code))[:n]

    def factor(self, code: str) -> FactorFigure | None:
        return next((f for f in self.factors if f.code == code), None)


@dataclass(frozen=True)
class CommentInfo:
    at: datetime
    text: str
    procedure_field: str | None


def previous_period(start: date, end: date, kind: str = "") -> tuple[date, date]:
    """The period of the same length just before [start, end): the previous calendar
    month / quarter / 9 months / year for those kinds, otherwise the same number of days."""
    if kind in ("month", "quarter", "nine-months", "year"):
        months = {"month": 1, "quarter": 3, "nine-months": 9, "year": 12}[kind]
        y, m = divmod(start.year * 12 + start.month - 1 - months, 12)
        return date(y, m + 1, 1), start
    return start - (end - start), start


# --- the service ------------------------------------------------------------------------
class SurveyService:
    def __init__(self, session_factory: sessionmaker[Session], questionnaire: Questionnaire | None,
                 clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self.questionnaire = questionnaire
        self._now = clock

    @property
    def available(self) -> bool:
        return self.questionnaire is not None

    def _require(self) -> Questionnaire:
        if self.questionnaire is None:
            raise NotFoundError("Chưa có danh sách tiêu chí khảo sát hợp lệ (forms_catalog/sipas).")
        return self.questionnaire

    def start(self, procedure_field: str | None = None, dossier_code: str | None = None) -> int:
        """A new anonymous response; returns its id. Commits."""
        q = self._require()
        now = self._now()
        with self._sf.begin() as s:
            r = SipasResponse(questionnaire=q.id, started_at=now, updated_at=now,
                              procedure_field=(nfc(procedure_field) or None) and nfc(procedure_field)[:100],
                              dossier_code=(nfc(dossier_code) or None) and nfc(dossier_code)[:40])
            s.add(r)
            s.flush()
            return r.id

    def answer(self, response_id: int, criterion_code: str, level: int | None) -> None:
        """Save one answer at once (level 1..5, None = "Không có ý kiến"); answering the same
        criterion again (after Back) replaces it. Commits."""
        q = self._require()
        if q.factor_of(criterion_code) is None:
            raise ValidationError("criterion", f"Không có tiêu chí “{criterion_code}” trong phiếu khảo sát.")
        if level is not None and level not in LEVEL_WORDS:
            raise ValidationError("level", "Mức đánh giá phải từ 1 đến 5.")
        now = self._now()
        with self._sf.begin() as s:
            r = self._get(s, response_id)
            a = s.scalars(select(SipasAnswer).where(SipasAnswer.response_id == r.id,
                                                    SipasAnswer.criterion == criterion_code)).one_or_none()
            if a is None:
                s.add(SipasAnswer(response_id=r.id, criterion=criterion_code, level=level, answered_at=now))
            else:
                a.level, a.answered_at = level, now
            r.updated_at = now

    def comment(self, response_id: int, text: str) -> None:
        """The citizen's free-text comment at the end (optional). Commits."""
        text = nfc(text)
        if len(text) > MAX_COMMENT:
            raise ValidationError("comment", f"Ý kiến quá dài (tối đa {MAX_COMMENT} ký tự).")
        with self._sf.begin() as s:
            r = self._get(s, response_id)
            r.comment, r.updated_at = text or None, self._now()

    def answers(self, response_id: int) -> dict[str, int | None]:
        """criterion code -> level (None = no opinion) already given in a response."""
        with self._sf() as s:
            return {a.criterion: a.level for a in
                    s.scalars(select(SipasAnswer).where(SipasAnswer.response_id == response_id))}

    def index(self, start: datetime, end: datetime) -> SipasIndex:
        """Figures of the responses started in [start, end) for the questionnaire in use."""
        q = self._require()
        with self._sf() as s:
            rows = s.execute(select(SipasAnswer.response_id, SipasAnswer.criterion, SipasAnswer.level)
                             .join(SipasResponse, SipasResponse.id == SipasAnswer.response_id)
                             .where(SipasResponse.questionnaire == q.id, SipasResponse.started_at >= start,
                                    SipasResponse.started_at < end)).all()
        by_crit: dict[str, list[tuple[int, int | None]]] = {}
        for rid, crit, level in rows:
            by_crit.setdefault(crit, []).append((rid, level))
        factors = []
        for f in q.factors:
            figures, rated = [], set()
            for c in f.criteria:
                got = by_crit.get(c.code, [])
                levels = [lv for _, lv in got if lv is not None]
                rated |= {rid for rid, lv in got if lv is not None}
                figures.append(CriterionFigure(
                    f.code, c.code, c.wording, answered=len(levels),
                    satisfied=sum(1 for lv in levels if lv in SATISFIED_LEVELS),
                    no_opinion=sum(1 for _, lv in got if lv is None),
                    by_level={k: levels.count(k) for k in LEVEL_WORDS}))
            factors.append(FactorFigure(f.code, f.name, len(rated), figures))
        known = {c.code for _, c in q.items}
        respondents = len({rid for rid, crit, lv in rows if lv is not None and crit in known})
        responses = len({rid for rid, crit, _ in rows if crit in known})
        return SipasIndex(q.id, start, end, respondents, responses, factors)

    def comments(self, start: datetime, end: datetime) -> list[CommentInfo]:
        with self._sf() as s:
            rs = s.scalars(select(SipasResponse).where(SipasResponse.comment.is_not(None),
                                                       SipasResponse.started_at >= start,
                                                       SipasResponse.started_at < end)
                           .order_by(SipasResponse.started_at))
            return [CommentInfo(r.started_at, r.comment, r.procedure_field) for r in rs]

    def section(self, start: date, end: date, kind: str = "") -> dict | None:
        """The report's SIPAS section for [start, end) with the change from the previous
        period of the same length; None when no questionnaire is configured."""
        if self.questionnaire is None:
            return None
        q = self.questionnaire
        dt = lambda d: datetime.combine(d, datetime.min.time())  # noqa: E731
        cur = self.index(dt(start), dt(end))
        p_start, p_end = previous_period(start, end, kind)
        prev = self.index(dt(p_start), dt(p_end))
        delta = lambda a, b: None if a is None or b is None else a - b  # noqa: E731
        return {
            "questionnaire": q.id,
            "title": q.title,
            "label": METHOD_LABEL,
            "method": METHOD_TEXT,
            "respondents": cur.respondents,
            "responses": cur.responses,
            "index": _r(cur.index),
            "factors": [f.to_json() for f in cur.factors],
            "lowest": [c.to_json() for c in cur.lowest()],
            "previous": {"start": p_start.isoformat(), "end": (p_end - timedelta(days=1)).isoformat(),
                         "respondents": prev.respondents, "index": _r(prev.index),
                         "factors": {f.code: {"index": _r(f.index), "respondents": f.respondents}
                                     for f in prev.factors}},
            "change": {"index": _r(delta(cur.index, prev.index)),
                       "factors": {f.code: _r(delta(f.index, prev.factor(f.code).index)) for f in cur.factors}},
            "comments": len(self.comments(dt(start), dt(end))),
        }

    @staticmethod
    def _get(s: Session, response_id: int) -> SipasResponse:
        r = s.get(SipasResponse, response_id)
        if r is None:
            raise NotFoundError("Không tìm thấy phiếu khảo sát.")
        return r
