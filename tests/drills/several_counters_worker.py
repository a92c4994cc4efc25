"""One counter PC or lobby kiosk of the several-counters drill, as its own process.

    python -m tests.drills.several_counters_worker ROLE NAME RESULT_FILE GO_FILE SECONDS [CLERK_ID]

ROLE is `counter` (calls the next assistance ticket, receives a dossier for a fictional
applicant, marks the ticket served) or `lobby` (takes assistance tickets). The database
is KIOSK_DATABASE_URL and the data dir KIOSK_DATA_DIR, as on a real PC; services come
from build_services like main.py's. Every result is appended to RESULT_FILE as one JSON
line as soon as it is committed: {"ready": ...}, then {"dossier": code} / {"called": id} /
{"ticket": [day, number, id]}, then {"done": {...timings...}}. The worker waits for
GO_FILE to appear so that all workers start together, loops for SECONDS, exits 0; any
exception is printed and exits 1.
"""
from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Lò", "Hà"]
MIDDLE = {"Nam": ["Văn", "Đức", "Minh", "Quốc"], "Nữ": ["Thị", "Ngọc", "Thu", "Kim"]}
GIVEN = {"Nam": ["An", "Bình", "Cường", "Dũng", "Hưởng", "Khải", "Long", "Tám"],
         "Nữ": ["Hoa", "Lan", "Mai", "Nga", "Xuân", "Yến", "Hằng", "Thảo"]}


def fictional_applicant(rng: random.Random, shared_ids: int = 40) -> dict[str, str]:
    """A valid, invented applicant. CCCD numbers come from a small shared pool, so counters
    often update the same applicant row at the same moment (as when one family visits
    two counters); names and phones vary."""
    k = rng.randrange(shared_ids)
    sex = "Nam" if k % 2 == 0 else "Nữ"
    year = 1950 + (k * 7) % 55  # 1950..2004
    century_digit = 2 * ((year - 1900) // 100) + (sex == "Nữ")
    cccd = f"068{century_digit}{year % 100:02d}{900000 + k:06d}"
    return {
        "full_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
        "date_of_birth": f"{1 + k % 28:02d}/{1 + k % 12:02d}/{year}",
        "sex": sex,
        "cccd": cccd,
        "phone": f"0912{rng.randrange(1_000_000):06d}",
        "address": f"Thôn {1 + k % 2}, xã Hòa Bình",
        "village": f"Thôn {1 + k % 2}",
    }


def main(argv: list[str]) -> int:
    role, name, result_file, go_file, seconds = argv[:5]
    clerk_id = int(argv[5]) if len(argv) > 5 else None
    sys.path.insert(0, str(REPO))
    from kiosk.config import load_config
    from kiosk.services.container import build_services

    rng = random.Random(name)
    out = open(result_file, "a", encoding="utf-8", buffering=1)  # one line per result, written at once

    def emit(**item) -> None:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")

    services = build_services(load_config(os.environ, REPO))  # schema already at head: no migration
    procedures = sorted(c for c, p in services.catalog.procedures.items()  # what this counter receives
                        if p.processing_days is not None and not p.elsewhere)
    timings: list[float] = []
    try:
        emit(ready=name)
        wait_until = time.monotonic() + 120
        while not Path(go_file).exists():
            if time.monotonic() > wait_until:
                raise TimeoutError("no start signal")
            time.sleep(0.01)
        deadline = time.monotonic() + float(seconds)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            if role == "counter":
                ticket = services.tickets.call_next(clerk_id=clerk_id, counter=name)
                if ticket is not None:
                    emit(called=ticket.id, number=ticket.number, day=ticket.day.isoformat())
                info = services.dossiers.receive_dossier(
                    rng.choice(procedures), fictional_applicant(rng), clerk_id,
                    channel=rng.choice(["direct", "direct", "online", "post"]),
                    guided_online=rng.random() < 0.2)
                emit(dossier=info.code)
                if ticket is not None:
                    services.tickets.mark_served(ticket.id)
            elif role == "lobby":
                procedure = rng.choice(procedures) if rng.random() < 0.8 else None
                t = services.tickets.take_ticket(procedure, priority=rng.random() < 0.1)
                emit(ticket=[t.day.isoformat(), t.number, t.id])
            else:
                raise ValueError(f"unknown role {role!r}")
            timings.append(time.perf_counter() - started)
        timings.sort()
        pick = (lambda q: round(1000 * timings[min(len(timings) - 1, int(q * len(timings)))], 1)) if timings else None
        emit(done={"name": name, "role": role, "operations": len(timings),
                   "p50_ms": pick(0.5) if pick else None, "p95_ms": pick(0.95) if pick else None,
                   "max_ms": round(1000 * timings[-1], 1) if timings else None})
        return 0
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        out.close()
        services.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
