"""No dossier code is ever issued twice: not after a restore of an older backup, not
after moving the data to PostgreSQL (issue 15, points 4 and 6)."""
import json
import os
import subprocess
import sys
import uuid
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from kiosk.errors import KioskError
from tests.conftest import REPO

PERSON = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ", "cccd": "068150001234"}
DAY = datetime(2026, 11, 27, 9, 0)


def receive(services, minute=0, **person):
    return services.dossiers.receive_dossier("2.000815", {**PERSON, **person}, None,
                                             now=DAY.replace(minute=minute)).code


def test_restore_of_an_older_backup_never_reissues_a_code_and_names_what_it_discarded(services, tmp_path):
    a = receive(services, 0)
    backup, _ = services.maintenance.backup(tmp_path / "a.sqlite3")
    b = receive(services, 1, full_name="Đặng Văn Lượng", cccd="068050004321", sex="Nam")
    with pytest.raises(KioskError) as e:  # without --force: refused, naming B
        services.maintenance.restore(backup)
    assert b in e.value.message and "--force" in e.value.message
    result = services.maintenance.restore(backup, force=True)
    assert result.discarded == [b]
    c = receive(services, 2, full_name="Phạm Ngọc Ửng", cccd="068160009999", date_of_birth="01/01/1960")
    assert c not in (a, b) and c.endswith("-003")
    assert services.dossiers.get(c).applicant.full_name == "Phạm Ngọc Ửng"


def test_a_database_file_copied_back_by_hand_still_continues_after_the_highest_code(services, config, tmp_path):
    receive(services, 0)
    backup, _ = services.maintenance.backup(tmp_path / "a.sqlite3")
    b = receive(services, 1)
    services.close()
    import sqlite3
    # copied back with the sqlite3 tool, not `db restore`: the watermark is checked at receive
    with sqlite3.connect(backup) as src, sqlite3.connect(config.data_dir / "kiosk.sqlite3") as dst:
        src.backup(dst)
    from kiosk.services.container import build_services
    again = build_services(config)
    try:
        c = receive(again, 2)
        assert c != b and c.endswith("-003")
    finally:
        again.close()


def test_cli_restore_says_which_dossiers_were_discarded(data_dir, tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(PERSON, ensure_ascii=False), encoding="utf-8")
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    run = lambda *a: subprocess.run([sys.executable, str(REPO / "main.py"), *a], capture_output=True,  # noqa: E731
                                    text=True, env=env)
    rec = lambda: run("dossier", "receive", "--procedure", "2.000815", "--applicant", str(tmp_path / "a.json"))  # noqa: E731
    a = rec().stdout.split()[-1]
    assert run("db", "backup", str(tmp_path / "b.sqlite3")).returncode == 0
    b = rec().stdout.split()[-1]
    r = run("db", "restore", str(tmp_path / "b.sqlite3"))
    assert r.returncode == 1 and b in r.stderr and "--force" in r.stderr
    r = run("db", "restore", str(tmp_path / "b.sqlite3"), "--force")
    assert r.returncode == 0 and b in r.stdout and "Đã bỏ 1 hồ sơ" in r.stdout, r.stderr
    c = rec().stdout.split()[-1]
    assert len({a, b, c}) == 3


def _copy_and_continue(services, url):
    a = receive(services, 0)
    receive(services, 1, full_name="Đặng Văn Lượng", cccd="068050004321", sex="Nam")
    services.accounts.create_clerk("Trần Văn Bình", "246813")
    counts = services.maintenance.copy_to(url)
    assert counts["dossier"] == 2 and counts["applicant"] == 2 and counts["clerk"] == 1
    assert counts["dossier_sequence"] >= 2 and counts["audit_event"] >= 2
    from kiosk.config import Config
    from kiosk.services.container import build_services
    moved = build_services(Config(services.config.data_dir / "other", url, services.config.settings,
                                  services.config.catalog_dir))
    try:
        assert moved.dossiers.get(a).applicant.cccd == PERSON["cccd"]
        c = receive(moved, 2, full_name="Phạm Ngọc Ửng", cccd="068160009999", date_of_birth="01/01/1960")
        assert c.endswith("-003")  # numbering continues: no code issued twice
        assert moved.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head").id == 2  # id sequences moved
    finally:
        moved.close()
    with pytest.raises(KioskError) as e:  # a second copy into the now non-empty target is refused
        services.maintenance.copy_to(url)
    assert "không trống" in e.value.message


def test_copy_to_another_sqlite_file_moves_everything_and_numbering_continues(services, tmp_path):
    _copy_and_continue(services, f"sqlite:///{tmp_path / 'moved.sqlite3'}")


