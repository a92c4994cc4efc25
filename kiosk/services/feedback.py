"""Satisfaction ratings (đánh giá hài lòng) and citizen feedback (góp ý, kiến nghị).

Ratings follow the iQMS pattern: one tap on five faces; reasons are asked
only at a low score. Feedback moves new -> assigned -> answered and is
exported for the chairman's dialogue session.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import Feedback, SurveyResponse
from kiosk.errors import NotFoundError, ValidationError
from kiosk.services.audit import add_event
from kiosk.text import nfc

SCORE_WORDS = {1: "Rất không hài lòng", 2: "Không hài lòng", 3: "Bình thường", 4: "Hài lòng", 5: "Rất hài lòng"}
LOW_SCORE = 3  # at or below: ask why
LOW_SCORE_REASONS = ["Phải chờ lâu", "Cán bộ chưa nhiệt tình", "Hướng dẫn khó hiểu", "Phải đi lại nhiều lần",
                     "Giấy tờ phức tạp", "Máy, màn hình khó dùng"]
FEEDBACK_TOPICS = ["Thái độ phục vụ", "Thời gian giải quyết", "Thủ tục, giấy tờ", "Cơ sở vật chất, chỗ ngồi chờ",
                   "Nộp hồ sơ trực tuyến", "Đường sá, điện, nước trong xã", "Khác"]
STATUS_WORDS = {"new": "Mới", "assigned": "Đã giao xử lý", "answered": "Đã trả lời"}
MAX_TEXT = 2000


@dataclass(frozen=True)
class RatingInfo:
    id: int
    score: int
    reasons: list[str]
    created_at: datetime


@dataclass(frozen=True)
class FeedbackInfo:
    id: int
    created_at: datetime
    topic: str
    text: str
    contact: str | None
    status: str
    department: str | None
    answer: str | None
    answered_at: datetime | None

    @property
    def status_text(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


def _fb(f: Feedback) -> FeedbackInfo:
    return FeedbackInfo(f.id, f.created_at, f.topic, f.text, f.contact, f.status, f.department, f.answer,
                        f.answered_at)


class FeedbackService:
    def __init__(self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self._now = clock

    # --- ratings -------------------------------------------------------------------
    def rate(self, score: int, reasons: list[str] | None = None, dossier_code: str | None = None,
             counter: str | None = None) -> RatingInfo:
        if score not in SCORE_WORDS:
            raise ValidationError("score", "Mức đánh giá phải từ 1 đến 5.")
        reasons = [nfc(r) for r in (reasons or []) if nfc(r)] if score <= LOW_SCORE else []
        with self._sf.begin() as s:
            r = SurveyResponse(created_at=self._now(), score=score, reasons="; ".join(reasons) or None,
                               dossier_code=nfc(dossier_code) or None, counter=counter)
            s.add(r)
            s.flush()
            return RatingInfo(r.id, r.score, reasons, r.created_at)

    def add_reasons(self, rating_id: int, reasons: list[str]) -> None:
        """Reasons chosen after a low score (a second tap; the score is already saved)."""
        with self._sf.begin() as s:
            r = s.get(SurveyResponse, rating_id)
            if r is None:
                raise NotFoundError("Không tìm thấy lượt đánh giá.")
            r.reasons = "; ".join(nfc(x) for x in reasons if nfc(x)) or None

    # --- feedback -------------------------------------------------------------------
    def submit(self, topic: str, text: str, contact: str | None = None) -> FeedbackInfo:
        topic, text, contact = nfc(topic), nfc(text), nfc(contact) or None
        if not topic:
            raise ValidationError("topic", "Hãy chọn một chủ đề góp ý.")
        if not text:
            raise ValidationError("text", "Hãy viết nội dung góp ý.")
        if len(text) > MAX_TEXT:
            raise ValidationError("text", f"Nội dung góp ý quá dài (tối đa {MAX_TEXT} ký tự).")
        if contact and len(contact) > 200:
            raise ValidationError("contact", "Thông tin liên hệ quá dài.")
        with self._sf.begin() as s:
            f = Feedback(created_at=self._now(), topic=topic[:200], text=text, contact=contact, status="new")
            s.add(f)
            s.flush()
            return _fb(f)

    def list(self, status: str | None = None) -> list[FeedbackInfo]:
        with self._sf() as s:
            q = select(Feedback).order_by(Feedback.id.desc())
            if status:
                q = q.where(Feedback.status == status)
            return [_fb(f) for f in s.scalars(q)]

    def assign(self, feedback_id: int, department: str, clerk_id: int | None = None) -> FeedbackInfo:
        department = nfc(department)
        if not department:
            raise ValidationError("department", "Hãy ghi bộ phận được giao xử lý.")
        with self._sf.begin() as s:
            f = self._get(s, feedback_id)
            f.department, f.status = department, "assigned" if f.status == "new" else f.status
            add_event(s, "feedback-assign", clerk_id, f"#{f.id} -> {department}")
            return _fb(f)

    def answer(self, feedback_id: int, answer: str, clerk_id: int | None = None) -> FeedbackInfo:
        answer = nfc(answer)
        if not answer:
            raise ValidationError("answer", "Hãy viết nội dung trả lời.")
        with self._sf.begin() as s:
            f = self._get(s, feedback_id)
            f.answer, f.status, f.answered_at = answer, "answered", self._now()
            add_event(s, "feedback-answer", clerk_id, f"#{f.id}")
            return _fb(f)

    @staticmethod
    def _get(s: Session, feedback_id: int) -> Feedback:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFoundError(f"Không có góp ý số {feedback_id}.")
        return f
