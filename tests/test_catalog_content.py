"""Content of the curated catalog entries against the national list (issue 13): times and
fees equal the reference file's or say why not, the audit's corrections hold, both rules
(writing help, signing in person) carry their legal reasons, and procedures without a
citizen form print a one-page "what to bring and what you will get" sheet."""
import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from kiosk.text import nfc
from tests.conftest import REPO

_REF = Path("reference") / "national-catalog" / "commune-procedures.jsonl.gz"
# the shared reference folder sits next to the main checkout (../shared) or next to the worktrees (../../shared)
NATIONAL = next((p for p in (REPO.parent / "shared" / _REF, REPO.parent.parent / "shared" / _REF) if p.exists()),
                REPO.parent / "shared" / _REF)
PROCEDURES = REPO / "forms_catalog" / "procedures"
TIME_NOTE = "Thời hạn so với danh mục quốc gia:"
FEE_NOTE = "Lệ phí so với danh mục quốc gia:"


@pytest.fixture(scope="module")
def national() -> dict:
    if not NATIONAL.exists():
        pytest.skip(f"reference file missing: {NATIONAL}")
    with gzip.open(NATIONAL, "rt", encoding="utf-8") as f:
        return {r["code"]: r for r in map(json.loads, f)}


@pytest.fixture(scope="module")
def curated():
    """The hand-written entries: the files of forms_catalog/procedures (official-only entries,
    when another part of the program adds them, carry tier != curated and are left out)."""
    from kiosk.catalog import load_catalog
    cat = load_catalog(REPO / "forms_catalog")
    assert cat.problems == []
    return {c: p for c, p in cat.procedures.items() if getattr(p, "tier", "curated") in (None, "curated")}


def _direct(record: dict) -> dict:
    chans = record.get("channels") or []
    return next((c for c in chans if c["channel"] == "DIRECT"), chans[0] if chans else {})


def _working_days(record: dict) -> int | None:
    m = re.fullmatch(r"(\d+) WORKING_DAY", (_direct(record).get("time") or "").strip())
    return int(m.group(1)) if m else None


def _fee_amount(record: dict) -> int:
    m = re.match(r"\s*(\d+) VNĐ", _direct(record).get("fee") or "")
    return int(m.group(1)) if m else 0


def test_at_least_40_curated_entries_all_from_the_national_list(curated, national):
    assert len(curated) >= 40
    assert [c for c in curated if c not in national] == []
    for p in curated.values():
        assert any("national-catalog" in s and national[p.code]["decision"] in s for s in p.sources), p.code


def test_every_time_equals_the_reference_or_a_note_says_why(curated, national):
    unexplained = []
    for p in curated.values():
        ref = _working_days(national[p.code])
        if ref == p.processing_days:
            continue
        if not any(n.startswith(TIME_NOTE) and len(n) > len(TIME_NOTE) + 30 for n in p.notes):
            unexplained.append((p.code, p.processing_days, _direct(national[p.code]).get("time")))
    assert unexplained == []


def test_every_fee_names_the_reference_amount_or_a_note_says_why(curated, national):
    wrong = []
    for p in curated.values():
        amount = _fee_amount(national[p.code])
        if amount and f"{amount:,}".replace(",", ".") not in p.fee \
                and not any(n.startswith(FEE_NOTE) for n in p.notes):
            wrong.append((p.code, amount, p.fee))
    assert wrong == []


def test_every_entry_has_both_rules_with_reasons_and_legal_basis_and_no_legacy_flag(curated):
    for p in curated.values():
        raw = yaml.safe_load((PROCEDURES / f"{p.code}.yaml").read_text(encoding="utf-8"))
        assert "proxy_writing" not in raw and {"writing_help", "sign_in_person"} <= raw.keys(), p.code
        for rule in (p.writing_help, p.sign_in_person):
            assert len(rule.reason) >= 30 and len(rule.legal_basis) >= 10, p.code
        for d in raw["required_documents"]:
            assert d.get("kind") in ("always", "conditional", "show") and "show_only" not in d, (p.code, d["name"])


def test_curated_entries_speak_plainly_and_know_colloquial_words(curated):
    for p in curated.values():
        assert len(p.summary) >= 60 and len(p.synonyms) >= 4, p.code
        conditional = [d for d in p.required_documents if d.kind == "conditional"]
        assert all(d.note for d in conditional), p.code  # the case it is needed in
    words = {nfc(s) for p in curated.values() for s in p.synonyms}
    for colloquial in ("sổ đỏ", "sổ hồng", "mở quán", "buôn bán", "tiền tuất", "liệt sĩ", "con nuôi", "thờ cúng liệt sĩ"):
        assert colloquial in words, colloquial


def test_fields_of_the_issue_are_covered(curated):
    by_field = {}
    for p in curated.values():
        by_field.setdefault(p.field, []).append(p.code)
    assert len(by_field["Người có công"]) >= 3
    assert len(by_field["Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)"]) >= 4
    assert len(by_field["Đất đai"]) >= 2 and "1.013978" in by_field["Đất đai"]
    assert len(by_field["Giảm nghèo"]) >= 2 and len(by_field["Bảo trợ xã hội"]) >= 6


