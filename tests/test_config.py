import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG_TOML, load_config, parse_settings
from kiosk.errors import ConfigError
from tests.conftest import REPO


def test_missing_config_is_created_with_commented_defaults(data_dir):
    cfg = load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO)
    text = (data_dir / "config.toml").read_text(encoding="utf-8")
    assert text.startswith("# Cấu hình của kiosk Một cửa")
    assert cfg.settings.model_weekday == 4 and cfg.settings.model_weekday_name == "Thứ Sáu"
    assert cfg.database_url == f"sqlite:///{data_dir / 'kiosk.sqlite3'}"
    assert (data_dir / "config.toml").stat().st_mode & 0o077 == 0


def test_edited_config_round_trips(data_dir):
    text = DEFAULT_CONFIG_TOML.replace('commune_name = "Xã Hòa Bình"', 'commune_name = "Xã Ea Tiêu"') \
        .replace("model_weekday = 4", "model_weekday = 2") \
        .replace('issuing_unit = "Trung tâm Phục vụ hành chính công xã Hòa Bình"',
                 'issuing_unit = "UBND xã Ea Tiêu"')
    (data_dir / "config.toml").write_text(text, encoding="utf-8")
    s = load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO).settings
    assert (s.commune_name, s.issuing_unit, s.model_weekday_name) == ("Xã Ea Tiêu", "UBND xã Ea Tiêu", "Thứ Tư")
    assert s.village("thôn 2").head_name == "Trần Thị Lan"


def test_database_url_from_environment(data_dir):
    cfg = load_config({"KIOSK_DATA_DIR": str(data_dir), "KIOSK_DATABASE_URL": "postgresql+psycopg://x@/k"}, REPO)
    assert cfg.database_url == "postgresql+psycopg://x@/k"


def test_syntax_error_names_the_line():
    broken = DEFAULT_CONFIG_TOML.replace('province = "Tỉnh Lâm Đồng"', "province = Tỉnh Lâm Đồng")
    line = broken.splitlines().index("province = Tỉnh Lâm Đồng") + 1
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    assert f"dòng {line}" in e.value.message and "cú pháp" in e.value.message


def test_wrong_value_names_the_line_and_the_key():
    broken = DEFAULT_CONFIG_TOML.replace("model_weekday = 4", "model_weekday = 9")
    line = broken.splitlines().index("model_weekday = 9") + 1
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    assert f"dòng {line}" in e.value.message and "model_weekday" in e.value.message and "quá lớn" in e.value.message


def test_misspelt_key_is_refused():
    with pytest.raises(ConfigError) as e:
        parse_settings(DEFAULT_CONFIG_TOML + "\nidle_timout_seconds = 30\n", Path("config.toml"))
    assert "idle_timout_seconds" in e.value.message and "không được biết đến" in e.value.message


def test_app_does_not_start_half_configured(data_dir):
    (data_dir / "config.toml").write_text('commune_name = "Xã A"\nunit_code = "Ả B"\n', encoding="utf-8")
    r = subprocess.run([sys.executable, str(REPO / "main.py"), "catalog", "check"], capture_output=True, text=True,
                       env={"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 1
    assert "Tệp cấu hình" in r.stderr and "province" in r.stderr and "unit_code" in r.stderr
    assert not (data_dir / "kiosk.sqlite3").exists()


def test_config_that_is_not_utf8_is_refused(data_dir):
    (data_dir / "config.toml").write_bytes('commune_name = "Xã Hòa Bình"\n'.encode("utf-16"))
    with pytest.raises(ConfigError) as e:
        load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO)
    assert "UTF-8" in e.value.message


@pytest.mark.parametrize("old, new, words", [
    ('idle_timeout_seconds = 90', 'idle_timeout_seconds = "90"', ["idle_timeout_seconds", "số nguyên"]),
    ('idle_timeout_seconds = 90', 'idle_timeout_seconds = true', ["idle_timeout_seconds", "số nguyên"]),
    ('idle_timeout_seconds = 90', 'idle_timeout_seconds = 10', ["idle_timeout_seconds", "quá nhỏ (ít nhất 30)"]),
    ('unit_code = "HB"', 'unit_code = "H B"', ["unit_code", "không đúng định dạng"]),
    ('unit_code = "HB"', 'unit_code = ""', ["unit_code", "quá ngắn"]),
    ('extra_holidays = []', 'extra_holidays = ["2026-02-30"]', ["extra_holidays.0", "không có trên lịch"]),
    ('extra_holidays = []', 'extra_holidays = ["30/04/2026"]', ["extra_holidays.0", "YYYY-MM-DD"]),
    ('extra_holidays = []', 'extra_holidays = "2026-04-30"', ["extra_holidays", "danh sách"]),
    ('a5 = "folder"', 'a5 = "CUPS:HP_A5"', ["printers.a5", "máy in 'CUPS:HP_A5' không hợp lệ"]),
    ('head_phone = "0912000002"', 'head_phone = 912000002', ["villages.1.head_phone", "chuỗi ký tự"]),
    ('name = "Thôn 1"', 'nam = "Thôn 1"', ["villages.0.nam", "không được biết đến", "villages.0.name",
                                              "thiếu giá trị bắt buộc"]),
])
def test_each_bad_value_is_named_with_its_key_and_reason(old, new, words):
    broken = DEFAULT_CONFIG_TOML.replace(old, new, 1)
    assert broken != DEFAULT_CONFIG_TOML
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    assert all(w in e.value.message for w in words), e.value.message
    key = new.split()[0]
    assert f"dòng {broken.splitlines().index(new) + 1}," in e.value.message or key in ("nam",), e.value.message


def test_a_missing_required_key_and_the_defaults():
    with pytest.raises(ConfigError) as e:
        parse_settings('commune_name = "Xã A"\nprovince = "Tỉnh B"\n', Path("config.toml"))
    assert "mục 'issuing_unit': thiếu giá trị bắt buộc" in e.value.message
    assert "mục 'unit_code': thiếu giá trị bắt buộc" in e.value.message
    s = parse_settings('commune_name = "Xã A"\nprovince = "Tỉnh B"\nissuing_unit = "UBND xã A"\nunit_code = "A"\n'
                       'model_weekday = 4.0\n', Path("config.toml"))
    assert (s.model_weekday, s.idle_timeout_seconds, s.printers.a5, s.villages, s.default_nationality) == \
        (4, 90, "folder", (), "Việt Nam")


def test_text_is_stored_in_nfc():
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Xã Hòa Bình")
    s = parse_settings(DEFAULT_CONFIG_TOML.replace('commune_name = "Xã Hòa Bình"', f'commune_name = "{nfd}"'),
                       Path("config.toml"))
    assert s.commune_name == "Xã Hòa Bình" and unicodedata.is_normalized("NFC", s.commune_name)


def test_reading_the_configuration_does_not_import_pydantic():
    """pydantic costs 80-90 ms to import on the reference machine: a command that reads no
    catalog (a receipt reprint) must not pay for it (issue 14)."""
    code = ("import sys; from kiosk.config import parse_settings, DEFAULT_CONFIG_TOML; from pathlib import Path; "
            "parse_settings(DEFAULT_CONFIG_TOML, Path('c')); print('pydantic' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO), timeout=60)
    assert r.stdout.strip() == "False", r.stderr
