"""Settings: config.toml in the data dir, plus KIOSK_* environment variables.

`load_config(env)` is called once, by main.py. A missing config.toml is written
with commented defaults; a broken one raises ConfigError naming the line.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from kiosk.errors import ConfigError
from kiosk.text import nfc

APP_NAME = "kiosk-mot-cua"

WEEKDAY_NAMES = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]

DEFAULT_CONFIG_TOML = """\
# Cấu hình của kiosk Một cửa. Sửa các giá trị dưới đây cho đúng với xã của mình,
# rồi khởi động lại chương trình. Dòng bắt đầu bằng # là ghi chú.

# Tên xã (hiển thị trên màn hình và giấy tờ)
commune_name = "Xã Hòa Bình"
# Tỉnh / thành phố trực thuộc Trung ương
province = "Tỉnh Lâm Đồng"
# Tên cơ quan ban hành giấy tờ; từ 7/2025 nhiều xã dùng
# "Trung tâm Phục vụ hành chính công xã ..."
issuing_unit = "Trung tâm Phục vụ hành chính công xã Hòa Bình"
# Cơ quan chủ quản in phía trên tên cơ quan ban hành
parent_unit = "UBND XÃ HÒA BÌNH"
# Mã đơn vị dùng trong mã hồ sơ (chữ và số, không dấu)
unit_code = "HB"
# Ngày thực hiện mô hình "không viết – không nộp – không hẹn":
# 0 = Thứ Hai ... 4 = Thứ Sáu ... 6 = Chủ nhật
model_weekday = 4
# Sau bao nhiêu giây không ai chạm thì màn hình sảnh tự xóa và về trang chủ
idle_timeout_seconds = 90
# Đếm ngược cảnh báo trước khi xóa (giây, tối thiểu 20)
idle_warning_seconds = 20
# Quầy hướng dẫn người dân khi máy in phiếu số trục trặc ("Bác … đến quầy số 1")
help_counter = "1"
# Ngày nghỉ thêm do xã quy định (ngoài lễ, Tết), dạng "YYYY-MM-DD"
extra_holidays = []
# Người ký văn bản xin lỗi và đề nghị gia hạn (Mẫu 04), thông báo dừng giải quyết
# hồ sơ (Mẫu 05) theo Thông tư 03/2025/TT-VPCP. Thẩm quyền ký để trống khi thủ
# trưởng ký trực tiếp; ví dụ "KT. GIÁM ĐỐC" khi cấp phó ký thay.
# (cũng là người ký báo cáo và thư của đơn vị)
signer_authority = ""
signer_title = "Giám đốc"
# Họ và tên người ký: bắt buộc trước khi in Mẫu 04, Mẫu 05, báo cáo và thư
signer_name = ""
# Danh sách tiêu chí khảo sát sự hài lòng (SIPAS) hỏi ở màn hình sảnh: tên một tệp
# trong forms_catalog/sipas/ (không có đuôi .yaml). "commune-21" = 21 tiêu chí của xã;
# "national-19" = 19 câu về dịch vụ hành chính công trong phiếu của Bộ Nội vụ.
sipas_questionnaire = "commune-21"
# Báo cáo gửi cấp trên (Nghị định 30/2020, Phụ lục I): nơi nhận ở dòng "Kính gửi"
# và ký hiệu đơn vị trong số văn bản "Số: …/BC-<ký hiệu>" (khác mã đơn vị ở trên)
report_recipient = "Ủy ban nhân dân xã Hòa Bình"
report_symbol = "TTPVHCC"
# Quầy cán bộ tự khóa sau bao nhiêu phút không có thao tác (1–30)
counter_lock_minutes = 3
# Số bản sao lưu tự động giữ lại trong thư mục backups (cũ hơn sẽ bị xóa)
backups_kept = 5
# Giá trị điền sẵn vào ô "Dân tộc" và "Quốc tịch" của tờ khai (cán bộ sửa được)
default_ethnicity = "Kinh"
default_nationality = "Việt Nam"

# Danh sách thôn và trưởng thôn (lặp lại khối [[villages]] cho mỗi thôn)
[[villages]]
name = "Thôn 1"
head_name = "Nguyễn Văn Minh"
head_phone = "0912000001"

