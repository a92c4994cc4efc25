"""Reports (DESIGN.md §5): quarterly over 100,000 dossiers <= 1 s and yearly over 1,000,000
dossiers <= 5 s, in each format.

Seeds a temporary SQLite database with dossiers spread over a year (Friday peaks, same-day
returns, some late and refused): 100,000 for the quarterly figure (about 25,000 fall in
2026-Q4), then 1,000,000 for the yearly one, and times building the report and writing it as
JSON, XLSX and PDF (median of 5 for the quarter, 3 for the year). BENCH_YEAR_N changes the
yearly size."""
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header  # noqa: E402

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
YEAR_N = int(os.environ.get("BENCH_YEAR_N", "1000000"))


def seed(services, n: int = N) -> None:
    rng = random.Random(2026)
    codes = list(services.catalog.procedures)
    start = datetime(2026, 1, 1, 7, 30)
    rows = []
    for i in range(n):
        day = start + timedelta(days=rng.randrange(365))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)  # weekends fold onto Friday: the peak day
        received = day + timedelta(minutes=rng.randrange(9 * 60))
        proc = rng.choice(codes)
        days = services.catalog.procedures[proc].processing_days or 5  # official entries without a number
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
    # a commune receives dossiers in time order, so row ids grow with received_at: insert them
    # that way (random order would make every period scan jump around the file)
    rows.sort(key=lambda r: r["received_at"])
    with services.engine.begin() as conn:
        for k in range(0, n, 10_000):
            conn.execute(insert(Dossier), rows[k:k + 10_000])


def timed(fn, runs=5) -> tuple[float, float]:
    """Median wall and CPU seconds."""
    times, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpu)


def one(n: int, period: str, runs: int) -> dict[str, tuple[float, float]]:
    with tempfile.TemporaryDirectory() as d:
        services = build_services(load_config({"KIOSK_DATA_DIR": d}, REPO))
        t0 = time.perf_counter()
        seed(services, n)
        print(f"seeded {n} dossiers in {time.perf_counter() - t0:.1f} s", flush=True)
        settings = services.config.settings.replace(signer_name="Nguyễn Văn An")  # a named signer
        build = services.reports.build
        print(f"{period} holds {build(period).total['received']} dossiers")
        fmt = {
            "build": timed(lambda: build(period), runs),
            "json": timed(lambda: json.dumps(build(period).to_json(), ensure_ascii=False), runs),
            "xlsx": timed(lambda: report_xlsx(build(period)), runs),
            "pdf": timed(lambda: render_report(build(period), settings, columns=COLUMNS), runs),
        }
        for k, (wall, cpu) in fmt.items():
            print(f"{period} {k}: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms cpu", flush=True)
        services.close()
    return fmt


def main() -> None:
    print(header(), flush=True)
    q = one(N, "2026-Q4", 5)
    y = one(YEAR_N, "2026", 3)
    q_ok = max(q[k][0] for k in ("json", "xlsx", "pdf")) <= 1
    y_ok = max(y[k][0] for k in ("json", "xlsx", "pdf")) <= 5
    cpu_line(f"quarterly json {q['json'][1]:.2f} / xlsx {q['xlsx'][1]:.2f} / pdf {q['pdf'][1]:.2f} s; yearly json "
             f"{y['json'][1]:.2f} / xlsx {y['xlsx'][1]:.2f} / pdf {y['pdf'][1]:.2f} s")
    print(f"quarterly over {N} dossiers: json {q['json'][0] * 1000:.0f} / xlsx {q['xlsx'][0] * 1000:.0f} / "
          f"pdf {q['pdf'][0] * 1000:.0f} ms (<= 1000): {'OK' if q_ok else 'SLOW'}; yearly over {YEAR_N}: "
          f"json {y['json'][0]:.2f} / xlsx {y['xlsx'][0]:.2f} / pdf {y['pdf'][0]:.2f} s (<= 5): "
          f"{'OK' if y_ok else 'SLOW'}")


if __name__ == "__main__":
    main()
