"""Settings: config.toml in the data dir, plus KIOSK_* environment variables.

`load_config(env)` is called once, by main.py. A missing config.toml is written
with commented defaults; a broken one raises ConfigError naming the line.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError as PydanticError, field_validator

from kiosk.errors import ConfigError
from kiosk.schema_errors import path as err_path, reason as err_reason
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


class Village(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    head_name: str = ""
    head_phone: str = ""

    @field_validator("name", "head_name", "head_phone", mode="before")
    @classmethod
    def _nfc(cls, v):
        return nfc(v) if isinstance(v, str) else v


class Printers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    a4: str = "folder"
    a5: str = "folder"
    thermal: str = "folder"

    @field_validator("a4", "a5", "thermal")
    @classmethod
    def _exact(cls, v):
        # a misspelt "CUPS:HP_A5" or "cup:HP_A4" must stop the start, not print to a folder
        if not re.fullmatch(r"folder|cups:[^\s/#\\]+", v):
            raise ValueError(f"máy in '{v}' không hợp lệ: phải ghi đúng \"folder\" hoặc \"cups:TÊN_HÀNG_ĐỢI\" "
                             "(chữ thường, không dấu cách)")
        return v


class Settings(BaseModel):
    """The contents of config.toml."""
    model_config = ConfigDict(extra="forbid", frozen=True)
    commune_name: str = Field(min_length=1)
    province: str = Field(min_length=1)
    issuing_unit: str = Field(min_length=1)
    parent_unit: str = ""
    unit_code: str = Field(min_length=1, max_length=12, pattern=r"^[A-Za-z0-9]+$")
    model_weekday: int = Field(default=4, ge=0, le=6)
    idle_timeout_seconds: int = Field(default=90, ge=30, le=3600)
    idle_warning_seconds: int = Field(default=20, ge=20, le=120)
    help_counter: str = Field(default="1", min_length=1, max_length=20)
    extra_holidays: list[str] = Field(default_factory=list)
    # who signs Mẫu 04 / Mẫu 05 (TT 03/2025/TT-VPCP): "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name
    signer_authority: str = Field(default="", max_length=100)
    signer_title: str = Field(default="Giám đốc", max_length=100)
    signer_name: str = Field(default="", max_length=100)
    # which criteria list of forms_catalog/sipas/ the lobby survey asks (kiosk.services.survey)
    sipas_questionnaire: str = Field(default="commune-21", pattern=r"^[a-z0-9\-]+$")
    default_ethnicity: str = Field(default="Kinh", max_length=50)
    default_nationality: str = Field(default="Việt Nam", max_length=50)
    villages: list[Village] = Field(default_factory=list)
    printers: Printers = Field(default_factory=Printers)
    report_recipient: str = Field(default="", max_length=200)  # "Kính gửi" of the report
    report_symbol: str = Field(default="", max_length=20, pattern=r"^[A-ZĐ0-9]*(-[A-ZĐ0-9]+)*$")  # Số: …/BC-<symbol>
    # the counter locks itself after this many minutes without input (issue 15)
    counter_lock_minutes: int = Field(default=3, ge=1, le=30)
    # automatic backups (before an upgrade, a restore, a purge) kept in backups/
    backups_kept: int = Field(default=5, ge=1, le=100)

    @field_validator("commune_name", "province", "issuing_unit", "parent_unit", "report_recipient", "report_symbol",
                     "signer_authority", "signer_title", "signer_name", "default_ethnicity", "default_nationality",
                     mode="before")
    @classmethod
    def _nfc(cls, v):
        return nfc(v) if isinstance(v, str) else v

    @field_validator("extra_holidays")
    @classmethod
    def _dates(cls, v):
        for item in v:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
                raise ValueError(f"ngày '{item}' phải ghi dạng YYYY-MM-DD")
        return v

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




def _line_of(text: str, key: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return i
    return None


def parse_settings(text: str, path: Path) -> Settings:
    """Parse config.toml text; ConfigError (Vietnamese, with the line) on any problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        where = f" ở dòng {m.group(1)}" if m else ""
        raise ConfigError(f"Tệp cấu hình {path} bị lỗi cú pháp{where}: {e}. "
                          "Hãy sửa dòng đó (chuỗi phải nằm trong dấu ngoặc kép) rồi khởi động lại.") from None
    try:
        return Settings.model_validate(raw)
    except PydanticError as e:
        problems = []
        for err in e.errors():
            key = err_path(err)
            line = _line_of(text, str(err["loc"][-1])) if err["loc"] else None
            reason = err_reason(err)
            where = f"dòng {line}, " if line else ""
            problems.append(f"{where}mục '{key}': {reason}")
        raise ConfigError(f"Tệp cấu hình {path} có lỗi: " + "; ".join(problems) +
                          ". Hãy sửa rồi khởi động lại.") from None


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
