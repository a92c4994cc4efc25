"""Print queue: every print is a persisted job; backends behind a Printer protocol.

Promise: a job and its PDF are written to the database before anything is sent,
so a missing, offline or jammed printer loses nothing, and a retry on any PC prints
exactly that job's paper (the spool file is only the copy handed to the device,
named by job number, removed once sent). A job that succeeded is never sent again
by a retry ("In lại" on a printed job is a no-op); a failed job is retried on
request. A job left in `sending` by a process that died is marked "không rõ đã in
chưa" at the next start or retry, and "In lại" sends it once. File names and the
title given to CUPS hold the job number only, never a citizen's name. Sending
happens in the caller's thread: the UI calls this from a worker, never from the UI thread.
"""
from __future__ import annotations

import errno
import logging
import os
import re
import socket
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import PrintJob
from kiosk.errors import KioskError, NotFoundError
from kiosk.files import write_durably
from kiosk.services.audit import add_event

log = logging.getLogger(__name__)

# which paper each document kind is printed on (config.toml [printers] names the device)
PAPER_OF_KIND = {"form": "a4", "sample": "a4", "online-sheet": "a4", "report": "a4", "letter": "a4",
                 "receipt": "a5", "slip": "a5", "handover": "a4", "ticket": "thermal"}


class PrinterError(KioskError):
    """The printer refused or could not be reached; message is Vietnamese for the clerk."""


UNKNOWN_OUTCOME = "Không rõ đã in chưa — kiểm tra máy in (máy tính bị tắt hoặc chương trình dừng khi đang in)."
# a job claimed on another PC whose `sending` lasted longer than this is considered interrupted
STALE_SENDING = timedelta(minutes=10)
DISK_FULL = "Ổ đĩa của máy tính đã đầy, chưa ghi được tệp in. Hãy báo kỹ thuật viên giải phóng dung lượng rồi bấm “In lại”."


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
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            dest = self.folder / pdf.name  # job-000123.pdf: the job number only, no citizen's name
            write_durably(dest, pdf.read_bytes())
            return str(dest)
        except OSError as e:
            if e.errno == errno.ENOSPC:
                raise PrinterError(DISK_FULL) from None
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
        # CUPS keeps job titles in its history: give it the job number, not the title
        cmd = [self._lp, "-d", self.queue, "-n", str(copies), "-t", pdf.stem, str(pdf)]
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


PRINTER_SETTING = re.compile(r"folder|cups:[^\s/#\\]+")


def printer_from_setting(value: str, print_dir: Path) -> Printer:
    """"folder" or "cups:QUEUE", exactly (config.py refuses anything else at start)."""
    if value == "folder":
        return FolderPrinter(print_dir)
    if PRINTER_SETTING.fullmatch(value):
        return CupsPrinter(value[5:])
    raise KioskError(f"Cài đặt máy in “{value}” không hợp lệ: phải là \"folder\" hoặc \"cups:TÊN_HÀNG_ĐỢI\".")


