"""Catalog search per keystroke over the whole catalog (curated, official and referral
entries), scaled to 1,000 and 5,000 entries (DESIGN.md §5: p95 <= 5 ms). Every prefix of
each query is one keystroke; every round starts with no query word cached.
The last line is the figure for 1,000 entries (make bench)."""
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.catalog import load_catalog  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import cpu_line, header  # noqa: E402
from kiosk.catalog.search import SearchIndex  # noqa: E402

QUERIES = ["giay khai sinh", "xac nhan doc than", "cong chung", "dang ky ket hon", "chung thuc chu ky",
           "tro cap hang thang", "mai tang phi", "trich luc khai sinh", "cai chinh ho tich", "giam ho",
           "GIAY KHIA SINH", "đăng ký khai tử", "nhan cha me con", "ho ngheo", "tranh chap dat dai",
           "khaisinh", "dangkykethon", "lam so do", "ly hon", "lam can cuoc", "mo quan", "tro cap liet si",
           "con nuoi", "tien tuat", "toi muon lam giay khai sinh", "may bay"]
WORDS = ["thôn", "xã", "hồ sơ", "giấy", "cấp", "đổi", "lại", "bổ sung", "xác nhận", "hỗ trợ", "đăng ký",
         "chế độ", "người", "nhà", "đất", "trẻ em", "học sinh", "nông nghiệp", "văn hóa", "thể thao"]


def scaled(entries, n):
    """The catalog's entries, then copies of its procedures with a few extra words, up to n."""
    rng = random.Random(7)
    out = list(entries)
    procs = [e for e in entries if e.tier != "referral"]
    i = 0
    while len(out) < n:
        p = procs[i % len(procs)]
        extra = " ".join(rng.sample(WORDS, 3))
        out.append(p.model_copy(update={"code": f"9.{len(out):06d}", "name": f"{p.name} {extra}",
                                        "short_name": f"{p.short_name[:40]} {len(out)}",
                                        "synonyms": [f"{s} {rng.choice(WORDS)}" for s in p.synonyms]}))
        i += 1
    return out


def measure(index) -> tuple[float, float, float, float]:
    times, cpu = [], []
    for _round in range(3):
        index.clear_caches()
        for q in QUERIES:
            for k in range(1, len(q) + 1):
                c, t = time.process_time(), time.perf_counter()
                index.lookup(q[:k], limit=8)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
    times.sort()
    cpu.sort()
    return times[int(len(times) * 0.95) - 1], statistics.median(times), times[-1], cpu[int(len(cpu) * 0.95) - 1]


def main() -> None:
    print(header(), flush=True)
    cat = load_catalog(REPO / "forms_catalog")
    lines, cpus = [], []
    for n in (5000, 1000):
        t0 = time.perf_counter()
        index = SearchIndex(scaled(cat.entries(), n), cat.search_words)
        build_ms = (time.perf_counter() - t0) * 1000
        p95, median, worst, cpu95 = measure(index)
        cpus.append(f"p95 {cpu95:.2f} ms on {len(index)}")
        print(f"{n} entries: index built in {build_ms:.0f} ms; median {median:.2f} ms, max {worst:.2f} ms")
        lines.append(f"search p95 {p95:.2f} ms per keystroke on {len(index)} entries (target <= 5 ms): "
                     f"{'OK' if p95 <= 5 else 'SLOW'}")
    cpu_line(", ".join(cpus))
    print(lines[0])
    print(lines[1])


if __name__ == "__main__":
    main()
