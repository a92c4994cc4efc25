"""Drill for issue 7, "Several counters": 4 counter PCs and 2 lobby kiosks, each its own
process, share one PostgreSQL database and work flat out at once
(KIOSK_DRILL_SECONDS, default 20: duplicates and deadlocks showed within seconds when they
existed; a longer run only adds load). Afterwards no dossier code or ticket number was handed
out twice, every reported row is in the database and nothing else is, the numbering has no
gaps, no ticket was called by two counters, every process ended by itself with exit 0 (no
deadlock, no exception), and the monthly report counts exactly the rows.

Runs when KIOSK_TEST_POSTGRES_URL names a throw-away database (`make test` starts one with
scripts/postgres.sh); its public schema is dropped and migrated from scratch.
"""
from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from tests.conftest import REPO

# both files drop and rebuild the one throw-away PostgreSQL database: under `pytest -n`
# their tests run in one worker, one after the other
pytestmark = pytest.mark.xdist_group("postgres")

COUNTERS = 4
LOBBIES = 2
SECONDS = float(os.environ.get("KIOSK_DRILL_SECONDS", "20"))
STARTUP_S = 120  # imports, catalog and engine in every process before the start signal
GRACE_S = 60  # after the deadline: a worker still running then is stuck


def fresh_postgres_url() -> str:
    """KIOSK_TEST_POSTGRES_URL with an empty public schema migrated to head, or a skip."""
    url = os.environ.get("KIOSK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip(os.environ.get("KIOSK_TEST_POSTGRES_SKIP") or
                    "set KIOSK_TEST_POSTGRES_URL to a throw-away PostgreSQL database (make test starts one)")
    engine = create_engine(url)
    with engine.begin() as c:  # a fresh schema, then the real migrations
        c.execute(text("drop schema public cascade; create schema public"))
    engine.dispose()
    from kiosk.db import migrate
    from kiosk.db.engine import make_engine
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()
    return url


@pytest.fixture
def postgres_url() -> str:
    return fresh_postgres_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_config(request, config):
    if request.param == "sqlite":
        return config
    return dataclasses.replace(config, database_url=fresh_postgres_url())


