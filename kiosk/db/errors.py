"""Database errors a clerk may meet, told apart and said in Vietnamese (and logged):
a full disk, a database busy with a migration, a busy SQLite file, an unreachable server."""
from __future__ import annotations

import logging

from kiosk.db.engine import is_disk_full, sqlite_path
from kiosk.db.migrate import UPGRADING, upgrading_pid

log = logging.getLogger(__name__)

DISK_FULL = ("Ổ đĩa của máy tính đã đầy nên chưa lưu được. Không có gì bị ghi dở: dữ liệu trước đó vẫn nguyên vẹn. "
             "Hãy báo kỹ thuật viên giải phóng dung lượng rồi làm lại thao tác.")
BUSY = ("Cơ sở dữ liệu đang bận (một chương trình khác đang ghi vào). Chờ một lát rồi thử lại; nếu vẫn bị, "
        "hãy đóng các cửa sổ kiosk khác trên máy này.")
UNREACHABLE = ("Không kết nối được cơ sở dữ liệu. Kiểm tra máy chủ dữ liệu, mạng nội bộ và biến "
               "KIOSK_DATABASE_URL, rồi thử lại.")
UNUSABLE = ("Không mở được tệp cơ sở dữ liệu {path}. Kiểm tra quyền truy cập và ổ đĩa, hoặc báo kỹ thuật viên.")


def explain(e: BaseException, url: str) -> str:
    """A calm Vietnamese message for a database failure (the cause is logged)."""
    text = str(getattr(e, "orig", None) or e).lower()
    db_file = sqlite_path(url)
    if is_disk_full(e):
        message = DISK_FULL
    elif "locked" in text or "busy" in text:
        message = UPGRADING if upgrading_pid(db_file) else BUSY
    elif db_file is not None:
        message = UNUSABLE.format(path=db_file)
    else:
        message = UNREACHABLE
    log.error("database error (%s): %s", message[:40], e)
    return message
