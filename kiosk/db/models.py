"""SQLAlchemy 2 typed models for the domain of DESIGN.md §3.

Glossary: hồ sơ = Dossier; phiếu hỗ trợ = AssistanceTicket; góp ý = Feedback;
thư = Letter; cán bộ = Clerk.
Personal data (names, ID numbers, phones, addresses) lives only in Applicant,
FilledForm values and Feedback.contact, so a purge can blank it in one place.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Clerk(Base):
    __tablename__ = "clerk"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="clerk")  # clerk | head | admin
    pin_hash: Mapped[str] = mapped_column(String(200))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # locks in a row (5 min, 15 min, 1 h, then until a head unlocks) and wrong PINs since the
    # last good one, shown to the office (revision 0007)
    lock_level: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failures_since_login: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Applicant(Base):
    __tablename__ = "applicant"
    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str | None] = mapped_column(String(100))
    date_of_birth: Mapped[str | None] = mapped_column(String(10))
    sex: Mapped[str | None] = mapped_column(String(10))
    cccd: Mapped[str | None] = mapped_column(String(12), index=True)
    phone: Mapped[str | None] = mapped_column(String(15))
    address: Mapped[str | None] = mapped_column(Text)
    village: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    purged: Mapped[bool] = mapped_column(Boolean, default=False)
    # kiosk.text.fold(full_name): accent-free search by name (revision 0002)
    name_folded: Mapped[str | None] = mapped_column(String(100), index=True)
    # the card's issue date (dd/mm/yyyy) from its QR: builds the "Giấy tờ tùy thân" line of a
    # known applicant; card type and issuer follow from it (revision 0010)
    cccd_issue_date: Mapped[str | None] = mapped_column(String(10))


class DossierSequence(Base):
    """Last sequence number used per unit and day: makes codes unique across counters."""
    __tablename__ = "dossier_sequence"
    unit_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Dossier(Base):
    __tablename__ = "dossier"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(20), index=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"))
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    received_by: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    channel: Mapped[str] = mapped_column(String(20), default="direct")  # direct | online | post
    proxy_written: Mapped[bool] = mapped_column(Boolean, default=False)
    guided_online: Mapped[bool] = mapped_column(Boolean, default=False)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_at: Mapped[datetime | None] = mapped_column(DateTime)
    returned_via: Mapped[str | None] = mapped_column(String(20))  # counter | village-head | post | online
    returned_village: Mapped[str | None] = mapped_column(String(100))
    new_due_date: Mapped[date | None] = mapped_column(Date)  # set when an apology slip gave a new date
    supplement_requested_at: Mapped[datetime | None] = mapped_column(DateTime)  # kept after the supplement came
    note: Mapped[str | None] = mapped_column(Text)
    # papers handed in, as recorded at the counter: [{"name", "originals", "copies", "kind"}]
    documents_json: Mapped[str | None] = mapped_column(Text)
    # how the citizen chose to get the result, at receipt (counter | village-head | post | online)
    planned_return_via: Mapped[str | None] = mapped_column(String(20))
    planned_return_village: Mapped[str | None] = mapped_column(String(100))
    # the procedure as it was at receipt (name, processing days, documents): later catalog
    # edits never change an existing dossier
    procedure_snapshot_json: Mapped[str | None] = mapped_column(Text)
    # number in the "Sổ theo dõi hồ sơ" (Mẫu 07, TT 03/2025), counted per year
    register_year: Mapped[int | None] = mapped_column(Integer)
    register_no: Mapped[int | None] = mapped_column(Integer)
    # what the receipt printed, so a reprint is the same paper
    receipt_snapshot_json: Mapped[str | None] = mapped_column(Text)
    applicant: Mapped[Applicant | None] = relationship()


class FilledForm(Base):
    """Values a clerk typed for a form (a draft while `dossier_id` is empty)."""
    __tablename__ = "filled_form"
    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[str] = mapped_column(String(60))
    procedure_code: Mapped[str] = mapped_column(String(20))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    values_json: Mapped[str] = mapped_column(Text, default="{}")
    is_draft: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class DossierEvent(Base):
    """History of a dossier: each status change with its details as JSON (the missing
    items of a supplement request, a refusal reason, a postponement's new date and reason),
    so the one-stop slips can be reprinted identically (revision 0002)."""
    __tablename__ = "dossier_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    # received | needs-supplement | supplemented | refused | resolved | returned | postponed
    kind: Mapped[str] = mapped_column(String(30))
    detail_json: Mapped[str] = mapped_column(Text, default="{}")


class PrintJob(Base):
    __tablename__ = "print_job"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # form | sample | receipt | slip | ticket | report | letter
    title: Mapped[str] = mapped_column(String(200))
    payload_path: Mapped[str] = mapped_column(Text)
    printer: Mapped[str] = mapped_column(String(100))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending | printing | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(Text)  # a CUPS job id or the folder printer's file path
    # the PDF itself: a retry on any PC prints exactly this job's paper (revision 0007)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    claimed_by: Mapped[str | None] = mapped_column(String(120))  # "host:pid:boot" while sending
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AssistanceTicket(Base):
    __tablename__ = "assistance_ticket"
    __table_args__ = (UniqueConstraint("day", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    number: Mapped[int] = mapped_column(Integer)
    procedure_code: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    # normal | elderly | disabled | pregnant (kiosk.services.tickets.TICKET_KINDS)
    kind: Mapped[str] = mapped_column(String(20), default="normal", server_default="normal")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    called_at: Mapped[datetime | None] = mapped_column(DateTime)
    served_at: Mapped[datetime | None] = mapped_column(DateTime)
    counter: Mapped[str | None] = mapped_column(String(20))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))


class SurveyResponse(Base):
    __tablename__ = "survey_response"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    score: Mapped[int] = mapped_column(Integer)  # 1..5
    reasons: Mapped[str | None] = mapped_column(Text)
    dossier_code: Mapped[str | None] = mapped_column(String(40))
    counter: Mapped[str | None] = mapped_column(String(20))


class SipasResponse(Base):
    """One citizen's SIPAS survey (revision 0008_survey): anonymous; tied only to the
    procedure's field and the dossier code when the citizen came from a service."""
    __tablename__ = "sipas_response"
    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire: Mapped[str] = mapped_column(String(40))  # forms_catalog/sipas/<id>.yaml
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    procedure_field: Mapped[str | None] = mapped_column(String(100))
    dossier_code: Mapped[str | None] = mapped_column(String(40))
    comment: Mapped[str | None] = mapped_column(Text)  # free text for the dialogue session


class SipasAnswer(Base):
    """One criterion answered: level 1..5, or NULL for "Không có ý kiến"."""
    __tablename__ = "sipas_answer"
    __table_args__ = (UniqueConstraint("response_id", "criterion"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("sipas_response.id"), index=True)
    criterion: Mapped[str] = mapped_column(String(20))
    level: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime] = mapped_column(DateTime)


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    topic: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="new")  # new | assigned | answered
    department: Mapped[str | None] = mapped_column(String(100))
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)


class Letter(Base):
    __tablename__ = "letter"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # congratulation | condolence | apology
    recipient_name: Mapped[str | None] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReportNote(Base):
    """The head's assessment (II. Đánh giá) and recommendations (III. Kiến nghị) for the
    report of one period, kept so a reprint says the same."""
    __tablename__ = "report_note"
    __table_args__ = (UniqueConstraint("period_key", name="uq_report_note_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    period_key: Mapped[str] = mapped_column(String(20))
    assessment: Mapped[str] = mapped_column(Text, default="", server_default="")
    recommendations: Mapped[str] = mapped_column(Text, default="", server_default="")
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_at", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))
    action: Mapped[str] = mapped_column(String(40))  # login | login-failed | print | view-dossier | export
    detail: Mapped[str | None] = mapped_column(Text)
