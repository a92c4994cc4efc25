"""Receiving a dossier, durably committed (DESIGN.md §5: <= 10 ms median).

Calls DossierService.receive_dossier (validation, code allocation, due date,
applicant, filled form, history, audit: one transaction, WAL + synchronous=FULL)
300 times on a temporary SQLite database and prints the median and p95."""
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config import load_config  # noqa: E402
from kiosk.services.container import build_services  # noqa: E402

RUNS = 300


def fsync_floor_ms(directory: str, runs: int = 100) -> float:
    """The disk's own price of durability: one small write + os.fsync in the same directory."""
    import os
    path = Path(directory) / "fsync-probe"
    times = []
    with open(path, "wb") as f:
        for i in range(runs):
            f.write(b"x" * 512)
            f.flush()
            t0 = time.perf_counter()
            os.fsync(f.fileno())
            times.append((time.perf_counter() - t0) * 1000)
    path.unlink()
    return statistics.median(times)


def main() -> None:
    print(header(), flush=True)
    with tempfile.TemporaryDirectory() as d:
        services = build_services(load_config({"KIOSK_DATA_DIR": d}, REPO))
        proc = services.catalog.procedure("1.004873")
        form = services.catalog.forms_of(proc)[0]
        values = {form.id: {f.key: f.sample for f in form.fields if f.sample}}
        applicant = {"full_name": "Nguyễn Thị Hường", "date_of_birth": "14/07/1950", "sex": "Nữ",
                     "cccd": "068150001234", "village": "Thôn 2"}
        for _ in range(10):  # warm-up
            services.dossiers.receive_dossier(proc, applicant, None, proxy_written=True, form_values=values)
        times, cpu = [], []
        for _ in range(RUNS):
            t0, c0 = time.perf_counter(), time.process_time()
            services.dossiers.receive_dossier(proc, applicant, None, proxy_written=True, form_values=values)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        services.close()
        floor = fsync_floor_ms(d)
    times.sort()
    med, p95 = statistics.median(times), times[int(RUNS * 0.95) - 1]
    print(f"receive_dossier with a filled form: median {med:.2f} ms wall, {statistics.median(cpu):.2f} ms cpu, "
          f"p95 {p95:.2f} ms over {RUNS}")
    print(f"disk: one os.fsync of a small file in the same directory: median {floor:.2f} ms")
    cpu_line(f"{statistics.median(cpu):.2f} ms per dossier")
    print(f"dossier commit median {med:.2f} ms wall, cpu {statistics.median(cpu):.2f} ms, fsync floor {floor:.2f} ms "
          f"({med / floor:.1f}x the floor) (target <= 10 ms): {'OK' if med <= 10 else 'SLOW'}")


if __name__ == "__main__":
    main()
