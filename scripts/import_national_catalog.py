"""Turn the national list of commune-level procedures into catalog data.

    .venv/bin/python scripts/import_national_catalog.py [--source FILE.jsonl.gz] [--catalog DIR] [--accept]

Writes one JSON file per lĩnh vực under `forms_catalog/national/` (tier `official`,
`source: national-catalog`, the decision number) for every procedure that has no
curated file in `forms_catalog/procedures/`; files of fields that disappeared are
removed. Curated files are never written.

For each curated procedure the official facts (time per channel, fee, documents)
are compared with the baseline a person last accepted (`national/_accepted.yaml`);
any difference is printed and the script exits 1 until it is rerun with `--accept`,
which records the new baseline. Rerunning with the same input changes nothing.
"""
from __future__ import annotations

import argparse
import difflib
import gzip
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.catalog.schema import Procedure  # noqa: E402
from kiosk.text import fold, nfc  # noqa: E402

DEFAULT_SOURCES = [REPO.parent / "shared/reference/national-catalog/commune-procedures.jsonl.gz",
                   REPO.parent.parent / "shared/reference/national-catalog/commune-procedures.jsonl.gz"]
PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
ACCEPTED = "_accepted.yaml"
GENERATED_BY = ("scripts/import_national_catalog.py from the national list of commune-level procedures; "
                "do not edit by hand: write a curated file in procedures/ instead")

# who receives procedures the commune's one-stop counter does not handle
OFFICE_BY_DECISION = [("BCA", "Công an xã"), ("TANDTC", "Tòa án nhân dân khu vực"),
                      ("QĐCB", "Tòa án nhân dân khu vực")]
OFFICE_BY_FIELD = {
    "Thực hiện chính sách BHXH": "Cơ quan Bảo hiểm xã hội",
    "Chi trả các chế độ BHXH": "Cơ quan Bảo hiểm xã hội",
    "Thu BHXH, BHYT, BHTN, BH tai nạn lao động, BNN": "Cơ quan Bảo hiểm xã hội",
    "Cấp sổ BHXH, thẻ BHYT": "Cơ quan Bảo hiểm xã hội",
    "Thực hiện chính sách BHYT": "Cơ quan Bảo hiểm xã hội",
    "Tòa án": "Tòa án nhân dân khu vực",
}
CHANNELS = {"DIRECT": "direct", "ONLINE": "online", "POSTAL": "postal"}
GENERIC_GROUPS = ("giay to phai nop", "giay to phai xuat trinh", "thanh phan ho so", "ho so gom")


# --- reading the national list ---

