"""Search as elderly citizens type: no accents, capitals, typos, everyday words."""
import json
import subprocess
import sys

import pytest

from kiosk.catalog.search import SearchIndex
from tests.conftest import REPO


@pytest.fixture(scope="module")
def index():
    from kiosk.catalog import load_catalog
    cat = load_catalog(REPO / "forms_catalog")
    return SearchIndex(cat.entries(), cat.search_words)


def codes(index, query, n=3):
    return [h.code for h in index.search(query, limit=n)]


@pytest.mark.parametrize("query, code", [
    ("giay khai sinh", "1.001193"),
    ("GIAY KHAI SINH", "1.001193"),
    ("dang ky khai sinh", "1.001193"),
    ("đăng ký khai sinh", "1.001193"),
    ("ket hon", "1.000894"),
    ("khai tu", "1.000656"),
    ("xac nhan doc than", "1.004873"),
    ("giay doc than", "1.004873"),
    ("cong chung", "2.000815"),
    ("sao y ban chinh", "2.000815"),
    ("chung thuc chu ky", "2.000884"),
    ("tro cap hang thang", "1.001776"),
    ("mai tang phi", "1.001731"),
    ("giam ho", "1.004837"),
    ("cai chinh ho tich", "1.004859"),
    ("nhan cha con", "1.001022"),
])
def test_the_right_procedure_comes_first(index, query, code):
    assert codes(index, query, 1) == [code]


@pytest.mark.parametrize("query, code", [
    ("giay khia sinh", "1.001193"),       # swapped letters
    ("dang ki ket hon", "1.000894"),      # i for y
    ("xac nhan tinh trang hon nhan", "1.004873"),
    ("trich luc khai sinh", "2.000635"),
    ("chung thuc ban sao", "2.000815"),
    ("xác nhận độc thâ", "1.004873"),     # cut short while typing
    ("ho tro mai tang", "1.001731"),
])
def test_typos_and_partial_words_still_find_it_in_the_top_three(index, query, code):
    assert code in codes(index, query, 3)


def test_nonsense_finds_nothing(index):
    assert index.search("qqqq zzzz") == []
    assert index.search("   ") == []


def test_cli_json_lists_code_name_and_score(data_dir):
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "search", "xac", "nhan", "doc", "than",
                        "--json", "--limit", "3"], capture_output=True, text=True,
                       env={"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits[0]["code"] == "1.004873" and "tình trạng hôn nhân" in hits[0]["name"]
    assert {"code", "name", "score", "tier", "field"} <= set(hits[0]) and len(hits) <= 3
    assert hits == sorted(hits, key=lambda h: -h["score"])


# --- the whole commune scope: referrals, words typed without spaces, variants, colloquial words ---

@pytest.mark.parametrize("query, referral", [
    ("ly hon", "ly-hon"),
    ("lam can cuoc", "can-cuoc"),
    ("ho chieu", "ho-chieu"),
    ("lam ho chieu", "ho-chieu"),
    ("rut bao hiem mot lan", "bhxh"),
    ("nhap ho khau", "cu-tru"),
])
def test_what_the_commune_does_not_do_finds_the_referral_first(index, query, referral):
    result = index.lookup(query, limit=3)
    assert result.hits[0].code == referral and result.hits[0].tier == "referral"
    assert result.confident


@pytest.mark.parametrize("joined, spaced", [
    ("khaisinh", "khai sinh"),
    ("dangkykethon", "dang ky ket hon"),
    ("chungthuc", "chung thuc"),
    ("xacnhandocthan", "xac nhan doc than"),
    ("GIAYKHAISINH", "giay khai sinh"),
])
def test_words_typed_without_spaces_find_what_the_spaced_query_finds(index, joined, spaced):
    assert codes(index, joined, 3) == codes(index, spaced, 3) != []


@pytest.mark.parametrize("query, base, variant", [
    ("khai sinh", "1.001193", "1.004884"),
    ("dang ky khai sinh", "1.001193", "1.004884"),
    ("khai tu", "1.000656", "1.005461"),
    ("dang ky ho kinh doanh", "1.001612", "2.000575"),
])
def test_a_base_procedure_ranks_above_its_again_variants(index, query, base, variant):
    found = codes(index, query, 30)
    assert base in found
    assert variant not in found or found.index(base) < found.index(variant)


def test_a_query_saying_lai_puts_the_variant_first(index):
    assert codes(index, "dang ky lai khai sinh", 1) == ["1.004884"]
    assert codes(index, "dang ky lai khai tu", 1) == ["1.005461"]


@pytest.mark.parametrize("query, code", [
    ("lam so do", "1.013978"),
    ("so hong", "1.013978"),
    ("mo quan", "1.001612"),
    ("buon ban", "1.001612"),
    ("dang ky ho kinh doanh", "1.001612"),
    ("tien tuat", "1.010824"),
    ("con nuoi", "2.001263"),
    ("tro cap liet si", "1.010801"),
    ("toi muon lam giay khai sinh", "1.001193"),
])
def test_colloquial_words_find_the_official_procedure(index, query, code):
    assert codes(index, query, 1) == [code]


@pytest.mark.parametrize("query", ["may bay", "xin chao", "bong da", "qqqq zzzz"])
def test_nothing_that_matches_well_is_said_plainly(index, query):
    assert not index.lookup(query).confident


@pytest.mark.parametrize("query", ["giay khai sinh", "khai s", "giay khia sinh", "ly hon", "chungthuc"])
def test_good_and_half_typed_queries_are_confident(index, query):
    assert index.lookup(query).confident


def test_the_same_procedure_published_by_several_provinces_is_listed_once(index):
    names = [h.name for h in index.search("cap giay chung nhan quyen su dung dat lan dau", limit=10)]
    assert len(names) == len(set(names))


def test_cli_json_gives_the_tier_and_where_to_go_for_a_referral(data_dir):
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "search", "ly", "hon", "--json"],
                       capture_output=True, text=True, env={"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits[0]["code"] == "ly-hon" and hits[0]["tier"] == "referral"
    assert hits[0]["where"]["office"] == "Tòa án nhân dân khu vực" and hits[0]["where"]["detail"]
    assert {h["tier"] for h in hits} <= {"curated", "official", "referral"}