[[villages]]
name = "Thôn 2"
head_name = "Trần Thị Lan"
head_phone = "0912000002"

# Máy in theo loại giấy tờ. "folder" ghi tệp PDF vào thư mục print-out trong
# thư mục dữ liệu; "cups:TÊN_HÀNG_ĐỢI" gửi tới máy in qua CUPS (lệnh lp).
[printers]
a4 = "folder"
a5 = "folder"
thermal = "folder"
"""


# --- what config.toml may hold -----------------------------------------------------------
# Validated by the small table below rather than pydantic: importing pydantic costs
# 80-90 ms on the reference machine, in every one-shot command, and a reprinted receipt
# needs nothing else from it (issue 14, bench/cli.py). The catalog keeps pydantic.

@dataclass(frozen=True)
class Rule:
    """One key of config.toml: its kind ("str", "int", "dates", "villages", "printers"),
    its default (MISSING: required), and the checks its value must pass."""
    kind: str
    default: Any = None
    min_len: int = 0
    max_len: int | None = None
    pattern: str | None = None
    ge: int | None = None
    le: int | None = None
    nfc: bool = False


MISSING = object()
PRINTER = r"folder|cups:[^\s/#\\]+"

SETTINGS_RULES: dict[str, Rule] = {
    "commune_name": Rule("str", MISSING, min_len=1, nfc=True),
    "province": Rule("str", MISSING, min_len=1, nfc=True),
    "issuing_unit": Rule("str", MISSING, min_len=1, nfc=True),
    "parent_unit": Rule("str", "", nfc=True),
    "unit_code": Rule("str", MISSING, min_len=1, max_len=12, pattern=r"[A-Za-z0-9]+"),
    "model_weekday": Rule("int", 4, ge=0, le=6),
    "idle_timeout_seconds": Rule("int", 90, ge=30, le=3600),
    "idle_warning_seconds": Rule("int", 20, ge=20, le=120),
    "help_counter": Rule("str", "1", min_len=1, max_len=20, nfc=True),
    "extra_holidays": Rule("dates", []),
    # who signs Mẫu 04 / Mẫu 05 (TT 03/2025/TT-VPCP): "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name
    "signer_authority": Rule("str", "", max_len=100, nfc=True),
    "signer_title": Rule("str", "Giám đốc", max_len=100, nfc=True),
    "signer_name": Rule("str", "", max_len=100, nfc=True),
    # which criteria list of forms_catalog/sipas/ the lobby survey asks (kiosk.catalog.sipas)
    "sipas_questionnaire": Rule("str", "commune-21", pattern=r"[a-z0-9\-]+"),
    "default_ethnicity": Rule("str", "Kinh", max_len=50, nfc=True),
    "default_nationality": Rule("str", "Việt Nam", max_len=50, nfc=True),
    "villages": Rule("villages", []),
    "printers": Rule("printers", {}),  # every paper to the folder printer
    "report_recipient": Rule("str", "", max_len=200, nfc=True),  # "Kính gửi" of the report
    "report_symbol": Rule("str", "", max_len=20, pattern=r"[A-ZĐ0-9]*(-[A-ZĐ0-9]+)*", nfc=True),  # Số: …/BC-<symbol>
    # the counter locks itself after this many minutes without input (issue 15)
    "counter_lock_minutes": Rule("int", 3, ge=1, le=30),
    # automatic backups (before an upgrade, a restore, a purge) kept in backups/
    "backups_kept": Rule("int", 5, ge=1, le=100),
}
VILLAGE_RULES = {"name": Rule("str", MISSING, min_len=1, nfc=True), "head_name": Rule("str", "", nfc=True),
                 "head_phone": Rule("str", "", nfc=True)}
PRINTER_RULES = {paper: Rule("str", "folder", pattern=PRINTER) for paper in ("a4", "a5", "thermal")}


@dataclass(frozen=True)
class Village:
    name: str
    head_name: str
    head_phone: str


@dataclass(frozen=True)
class Printers:
    a4: str
    a5: str
    thermal: str


@dataclass(frozen=True)
class Settings:
    """The contents of config.toml, validated (`parse_settings`); defaults in SETTINGS_RULES."""
    commune_name: str
    province: str
    issuing_unit: str
    unit_code: str
    parent_unit: str
    model_weekday: int
    idle_timeout_seconds: int
    idle_warning_seconds: int
    help_counter: str
    extra_holidays: tuple[str, ...]
    signer_authority: str
    signer_title: str
    signer_name: str
    sipas_questionnaire: str
    default_ethnicity: str
    default_nationality: str
    villages: tuple[Village, ...]
    printers: Printers
    report_recipient: str
    report_symbol: str
    counter_lock_minutes: int
    backups_kept: int

    def replace(self, **changes: Any) -> Settings:
        """A copy with some values changed (tests, the report's named signer)."""
        return replace(self, **changes)

    @property
    def model_weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.model_weekday]

    @property
    def commune_in_text(self) -> str:
        """The commune's name inside a sentence: "Xã Hòa Bình" -> "xã Hòa Bình"."""
        name = self.commune_name
        return name[:1].lower() + name[1:] if name[:3].lower() in ("xã ", "phư", "thị", "đặc") else name

    def fill(self, template: str) -> str:
        """Replace {commune} / {province} in catalog text (e.g. a form's "Kính gửi")."""
        return template.replace("{commune}", self.commune_in_text).replace("{province}", self.province)

    @property
    def report_recipient_text(self) -> str:
        """Who the report goes to; the commune's people's committee when not configured."""
        return self.report_recipient.strip() or f"Ủy ban nhân dân {self.commune_in_text}"

    @property
    def report_symbol_text(self) -> str:
        """The unit's symbol after "BC-" (NĐ 30/2020 Phụ lục III); from the unit's name when not configured."""
        if self.report_symbol:
            return self.report_symbol
        return "TTPVHCC" if self.issuing_unit.casefold().startswith("trung tâm") else "UBND"

    def village(self, name: str) -> Village | None:
        key = nfc(name).casefold()
        return next((v for v in self.villages if v.name.casefold() == key), None)


