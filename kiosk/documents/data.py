"""Plain inputs of the one-stop slips, filled by the services (dossiers, queue).

Glossary: Giấy tiếp nhận hồ sơ và hẹn trả kết quả = receipt; Phiếu yêu cầu bổ
sung, hoàn thiện hồ sơ = supplement request; Phiếu từ chối = refusal; Phiếu xin
lỗi và hẹn lại ngày trả kết quả = apology with a new date.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Sequence


@dataclass(frozen=True)
class ReceivedDocument:
    """One paper handed in, with how many copies ("Giấy chứng sinh (bản chính)", 1)."""
    name: str
    count: int = 1


@dataclass(frozen=True)
class SlipData:
    """Everything the four slips print about one dossier. Optional fields stay out of
    the slip when empty (a phone line, a processing time, a reason)."""
    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_date: date | None = None
    due_time: time | None = None
    documents: Sequence[ReceivedDocument | str] = ()
    clerk_name: str = ""
    return_channel: str = ""  # "Tại Trung tâm Phục vụ hành chính công xã", "Qua trưởng thôn 2", ...
    phone: str = ""
    address: str = ""
    processing_time: str = ""  # the official wording, e.g. "Ngay trong ngày tiếp nhận"
    dossier_sets: int = 1
    missing_items: Sequence[str] = ()  # supplement request: every item, all at once
    reason: str = ""  # supplement / refusal / delay reason
    new_due_date: date | None = None  # apology: the new return date
    signer_name: str = ""  # apology: the head of the unit who signs
    contact: str = ""  # supplement: who to call, e.g. "công chức Trần Văn Bình, số điện thoại 0263..."

    def received_documents(self) -> list[ReceivedDocument]:
        return [d if isinstance(d, ReceivedDocument) else ReceivedDocument(str(d)) for d in self.documents]

    @property
    def qr_payload(self) -> str:
        """"<dossier code>|<procedure code>|<appointment dd/mm/yyyy>" (Thông tư 01/2023/TT-VPCP: upper-left QR)."""
        due = self.due_date.strftime("%d/%m/%Y") if self.due_date else ""
        return f"{self.dossier_code}|{self.procedure_code}|{due}"
