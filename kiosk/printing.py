"""Print queue: every print is a persisted job; backends behind a Printer protocol.

Promise: a job is written to the spool folder and the database before anything
is sent, so a missing, offline or jammed printer loses nothing. A job that
succeeded is never sent again by a retry ("In lại" on a printed job is a no-op);
a failed job is retried on request. Sending happens in the caller's thread: the
UI calls this from a worker, never from the UI thread.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import PrintJob
from kiosk.errors import KioskError, NotFoundError
from kiosk.services.audit import add_event

log = logging.getLogger(__name__)

# which paper each document kind is printed on (config.toml [printers] names the device)
PAPER_OF_KIND = {"form": "a4", "sample": "a4", "online-sheet": "a4", "report": "a4", "letter": "a4",
                 "receipt": "a5", "slip": "a5", "handover": "a4", "ticket": "thermal"}


class PrinterError(KioskError):
    """The printer refused or could not be reached; message is Vietnamese for the clerk."""


class Printer(Protocol):
    name: str

    def send(self, pdf: Path, title: str, copies: int) -> str:
        """Hand the PDF to the device; returns the device's job id; raises PrinterError."""


class FolderPrinter:
    """Development and 'print to file': copies the PDF into a folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.name = f"folder:{folder}"

    def send(self, pdf: Path, title: str, copies: int) -> str:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            safe = re.sub(r"[^\w\-]+", "_", title, flags=re.UNICODE).strip("_")[:60] or "in"
            dest = self.folder / f"{pdf.stem}-{safe}.pdf"
            shutil.copyfile(pdf, dest)
            return str(dest)
        except OSError as e:
            raise PrinterError(f"Không ghi được tệp in vào thư mục {self.folder}: {e.strerror}.") from None


class CupsPrinter:
    """A CUPS queue, through `lp` (vector PDF, returns a job id)."""

    def __init__(self, queue: str, lp: str = "lp", lpstat: str = "lpstat", timeout: float = 30.0):
        self.queue = queue
        self.name = f"cups:{queue}"
        self._lp, self._lpstat, self._timeout = lp, lpstat, timeout

    def _scheduler_running(self) -> bool:
        try:
            r = subprocess.run([self._lpstat, "-r"], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return False
        return "not running" not in (r.stdout + r.stderr) and r.returncode == 0

    def send(self, pdf: Path, title: str, copies: int) -> str:
        cmd = [self._lp, "-d", self.queue, "-n", str(copies), "-t", title, str(pdf)]
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=self._timeout)
        except FileNotFoundError:
            raise PrinterError("Máy tính chưa cài dịch vụ in CUPS (không có lệnh lp). "
                               "Hãy báo kỹ thuật viên.") from None
        except subprocess.TimeoutExpired:
            raise PrinterError(f"Máy in {self.queue} không phản hồi. Kiểm tra máy in rồi bấm “In lại”.") from None
        if r.returncode != 0:
            detail = (r.stderr or r.stdout).strip()
            log.warning("lp failed (%s): %s", r.returncode, detail)
            if not self._scheduler_running():
                raise PrinterError("Dịch vụ in (CUPS) đang không chạy. Khởi động lại máy tính hoặc báo "
                                   "kỹ thuật viên, sau đó bấm “In lại”.")
            if "does not exist" in detail or "không tồn tại" in detail:
                raise PrinterError(f"Không tìm thấy máy in “{self.queue}”. Kiểm tra tên máy in trong cấu hình.")
            raise PrinterError(f"Máy in {self.queue} báo lỗi: {detail or 'không rõ'}. Kiểm tra giấy, mực, "
                               "cáp nối rồi bấm “In lại”.")
        m = re.search(r"request id is (\S+)", r.stdout)
        return m.group(1) if m else r.stdout.strip()


def printer_from_setting(value: str, print_dir: Path) -> Printer:
    if value.startswith("cups:") and len(value) > 5:
        return CupsPrinter(value[5:])
    return FolderPrinter(print_dir)


@dataclass(frozen=True)
class JobInfo:
    id: int
    kind: str
    title: str
    printer: str
    copies: int
    status: str  # pending | sending | done | failed
    attempts: int
    last_error: str | None
    external_id: str | None
    created_at: datetime

    @property
    def status_text(self) -> str:
        return {"pending": "Đang chờ in", "sending": "Đang gửi tới máy in", "done": "Đã in",
                "failed": "In lỗi"}.get(self.status, self.status)


def _info(j: PrintJob) -> JobInfo:
    return JobInfo(j.id, j.kind, j.title, j.printer, j.copies, j.status, j.attempts, j.last_error,
                   j.external_id, j.created_at)


class PrintQueue:
    def __init__(self, session_factory: sessionmaker[Session], spool_dir: Path,
                 printers: dict[str, Printer], clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self._spool = spool_dir
        self._printers = printers  # paper ("a4", "a5", "thermal") -> Printer
        self._now = clock

    def printer_for(self, kind: str) -> Printer:
        return self._printers[PAPER_OF_KIND.get(kind, "a4")]

    def submit(self, kind: str, title: str, pdf: bytes, copies: int = 1, clerk_id: int | None = None) -> JobInfo:
        """Persist the job, then send it. Returns the job (status done or failed); never raises for printer errors."""
        printer = self.printer_for(kind)
        now = self._now()
        self._spool.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._sf.begin() as s:
            job = PrintJob(kind=kind, title=title, payload_path="", printer=printer.name, copies=copies,
                           status="pending", attempts=0, created_at=now, updated_at=now)
            s.add(job)
            s.flush()
            path = self._spool / f"job-{job.id:06d}.pdf"
            _write_durably(path, pdf)
            job.payload_path = str(path)
            add_event(s, "print", clerk_id, f"{kind}: {title}")
            job_id = job.id
        return self._send(job_id)

    def retry(self, job_id: int) -> JobInfo:
        """"In lại": sends a failed job again; a job already printed is returned untouched."""
        with self._sf() as s:
            job = s.get(PrintJob, job_id)
            if job is None:
                raise NotFoundError(f"Không có lệnh in số {job_id}.")
            if job.status == "done":
                return _info(job)
        return self._send(job_id)

    def _send(self, job_id: int) -> JobInfo:
        # claim the job: only one caller moves it from pending/failed to sending
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            if job.status not in ("pending", "failed"):
                return _info(job)
            job.status, job.attempts, job.updated_at = "sending", job.attempts + 1, self._now()
            path, title, copies = Path(job.payload_path), job.title, job.copies
            kind = job.kind
        printer = self.printer_for(kind)
        try:
            if not path.exists():
                raise PrinterError("Tệp cần in đã bị xóa khỏi thư mục hàng đợi; hãy tạo lại giấy tờ.")
            external, error = printer.send(path, title, copies), None
        except PrinterError as e:
            external, error = None, e.message
        except Exception as e:  # an unexpected backend failure must not lose the job
            log.exception("printer backend failed")
            external, error = None, f"Lỗi không mong đợi khi in: {e}"
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            job.status = "done" if error is None else "failed"
            job.external_id, job.last_error, job.updated_at = external, error, self._now()
            job.printer = printer.name
            return _info(job)

    def jobs(self, status: str | None = None, limit: int = 50) -> list[JobInfo]:
        with self._sf() as s:
            q = select(PrintJob).order_by(PrintJob.id.desc()).limit(limit)
            if status:
                q = q.where(PrintJob.status == status)
            return [_info(j) for j in s.scalars(q)]

    def job(self, job_id: int) -> JobInfo:
        with self._sf() as s:
            j = s.get(PrintJob, job_id)
            if j is None:
                raise NotFoundError(f"Không có lệnh in số {job_id}.")
            return _info(j)


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