class _Problems(list):
    """(path, reason) of every value that fails its rule."""

    def add(self, where: tuple, reason: str) -> None:
        self.append((where, reason))


def _check(value: Any, rule: Rule, where: tuple, problems: _Problems) -> Any:
    if rule.kind == "int":
        if isinstance(value, str) and re.fullmatch(r" *[+-]?[0-9]{1,9}(\.0*)? *", value):
            value = int(float(value))  # "4": the pydantic version took it, a kiosk that started must still start
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return problems.add(where, f"phải là một số nguyên, ví dụ {rule.default}")
        if rule.ge is not None and value < rule.ge:
            return problems.add(where, f"quá nhỏ (ít nhất {rule.ge})")
        if rule.le is not None and value > rule.le:
            return problems.add(where, f"quá lớn (nhiều nhất {rule.le})")
        return value
    if rule.kind == "str":
        if not isinstance(value, str):
            example = rule.default if isinstance(rule.default, str) and rule.default else "…"
            return problems.add(where, f"phải là chuỗi ký tự, viết trong dấu ngoặc kép (ví dụ \"{example}\")")
        value = nfc(value) if rule.nfc else value
        if len(value) < rule.min_len:
            return problems.add(where, "quá ngắn hoặc để trống")
        if rule.max_len is not None and len(value) > rule.max_len:
            return problems.add(where, f"quá dài (tối đa {rule.max_len} ký tự)")
        if rule.pattern is not None and not re.fullmatch(rule.pattern, value):
            if rule.pattern == PRINTER:  # a misspelt "CUPS:HP_A5" or "cup:HP_A4" must stop the start
                return problems.add(where, f"máy in '{value}' không hợp lệ: phải ghi đúng \"folder\" hoặc "
                                           "\"cups:TÊN_HÀNG_ĐỢI\" (chữ thường, không dấu cách)")
            return problems.add(where, f"không đúng định dạng (mẫu {rule.pattern})")
        return value
    if rule.kind == "dates":
        if not isinstance(value, list):
            return problems.add(where, "phải là một danh sách")
        value = [item.isoformat() if isinstance(item, date) and not isinstance(item, datetime) else item
                 for item in value]  # a TOML date, 2026-09-03 without quotes, is a date too
        for i, item in enumerate(value):
            if not isinstance(item, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
                return problems.add((*where, i), f"ngày '{item}' phải ghi dạng YYYY-MM-DD")
            try:
                date.fromisoformat(item)
            except ValueError:
                return problems.add((*where, i), f"ngày '{item}' không có trên lịch")
        return tuple(value)
    if rule.kind == "villages":
        if not isinstance(value, list):
            return problems.add(where, "phải là một danh sách: mỗi thôn một khối [[villages]] (hai dấu ngoặc vuông)")
        villages = [_table(item, VILLAGE_RULES, (*where, i), problems) for i, item in enumerate(value)]
        first: dict[str, int] = {}
        for i, v in enumerate(villages):  # Settings.village() finds the first: the second head is never chosen
            if v is not None and first.setdefault(v["name"].casefold(), i) != i:
                problems.add((*where, i, "name"), f"thôn '{v['name']}' được ghi hai lần (trùng với "
                                                  f"'{villages[first[v['name'].casefold()]]['name']}' ở khối trước)")
        return tuple(Village(**v) for v in villages if v is not None)
    if rule.kind == "printers":
        given = _table(value, PRINTER_RULES, where, problems)
        return Printers(**given) if given is not None else None
    raise AssertionError(rule.kind)


def _table(raw: Any, rules: dict[str, Rule], where: tuple, problems: _Problems) -> dict[str, Any] | None:
    """The checked values of one TOML table, defaults filled in; None when it is not a
    table or any of its values failed (the problems are recorded)."""
    before = len(problems)
    if not isinstance(raw, dict):
        problems.add(where, "phải là một nhóm khóa: giá trị")
        return None
    for key in raw:
        if key in rules:
            continue
        if where and key in SETTINGS_RULES:  # appended at the end of the file: TOML reads it as the block's
            block = "[[villages]]" if where[0] == "villages" else f"[{where[0]}]"
            problems.add((*where, key), f"'{key}' phải đặt phía trên dòng {block} đầu tiên "
                                        "(viết sau khối đó thì nó bị hiểu là một khóa của khối)")
        else:
            problems.add((*where, key), "tên khóa không được biết đến (gõ sai tên?)")
    values = {}
    for key, rule in rules.items():
        if key in raw:
            values[key] = _check(raw[key], rule, (*where, key), problems)
        elif rule.default is MISSING:
            problems.add((*where, key), "thiếu giá trị bắt buộc")
        else:  # the default goes through the same rule: [] becomes (), {} the folder printers
            values[key] = _check(rule.default, rule, (*where, key), problems)
    return None if len(problems) > before else {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class Config:
    """Everything main.py needs to build the services."""
    data_dir: Path
    database_url: str
    settings: Settings
    catalog_dir: Path

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def print_dir(self) -> Path:
        return self.data_dir / "print-out"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"




def _line_of(text: str, where: tuple) -> int | None:
    """The line of config.toml that holds the value at `where`, e.g. ("villages", 1, "name"):
    the key inside the second [[villages]] block; ("model_weekday",): the top-level key.
    A key that is not written (a block without its `name`) is shown at its block's header;
    a table written inline (`printers = { a4 = … }`) at that line."""
    keys = [p for p in where if isinstance(p, str)]
    if not keys:
        return None
    table = keys[0] if len(keys) > 1 else ""
    index = next((p for p in where if isinstance(p, int)), 0) if table else 0
    current, seen, block, top = "", -1, None, None
    for i, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\[?\s*([A-Za-z0-9_]+)\s*\]\]?", line)
        if header:
            current = header.group(1)
            seen = seen + 1 if current == (table or keys[0]) else seen
            if current == (table or keys[0]) and seen == index and block is None:
                block = i
            continue
        if current == table and (not table or seen == index) and re.match(rf"\s*{re.escape(keys[-1])}\s*=", line):
            return i
        if not current and top is None and re.match(rf"\s*{re.escape(keys[0])}\s*=", line):
            top = i
    return block or top


_TOML_REASONS = {  # tomllib's words -> what to tell the person editing the file
    "Invalid value": "giá trị không hợp lệ (chữ phải nằm trong dấu ngoặc kép, số viết không có dấu ngoặc kép)",
    "Invalid statement": "dòng phải có dạng tên_khóa = giá trị",
    "Cannot overwrite a value": "khóa này đã được ghi ở trên (mỗi khóa chỉ ghi một lần)",
    "Cannot declare": "khối này đã được khai báo ở trên (mỗi khối [tên] chỉ ghi một lần)",
    "Expected '=' after a key": "thiếu dấu = giữa tên khóa và giá trị",
    "Expected newline or end of document": "sau giá trị còn chữ thừa (mỗi dòng chỉ một khóa = giá trị)",
    "Unclosed array": "danh sách thiếu dấu ] đóng",
    "Unclosed inline table": "nhóm { … } thiếu dấu } đóng",
    "Expected ']": "thiếu dấu ngoặc vuông đóng tên khối",
    "Unterminated string": "chuỗi thiếu dấu ngoặc kép đóng",
    "Illegal character": "chuỗi thiếu dấu ngoặc kép đóng hoặc có ký tự không được phép",
    "Found invalid character": "có ký tự không được phép",
    "Unescaped '\\'": "dấu \\ trong chuỗi phải viết hai lần (\\\\)",
    "Invalid initial character for a key part": "tên khóa chỉ gồm chữ không dấu, số và dấu _",
    "Invalid date or datetime": "ngày không có trên lịch",
}


def _toml_reason(message: str) -> str:
    """tomllib's message ("Invalid value (at line 5, column 16)") in Vietnamese, with the line."""
    m = re.search(r"\(at line (\d+), column (\d+)\)", message)
    where = f" ở dòng {m.group(1)}, cột {m.group(2)}" if m else ""
    reason = next((vi for en, vi in _TOML_REASONS.items() if message.startswith(en)), "viết sai quy tắc của tệp TOML")
    return f"{where}: {reason}"


def parse_settings(text: str, path: Path) -> Settings:
    """Parse config.toml text; ConfigError (Vietnamese, with the line) on any problem."""
    text = text.removeprefix("\ufeff")  # the byte order mark Windows Notepad writes
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"Tệp cấu hình {path} bị lỗi cú pháp{_toml_reason(str(e))}. "
                          "Hãy sửa dòng đó rồi khởi động lại.") from None
    found = _Problems()
    values = _table(raw, SETTINGS_RULES, (), found)
    if not found:
        return Settings(**values)
    problems = []
    for where, reason in found:
        key = ".".join(str(p) for p in where) or "(toàn tệp)"
        line = _line_of(text, where)
        problems.append(f"{'dòng %d, ' % line if line else ''}mục '{key}': {reason}")
    raise ConfigError(f"Tệp cấu hình {path} có lỗi: " + "; ".join(problems) + ". Hãy sửa rồi khởi động lại.")


def load_config(env: Mapping[str, str], repo_root: Path) -> Config:
    """Read the configuration; creates the data dir and a default config.toml if missing."""
    data_dir = Path(env.get("KIOSK_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        data_dir.chmod(0o700)  # it holds personal data: owner only, even if made by hand
        path = data_dir / "config.toml"
        if not path.exists():
            path.write_text(DEFAULT_CONFIG_TOML, encoding="utf-8")
            path.chmod(0o600)
        raw = path.read_bytes()
    except OSError as e:
        raise ConfigError(f"Không đọc/ghi được thư mục dữ liệu {data_dir}: {e.strerror}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"Tệp cấu hình {path} không phải UTF-8. Hãy lưu lại tệp với bảng mã UTF-8.") from None
    settings = parse_settings(text, path)
    db_url = env.get("KIOSK_DATABASE_URL") or f"sqlite:///{data_dir / 'kiosk.sqlite3'}"
    catalog_dir = Path(env.get("KIOSK_CATALOG_DIR") or repo_root / "forms_catalog")
    return Config(data_dir=data_dir, database_url=db_url, settings=settings, catalog_dir=catalog_dir)
