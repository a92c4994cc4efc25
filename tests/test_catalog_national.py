"""The national list in the catalog: every commune-level procedure findable with its official
facts (tier official), the converter rerunnable without touching curated files, and a change
of a curated entry's official facts held for a person to accept."""
import gzip
import hashlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys

import pytest

from kiosk.catalog import load_catalog
from tests.conftest import REPO

SAMPLE = REPO / "tests" / "data" / "national_sample.jsonl.gz"  # 1-2 procedures of every field of the national list


def _converter():
    spec = importlib.util.spec_from_file_location("import_national_catalog",
                                                  REPO / "scripts" / "import_national_catalog.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


conv = _converter()


def sample_rows():
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    """`catalog search "" --json`: the whole catalog as the CLI lists it."""
    data = tmp_path_factory.mktemp("data")
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "search", "", "--json"],
                       capture_output=True, text=True, env={"KIOSK_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    return {row["code"]: row for row in json.loads(r.stdout)}


def test_a_sample_of_national_codes_per_field_is_listed_with_its_field(listed):
    rows = sample_rows()
    fields = {r["field"] for r in rows}
    assert len(fields) >= 100  # the sample covers every field of the national list
    for r in rows:
        assert r["code"] in listed, r["code"]
        if listed[r["code"]]["tier"] == "official":
            assert listed[r["code"]]["field"] == r["field"], r["code"]
    assert sum(1 for row in listed.values() if row["tier"] in ("curated", "official")) >= 787


def test_official_entries_carry_the_decision_channels_and_where_to_go(catalog):
    for r in sample_rows():
        p = catalog.procedure(r["code"])
        if p.tier != "official":
            continue
        assert p.source == "national-catalog" and p.decision == r["decision"]
        assert p.name == " ".join(r["name"].split())
        assert {c.channel for c in p.channels} == {conv.CHANNELS[c["channel"]] for c in r["channels"]}
        assert p.fee and p.processing_time_text
        assert not p.has_guide
    cccd = catalog.procedure("1.014061")  # cấp thẻ căn cước: the commune police, not the one-stop counter
    assert cccd.office == "Công an xã" and cccd.elsewhere
    assert catalog.procedure("1.001776").tier == "curated"  # a curated file wins over the national entry


@pytest.mark.parametrize("group, text, kind", [
    ("Giấy tờ phải nộp", "Tờ khai đăng ký khai tử theo mẫu", "always"),
    ("Giấy tờ phải nộp", "Văn bản ủy quyền trong trường hợp ủy quyền thực hiện", "conditional"),
    ("Giấy tờ phải nộp", "Giấy xác nhận khuyết tật (nếu có)", "conditional"),
    ("Giấy tờ phải xuất trình", "Hộ chiếu hoặc thẻ căn cước còn giá trị sử dụng", "show"),
    (None, "Xuất trình giấy tờ tùy thân của người đi đăng ký", "show"),
    ("Trường hợp ủy quyền thực hiện thủ tục", "Văn bản ủy quyền có chứng thực", "conditional"),
])
def test_document_kind_follows_the_published_wording(group, text, kind):
    assert conv.document_kind(group or "", text) == kind


def test_notes_and_sub_items_are_not_separate_documents():
    docs, notes = conv.documents([
        {"group": "Giấy tờ phải nộp", "text": "Chứng cứ chứng minh quan hệ cha con gồm:", "originals": 0, "copies": 0},
        {"group": "Giấy tờ phải nộp", "text": "+ Văn bản của cơ quan y tế xác nhận quan hệ cha con.", "originals": 1},
        {"group": "Lưu ý", "text": "Giấy tờ nước ngoài phải được hợp pháp hóa lãnh sự."},
    ])
    assert [d["name"] for d in docs] == ["Chứng cứ chứng minh quan hệ cha con gồm:"]
    assert "cơ quan y tế" in docs[0]["note"]
    assert notes == ["Giấy tờ nước ngoài phải được hợp pháp hóa lãnh sự."]


@pytest.mark.parametrize("time, note, days", [
    ("10 WORKING_DAY", "", 10),
    ("15 ngày", "", 11),  # calendar days: the working days they span
    ("4 HOUR", "", 0),
    ("1 OTHER", "", 0),  # the portal's "trong ngày"
    ("OTHER", "Mô tả: 03 ngày làm việc kể từ ngày nhận đủ hồ sơ", 3),
    ("OTHER", "Mô tả: Nộp trực tiếp tại Trung tâm Phục vụ hành chính công", None),
    ("Không quá 07 ngày kể từ ngày nhận đủ hồ sơ hợp lệ. OTHER", "", 5),
])
def test_time_per_channel_in_working_days_or_left_to_the_wording(time, note, days):
    text, parsed = conv.parse_time(time, note)
    assert parsed == days and text


def test_fee_in_plain_words():
    assert conv.parse_fee("0 VNĐ ()") == "Không mất lệ phí"
    assert conv.parse_fee("8000 VNĐ ()") == "8.000 đồng"
    assert conv.parse_fee("30000 VNĐ (/giao dịch)") == "30.000 đồng (/giao dịch)"
    assert "Hội đồng nhân dân" in conv.parse_fee("0 VNĐ (Mức lệ phí do Hội đồng nhân dân tỉnh quyết định)")
    assert "không ghi lệ phí" in conv.parse_fee("Không có thông tin")


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*"))}


@pytest.fixture
def tmp_catalog(tmp_path):
    root = tmp_path / "forms_catalog"
    shutil.copytree(REPO / "forms_catalog", root, ignore=shutil.ignore_patterns("national"))
    return root


def test_converter_writes_official_entries_never_curated_files_and_a_rerun_changes_nothing(tmp_catalog):
    curated_before = _digest(tmp_catalog / "procedures")
    out = io.StringIO()
    conv.run(SAMPLE, tmp_catalog, accept=True, out=out, err=out)
    assert _digest(tmp_catalog / "procedures") == curated_before
    national = _digest(tmp_catalog / "national")
    assert any(name.endswith(".json") for name in national)
    cat = load_catalog(tmp_catalog)
    # synonyms.yaml names codes of the full list, which this sample lacks
    assert [str(p) for p in cat.problems if p.path != "synonyms.yaml"] == []
    official = {p.code for p in cat.procedures.values() if p.tier == "official"}
    curated = {p.code for p in cat.procedures.values() if p.tier == "curated"}
    assert official == {r["code"] for r in sample_rows()} - curated
    assert conv.run(SAMPLE, tmp_catalog, accept=False, out=out, err=out) == 0
    assert _digest(tmp_catalog / "national") == national and _digest(tmp_catalog / "procedures") == curated_before


def test_a_changed_official_fact_of_a_curated_entry_is_printed_and_waits_for_accept(tmp_catalog, tmp_path):
    assert conv.run(SAMPLE, tmp_catalog, accept=True, out=io.StringIO(), err=io.StringIO()) == 0
    rows = sample_rows()
    for r in rows:
        if r["code"] == "1.001776":
            for c in r["channels"]:
                c["time"] = "7 WORKING_DAY"
    changed = tmp_path / "changed.jsonl.gz"
    with gzip.open(changed, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    curated_before = _digest(tmp_catalog / "procedures")
    out = io.StringIO()
    assert conv.run(changed, tmp_catalog, accept=False, out=out, err=out) == 1
    report = out.getvalue()
    assert "1.001776" in report and "7 ngày làm việc" in report and "--accept" in report
    assert "1.001193" not in report  # unchanged entries are not listed
    assert _digest(tmp_catalog / "procedures") == curated_before  # the curated file is left to a person
    assert conv.run(changed, tmp_catalog, accept=True, out=io.StringIO(), err=io.StringIO()) == 0
    assert conv.run(changed, tmp_catalog, accept=False, out=io.StringIO(), err=io.StringIO()) == 0


def test_every_field_has_a_tile_and_the_new_tiles_hold_their_procedures(catalog):
    counts = {c.id: len(catalog.in_category(c.id)) for c in catalog.categories}
    assert counts["nguoi-co-cong"] >= 44 and counts["ho-kinh-doanh"] >= 7 and counts["dat-dai"] >= 190
    assert counts["thu-tuc-khac"] > 0
    assert sum(counts.values()) == len(catalog.procedures)  # each procedure under exactly one tile


def test_a_broken_curated_file_is_left_alone_and_its_code_not_generated(tmp_catalog):
    path = tmp_catalog / "procedures" / "1.001776.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  : [unclosed\n", encoding="utf-8")
    before = path.read_bytes()
    out = io.StringIO()
    conv.run(SAMPLE, tmp_catalog, accept=True, out=out, err=out)
    assert path.read_bytes() == before
    generated = "".join(p.read_text(encoding="utf-8") for p in (tmp_catalog / "national").glob("*.json"))
    assert '"1.001776"' not in generated and '"1.001193"' not in generated


@pytest.mark.parametrize("published, shown", [
    ("Hòa giải tranh chấp đất đai thuộc thẩm quyền cấp xã (1) Trình tự thực hiện:",
     "Hòa giải tranh chấp đất đai thuộc thẩm quyền cấp xã"),
    ("1. Thủ tục hỗ trợ chi phí hỏa táng (bao gồm cả điện táng) trên địa bàn tỉnh Bắc Ninh",
     "Thủ tục hỗ trợ chi phí hỏa táng (bao gồm cả điện táng) trên địa bàn tỉnh Bắc Ninh"),
    ("Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp III, cấp IV và nhà ở riêng lẻ:",
     "Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp III, cấp IV và nhà ở riêng lẻ"),
    ("Đăng ký cai nghiện ma  túy tự nguyện", "Đăng ký cai nghiện ma túy tự nguyện"),
    ("Thủ tục đăng ký khai sinh", "Thủ tục đăng ký khai sinh"),
])
def test_crawl_leftovers_are_cut_from_official_names(published, shown):
    row = {"code": "9.999999", "decision": "1/QĐ", "name": published, "field": "Thử", "channels": [], "documents": []}
    made = conv.entry(row)
    assert made["name"] == shown and not made["short_name"].startswith("1.")
