"""Bad input drill: every command that takes a file is fed malformed, truncated,
huge, wrongly encoded and hostile input; each answers in Vietnamese with a
non-zero exit and the database is unchanged."""
import shutil
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.cli import read_json_object
from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings
from kiosk.errors import KioskError
from tests.conftest import REPO

VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")

BAD_FILES = {
    "truncated": '{"full_name": "Nguyễn Thị Hư'.encode(),
    "not json": b"full_name = Nguyen",
    "utf-16": '{"full_name": "Nguyễn Thị Hường"}'.encode("utf-16"),
    "latin-1": '{"full_name": "Nguyễn"}'.encode("utf-8").replace(b"\xe1\xbb\x85", b"\xe9"),
    "array": b'["Nguy\xc3\xaan"]',
    "nested": b"[" * 50_000 + b"]" * 50_000,
    "huge": b'{"full_name": "' + b"A" * 2_000_000 + b'"}',
    "wrong types": b'{"full_name": ["a"], "date_of_birth": 19500714}',
    "unknown key": '{"full_name": "Nguyễn Thị Hường", "password": "x"}'.encode(),
    "nul in name": b'{"full_name": "Nguy\\u0000n"}',
    "future birth": '{"full_name": "Lê Thị Mỹ Duyên", "date_of_birth": "01/01/2099"}'.encode(),
    "bad cccd": '{"full_name": "Lê Thị Mỹ Duyên", "cccd": "999150001234"}'.encode(),
    "empty": b"",
}


def has_vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE for ch in text.lower())


def dossier_count(db) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as c:
        tables = {r[0] for r in c.execute("select name from sqlite_master")}
        return c.execute("select count(*) from dossier").fetchone()[0] if "dossier" in tables else 0


@pytest.fixture
def cli(data_dir):
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    return lambda *a: subprocess.run([sys.executable, str(REPO / "main.py"), *a], capture_output=True, text=True,
                                     env=env, timeout=120)


def test_bad_applicant_files_are_refused_and_nothing_is_written(cli, data_dir, tmp_path):
    db = data_dir / "kiosk.sqlite3"
    for name, content in BAD_FILES.items():
        f = tmp_path / f"{name}.json"
        f.write_bytes(content)
        r = cli("dossier", "receive", "--procedure", "1.001193", "--applicant", str(f))
        assert r.returncode != 0, name
        assert has_vietnamese(r.stderr) and "Traceback" not in r.stderr, (name, r.stderr[-500:])
        assert dossier_count(db) == 0, name
    r = cli("dossier", "receive", "--procedure", "9.999999", "--applicant", str(tmp_path / "missing.json"))
    assert r.returncode == 1 and "Không đọc được tệp" in r.stderr


def test_bad_values_files_for_render_form(cli, tmp_path):
    for name, content in BAD_FILES.items():
        f = tmp_path / f"{name}.json"
        f.write_bytes(content)
        out = tmp_path / f"{name}.pdf"
        r = cli("render", "form", "1.001193", "--values", str(f), "--out", str(out))
        assert r.returncode != 0 and has_vietnamese(r.stderr) and "Traceback" not in r.stderr, name
        assert not out.exists(), name


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02 garbage \xff\xfe",
    b"commune_name = \"X\xe3 H\xf2a B\xecnh\"",  # Windows-1258 bytes
    DEFAULT_CONFIG_TOML.encode()[: DEFAULT_CONFIG_TOML.encode().index(b'unit_code = "') + 14],  # truncated mid-line
    b"commune_name = '" + b"A" * 3_000_000 + b"'",
    (DEFAULT_CONFIG_TOML + "\n[[villages]]\nname = 5\n").encode(),
])
def test_bad_config_files_stop_the_start_with_a_message(cli, data_dir, content):
    (data_dir / "config.toml").write_bytes(content)
    r = cli("catalog", "check")
    assert r.returncode == 1 and "Tệp cấu hình" in r.stderr and "Traceback" not in r.stderr
    assert not (data_dir / "kiosk.sqlite3").exists()


@pytest.mark.parametrize("content", [
    b"\xff\xfe\x00garbage",
    b"code: !!python/object/apply:os.system ['echo pwned']\n",  # hostile tag: safe_load refuses it
    b"- just\n- a list\n",
    b"code: '1.001193'\nname: " + b"x" * 2_000_000 + b"\n",
    b"code: [unclosed\n",
])
def test_bad_catalog_files_are_reported_and_the_rest_loads(cli, data_dir, tmp_path, content):
    root = tmp_path / "cat"
    shutil.copytree(REPO / "forms_catalog", root)
    (root / "procedures" / "9.999999.yaml").write_bytes(content)
    env_cli = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "check"], capture_output=True,
                             text=True, env={"KIOSK_DATA_DIR": str(data_dir), "KIOSK_CATALOG_DIR": str(root),
                                             "PATH": "/usr/bin:/bin"}, timeout=120)
    assert env_cli.returncode == 1 and "procedures/9.999999.yaml" in env_cli.stderr
    assert "Traceback" not in env_cli.stderr and "pwned" not in env_cli.stdout
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "search", "khai sinh", "--json"],
                       capture_output=True, text=True, timeout=120,
                       env={"KIOSK_DATA_DIR": str(data_dir), "KIOSK_CATALOG_DIR": str(root), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0 and '"1.001193"' in r.stdout  # the rest of the catalog still works


@settings(deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_as_a_json_file_give_a_dict_or_a_vietnamese_refusal(tmp_path_factory, data):
    f = tmp_path_factory.mktemp("j") / "x.json"
    f.write_bytes(data)
    try:
        assert isinstance(read_json_object(f), dict)
    except KioskError as e:
        assert has_vietnamese(e.message)


@settings(deadline=None)
@given(st.text(max_size=400))
def test_any_text_as_config_gives_settings_or_a_vietnamese_refusal(text):
    from pathlib import Path
    try:
        parse_settings(text, Path("config.toml"))
    except KioskError as e:
        assert "Tệp cấu hình" in e.message


def test_an_unreachable_database_server_is_explained(data_dir):
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "clerk", "list"], capture_output=True, text=True,
                       timeout=120, env={"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin",
                                         "KIOSK_DATABASE_URL": "postgresql://kiosk:x@127.0.0.1:9/kiosk"})
    assert r.returncode == 1 and "Không kết nối được cơ sở dữ liệu" in r.stderr and "Traceback" not in r.stderr
