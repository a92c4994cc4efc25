"""Plain inputs of the one-stop slips (Thông tư 03/2025/TT-VPCP, Phụ lục I), filled by
the services (dossiers, printouts).

Glossary: Giấy tiếp nhận hồ sơ và hẹn trả kết quả = receipt (Mẫu 01); Phiếu yêu cầu bổ
sung, hoàn thiện hồ sơ = supplement request (Mẫu 02); Phiếu từ chối tiếp nhận giải quyết
hồ sơ = refusal (Mẫu 03); Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết =
apology with a new date (Mẫu 04); Thông báo dừng giải quyết hồ sơ = stop notice (Mẫu 05);
Phiếu kiểm soát quá trình giải quyết hồ sơ = control sheet (Mẫu 06).

`SlipData.to_json()` / `SlipData.from_json()` round-trip everything the receipt prints:
the first print of a receipt stores that JSON with the dossier and every reprint is
rendered from it, so a reprint is the same paper byte for byte.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from typing import Any, Sequence

SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class ReceivedDocument:
    """One paper handed in, with how many originals and copies
    ("Giấy chứng sinh", 1 original, 0 copies)."""
    name: str
    originals: int = 1
    copies: int = 0

    @property
    def count_text(self) -> str:
        """'01 bản chính', '01 bản chính, 02 bản sao', '01 bản sao'."""
        parts = [f"{self.originals:02d} bản chính"] if self.originals else []
        if self.copies:
            parts.append(f"{self.copies:02d} bản sao")
        return ", ".join(parts) or "xuất trình"


@dataclass(frozen=True)
class ControlRow:
    """One line of Mẫu 06: who handed the dossier to whom, when, and the outcome."""
    giver: str
    receiver: str
    at: datetime
    result: str = ""  # trước hạn / đúng hạn / quá hạn
    note: str = ""


@dataclass(frozen=True)
class SlipData:
    """Everything the slips print about one dossier. Optional fields stay out of the
    slip when empty (a phone line, a reason)."""
    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    received_at: datetime
    due_date: date | None = None
    due_time: time | None = None
    documents: Sequence[ReceivedDocument | str] = ()
    clerk_name: str = ""
    return_channel: str = ""  # "Trung tâm Phục vụ hành chính công xã Hòa Bình", "Thôn 1, qua trưởng thôn …"
    phone: str = ""
    address: str = ""
    processing_time: str = ""  # "10 ngày làm việc", "trong ngày"
    dossier_sets: int = 1
    missing_items: Sequence[str] = ()  # supplement request: every item, all at once
    reason: str = ""  # supplement / refusal / delay / stop reason
    new_due_date: date | None = None  # apology: the new return date
    signer_name: str = ""  # apology, stop notice: the head of the unit who signs
    contact: str = ""  # supplement: who to call
    # added for TT 03/2025 (Mẫu 01-07)
    address_as: str = "Ông (Bà)"  # "Ông" / "Bà" / "Ông (Bà)", chosen from the applicant's sex
    id_number: str = ""  # số định danh cá nhân (the CCCD number)
    email: str = ""
    register_year: int | None = None  # Sổ theo dõi hồ sơ (Mẫu 07): one book per year
    register_no: int | None = None
    same_day: bool = False  # due on the day of receipt
    model_name: str = ""  # "Ngày thứ Sáu: không viết – không nộp – không hẹn" when received on the model's weekday
    signer_authority: str = ""  # "KT. GIÁM ĐỐC"
    signer_title: str = ""  # "GIÁM ĐỐC"
    stop_requested_at: datetime | None = None  # Mẫu 05: when the applicant asked to stop
    control_rows: Sequence[ControlRow] = ()  # Mẫu 06
    handling_unit: str = ""  # Mẫu 06: cơ quan (bộ phận) giải quyết hồ sơ
    printed_on: date | None = None  # the date written on a slip other than the receipt
    extra: dict[str, Any] = field(default_factory=dict)

    def received_documents(self) -> list[ReceivedDocument]:
        return [d if isinstance(d, ReceivedDocument) else ReceivedDocument(str(d)) for d in self.documents]

    @property
    def qr_payload(self) -> str:
        """"<dossier code>|<procedure code>|<appointment dd/mm/yyyy>" (Thông tư 01/2023/TT-VPCP: upper-left QR)."""
        due = self.due_date.strftime("%d/%m/%Y") if self.due_date else ""
        return f"{self.dossier_code}|{self.procedure_code}|{due}"

    # --- snapshot ---------------------------------------------------------------
    def to_json(self) -> str:
        raw = asdict(self)
        raw["documents"] = [asdict(d) for d in self.received_documents()]
        raw["version"] = SNAPSHOT_VERSION
        return json.dumps(raw, ensure_ascii=False, sort_keys=True, default=_encode)

    @classmethod
    def from_json(cls, text: str) -> "SlipData":
        raw = json.loads(text)
        raw.pop("version", None)
        known = {f.name: f for f in fields(cls)}
        kw: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in known:
                continue
            if key in ("received_at", "stop_requested_at") and value:
                value = datetime.fromisoformat(value)
            elif key in ("due_date", "new_due_date", "printed_on") and value:
                value = date.fromisoformat(value)
            elif key == "due_time" and value:
                value = time.fromisoformat(value)
            elif key == "documents":
                value = tuple(ReceivedDocument(**d) for d in value)
            elif key == "control_rows":
                value = tuple(ControlRow(**{**r, "at": datetime.fromisoformat(r["at"])}) for r in value)
            elif key == "missing_items":
                value = tuple(value)
            kw[key] = value
        return cls(**kw)


def _encode(value: Any) -> str:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a slip snapshot")
