"""Full-disk drill: the data dir (or the spool, or a backup's destination) on a tiny
tmpfs that fills up. Receiving, spooling and backing up each stop with a Vietnamese
message, write nothing half-way, log the cause, and work again once space is freed.
Needs root to mount tmpfs; skipped with the reason otherwise."""
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.conftest import REPO

PERSON = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ", "cccd": "068150001234",
          "address": "Xóm Gò, Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng " * 5}


@pytest.fixture
def small_fs(tmp_path):
    """A mounted 4 MB tmpfs; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the drill runs as root in CI)")
    mnt = tmp_path / f"small-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {r.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)])


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the filesystem of `folder`, leaving about `leave` bytes free."""
    filler = folder / "filler.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with open(filler, "wb") as f:
        try:
            f.write(b"\0" * max(0, free - leave))
            f.flush()
            os.fsync(f.fileno())
        except OSError:
            pass
    return filler


def cli(data_dir, *args):
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_receiving_on_a_full_disk(small_fs, tmp_path):
    data = small_fs / "data"
    (tmp_path / "a.json").write_text(json.dumps(PERSON, ensure_ascii=False), encoding="utf-8")
    receive = lambda: cli(data, "dossier", "receive", "--procedure", "2.000815",  # noqa: E731
                          "--applicant", str(tmp_path / "a.json"))
    first = receive()
    assert first.returncode == 0, first.stderr
    codes = [first.stdout.split()[-1]]
    filler = fill(small_fs, leave=64 * 1024)
    for _ in range(300):
        r = receive()
        if r.returncode != 0:
            break
        codes.append(r.stdout.split()[-1])
    assert r.returncode == 1 and "đầy" in r.stderr and "Traceback" not in r.stderr, r.stderr
    with sqlite3.connect(data / "kiosk.sqlite3") as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in c.execute("select code from dossier")}
    assert set(codes) == stored  # every code printed is there; nothing half-written
    filler.unlink()
    again = receive()
    assert again.returncode == 0 and again.stdout.split()[-1] not in codes


def test_spooling_on_a_full_disk(small_fs, data_dir, caplog):
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    spool = data_dir / "print-spool"
    spool.mkdir()
    subprocess.run(["mount", "--bind", str(small_fs), str(spool)], check=True)
    try:
        services = build_services(load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO))
        filler = fill(small_fs, leave=16 * 1024)
        with caplog.at_level("ERROR"):
            job = services.print_queue.submit("receipt", "Giấy tiếp nhận", b"%PDF-1.4\n" + b"x" * 400_000)
        assert job.status == "failed" and "Ổ đĩa" in job.last_error and "đầy" in job.last_error
        assert sorted(p.name for p in spool.iterdir()) == ["filler.bin"]  # no half-written file
        filler.unlink()
        assert services.print_queue.retry(job.id).status == "done"
        services.close()
    finally:
        subprocess.run(["umount", "-l", str(spool)])
    assert "No space left" in caplog.text


def test_backing_up_to_a_full_disk(small_fs, data_dir, tmp_path):
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    services = build_services(load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO))
    for _ in range(30):
        services.dossiers.receive_dossier("2.000815", PERSON, None)
    services.close()
    filler = fill(small_fs, leave=8 * 1024)
    r = cli(data_dir, "db", "backup", str(small_fs / "b.sqlite3"))
    assert r.returncode == 1 and "Ổ đĩa đã đầy" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert sorted(p.name for p in small_fs.iterdir()) == ["filler.bin"]  # no partial, -journal, -wal, -shm
    assert "disk full" in (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")
    filler.unlink()
    r = cli(data_dir, "db", "backup", str(small_fs / "b.sqlite3"))
    assert r.returncode == 0 and (small_fs / "b.sqlite3").stat().st_mode & 0o077 == 0
