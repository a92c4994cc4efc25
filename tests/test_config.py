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
