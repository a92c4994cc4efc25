"""Crash drill: a child process receives dossiers (or saves a clerk's draft) in a
loop and is killed with SIGKILL at random moments. Afterwards every dossier it
reported as committed exists, no dossier is partial, the database is intact."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path


WORKER = Path(__file__).with_name("crash_worker.py")
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "30"))


def run_and_kill(mode: str, data_dir: Path, rng: random.Random, *extra: str, most: float = 0.6) -> list[str]:
    """Start the worker, let it work for a random moment, SIGKILL it; returns what it reported."""
    p = subprocess.Popen([sys.executable, str(WORKER), mode, str(data_dir), *extra], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready", p.stderr.read()
    time.sleep(rng.uniform(0.02, most))
    p.send_signal(signal.SIGKILL)
    out, _ = p.communicate(timeout=30)
    assert p.returncode == -signal.SIGKILL
    return [line for line in out.splitlines() if line.strip()]


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as c:
        return c.execute("PRAGMA integrity_check").fetchone()[0]


def test_sigkill_while_receiving_loses_no_committed_dossier(data_dir):
    rng = random.Random(7)
    db = data_dir / "kiosk.sqlite3"
    reported: list[str] = []
    for _ in range(ROUNDS):
        reported += run_and_kill("dossier", data_dir, rng)
        assert integrity(db) == "ok"
    assert len(reported) >= ROUNDS  # the drill really received dossiers between the kills
    with sqlite3.connect(db) as c:
        codes = {r[0] for r in c.execute("select code from dossier")}
        partial = c.execute("""
            select d.code from dossier d
            where d.applicant_id is null
               or not exists (select 1 from filled_form f where f.dossier_id = d.id and f.values_json != '{}')
               or not exists (select 1 from dossier_event e where e.dossier_id = d.id and e.kind = 'received')
        """).fetchall()
        # the day's dossier numbers (not the register numbers, "SO" + unit code, which count the same dossiers)
        seq = c.execute("select sum(last) from dossier_sequence where unit_code not like 'SO%'").fetchone()[0]
    assert set(reported) <= codes, "a dossier reported as committed is missing"
    assert partial == []
    # codes are unique (a constraint); a kill between raising the high-water mark and the commit
    # may skip a number (never reuse one): at most one per kill
    assert len(codes) <= seq <= len(codes) + 2 * ROUNDS
    assert len(codes) - len(reported) <= ROUNDS  # at most one commit per kill landed before its report


def test_sigkill_while_typing_keeps_the_last_saved_draft(data_dir):
    rng = random.Random(11)
    db = data_dir / "kiosk.sqlite3"
    for _ in range(ROUNDS):
        lines = run_and_kill("draft", data_dir, rng)
        if not lines:
            continue
        draft_id, last = lines[-1].split()
        with sqlite3.connect(db) as c:
            assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows = c.execute("select id, values_json from filled_form where is_draft = 1").fetchall()
        saved = {row_id: json.loads(v)["requester_name"] for row_id, v in rows}
        got = int(saved[int(draft_id)].split()[-1])
        assert got >= int(last)  # the last reported save (or one newer) is on disk


SHORT_ROUNDS = int(os.environ.get("CRASH_SHORT_ROUNDS", "8"))


def restart(data_dir: Path):
    """What the next start does (recovers interrupted print jobs, sweeps half-written files)."""
    from kiosk.config import load_config
    from kiosk.services.container import build_services
    from tests.conftest import REPO
    return build_services(load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO))


def leftovers(data_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*") if ".partial" in p.name
                  or p.name.endswith(".tmp") or p.name.endswith("-journal"))


def test_sigkill_while_printing_loses_no_job_and_never_leaves_one_sending(data_dir):
    rng = random.Random(13)
    done = {}
    for _ in range(SHORT_ROUNDS):
        for line in run_and_kill("print", data_dir, rng, most=0.8):
            job_id, status = line.split()
            done[int(job_id)] = status
    assert len(done) >= 1
    services = restart(data_dir)
    try:
        jobs = {j.id: j for j in services.print_queue.jobs(limit=10_000)}
        assert all(jobs[i].status == "done" for i in done)  # reported printed: printed
        assert [j.id for j in jobs.values() if j.status == "sending"] == []  # recovered at start
        for j in jobs.values():
            if j.status in ("unknown", "pending"):  # interrupted: "In lại" prints it once
                assert services.print_queue.retry(j.id).status == "done"
        out = data_dir / "print-out"
        for j in services.print_queue.jobs(limit=10_000):
            if j.status == "done":  # every paper printed is whole
                assert (out / f"job-{j.id:06d}.pdf").read_bytes().endswith(b"%%EOF\n")
    finally:
        services.close()
    assert leftovers(data_dir) == []


def test_sigkill_while_backing_up_never_leaves_a_partial_backup_under_a_final_name(data_dir):
    from kiosk.services.maintenance import verify_sqlite
    rng = random.Random(17)
    services = restart(data_dir)
    for i in range(40):
        services.dossiers.receive_dossier("1.004873", {"full_name": "Nguyễn Thị Hường"}, None)
    services.close()
    reported = []
    for _ in range(SHORT_ROUNDS):
        reported += run_and_kill("backup", data_dir, rng)
        final = data_dir / "backups" / "drill.sqlite3"
        if final.exists():
            assert verify_sqlite(final) == 40
            assert final.stat().st_mode & 0o077 == 0
        for p in (data_dir / "backups").iterdir():
            assert p.stat().st_mode & 0o077 == 0, p  # even a half-written one is owner-only
    assert reported
    restart(data_dir).close()
    assert leftovers(data_dir) == []


def test_sigkill_while_restoring_never_corrupts_and_never_reissues_a_code(data_dir, tmp_path):
    rng = random.Random(19)
    services = restart(data_dir)
    for i in range(3):
        services.dossiers.receive_dossier("1.004873", {"full_name": "Nguyễn Thị Hường"}, None)
    services.maintenance.backup(tmp_path / "older.sqlite3")
    services.close()
    reported: list[str] = []
    for _ in range(SHORT_ROUNDS):
        reported += run_and_kill("restore", data_dir, rng, str(tmp_path / "older.sqlite3"), most=1.5)
        assert integrity(data_dir / "kiosk.sqlite3") == "ok"
    assert reported
    assert len(reported) == len(set(reported)), "a code was issued twice"
    services = restart(data_dir)
    try:
        code = services.dossiers.receive_dossier("1.004873", {"full_name": "Phạm Ngọc Ửng"}, None).code
        assert code not in reported
    finally:
        services.close()
    assert leftovers(data_dir) == []


def test_sigkill_while_purging_keeps_the_database_whole_and_the_next_purge_finishes(data_dir):
    rng = random.Random(23)
    for _ in range(SHORT_ROUNDS):
        run_and_kill("purge", data_dir, rng, most=1.5)
        assert integrity(data_dir / "kiosk.sqlite3") == "ok"
    services = restart(data_dir)
    try:
        services.maintenance.purge_personal(12)
        with sqlite3.connect(data_dir / "kiosk.sqlite3") as c:
            assert c.execute("select count(*) from applicant where full_name is not null").fetchone()[0] == 0
            assert c.execute("select count(*) from dossier").fetchone()[0] >= 1
    finally:
        services.close()
    assert leftovers(data_dir) == []
