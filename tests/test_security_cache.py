"""The compiled catalog cache (cache/ in the data dir) on a full disk or after a kill: no
half-written file is left to fill the disk at every start (found on a 3 MB tmpfs: each start
left a `catalog-*.PID.tmp` of up to 3 MB and the counter could not receive anything)."""
import errno
import subprocess
import sys

import kiosk.catalog.loader as loader
from tests.conftest import REPO


def test_a_full_disk_while_writing_the_catalog_cache_leaves_no_temporary_file(tmp_path, monkeypatch):
    cache = tmp_path / "cache"

    def dump_then_disk_full(obj, f, protocol=None):
        f.write(b"\x80" * 4096)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(loader.pickle, "dump", dump_then_disk_full)
    cat = loader.load_catalog(REPO / "forms_catalog", cache_dir=cache)
    assert cat.procedures  # the kiosk still starts, without a cache
    assert [p.name for p in cache.iterdir()] == []


def test_a_cache_file_left_by_a_killed_process_is_removed_at_the_next_build(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    name = f"catalog-{loader.hashlib.sha256(str((REPO / 'forms_catalog').resolve()).encode()).hexdigest()[:12]}"
    stale = cache / f"{name}.{dead.pid}.tmp"
    stale.write_bytes(b"\x80" * 4096)
    loader.load_catalog(REPO / "forms_catalog", cache_dir=cache)
    assert sorted(p.name for p in cache.iterdir()) == [f"{name}.pickle"]
