"""Backups are owner-only from their first byte and never half-written under a final name;
restores work from read-only media; a newer program's database, a full disk and a database
busy with a migration each get a clear Vietnamese message, logged (issue 15, points 7-8)."""
import errno
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import kiosk.db.engine
from kiosk.errors import KioskError
from tests.conftest import REPO
from tests.sqlite_spy import sqlite3_spy

PERSON = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ", "cccd": "068150001234"}


def receive(services):
    return services.dossiers.receive_dossier("2.000815", PERSON, None).code


def cli(data_dir, *args, env_extra=None):
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin", **(env_extra or {})}
    return subprocess.run([sys.executable, str(REPO / "main.py"), *args], capture_output=True, text=True, env=env)


def test_a_backup_is_owner_only_and_hidden_while_it_is_written(services, tmp_path, monkeypatch):
    receive(services)
    seen = []
    dest_dir = tmp_path / "usb"
    dest_dir.mkdir()
    monkeypatch.setattr(kiosk.db.engine, "sqlite3",
                        sqlite3_spy(lambda: seen.extend((p.name, p.stat().st_mode & 0o777) for p in dest_dir.iterdir())))
    old = os.umask(0o022)  # a usual desktop umask: files would be 644
    try:
        services.maintenance.backup(dest_dir / "sao-luu.sqlite3")
    finally:
        os.umask(old)
    assert seen, "the spy saw the copy being written"
    for name, mode in seen:
        assert mode & 0o077 == 0, (name, oct(mode))
        assert name != "sao-luu.sqlite3" and name.startswith(".") and name.endswith(".partial"), name
    assert [p.name for p in dest_dir.iterdir()] == ["sao-luu.sqlite3"]


def test_a_backup_killed_half_way_leaves_nothing_behind(services, tmp_path, monkeypatch, caplog):
    receive(services)

    def disk_full():
        raise sqlite3.OperationalError("database or disk is full")
    monkeypatch.setattr(kiosk.db.engine, "sqlite3", sqlite3_spy(disk_full))
    with caplog.at_level(logging.ERROR), pytest.raises(KioskError) as e:
        services.maintenance.backup(tmp_path / "b.sqlite3")
    assert "Ổ đĩa đã đầy" in e.value.message and "không sao lưu được" in e.value.message
    assert list(tmp_path.glob("*b.sqlite3*")) == []  # no partial file, no -journal, -wal, -shm
    assert "disk full" in caplog.text


def test_a_backup_restores_from_a_read_only_file_even_in_wal_mode(services, tmp_path):
    code = receive(services)
    backup, _ = services.maintenance.backup(tmp_path / "b.sqlite3")
    with sqlite3.connect(backup) as c:  # as older versions wrote them: WAL mode
        c.execute("PRAGMA journal_mode=WAL")
    backup.chmod(0o400)
    r = services.maintenance.restore(backup)
    assert r.count == 1 and services.dossiers.get(code).applicant.full_name == PERSON["full_name"]
    assert not list(services.config.backup_dir.glob(".*"))  # the private working copy is gone


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a read-only filesystem needs root")
def test_a_backup_on_read_only_media_restores(services, tmp_path):
    code = receive(services)
    folder, media = tmp_path / "folder", tmp_path / "media"
    folder.mkdir()
    media.mkdir()
    services.maintenance.backup(folder / "b.sqlite3")
    with sqlite3.connect(folder / "b.sqlite3") as c:  # as older versions wrote them: WAL mode
        c.execute("PRAGMA journal_mode=WAL")
    if subprocess.run(["mount", "--bind", str(folder), str(media)]).returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(media)]).returncode != 0:
            pytest.skip("cannot remount read-only here")
        receive(services)  # a second dossier, discarded by the restore
        r = services.maintenance.restore(media / "b.sqlite3", force=True)
        assert r.count == 1 and len(r.discarded) == 1
        assert services.dossiers.get(code).applicant.full_name == PERSON["full_name"]
    finally:
        subprocess.run(["umount", "-l", str(media)])


def _from_the_future(path: Path) -> None:
    with sqlite3.connect(path) as c:
        c.execute("update alembic_version set version_num = '0099_future'")


def test_a_newer_programs_database_is_refused_by_restore_and_by_start(services, config, data_dir, tmp_path):
    receive(services)
    backup, _ = services.maintenance.backup(tmp_path / "future.sqlite3")
    _from_the_future(backup)
    with pytest.raises(KioskError) as e:
        services.maintenance.restore(backup)
    assert "phiên bản mới hơn" in e.value.message
    services.close()
    _from_the_future(data_dir / "kiosk.sqlite3")
    for args in (["db", "upgrade"], ["dossier", "return", "HB-X", "--via", "counter"], ["clerk", "list"]):
        r = cli(data_dir, *args)
        assert r.returncode == 1 and "phiên bản mới hơn" in r.stderr and "Traceback" not in r.stderr, (args, r.stderr)
    assert "newer than this program" in (data_dir / "logs" / "kiosk.log").read_text(encoding="utf-8")