def test_two_lobby_kiosks_taking_tickets_at_once_get_every_number_once(shared_config):
    """Both kiosks tap as fast as they can; neither may run out of retries (on PostgreSQL the
    faster one used to win every unique-number race until the other gave up)."""
    from kiosk.services.container import build_services
    kiosks = [build_services(shared_config) for _ in range(2)]
    numbers, errors = [], []

    def lobby(services):
        try:
            for _ in range(150):
                numbers.append(services.tickets.take_ticket("1.001193").number)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=lobby, args=(s,)) for s in kiosks]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == [] and not any(t.is_alive() for t in threads)
        assert sorted(numbers) == list(range(1, 301))
    finally:
        for s in kiosks:
            s.close()


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_four_counters_and_two_lobby_kiosks_share_one_postgresql_database(postgres_url, config, tmp_path, capsys):
    from kiosk.db.models import AssistanceTicket, Dossier, DossierSequence
    from kiosk.services.container import build_services

    main = build_services(dataclasses.replace(config, database_url=postgres_url))
    try:
        clerks = [main.accounts.create_clerk(f"Cán bộ quầy {i + 1}", "246813") for i in range(COUNTERS)]
        go = tmp_path / "go"
        workers = []
        for role, n in (("counter", COUNTERS), ("lobby", LOBBIES)):
            for i in range(n):
                name = f"{role}-{i + 1}"
                data_dir = tmp_path / name  # each PC has its own data dir (spool, logs), one shared database
                data_dir.mkdir()
                env = dict(os.environ, KIOSK_DATA_DIR=str(data_dir), KIOSK_DATABASE_URL=postgres_url)
                result = tmp_path / f"{name}.jsonl"
                args = [role, name, str(result), str(go), str(SECONDS)]
                if role == "counter":
                    args.append(str(clerks[i].id))
                log = open(tmp_path / f"{name}.log", "w")
                proc = subprocess.Popen([sys.executable, "-m", "tests.drills.several_counters_worker", *args],
                                        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
                workers.append((name, role, proc, result, log))

        # start everyone at the same moment once all are connected and loaded
        ready_by = time.monotonic() + STARTUP_S
        while not all(_read(w[3])[:1] for w in workers):
            assert time.monotonic() < ready_by, "a worker did not get ready: " + _logs(workers)
            assert all(w[2].poll() is None for w in workers), "a worker died while starting: " + _logs(workers)
            time.sleep(0.05)
        go.touch()
        started = time.monotonic()
        stuck = []
        for name, _, proc, _, _ in workers:
            try:
                proc.wait(timeout=max(1.0, started + SECONDS + GRACE_S - time.monotonic()))
            except subprocess.TimeoutExpired:
                stuck.append(name)
                proc.kill()
                proc.wait()
        for w in workers:
            w[4].close()
        assert not stuck, f"still running {GRACE_S} s after the end (deadlock?): {stuck}\n" + _logs(workers)
        assert {w[0]: w[2].returncode for w in workers} == {w[0]: 0 for w in workers}, _logs(workers)

        results = {w[0]: _read(w[3]) for w in workers}
        done = [next(r["done"] for r in rows if "done" in r) for rows in results.values()]
        codes = [r["dossier"] for rows in results.values() for r in rows if "dossier" in r]
        tickets = [tuple(r["ticket"]) for rows in results.values() for r in rows if "ticket" in r]
        called = [r["called"] for rows in results.values() for r in rows if "called" in r]

        with main.session_factory() as s:
            db_codes = s.scalars(select(Dossier.code)).all()
            db_tickets = s.execute(select(AssistanceTicket.day, AssistanceTicket.number, AssistanceTicket.id,
                                          AssistanceTicket.called_at, AssistanceTicket.served_at)).all()
            # dossier codes only: the register (Sổ theo dõi, Mẫu 07) counts per year in rows "SO<unit>"
            sequences = s.execute(select(DossierSequence.day, DossierSequence.last)
                                  .where(DossierSequence.unit_code.not_like("SO%"))).all()
            received_months = {d.strftime("%Y-%m") for d in s.scalars(select(Dossier.received_at))}
            ticket_months = {d.strftime("%Y-%m") for d in s.scalars(select(AssistanceTicket.day))}

        # dossiers: unique codes, every reported one stored, nothing stored unreported, no gap
        assert len(codes) > 0 and len(tickets) > 0
        assert [c for c, n in Counter(codes).items() if n > 1] == []
        assert set(codes) == set(db_codes) and len(db_codes) == len(codes)
        by_day = Counter(c.rsplit("-", 2)[1] for c in codes)
        for day, last in sequences:
            numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes if c.rsplit("-", 2)[1] == f"{day:%Y%m%d}")
            assert numbers == list(range(1, last + 1)), f"gap or duplicate in the numbering of {day}"
        assert sum(by_day.values()) == len(codes)

        # tickets: unique (day, number), all stored, numbered 1..n per day
        assert [t for t, n in Counter((d, num) for d, num, _ in tickets).items() if n > 1] == []
        stored = {(r.day.isoformat(), r.number, r.id) for r in db_tickets}
        assert set(tickets) == stored and len(db_tickets) == len(tickets)
        for day in {d for d, _, _ in tickets}:
            assert sorted(n for d, n, _ in tickets if d == day) == list(range(1, sum(
                1 for d2, _, _ in tickets if d2 == day) + 1))
        # each ticket called by one counter only, and every call recorded and served
        assert [t for t, n in Counter(called).items() if n > 1] == []
        assert {r.id for r in db_tickets if r.called_at is not None} == set(called)
        assert all(r.served_at is not None for r in db_tickets if r.called_at is not None)

        # the same figures in the monthly report(s)
        reports = [main.reports.build(m) for m in sorted(received_months | ticket_months)]
        assert sum(r.total["received"] for r in reports) == len(db_codes)
        assert sum(r.tickets["count"] for r in reports) == len(db_tickets)
        assert sum(r.tickets["served"] for r in reports) == len(called)
        total = {k: sum(r.total[k] for r in reports) for k in reports[0].total}
        assert total["received_direct"] + total["received_online"] + total["received_post"] == len(db_codes)
        # nothing is due before today: every dossier is pending and not yet overdue
        assert (total["pending_not_due"], total["pending_overdue"]) == (len(db_codes), 0)

        per_worker = ", ".join(f"{d['name']} {d['operations']} ({d['p50_ms']}/{d['p95_ms']}/{d['max_ms']} ms)"
                               for d in done)
        with capsys.disabled():  # the figures show in `make test`'s output
            print(f"\n{SECONDS:.0f} s, {COUNTERS} counters + {LOBBIES} lobby kiosks on PostgreSQL: "
                  f"{len(codes)} dossiers, {len(tickets)} tickets, {len(called)} called; "
                  f"per worker operations (p50/p95/max): {per_worker}")
    finally:
        main.close()


def _logs(workers) -> str:
    out = []
    for name, _, _, _, log in workers:
        if not log.closed:
            log.flush()
        text_ = Path(log.name).read_text(encoding="utf-8", errors="replace").strip()
        if text_:
            out.append(f"--- {name} ---\n{text_[-3000:]}")
    return "\n".join(out)


def test_postgresql_urls_go_through_psycopg_with_a_checked_pool():
    from kiosk.db.engine import make_engine
    for url in ("postgresql://kiosk:pw@192.168.1.10/kiosk", "postgres://kiosk:pw@192.168.1.10/kiosk",
                "postgresql+psycopg://kiosk:pw@192.168.1.10/kiosk"):
        engine = make_engine(url)  # no connection is made yet
        assert (engine.dialect.name, engine.dialect.driver) == ("postgresql", "psycopg")
        assert engine.pool._pre_ping and engine.url.host == "192.168.1.10"
        engine.dispose()
    # the parameters psycopg gets: defaults, except what the URL sets itself
    from sqlalchemy import event

    class Stop(Exception):
        pass

    seen = {}
    for url in ("postgresql://kiosk:pw@127.0.0.1/kiosk", "postgresql://kiosk:pw@127.0.0.1/kiosk?connect_timeout=3"):
        engine = make_engine(url)

        @event.listens_for(engine, "do_connect")
        def _capture(dialect, conn_rec, cargs, cparams, url=url):
            seen[url] = dict(cparams)
            raise Stop  # no server needed

        with pytest.raises(Stop):
            engine.connect()
        engine.dispose()
    plain, given = seen.values()
    assert plain["connect_timeout"] == 10 and plain["application_name"] == "kiosk-mot-cua"
    assert plain["keepalives"] == 1
    assert given["connect_timeout"] == "3" and given["application_name"] == "kiosk-mot-cua"
