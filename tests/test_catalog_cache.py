"""The compiled catalog cache: used while nothing changed, rebuilt as soon as a catalog file
is edited, added or removed, and never trusted when damaged. (Load time: bench/catalog_load.py.)"""
import json
import os
import shutil

import pytest

from kiosk.catalog import loader
from kiosk.catalog.loader import load_catalog
from tests.conftest import REPO


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "forms_catalog"
    shutil.copytree(REPO / "forms_catalog", root)
    return root


@pytest.fixture
def cache(tmp_path):
    return tmp_path / "cache"


def no_reading(monkeypatch):
    def refuse(_root):
        raise AssertionError("the catalog files were read again instead of the cache")
    monkeypatch.setattr(loader, "_load", refuse)


def test_an_unchanged_catalog_comes_from_the_cache_with_its_search_index(root, cache, monkeypatch):
    first = load_catalog(root, cache)
    assert list(cache.glob("catalog-*.pickle"))
    no_reading(monkeypatch)
    again = load_catalog(root, cache)
    assert again.procedures.keys() == first.procedures.keys() and again.referrals.keys() == first.referrals.keys()
    assert again.procedure("1.001193") == first.procedure("1.001193")
    assert again.search_index.lookup("khaisinh").hits[0].code == "1.001193"
    assert again.search_index.lookup("ly hon").hits[0].code == "ly-hon"


def test_an_edited_curated_file_is_read_again_even_with_the_same_size(root, cache):
    load_catalog(root, cache)
    path = root / "procedures" / "1.001193.yaml"
    text = path.read_text(encoding="utf-8")
    assert "short_name: Đăng ký khai sinh\n" in text
    before = path.stat()
    path.write_text(text.replace("short_name: Đăng ký khai sinh\n", "short_name: Đăng ký khai sanh\n"),
                    encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert path.stat().st_size == before.st_size
    assert load_catalog(root, cache).procedure("1.001193").short_name == "Đăng ký khai sanh"


def test_a_national_file_removed_or_a_referral_added_is_seen(root, cache):
    national = next((root / "national").glob("*ho-kinh-doanh*.json"))
    code = json.loads(national.read_text(encoding="utf-8"))["procedures"][0]["code"]  # an official-only entry
    first = load_catalog(root, cache)
    assert code in first.procedures
    national.unlink()
    (root / "referrals" / "thu-nghiem.yaml").write_text(
        (root / "referrals" / "ly-hon.yaml").read_text(encoding="utf-8").replace("id: ly-hon", "id: thu-nghiem"),
        encoding="utf-8")
    again = load_catalog(root, cache)
    assert code not in again.procedures and "thu-nghiem" in again.referrals


def test_a_damaged_cache_is_rebuilt_not_trusted(root, cache):
    load_catalog(root, cache)
    for f in cache.glob("catalog-*.pickle"):
        f.write_bytes(b"not a pickle")
    cat = load_catalog(root, cache)
    assert "1.001193" in cat.procedures and [str(p) for p in cat.problems] == []
    assert load_catalog(root, cache).procedure("1.001193") is not None


@pytest.mark.parametrize("module", ["text.py", "schema_errors.py", "catalog/search.py"])
def test_a_changed_code_module_that_shapes_the_catalog_rebuilds_it(root, module, monkeypatch):
    """kiosk/text.py's fold() shapes the search index: an upgrade that changes it must not
    reuse an index built by the old one."""
    before = loader._fingerprint(root)
    path = REPO / "kiosk" / module
    st = path.stat()
    try:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        assert loader._fingerprint(root) != before
    finally:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
