"""The forms catalog: every shipped file is valid; bad files are reported precisely
and the rest of the catalog still loads."""
import shutil
import subprocess
import sys
import unicodedata

import pytest

from kiosk.catalog import load_catalog
from kiosk.catalog.schema import OnlineLevel
from tests.conftest import REPO

CORE = ["1.001193", "1.000894", "1.000656", "1.004873", "2.000635", "1.004859", "1.001022", "1.004837",
        "2.000815", "2.000884", "1.001776", "1.001731"]


def test_every_shipped_file_loads_without_a_problem(catalog):
    assert [str(p) for p in catalog.problems] == []
    files = list((REPO / "forms_catalog" / "procedures").glob("*.yaml"))
    curated = [p for p in catalog.procedures.values() if p.tier == "curated"]
    assert len(curated) == len(files) >= 25
    assert len(catalog.procedures) >= 780  # the national list's 787, curated or official
    assert len(catalog.referrals) >= 8


def test_the_core_procedures_of_the_issue_are_there(catalog):
    missing = [c for c in CORE if c not in catalog.procedures]
    assert missing == []


def test_every_required_field_has_a_sample_and_every_procedure_a_category(catalog):
    for form in catalog.forms.values():
        for f in form.fields:
            assert not f.required or f.sample, f"{form.id}.{f.key}"
    for p in catalog.procedures.values():
        assert catalog.category_of_field(p.field) is not None, p.code
    fields = {f for c in catalog.categories for f in c.fields}
    assert {p.field for p in catalog.procedures.values() if p.tier == "curated"} <= fields


def test_both_rules_always_give_a_reason_and_online_has_a_link(catalog):
    for p in catalog.procedures.values():
        if not p.writing_help.value:
            assert len(p.writing_help.reason) >= 10, p.code
        if p.sign_in_person.value:
            assert len(p.sign_in_person.reason) >= 10, p.code
        if p.online.level != OnlineLevel.NONE:
            assert p.online.portal_url.startswith("https://"), p.code


def test_catalog_text_is_nfc(catalog):
    for p in catalog.procedures.values():
        for text in [p.name, p.summary, p.fee, *p.synonyms, *(d.name for d in p.required_documents)]:
            assert unicodedata.is_normalized("NFC", text)


@pytest.fixture
def broken_catalog(tmp_path):
    root = tmp_path / "cat"
    shutil.copytree(REPO / "forms_catalog", root)
    good = (root / "procedures" / "1.001193.yaml").read_text(encoding="utf-8")
    (root / "procedures" / "9.999999.yaml").write_text(
        good.replace('code: "1.001193"', 'code: "1001193"').replace("friday_same_day: true\n", ""),
        encoding="utf-8")
    (root / "procedures" / "8.888888.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    (root / "procedures" / "7.777777.yaml").write_text(
        good.replace('code: "1.001193"', 'code: "7.777777"')
            .replace("writing_help:\n  value: true\n  reason: \"", "writing_help:\n  value: false\n  reason: \"\"\n  # \""),
        encoding="utf-8")
    form = (root / "forms" / "to-khai-dang-ky-khai-sinh.yaml").read_text(encoding="utf-8")
    (root / "forms" / "to-khai-hong.yaml").write_text(
        form.replace("id: to-khai-dang-ky-khai-sinh", "id: to-khai-hong").replace("    sample: NGUYỄN VĂN HƯỞNG\n", "", 1),
        encoding="utf-8")
    return root


def test_bad_files_are_reported_with_path_field_and_reason_and_the_rest_loads(broken_catalog):
    cat = load_catalog(broken_catalog)
    problems = {(p.path, p.field): p.reason for p in cat.problems}
    assert problems[("procedures/9.999999.yaml", "code")].startswith("không đúng định dạng")
    assert problems[("procedures/9.999999.yaml", "friday_same_day")] == "thiếu giá trị bắt buộc"
    yaml_problem = [(f, r) for (p, f), r in problems.items() if p == "procedures/8.888888.yaml"]
    assert yaml_problem and yaml_problem[0][0].startswith("dòng ") and "lỗi cú pháp YAML" in yaml_problem[0][1]
    assert "lý do" in problems[("procedures/7.777777.yaml", "writing_help")]
    assert problems[("forms/to-khai-hong.yaml", "items.requester_name.sample")] == "ô bắt buộc phải có giá trị mẫu"
    assert "1.001193" in cat.procedures and "9.999999" not in cat.procedures


def test_catalog_check_command_exits_1_listing_every_problem(broken_catalog, data_dir):
    env = {"KIOSK_DATA_DIR": str(data_dir), "KIOSK_CATALOG_DIR": str(broken_catalog), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "check"], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 1
    for needle in ("procedures/9.999999.yaml: code:", "procedures/9.999999.yaml: friday_same_day:",
                   "procedures/8.888888.yaml: dòng ", "procedures/7.777777.yaml: writing_help:",
                   "forms/to-khai-hong.yaml: items.requester_name.sample:"):
        assert needle in r.stderr
    env["KIOSK_CATALOG_DIR"] = str(REPO / "forms_catalog")
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "check"], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stderr