def read_rows(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def clean(text) -> str:
    return " ".join(nfc(text or "").split())


# --- time ---

_TIME = re.compile(r"^(\d+(?:[.,]\d+)?)\s+(WORKING_DAY|ngày|HOUR|MONTH|OTHER)$")
_WORDED = re.compile(r"(\d+)\s*(?:\([^)]*\)\s*)?(ngày làm việc|ngày|giờ|tháng)")


def _days(n: float, unit: str) -> int | None:
    """Working days for a published time; calendar days become the working days they span."""
    if unit in ("WORKING_DAY", "ngày làm việc"):
        return math.ceil(n)
    if unit == "ngày":
        n = math.ceil(n)
        return n - 2 * (n // 7)
    if unit in ("HOUR", "giờ"):
        return 0 if n <= 8 else math.ceil(n / 8)
    if unit in ("MONTH", "tháng"):
        return math.ceil(n * 22)
    return None


_TIME_WORDS = re.compile(r"ngày|giờ|tháng|thời gian|thời hạn|không quy định", re.I)


def parse_time(time: str, note: str) -> tuple[str, int | None]:
    """(official wording, working days or None) of one channel."""
    time, note = clean(time), clean(note).removeprefix("Mô tả:").strip()
    if not _TIME_WORDS.search(note) or note.lower().startswith(("nộp", "tại ", "cách thức", "- nộp")):
        note = ""  # the note says how to submit, not how long
    m = _TIME.match(time)
    if m and m.group(2) != "OTHER":
        n, unit = float(m.group(1).replace(",", ".")), m.group(2)
        words = {"WORKING_DAY": "ngày làm việc", "ngày": "ngày", "HOUR": "giờ", "MONTH": "tháng"}[unit]
        days = _days(n, unit)
        text = note if note and len(note) <= 300 else f"{m.group(1)} {words}"
        return text, days if days is not None and days <= 250 else None
    # "7 OTHER", "OTHER", free wording: the explanation is in the note or in the text itself
    if m or time in ("", "OTHER"):
        wording = note
    else:
        wording = time.removesuffix("OTHER").strip()
    if not wording:
        if m and m.group(1) == "1":  # "1 OTHER": the portal's way of writing "trong ngày"
            return "Trong ngày (Cổng Dịch vụ công ghi “1 – khác”)", 0
        if m and m.group(1).isdigit():  # a number with the portal's unit "khác" and no explanation
            return f"{m.group(1)} ngày làm việc (Cổng Dịch vụ công ghi đơn vị “khác”)", int(m.group(1))
        return "Cổng Dịch vụ công không ghi thời hạn; hỏi cán bộ khi nộp.", None
    low = wording.lower()
    if "trong ngày" in low:
        return wording, 0
    found = [(int(n), u) for n, u in _WORDED.findall(wording)]
    if len({f for f in found}) == 1:
        days = _days(*found[0])
        return wording, days if days is not None and days <= 250 else None
    return wording, None


# --- fee ---

_FEE = re.compile(r"^(\d+)\s*VNĐ\s*\((.*)\)$", re.S)
_NO_FEE_DETAIL = {"", "không", "không quy định", "không thu", "miễn phí", "miễn lệ phí"}


def parse_fee(raw: str) -> str:
    parts = []
    for piece in clean(raw).split(" | "):
        piece = piece.strip()
        m = _FEE.match(piece)
        if not m:
            parts.append(piece)
            continue
        amount, detail = int(m.group(1)), m.group(2).strip().strip("()").strip()
        if amount == 0:
            parts.append("Không mất lệ phí" if detail.lower().rstrip(".") in _NO_FEE_DETAIL else detail)
        else:
            money = f"{amount:,}".replace(",", ".") + " đồng"
            parts.append(f"{money} ({detail})" if detail else money)
    fee = " | ".join(dict.fromkeys(p for p in parts if p))
    if not fee or fee == "Không có thông tin":
        return "Cổng Dịch vụ công quốc gia không ghi lệ phí; hỏi cán bộ khi nộp."
    return fee


# --- documents ---

def document_kind(group: str, text: str) -> str:
    """always / conditional / show from the published wording."""
    g, t = fold(group), fold(text)
    if re.search(r"\b(truong hop|neu|neu co)\b", t) or "doi voi nguoi" in t:
        return "conditional"
    if "xuat trinh" in g or t.startswith("xuat trinh") or re.search(r"(?<!khong phai )\bxuat trinh\b", t):
        return "show"
    if re.search(r"\b(truong hop|neu|doi voi|khi)\b", g):
        return "conditional"
    return "always"


def documents(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """(documents, notes): 'Lưu ý' lines become notes; '+ ...' lines join the heading above them."""
    docs: list[dict] = []
    notes: list[str] = []
    header: dict | None = None
    for r in rows:
        group, text = clean(r.get("group")), clean(r.get("text"))
        if not text:
            continue
        if "luu y" in fold(group):
            notes.append(text.lstrip("+-• ").strip())
            continue
        sub = text[:1] in "+-•"
        text = text.lstrip("+-• ").strip()
        if len(text) < 2:
            continue
        if sub and header is not None:
            header["note"] = f"{header['note']}; {text}" if header["note"] else text
            continue
        note = "" if not group or fold(group).startswith(GENERIC_GROUPS) else group
        doc = {"name": text, "note": note, "kind": document_kind(group, text)}
        for key in ("originals", "copies"):
            v = r.get(key)
            if isinstance(v, int) and 0 <= v <= 99 and (r.get("originals") or r.get("copies")):
                doc[key] = v
        docs.append(doc)
        header = doc if text.endswith(":") else None
    for d in docs:
        if not d["note"]:
            del d["note"]
        if d["kind"] == "always":
            del d["kind"]
    return docs, list(dict.fromkeys(notes))


# --- one entry ---

_NAME_LEFTOVERS = [re.compile(r"^\d+[.)]\s+"),  # "1. Thủ tục …": a list number of the province's page
                   re.compile(r"\s*\(\d+\)\s*Trình tự thực hiện:?$"),  # the next section's heading
                   re.compile(r"\s*:$")]


def official_name(raw) -> str:
    """The published name without what the crawl caught of the text around it."""
    name = clean(raw)
    for leftover in _NAME_LEFTOVERS:
        name = leftover.sub("", name)
    return name or clean(raw)


def short_name(name: str) -> str:
    s = re.sub(r"^thủ tục\s+", "", name, flags=re.I).strip()
    s = s[:1].upper() + s[1:]
    if len(s) <= 60:
        return s
    cut = s[:59].rsplit(" ", 1)[0].rstrip(",;:-–")
    return cut + "…"


def office_of(row: dict) -> str:
    for needle, office in OFFICE_BY_DECISION:
        if needle in row.get("decision", ""):
            return office
    return OFFICE_BY_FIELD.get(clean(row.get("field")), "")


def official_facts(row: dict) -> dict:
    """The facts a refresh may change: time per channel, fee, documents (as compared for curated entries)."""
    channels = []
    for c in sorted(row.get("channels") or [], key=lambda c: list(CHANNELS).index(c["channel"])
                    if c.get("channel") in CHANNELS else 9):
        if c.get("channel") not in CHANNELS:
            continue
        text, days = parse_time(c.get("time", ""), c.get("note", ""))
        channels.append({"channel": CHANNELS[c["channel"]], "time_text": text, "days": days,
                         "fee": parse_fee(c.get("fee", ""))})
    docs, notes = documents(row.get("documents") or [])
    return {"channels": channels, "documents": docs, "notes": notes}


def entry(row: dict) -> dict:
    code, name = clean(row["code"]), official_name(row["name"])
    facts = official_facts(row)
    channels = facts["channels"]
    main = next((c for c in channels if c["channel"] == "direct"), channels[0] if channels else None)
    fee = main["fee"] if main else parse_fee("")
    out: dict = {"code": code, "tier": "official", "source": "national-catalog", "decision": clean(row["decision"]),
                 "name": name, "short_name": short_name(name), "field": clean(row["field"])}
    office = office_of(row)
    if office:
        out["office"] = office
    out["processing_days"] = main["days"] if main else None
    out["processing_time_text"] = (main["time_text"] if main else "") or "Theo quy định"
    cases = {c["days"] for c in channels if c["channel"] == (main or {}).get("channel")}
    if len(cases) > 1:  # several cases with their own time limit: the clerk reads which one applies
        known = sorted(d for d in cases if d is not None)
        out["processing_days"] = None
        out["processing_time_text"] = (f"Tùy trường hợp: từ {known[0]} đến {known[-1]} ngày làm việc"
                                       if len(known) > 1 else "Tùy trường hợp (xem từng trường hợp)")
    out["fee"] = fee
    out["channels"] = []
    for c in channels:
        ch = {"channel": c["channel"], "time_text": c["time_text"] or "Theo quy định", "days": c["days"]}
        if c["fee"] != fee:
            ch["fee"] = c["fee"]
        out["channels"].append(ch)
    out["required_documents"] = facts["documents"]
    out["legal_basis"] = list(dict.fromkeys(clean(x) for x in row.get("legal_basis") or [] if clean(x)))
    if any(c["channel"] == "online" for c in channels):
        out["online"] = {"level": "mot-phan", "portal_url": PORTAL.format(code=code)}
    out["friday_same_day"] = False
    out["result"] = clean(row.get("result"))
    if facts["notes"]:
        out["notes"] = facts["notes"]
    out["sources"] = [f"Cơ sở dữ liệu quốc gia về thủ tục hành chính, mã {code}, {clean(row['decision'])}"]
    return out


def slug(field: str) -> str:
    return "-".join(fold(field).split())[:60].rstrip("-") or "khac"


# --- curated entries: the baseline a person accepted ---

def curated(catalog: Path) -> dict[str, Procedure | None]:
    """Curated procedures by code; a broken file (None) still keeps its code out of national/."""
    out: dict[str, Procedure | None] = {}
    for path in sorted((catalog / "procedures").glob("*.yaml")):
        data = None
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            p = Procedure.model_validate(data)
        except Exception as e:  # reported in full by `main.py catalog check`; never overwritten here
            print(f"Bỏ qua tệp hỏng {path.name} ({e.__class__.__name__}); sửa theo “main.py catalog check”.",
                  file=sys.stderr)
            out[str(data.get("code")) if isinstance(data, dict) and data.get("code") else path.stem] = None
            continue
        out[p.code] = p
    return out


def _facts_lines(facts: dict) -> list[str]:
    lines = [f"thời hạn ({c['channel']}): {c['time_text']} [{c['days']} ngày làm việc]" for c in facts["channels"]]
    lines += [f"lệ phí ({c['channel']}): {c['fee']}" for c in facts["channels"]]
    lines += [f"giấy tờ ({d.get('kind', 'always')}): {d['name']}" for d in facts["documents"]]
    return lines


def compare_curated(rows: dict[str, dict], cur: dict[str, Procedure | None], accepted: dict) -> tuple[list[str], dict]:
    """(report lines of the curated entries whose official facts changed, new baseline)."""
    report, baseline = [], {}
    for code in sorted(cur):
        row = rows.get(code)
        if row is None:
            continue
        facts = official_facts(row)
        baseline[code] = {"channels": facts["channels"], "documents": facts["documents"]}
        before = accepted.get(code)
        p = cur[code]
        if before == baseline[code]:
            continue
        head = f"== {code} {p.short_name if p else ''}: "
        if before is None:
            report.append(head + "chưa có bản đối chiếu đã chấp nhận; số liệu chính thức:")
            report += ["   " + line for line in _facts_lines(facts)]
        else:
            report.append(head + "danh mục quốc gia đã thay đổi:")
            report += ["   " + line for line in difflib.unified_diff(
                _facts_lines(before), _facts_lines(facts), lineterm="", n=0) if not line.startswith(("---", "+++"))]
        direct = next((c for c in facts["channels"] if c["channel"] == "direct"), None)
        if p is not None and direct and direct["days"] is not None and direct["days"] != p.processing_days:
            report.append(f"   ! bản tự viết: {p.processing_days} ngày làm việc; danh mục quốc gia: "
                          f"{direct['days']} ngày làm việc ({direct['time_text']})")
    return report, baseline


def _dump(data) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=110)


def run(source: Path, catalog: Path, accept: bool, out=sys.stdout, err=sys.stderr) -> int:
    rows = {clean(r["code"]): r for r in read_rows(source)}
    cur = curated(catalog)
    national = catalog / "national"
    national.mkdir(exist_ok=True)
    by_file: dict[str, list[dict]] = defaultdict(list)  # spellings of one field share a file
    problems = []
    for code in sorted(rows):
        if code in cur:
            continue
        e = entry(rows[code])
        try:
            Procedure.model_validate(e)
        except Exception as ex:
            problems.append(f"{code}: {ex}")
            continue
        by_file[f"{slug(e['field'])}.json"].append(e)
    if problems:
        print("Không chuyển được các thủ tục sau (sửa bộ chuyển đổi):", *problems, sep="\n", file=err)
        return 2
    for name, entries in sorted(by_file.items()):
        text = json.dumps({"generated_by": GENERATED_BY, "source": "national-catalog", "procedures": entries},
                          ensure_ascii=False, indent=1) + "\n"
        path = national / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for stale in national.glob("*.json"):
        if stale.name not in by_file:
            stale.unlink()
    total = sum(len(v) for v in by_file.values())
    print(f"{total} thủ tục chính thức trong {len(by_file)} tệp lĩnh vực; "
          f"{sum(1 for c in cur if c in rows)} thủ tục đã biên soạn được đối chiếu.", file=out)
    accepted_path = national / ACCEPTED
    accepted = {}
    if accepted_path.exists():
        accepted = yaml.load(accepted_path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    report, baseline = compare_curated(rows, cur, accepted.get("procedures", {}))
    if report and not accept:
        print("Số liệu chính thức của các thủ tục đã biên soạn khác bản đã chấp nhận. Kiểm tra, sửa tệp "
              "procedures/ nếu cần, rồi chạy lại với --accept:", file=out)
        print("\n".join(report), file=out)
        return 1
    if accept and accepted.get("procedures") != baseline:
        accepted_path.write_text(
            "# Official facts of the curated entries as a person last accepted them (--accept).\n"
            + _dump({"procedures": baseline}), encoding="utf-8")
        print(f"Đã ghi bản đối chiếu của {len(baseline)} thủ tục đã biên soạn.", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=next((p for p in DEFAULT_SOURCES if p.exists()), DEFAULT_SOURCES[0]))
    ap.add_argument("--catalog", type=Path, default=REPO / "forms_catalog")
    ap.add_argument("--accept", action="store_true", help="record the curated entries' official facts as reviewed")
    args = ap.parse_args(argv)
    if not args.source.exists():
        print(f"Không thấy tệp danh mục quốc gia: {args.source}", file=sys.stderr)
        return 2
    return run(args.source, args.catalog, args.accept)


if __name__ == "__main__":
    sys.exit(main())