def test_copy_to_continues_after_a_restored_backup_too(services, tmp_path):
    """The watermark has a day the database lost in a restore: the copy keeps it."""
    backup, _ = services.maintenance.backup(tmp_path / "a.sqlite3")  # before any dossier that day
    receive(services, 0)
    b = receive(services, 1, full_name="Đặng Văn Lượng", cccd="068050004321", sex="Nam")
    services.maintenance.restore(backup, force=True)
    services.maintenance.copy_to(f"sqlite:///{tmp_path / 'moved.sqlite3'}")
    from kiosk.config import Config
    from kiosk.services.container import build_services
    moved = build_services(Config(tmp_path / "pc2", f"sqlite:///{tmp_path / 'moved.sqlite3'}",
                                  services.config.settings, services.config.catalog_dir))
    try:  # another PC, without the watermark file: the numbers came with the data
        assert receive(moved, 2).endswith("-003") and b.endswith("-002")
    finally:
        moved.close()


def test_copy_to_refuses_its_own_file(services, config):
    with pytest.raises(KioskError):
        services.maintenance.copy_to(f"sqlite:///{config.data_dir / 'kiosk.sqlite3'}")


@pytest.mark.skipif(not os.environ.get("KIOSK_TEST_POSTGRES_URL"),
                    reason="KIOSK_TEST_POSTGRES_URL not set (make test starts a throw-away PostgreSQL)")
@pytest.mark.xdist_group("postgres")  # every test on the one server runs in one worker
def test_copy_to_an_empty_postgresql_database(services):
    from kiosk.db.engine import postgres_url
    base = postgres_url(os.environ["KIOSK_TEST_POSTGRES_URL"])
    name = f"kiosk_copy_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        from sqlalchemy import make_url
        _copy_and_continue(services, make_url(base).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_two_pcs_on_one_database_rolled_back_never_reissue_each_others_codes(tmp_path):
    """Several counters share one database, each with its own data dir (and high-water mark).
    PC 1 received A and B, PC 2 then C and D; the database is rolled back to after A (an older
    dump restored with pg_restore, or the file copied back by hand). When PC 2 starts again it
    raises the shared numbering to the highest code it issued, so PC 1 never reissues C."""
    import sqlite3

    from kiosk.config import load_config
    from kiosk.services.container import build_services
    db = tmp_path / "shared.sqlite3"
    env = lambda d: {"KIOSK_DATA_DIR": str(tmp_path / d), "KIOSK_DATABASE_URL": f"sqlite:///{db}"}  # noqa: E731
    pc1 = build_services(load_config(env("pc1"), REPO))
    pc2 = build_services(load_config(env("pc2"), REPO))
    try:
        a = receive(pc1, 0)
        dump = tmp_path / "dump.sqlite3"
        pc1.maintenance.backup(dump)
        b = receive(pc1, 1)
        c, d = receive(pc2, 2), receive(pc2, 3)
    finally:
        pc1.close()
        pc2.close()
    with sqlite3.connect(dump) as src, sqlite3.connect(db) as dst:  # the rollback, outside the program
        src.backup(dst)
    pc2 = build_services(load_config(env("pc2"), REPO))  # PC 2 restarts first
    pc1 = build_services(load_config(env("pc1"), REPO))
    try:
        e = receive(pc1, 4)
        assert e not in (a, b, c, d) and e.endswith("-005")
    finally:
        pc1.close()
        pc2.close()


def test_a_deleted_code_mark_is_rebuilt_from_the_database_and_the_backups_and_logged(config, tmp_path, caplog):
    """dossier-codes.json deleted and an older database copied back by hand: the mark is rebuilt
    at start from the database and every backup in backups/ (the newest knows codes the copied
    file does not), with a warning in the log, instead of silently numbering from the old file."""
    import logging
    import sqlite3

    from kiosk.db.watermark import FILE_NAME
    from kiosk.services.container import build_services
    services = build_services(config)
    try:
        receive(services, 0)
        old, _ = services.maintenance.backup(tmp_path / "old.sqlite3")
        b, c = receive(services, 1), receive(services, 2)
        services.maintenance.backup(config.backup_dir / "hang-ngay.sqlite3")
    finally:
        services.close()
    with sqlite3.connect(old) as src, sqlite3.connect(config.data_dir / "kiosk.sqlite3") as dst:
        src.backup(dst)
    (config.data_dir / FILE_NAME).unlink()
    with caplog.at_level(logging.WARNING):
        again = build_services(config)
    try:
        d = receive(again, 3)
        assert d not in (b, c) and d.endswith("-004")
        assert FILE_NAME in caplog.text
    finally:
        again.close()