@dataclass(frozen=True)
class JobInfo:
    id: int
    kind: str
    title: str
    printer: str
    copies: int
    status: str  # pending | sending | done | failed | unknown (interrupted while sending)
    attempts: int
    last_error: str | None
    external_id: str | None
    created_at: datetime

    @property
    def status_text(self) -> str:
        return {"pending": "Đang chờ in", "sending": "Đang gửi tới máy in", "done": "Đã in",
                "failed": "In lỗi", "unknown": "Không rõ đã in chưa — kiểm tra máy in"}.get(self.status, self.status)


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
        """Persist the job with its PDF, then send it. Returns the job (status done or failed);
        never raises for printer errors."""
        printer = self.printer_for(kind)
        now = self._now()
        with self._sf.begin() as s:
            job = PrintJob(kind=kind, title=title[:200], payload_path="", payload=pdf, printer=printer.name,
                           copies=copies, status="pending", attempts=0, created_at=now, updated_at=now)
            s.add(job)
            s.flush()
            job.payload_path = f"job-{job.id:06d}.pdf"
            add_event(s, "print", clerk_id, f"{kind} #{job.id}")  # the title may name a citizen
            job_id = job.id
        return self._send(job_id)

    def retry(self, job_id: int) -> JobInfo:
        """"In lại": sends a failed or interrupted job again; a job already printed is returned untouched."""
        self.recover_interrupted()
        with self._sf() as s:
            job = s.get(PrintJob, job_id)
            if job is None:
                raise NotFoundError(f"Không có lệnh in số {job_id}.")
            if job.status == "done":
                return _info(job)
        return self._send(job_id)

    def recover_interrupted(self) -> list[int]:
        """Jobs left in `sending` by a process that died (this PC: the process is gone or the
        PC restarted; another PC: sending for longer than STALE_SENDING) become `unknown`,
        "không rõ đã in chưa — kiểm tra máy in"; "In lại" then sends them once. Returns their ids."""
        now, recovered = self._now(), []
        with self._sf.begin() as s:
            for job in s.scalars(select(PrintJob).where(PrintJob.status == "sending")):
                if _claim_dead(job.claimed_by, job.updated_at, now):
                    job.status, job.last_error, job.updated_at = "unknown", UNKNOWN_OUTCOME, now
                    recovered.append(job.id)
        if recovered:
            log.warning("print jobs interrupted while sending, marked unknown: %s", recovered)
        return recovered

    def _send(self, job_id: int) -> JobInfo:
        # claim the job: only one caller moves it from pending/failed/unknown to sending
        # (one conditional UPDATE: two PCs pressing "In lại" at once on PostgreSQL, where a read
        # then a write would let both claim it, print it once)
        with self._sf.begin() as s:
            claimed = s.execute(update(PrintJob)
                                .where(PrintJob.id == job_id, PrintJob.status.in_(("pending", "failed", "unknown")))
                                .values(status="sending", attempts=PrintJob.attempts + 1, updated_at=self._now(),
                                        claimed_by=_me())
                                .execution_options(synchronize_session=False)).rowcount
            job = s.get(PrintJob, job_id)
            if not claimed:
                return _info(job)
            payload, legacy, copies, kind = job.payload, job.payload_path, job.copies, job.kind
            name = f"job-{job.id:06d}.pdf"
        printer = self.printer_for(kind)
        path = self._spool / name
        try:
            if payload is None:  # a job from before revision 0007 kept only its spool file
                payload = _read_legacy(Path(legacy))
            self._spool.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_durably(path, payload)
            external, error = printer.send(path, name, copies), None
        except PrinterError as e:
            external, error = None, e.message
        except OSError as e:
            log.error("spooling print job %s failed: %s", job_id, e)
            external = None
            error = DISK_FULL if e.errno == errno.ENOSPC else f"Không ghi được tệp in ({e.strerror})."
        except Exception as e:  # an unexpected backend failure must not lose the job
            log.exception("printer backend failed")
            external, error = None, f"Lỗi không mong đợi khi in: {e}"
        finally:
            path.unlink(missing_ok=True)  # the PDF stays in the database; the spool copy is not needed
        with self._sf.begin() as s:
            job = s.get(PrintJob, job_id)
            job.status = "done" if error is None else "failed"
            job.external_id, job.last_error, job.updated_at = external, error, self._now()
            job.printer, job.claimed_by = printer.name, None
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



def _read_legacy(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise PrinterError("Tệp cần in đã bị xóa khỏi thư mục hàng đợi; hãy tạo lại giấy tờ.") from None


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()[:36]
    except OSError:
        return ""


def _me() -> str:
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{_boot_id()}"


def _claim_dead(claimed_by: str | None, since: datetime, now: datetime) -> bool:
    """Is the process that claimed a job for sending gone?"""
    host, _, rest = (claimed_by or "").partition(":")
    pid, _, boot = rest.partition(":")
    if host == socket.gethostname()[:60] and pid.isdigit():
        if boot != _boot_id():
            return True  # this PC restarted since
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False
    return now - since > STALE_SENDING