def test_a_full_disk_while_receiving_is_explained_logged_and_writes_nothing(services, tmp_path, caplog):
    from sqlalchemy import event, func, select

    from kiosk import cli as kiosk_cli
    from kiosk.db.models import Applicant, Dossier
    receive(services)

    @event.listens_for(services.engine, "connect")
    def _full(dbapi_conn, _record):  # the file may not grow by a single page: SQLITE_FULL
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count={pages}")
    services.engine.dispose()
    (tmp_path / "a.json").write_text(json.dumps({**PERSON, "full_name": "Đỗ Thị Ánh", "cccd": "068150009876",
                                                 "address": "Xóm " + "x" * 290}, ensure_ascii=False), encoding="utf-8")
    args = kiosk_cli.build_parser().parse_args(["dossier", "receive", "--procedure", "2.000815",
                                                 "--applicant", str(tmp_path / "a.json")])
    received = 1
    with caplog.at_level(logging.ERROR):
        for _ in range(200):  # receive until the file needs one more page than it may have
            out, err = _Buf(), _Buf()
            rc = kiosk_cli.run(args, lambda **k: services, out=out, err=err)
            if rc != 0:
                break
            received += 1
    assert rc == 1 and "Ổ đĩa của máy tính đã đầy" in err.text and "Traceback" not in err.text, err.text
    assert "database or disk is full" in caplog.text
    with services.session_factory() as s:  # every receipt printed is there, nothing half-written
        assert s.scalar(select(func.count()).select_from(Dossier)) == received
        assert s.scalar(select(func.count()).select_from(Applicant)) == 2


class _Buf:
    def __init__(self):
        self.text = ""

    def write(self, s):
        self.text += s

    def flush(self):
        pass


def test_a_full_disk_while_spooling_fails_the_job_with_a_reason_and_leaves_no_temporary_file(services, monkeypatch,
                                                                                                 caplog):
    import kiosk.printing

    def no_space(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(kiosk.printing.os, "fsync", no_space)
    with caplog.at_level(logging.ERROR):
        job = services.print_queue.submit("receipt", "Giấy tiếp nhận", b"%PDF-1.4 x")
    assert job.status == "failed" and "Ổ đĩa của máy tính đã đầy" in job.last_error
    spool = services.config.data_dir / "print-spool"
    assert [p.name for p in spool.iterdir()] == []
    assert "No space left" in caplog.text
    monkeypatch.undo()
    assert services.print_queue.retry(job.id).status == "done"


def test_a_database_busy_with_a_migration_is_told_apart_from_an_unreachable_server(config, data_dir):
    from alembic import command

    from kiosk.db import migrate
    from kiosk.db.engine import make_engine
    engine = make_engine(config.database_url)  # one revision behind: a start would migrate it
    with engine.begin() as conn:
        cfg = migrate._alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003_papers")
    engine.dispose()
    other = subprocess.Popen(["sleep", "60"])  # the process migrating it
    try:
        (data_dir / "kiosk.sqlite3.upgrading").write_text(str(other.pid))
        r = cli(data_dir, "clerk", "list")
        assert r.returncode == 1 and "đang nâng cấp" in r.stderr and "chờ" in r.stderr, r.stderr
        assert "máy chủ" not in r.stderr
    finally:
        other.kill()
        other.wait()
    r = cli(data_dir, "clerk", "list", env_extra={"KIOSK_DATABASE_URL": "postgresql://kiosk:x@127.0.0.1:9/kiosk"})
    assert r.returncode == 1 and "Không kết nối được cơ sở dữ liệu" in r.stderr and "nâng cấp" not in r.stderr
    r = cli(data_dir, "clerk", "list")  # the marker of a dead process does not block
    assert r.returncode == 0, r.stderr
    assert not (data_dir / "kiosk.sqlite3.upgrading").exists()


def test_explain_tells_a_locked_file_during_a_migration_from_a_busy_one(tmp_path):
    from sqlalchemy.exc import OperationalError

    from kiosk.db.errors import BUSY, explain
    from kiosk.db.migrate import UPGRADING
    db = tmp_path / "k.sqlite3"
    locked = OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))
    assert explain(locked, f"sqlite:///{db}") == BUSY
    other = subprocess.Popen(["sleep", "60"])
    try:
        (tmp_path / "k.sqlite3.upgrading").write_text(str(other.pid))
        assert explain(locked, f"sqlite:///{db}") == UPGRADING
    finally:
        other.kill()
        other.wait()


def test_a_backup_killed_on_a_usb_stick_is_swept_by_the_next_backup_there(services, tmp_path):
    """A kill -9 during `db backup /media/usb/x.sqlite3` leaves `.x.sqlite3.PID.partial` (a full copy
    of everyone's data) on the stick, where the start's sweep never looks: the next backup to the
    same place removes the leftovers of dead processes (and never those of a live one)."""
    receive(services)
    usb = tmp_path / "usb"
    usb.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = [usb / f".sao-luu.sqlite3.{dead.pid}.partial{s}" for s in ("", "-journal", "-wal")]
    for f in stale:
        f.write_bytes(b"SQLite format 3\x00 Nguyen Thi Huong 068150001234")
    live = usb / f".sao-luu.sqlite3.{os.getppid()}.partial"  # a backup still being written by a live process
    live.write_bytes(b"in progress")
    services.maintenance.backup(usb / "sao-luu.sqlite3")
    assert sorted(p.name for p in usb.iterdir()) == sorted([live.name, "sao-luu.sqlite3"])
