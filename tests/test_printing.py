"""The print queue: nothing lost when the printer fails, each job printed exactly once."""
import os
import shutil
import stat
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from kiosk.db import migrate
from kiosk.db.engine import make_engine, make_session_factory
from kiosk.printing import CupsPrinter, FolderPrinter, PrintQueue

PDF = b"%PDF-1.4\n% test job\n"


@pytest.fixture
def sf(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    migrate.upgrade(engine)
    return make_session_factory(engine)


def fake_tool(folder: Path, name: str, script: str) -> str:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


class FakeCups:
    """An `lp` that fails or succeeds on demand and logs every real print."""

    def __init__(self, tmp: Path):
        self.dir = tmp
        self.log = tmp / "printed.log"
        self.mode = tmp / "mode"
        self.mode.write_text("missing")
        self.lp = fake_tool(tmp, "lp", f"""
mode=$(cat {self.mode})
if [ "$mode" = missing ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi
if [ "$mode" = jam ]; then echo "lp: Printer paused, out of paper" >&2; exit 1; fi
if [ "$mode" = down ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi
echo "$@" >> {self.log}
n=$(wc -l < {self.log}); echo "request id is KioskPDF-$n (1 file(s))"
""")
        self.lpstat = fake_tool(tmp, "lpstat", f"""
if [ "$(cat {self.mode})" = down ]; then echo "scheduler is not running"; exit 1; fi
echo "scheduler is running"
""")

    def set(self, mode: str) -> None:
        self.mode.write_text(mode)

    def printed(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


def queue_with(sf, tmp_path, printer) -> PrintQueue:
    return PrintQueue(sf, tmp_path / "spool", {"a4": printer, "a5": printer, "thermal": printer})


def test_folder_printer_writes_the_pdf_and_records_the_job(sf, tmp_path):
    q = queue_with(sf, tmp_path, FolderPrinter(tmp_path / "out"))
    job = q.submit("receipt", "Giấy tiếp nhận HB-20261127-001", PDF)
    assert job.status == "done" and job.attempts == 1
    assert Path(job.external_id).read_bytes() == PDF
    assert q.job(job.id).status_text == "Đã in"


@pytest.mark.parametrize("mode, words", [
    ("missing", "Không tìm thấy máy in “KioskPDF”"),
    ("jam", "báo lỗi: lp: Printer paused, out of paper"),
    ("down", "Dịch vụ in (CUPS) đang không chạy"),
])
def test_a_failing_printer_loses_nothing_and_a_retry_prints_exactly_once(sf, tmp_path, mode, words):
    cups = FakeCups(tmp_path)
    cups.set(mode)
    q = queue_with(sf, tmp_path, CupsPrinter("KioskPDF", lp=cups.lp, lpstat=cups.lpstat))
    job = q.submit("form", "Tờ khai khai sinh", PDF)
    assert job.status == "failed" and words in job.last_error
    assert cups.printed() == []
    assert (tmp_path / "spool" / f"job-{job.id:06d}.pdf").read_bytes() == PDF  # the job is kept
    cups.set("ok")
    again = q.retry(job.id)
    assert again.status == "done" and again.attempts == 2 and again.external_id == "KioskPDF-1"
    assert q.retry(job.id).status == "done"  # "In lại" on a printed job does not print it again
    assert len(cups.printed()) == 1


def test_no_cups_installed_is_explained(sf, tmp_path):
    q = queue_with(sf, tmp_path, CupsPrinter("KioskPDF", lp=str(tmp_path / "no-such-lp")))
    job = q.submit("form", "Tờ khai", PDF)
    assert job.status == "failed" and "chưa cài dịch vụ in CUPS" in job.last_error


def _cups_available() -> str | None:
    if os.geteuid() != 0:
        return "needs root to start cupsd"
    for tool in ("cupsd", "lpadmin", "lp"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            return f"{tool} is not installed (make test installs cups and printer-driver-cups-pdf as root)"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists():
        return "printer-driver-cups-pdf is not installed"
    return None


@pytest.fixture
def real_cups(tmp_path):
    reason = _cups_available()
    if reason:
        pytest.skip(reason)
    started = None
    if subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout.find("is running") < 0:
        started = subprocess.Popen(["/usr/sbin/cupsd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if "is running" in subprocess.run(["lpstat", "-r"], capture_output=True, text=True).stdout:
                break
            time.sleep(0.2)
    ppd = next(Path("/usr/share/ppd/cups-pdf").glob("*.ppd"), None)
    cmd = ["lpadmin", "-p", "KioskTest", "-E", "-v", "cups-pdf:/"] + (["-P", str(ppd)] if ppd else [])
    subprocess.run(cmd, check=True, capture_output=True)
    yield "KioskTest"
    subprocess.run(["lpadmin", "-x", "KioskTest"], capture_output=True)
    if started:
        started.terminate()
        started.wait(10)


def _cups_pdf_outputs() -> set[Path]:
    dirs = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"), Path("/root/PDF")]
    return {p for d in dirs if d.exists() for p in d.glob("*.pdf")}


def test_a_real_cups_queue_prints_a_job(sf, tmp_path, real_cups):
    before = _cups_pdf_outputs()
    q = queue_with(sf, tmp_path, CupsPrinter(real_cups))
    from reportlab.pdfgen import canvas
    pdf = tmp_path / "r.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(100, 700, "receipt")
    c.save()
    title = f"receipt-{uuid.uuid4().hex[:8]}"  # cups-pdf names its output after the title
    job = q.submit("receipt", title, pdf.read_bytes())
    assert job.status == "done", job.last_error
    assert job.external_id.startswith(f"{real_cups}-")
    for _ in range(100):
        new = [p for p in _cups_pdf_outputs() - before if title in p.name]
        if new:
            break
        time.sleep(0.2)
    assert new, "cups-pdf produced no file"