def _doc(p, kind, *needles):
    return [d for d in p.required_documents if d.kind == kind
            and all(n.lower() in (d.name + " " + d.note).lower() for n in needles)]


def test_the_audit_corrections_hold(curated):
    c = curated
    assert c["1.001776"].processing_days == 10
    assert any("147/2025/NĐ-CP" in b for b in c["1.001776"].legal_basis)
    assert c["1.001731"].processing_days == 3 and _doc(c["1.001731"], "conditional", "80 tuổi", "bảo hiểm xã hội")
    assert c["1.014028"].processing_days == 3
    assert _doc(c["1.000656"], "conditional", "chứng minh sự kiện chết")
    assert _doc(c["1.004873"], "conditional", "đã được cấp trước đó")
    assert _doc(c["1.004837"], "conditional", "giám hộ đương nhiên")
    assert _doc(c["1.004884"], "conditional", "Thủ trưởng cơ quan", "lực lượng vũ trang")
    assert "cam đoan" in c["1.004884"].required_documents[0].name
    # 2.001406 as on the portal: draft, ID shown, registered-property papers when concerned
    assert [d.kind for d in c["2.001406"].required_documents] == ["always", "show", "conditional"]
    assert not any("chứng tử" in d.name.lower() for d in c["2.001406"].required_documents)
    # 2.001009 abolished: not offered, and the catalog says why
    assert "2.001009" not in c
    assert any("2.001009" in n and "280/2025" in n for p in c.values() for n in p.notes)
    assert "2.000927" in c and "25.000" in c["2.000927"].fee


def test_the_two_rules_of_the_audit(curated):
    will = curated["2.001019"]
    assert will.writing_help.value and "636" in will.writing_help.legal_basis
    assert will.sign_in_person.value
    for code in ("2.000884", "2.000913", "2.001016", "2.001035", "2.001406"):
        p = curated[code]
        assert p.writing_help.value and "Điều 15 khoản 3" in p.writing_help.legal_basis, code
        assert p.sign_in_person.value and "trước mặt" in p.sign_in_person.reason, code
    assert curated["1.000894"].sign_in_person.value  # both spouses sign the register in person
    assert not curated["1.001193"].sign_in_person.value  # NĐ 120/2025: no need to come and sign


def test_ho_tich_entries_carry_the_2025_2026_texts_and_look_the_id_card_up(curated, national):
    texts = {"66.7/2025/NQ-CP": "66.7/2025", "08/2025/TT-BTP": "08/2025/TT-BTP",
             "120/2025/NĐ-CP": "120/2025", "18/2026/NĐ-CP": "18/2026"}
    ho_tich = [p for p in curated.values() if p.field == "Hộ tịch" and p.code != "2.000986"]
    assert len(ho_tich) >= 13
    for p in ho_tich:
        ours = " ".join(p.legal_basis)
        theirs = " ".join(national[p.code]["legal_basis"])
        for key, short in texts.items():
            if key in theirs:
                assert short in ours, (p.code, key)
        shown = [d for d in p.required_documents if d.kind == "show"]
        assert shown and "Cơ sở dữ liệu quốc gia về dân cư" in shown[0].note and "66.7/2025" in shown[0].note, p.code


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), nfc(" ".join(" ".join((pg.extract_text() or "").split()) for pg in reader.pages))


def test_bring_sheet_of_a_chung_thuc_procedure_lists_what_to_bring_and_what_you_get(services):
    from kiosk.documents.bring_sheet import TITLE
    pages, text = _pdf_text(services.printouts.sample_pdf("2.001019"))
    assert pages == 1
    for needle in (TITLE, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Chứng thực di chúc", "Giấy tờ phải nộp:",
                   "Dự thảo di chúc", "Mang theo để xuất trình", "50.000 đồng/di chúc",
                   "Có phải tự ký trước mặt cán bộ không? Có.", "Cán bộ có được viết, đánh máy giúp không? Có."):
        assert needle in text, needle


def test_the_longest_entry_still_fits_one_page_and_forms_still_print_forms(services):
    pages, text = _pdf_text(services.printouts.sample_pdf("1.013978"))
    assert pages == 1 and "Chỉ nộp khi thuộc trường hợp" in text and "Mảnh trích đo" in text
    _, form_text = _pdf_text(services.printouts.sample_pdf("1.001193"))
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in form_text and "NHỮNG GIẤY TỜ CẦN MANG THEO" not in form_text


def test_render_sample_command_writes_the_bring_sheet(tmp_path, data_dir):
    out = tmp_path / "s.pdf"
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "render", "sample", "2.000884", "--out", str(out)],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    _, text = _pdf_text(out.read_bytes())
    assert "NHỮNG GIẤY TỜ CẦN MANG THEO VÀ KẾT QUẢ NHẬN ĐƯỢC" in text and "10.000 đồng" in text
