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
