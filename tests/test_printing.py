"""The print queue: nothing lost when the printer fails, each job printed exactly once."""
import os
import signal
import socket
import sys
import shutil
import stat
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from kiosk.db import migrate
from kiosk.db.engine import make_engine, make_session_factory
from kiosk.db.models import PrintJob
from kiosk.printing import CupsPrinter, FolderPrinter, PrintQueue
from tests.conftest import REPO

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
    with sf() as s:  # the job and its paper are kept, in the database
        assert s.get(PrintJob, job.id).payload == PDF
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


def _cups_pdf_outputs() -> set[tuple[Path, int]]:
    """(file, mtime): job numbers restart in each test database, so a new print may overwrite an old file"""
    dirs = [Path.home() / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS"), Path("/root/PDF")]
    return {(p, p.stat().st_mtime_ns) for d in dirs if d.exists() for p in d.glob("*.pdf")}


def test_a_real_cups_queue_prints_a_job(sf, tmp_path, real_cups):
    before = _cups_pdf_outputs()
    q = queue_with(sf, tmp_path, CupsPrinter(real_cups))
    from reportlab.pdfgen import canvas
    pdf = tmp_path / "r.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(100, 700, "receipt")
    c.save()
    job = q.submit("receipt", f"receipt-{uuid.uuid4().hex[:8]}", pdf.read_bytes())
    title = f"job-{job.id:06d}"  # cups-pdf names its output after the title: the job number only
    assert job.status == "done", job.last_error
    assert job.external_id.startswith(f"{real_cups}-")
    for _ in range(100):
        new = [p for p, _ in _cups_pdf_outputs() - before if title in p.name]
        if new:
            break
        time.sleep(0.2)
    assert new, "cups-pdf produced no file"


def test_files_are_named_by_job_number_only_and_no_spool_copy_is_left(sf, tmp_path):
    cups = FakeCups(tmp_path)
    cups.set("ok")
    q = queue_with(sf, tmp_path, FolderPrinter(tmp_path / "out"))
    job = q.submit("letter", "Thư chúc mừng Nguyễn Thị Hường", PDF)
    assert Path(job.external_id).name == f"job-{job.id:06d}.pdf"
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"job-{job.id:06d}.pdf"]
    assert list((tmp_path / "spool").iterdir()) == []
    assert (tmp_path / "out" / f"job-{job.id:06d}.pdf").stat().st_mode & 0o077 == 0
    q = queue_with(sf, tmp_path, CupsPrinter("KioskPDF", lp=cups.lp, lpstat=cups.lpstat))
    job = q.submit("letter", "Thư chúc mừng Nguyễn Thị Hường", PDF)
    assert "Hường" not in cups.printed()[0] and f"-t job-{job.id:06d}" in cups.printed()[0]


def test_a_retry_on_another_pc_prints_exactly_that_jobs_paper(sf, tmp_path):
    pc1 = queue_with(sf, tmp_path, CupsPrinter("HP", lp=str(tmp_path / "no-such-lp")))
    job = pc1.submit("receipt", "Giấy tiếp nhận HB-20261127-001", PDF)
    assert job.status == "failed"
    # PC 2 has the same spool folder on its own disk, with a leftover file of the same
    # number holding another citizen's receipt
    (tmp_path / "spool").mkdir(exist_ok=True)
    (tmp_path / "spool" / f"job-{job.id:06d}.pdf").write_bytes(b"%PDF-1.4\n% someone else\n")
    pc2 = queue_with(sf, tmp_path, FolderPrinter(tmp_path / "pc2-out"))
    again = pc2.retry(job.id)
    assert again.status == "done"
    assert Path(again.external_id).read_bytes() == PDF


SLOW_LP_WORKER = """
import sys
from pathlib import Path
from kiosk.db.engine import make_engine, make_session_factory
from kiosk.printing import CupsPrinter, PrintQueue
sf = make_session_factory(make_engine(sys.argv[1]))
p = CupsPrinter("KioskPDF", lp=sys.argv[2], lpstat=sys.argv[3])
PrintQueue(sf, Path(sys.argv[4]), {"a4": p, "a5": p, "thermal": p}).submit("receipt", "Giấy tiếp nhận", b"%PDF-1.4 x")
"""


def test_a_job_whose_process_was_killed_while_sending_is_recovered_and_printed_once(sf, tmp_path):
    cups = FakeCups(tmp_path)
    cups.set("ok")
    started = tmp_path / "lp-started"
    slow_lp = fake_tool(tmp_path, "slow-lp", f"touch {started}; sleep 60\n")
    url = sf.kw["bind"].url.render_as_string(hide_password=False)
    child = subprocess.Popen([sys.executable, "-c", SLOW_LP_WORKER, url, slow_lp, cups.lpstat, str(tmp_path / "spool")],
                             cwd=str(REPO), start_new_session=True)
    try:
        for _ in range(600):  # wait until lp is running (the job is then in `sending`)
            if started.exists():
                break
            time.sleep(0.05)
        assert started.exists()
        os.killpg(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    q = queue_with(sf, tmp_path, CupsPrinter("KioskPDF", lp=cups.lp, lpstat=cups.lpstat))
    (job,) = q.jobs()
    assert job.status == "sending"
    assert q.recover_interrupted() == [job.id]  # what the next start does
    job = q.job(job.id)
    assert job.status == "unknown" and "Không rõ đã in chưa — kiểm tra máy in" in job.status_text
    assert q.retry(job.id).status == "done"
    assert q.retry(job.id).status == "done"
    assert len(cups.printed()) == 1  # "In lại" sent it exactly once


def test_a_job_sending_in_a_live_process_is_not_taken_over(sf, tmp_path):
    q = queue_with(sf, tmp_path, FolderPrinter(tmp_path / "out"))
    job = q.submit("receipt", "Giấy tiếp nhận", PDF)
    with sf.begin() as s:
        j = s.get(PrintJob, job.id)
        j.status, j.claimed_by = "sending", f"{socket.gethostname()[:60]}:{os.getpid()}:{Path('/proc/sys/kernel/random/boot_id').read_text().strip()}"
    assert q.recover_interrupted() == []


@pytest.mark.parametrize("setting", ["CUPS:HP_A5", "cup:HP_A4", "cups:", "Folder", "cups:HP A5", " folder"])
def test_a_misspelt_printer_setting_stops_the_start_naming_the_key(setting):
    from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings
    from kiosk.errors import ConfigError
    text = DEFAULT_CONFIG_TOML.replace('a5 = "folder"', f'a5 = "{setting}"')
    with pytest.raises(ConfigError) as e:
        parse_settings(text, Path("config.toml"))
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("a5 ="))
    assert "printers.a5" in e.value.message and f"dòng {line}" in e.value.message
    assert "cups:TÊN_HÀNG_ĐỢI" in e.value.message


def test_exact_printer_settings_are_accepted():
    from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings
    text = DEFAULT_CONFIG_TOML.replace('a5 = "folder"', 'a5 = "cups:HP_LaserJet-A5"')
    assert parse_settings(text, Path("config.toml")).printers.a5 == "cups:HP_LaserJet-A5"
