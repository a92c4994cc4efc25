"""A stand-in for the sqlite3 module that calls `on_backup()` right after each online
backup's pages are copied (before the copy is closed, renamed or chmod-ed): to look at
a backup while it is being written, or to fail it there like a full disk or a kill."""
import sqlite3
from types import SimpleNamespace


class _Conn:
    def __init__(self, conn, on_backup):
        self._c, self._on = conn, on_backup

    def backup(self, target, *a, **k):
        self._c.backup(getattr(target, "_c", target), *a, **k)
        self._on()

    def __getattr__(self, name):
        return getattr(self._c, name)

    def __enter__(self):
        self._c.__enter__()
        return self

    def __exit__(self, *exc):
        return self._c.__exit__(*exc)


def sqlite3_spy(on_backup) -> SimpleNamespace:
    module = SimpleNamespace(**{k: getattr(sqlite3, k) for k in dir(sqlite3) if not k.startswith("__")})
    module.connect = lambda *a, **k: _Conn(sqlite3.connect(*a, **k), on_backup)
    return module
