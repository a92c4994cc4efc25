"""Quarterly report over 100,000 dossiers (DESIGN.md §5: <= 1 s), in each format.

Seeds a temporary SQLite database with 100,000 dossiers spread over a year
(Friday peaks, same-day returns, some late and refused), then times
building the 2026-Q4 report and writing it as JSON, XLSX and PDF (median of 5)."""
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import insert  # noqa: E402

from kiosk.config import load_config  # noqa: E402
from kiosk.db.models import Dossier  # noqa: E402
from kiosk.documents.report import render_report  # noqa: E402
from kiosk.services.reports import COLUMNS  # noqa: E402
from kiosk.report_xlsx import report_xlsx  # noqa: E402
from kiosk.services.container import build_services  # noqa: E402

N = 100_000


def seed(services) -> None:
    rng = random.Random(2026)
    codes = list(services.catalog.procedures)
    start = datetime(2026, 1, 1, 7, 30)
    rows = []
    for i in range(N):
        day = start + timedelta(days=rng.randrange(365))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)  # weekends fold onto Friday: the peak day
        received = day + timedelta(minutes=rng.randrange(9 * 60))
        proc = rng.choice(codes)
        days = services.catalog.procedures[proc].processing_days
        due = received.date() + timedelta(days=days + 2 * (days // 5))
        fate = rng.random()
        row = dict(code=f"HB-{received:%Y%m%d}-{i:06d}", procedure_code=proc, received_at=received, due_date=due,
                   channel=rng.choice(["direct"] * 8 + ["online", "post"]), proxy_written=rng.random() < 0.25,
                   guided_online=rng.random() < 0.1, status="received", resolved_at=None, returned_at=None,
                   returned_via=None, returned_village=None, new_due_date=None, supplement_requested_at=None)
        if fate < 0.8:
            done = received + timedelta(hours=rng.choice([1, 2, 3, 24, 48, 96]))
            row.update(status="returned", resolved_at=done, returned_at=done,
                       returned_via=rng.choice(["counter", "counter", "village-head", "post", "online"]))
        elif fate < 0.85:
            row.update(status="refused")
        elif fate < 0.9:
            row.update(status="needs-supplement", supplement_requested_at=received)
        elif fate < 0.93:
            row.update(new_due_date=due + timedelta(days=5))
        rows.append(row)
    with services.engine.begin() as conn:
        for k in range(0, N, 10_000):
            conn.execute(insert(Dossier), rows[k:k + 10_000])


def timed(fn, runs=5):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        services = build_services(load_config({"KIOSK_DATA_DIR": d}, REPO))
        t0 = time.perf_counter()
        seed(services)
        print(f"seeded {N} dossiers in {time.perf_counter() - t0:.1f} s")
        settings = services.config.settings
        build = timed(lambda: services.reports.build("2026-Q4"))
        report = services.reports.build("2026-Q4")
        print(f"quarter holds {report.total['received']} dossiers")
        fmt = {
            "json": timed(lambda: json.dumps(services.reports.build("2026-Q4").to_json(), ensure_ascii=False)),
            "xlsx": timed(lambda: report_xlsx(services.reports.build("2026-Q4"))),
            "pdf": timed(lambda: render_report(services.reports.build("2026-Q4"), settings, columns=COLUMNS)),
        }
        print(f"build (queries only): {build * 1000:.0f} ms")
        for k, v in fmt.items():
            print(f"{k}: {v * 1000:.0f} ms")
        services.close()
    worst = max(fmt.values())
    print(f"quarterly report over {N} dossiers: json {fmt['json'] * 1000:.0f} ms, xlsx {fmt['xlsx'] * 1000:.0f} ms, "
          f"pdf {fmt['pdf'] * 1000:.0f} ms (target <= 1000 ms): {'OK' if worst <= 1 else 'SLOW'}")


if __name__ == "__main__":
    main()
