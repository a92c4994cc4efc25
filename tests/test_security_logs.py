"""The log on a full disk, and log files created by rotation (found on a 7 MB tmpfs: each
command on a full disk printed 400 lines of English "--- Logging error ---" tracebacks,
with the unmasked arguments of the log call, before the Vietnamese message)."""
import errno
import logging
import os

import pytest

from kiosk.logsetup import setup_logging


@pytest.fixture
def restore_root_handlers():
    root = logging.getLogger()
    saved = root.handlers[:]
    yield
    root.handlers = saved


def test_a_log_that_cannot_be_written_prints_no_traceback_and_no_personal_data(tmp_path, capsys,
                                                                               restore_root_handlers):
    setup_logging(tmp_path / "logs")
    handler = logging.getLogger().handlers[-1]

    class FullDisk:
        def write(self, s):
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self):
            raise OSError(errno.ENOSPC, "No space left on device")

    handler.stream = FullDisk()
    for _ in range(3):
        logging.getLogger("kiosk.test").error("receive failed for %s, CCCD %s", "Lương Thị Xoan", "068150007777")
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Logging error" not in err
    assert "068150007777" not in err and "Xoan" not in err
    assert err.count("\n") <= 1  # said once, in Vietnamese
    assert not err or "nhật ký" in err


def test_a_log_file_started_by_rotation_is_owner_only(tmp_path, restore_root_handlers):
    old = os.umask(0o022)
    try:
        path = setup_logging(tmp_path / "logs")
        handler = logging.getLogger().handlers[-1]
        logging.getLogger("kiosk.test").info("before rotation")
        handler.doRollover()
        logging.getLogger("kiosk.test").info("after rotation")
        handler.flush()
    finally:
        os.umask(old)
    files = sorted(path.parent.iterdir())
    assert len(files) == 2
    assert all(f.stat().st_mode & 0o077 == 0 for f in files), [(f.name, oct(f.stat().st_mode)) for f in files]
