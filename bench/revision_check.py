"""The schema revision check made at every start, on its own (issue 14).

Times `migrate.upgrade()` on a database already at the head (read the migration files'
revision ids, read alembic_version, compare) over 50 runs in one process, and, for
comparison, what importing Alembic alone costs in a fresh process (paid only when a
migration really runs)."""
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header  # noqa: E402

from kiosk.db import migrate  # noqa: E402
from kiosk.db.engine import make_engine  # noqa: E402


def main() -> None:
    print(header(), flush=True)
    with tempfile.TemporaryDirectory() as d:
        engine = make_engine(f"sqlite:///{Path(d) / 'k.sqlite3'}")
        migrate.upgrade(engine)
        times, cpu = [], []
        for _ in range(50):
            migrate._script_revisions.cache_clear()  # a new process reads the files again
            c0, t0 = time.process_time(), time.perf_counter()
            migrate.upgrade(engine)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        engine.dispose()
    imports = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import alembic.command, alembic.runtime.migration"], check=True)
        imports.append((time.perf_counter() - t0) * 1000)
    floor = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        floor.append((time.perf_counter() - t0) * 1000)
    alembic_ms = statistics.median(imports) - statistics.median(floor)
    cpu_line(f"{statistics.median(cpu):.2f} ms per check")
    print(f"revision check on an up-to-date database: median {statistics.median(times):.2f} ms over 50 "
          f"(importing Alembic, avoided: {alembic_ms:.0f} ms)")


if __name__ == "__main__":
    main()
