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
    ('idle_timeout_seconds = 90', 'idle_timeout_seconds = "chín mươi"', ["idle_timeout_seconds", "số nguyên",
                                                                         "ví dụ 90"]),
    ('help_counter = "1"', 'help_counter = 1', ["help_counter", "dấu ngoặc kép"]),
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


@pytest.mark.parametrize("old, new", [
    ("model_weekday = 4", 'model_weekday = "4"'),
    ("model_weekday = 4", 'model_weekday = " 4 "'),
    ("model_weekday = 4", 'model_weekday = "4.0"'),
    ("idle_timeout_seconds = 90", 'idle_timeout_seconds = "90"'),
])
def test_a_quoted_whole_number_is_still_accepted(old, new):
    """The pydantic version read "4" as 4: a kiosk that started with it must still start."""
    s = parse_settings(DEFAULT_CONFIG_TOML.replace(old, new), Path("config.toml"))
    assert (s.model_weekday, s.idle_timeout_seconds) == ((4, 90) if "weekday" in old else (4, 90))
    assert isinstance(s.model_weekday, int) and isinstance(s.idle_timeout_seconds, int)


def test_a_byte_order_mark_at_the_start_is_ignored(data_dir):
    """Windows Notepad saves UTF-8 with a BOM: the file is still read."""
    (data_dir / "config.toml").write_bytes(b"\xef\xbb\xbf" + DEFAULT_CONFIG_TOML.encode("utf-8"))
    assert load_config({"KIOSK_DATA_DIR": str(data_dir)}, REPO).settings.commune_name == "Xã Hòa Bình"


def test_extra_holidays_as_toml_dates_are_accepted():
    s = parse_settings(DEFAULT_CONFIG_TOML.replace("extra_holidays = []", 'extra_holidays = [2026-09-03, "2026-12-31"]'),
                       Path("config.toml"))
    assert s.extra_holidays == ("2026-09-03", "2026-12-31")
    with pytest.raises(ConfigError) as e:
        parse_settings(DEFAULT_CONFIG_TOML.replace("extra_holidays = []", "extra_holidays = [2026-09-03T08:00:00]"),
                       Path("config.toml"))
    assert "extra_holidays.0" in e.value.message


def _line(text, needle, start=0):
    return text.splitlines().index(needle, start) + 1


def test_a_village_block_without_a_name_names_its_own_block():
    broken = DEFAULT_CONFIG_TOML.replace('name = "Thôn 2"\n', "")
    lines = broken.splitlines()
    second_block = [i for i, line in enumerate(lines, 1) if line == "[[villages]]"][1]
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    assert f"dòng {second_block}, mục 'villages.1.name': thiếu giá trị bắt buộc" in e.value.message


def test_villages_written_as_a_single_table_names_its_header():
    broken = DEFAULT_CONFIG_TOML.split("\n[[villages]]")[0] + "\n[villages]\nname = \"Thôn 1\"\n"
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    assert f"dòng {_line(broken, '[villages]')}, mục 'villages'" in e.value.message, e.value.message
    assert "[[villages]]" in e.value.message


def test_printers_as_an_inline_table_name_their_line():
    broken = DEFAULT_CONFIG_TOML.split("[printers]")[0].replace(
        "# Danh sách thôn", 'printers = { a4 = "CUPS:HP" }\n# Danh sách thôn')
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    line = _line(broken, 'printers = { a4 = "CUPS:HP" }')
    assert f"dòng {line}, mục 'printers.a4'" in e.value.message


def test_the_same_village_twice_is_refused_naming_the_second():
    """Two blocks with one name: the second head could never be chosen (Settings.village finds the first)."""
    import unicodedata
    nfd = unicodedata.normalize("NFD", "thôn 1")
    broken = DEFAULT_CONFIG_TOML.replace('name = "Thôn 2"', f'name = "{nfd}"')
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    line = _line(broken, 'name = "' + nfd + '"')
    assert f"dòng {line}, mục 'villages.1.name'" in e.value.message
    assert "Thôn 1" in e.value.message and "hai lần" in e.value.message


@pytest.mark.parametrize("old, new", [
    ('province = "Tỉnh Lâm Đồng"', "province = Tỉnh Lâm Đồng"),
    ("model_weekday = 4", "model_weekday = 4\nmodel_weekday = 3"),
    ("[printers]", "[printers]\n[printers]"),
    ('unit_code = "HB"', 'unit_code "HB"'),
    ('unit_code = "HB"', 'unit_code = "HB'),
    ("extra_holidays = []", "extra_holidays = [\"2026-09-03\""),
])
def test_a_syntax_error_is_told_in_vietnamese(old, new):
    """tomllib's own words ("Invalid value (at line 5, column 16)") are English: never shown."""
    import re
    with pytest.raises(ConfigError) as e:
        parse_settings(DEFAULT_CONFIG_TOML.replace(old, new, 1), Path("config.toml"))
    assert "cú pháp" in e.value.message and re.search(r"dòng \d+", e.value.message)
    assert not re.search(r"\b(at|line|column|Invalid|Cannot|Expected|value|document)\b", e.value.message), \
        e.value.message


def test_every_vietnamese_text_key_is_stored_in_nfc():
    """help_counter may read "Quầy hướng dẫn": typed in NFD (macOS, some IMEs) it must still compare equal."""
    import unicodedata
    nfd = unicodedata.normalize("NFD", "Quầy hướng dẫn")
    s = parse_settings(DEFAULT_CONFIG_TOML.replace('help_counter = "1"', f'help_counter = "{nfd}"'), Path("config.toml"))
    assert s.help_counter == "Quầy hướng dẫn"


@pytest.mark.parametrize("block", ["[printers]", "[[villages]]"])
def test_a_top_level_key_appended_below_a_block_says_to_move_it_up(block):
    """An older config.toml lacks counter_lock_minutes: appended at the end, TOML puts it inside
    the last block. "gõ sai tên?" would send the admin looking for a typo that is not there."""
    text = DEFAULT_CONFIG_TOML if block == "[printers]" else DEFAULT_CONFIG_TOML.split("\n# Máy in")[0] + "\n"
    broken = text.replace("counter_lock_minutes = 3\n", "") + "counter_lock_minutes = 5\n"
    with pytest.raises(ConfigError) as e:
        parse_settings(broken, Path("config.toml"))
    line = len(broken.splitlines())
    assert f"dòng {line}," in e.value.message and "counter_lock_minutes" in e.value.message, e.value.message
    assert "gõ sai" not in e.value.message and f"phía trên dòng {block}" in e.value.message, e.value.message
