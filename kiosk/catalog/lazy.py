"""A catalog loaded on first use.

The service container hands this to every service instead of a loaded Catalog: a
process whose work never reads the catalog (`render receipt` reprints from the stored
snapshot; the clerk's `dossier return`) skips reading it, and skips importing the
pydantic schema, YAML and rapidfuzz, about 0.1 s of a one-shot command on the
reference machine (issue 14, bench/cli.py)."""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from kiosk.catalog.loader import Catalog


@contextmanager
def long_lived():
    """Build objects that live as long as the process: the cyclic collector is off meanwhile,
    then they are frozen (gc.freeze) so that later collections no longer walk them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class LazyCatalog:
    """Stands in for the Catalog that `load()` returns: the first attribute read loads it
    (once, also when two threads ask together); every read after goes to the loaded one.
    `freeze=True` moves what the load built out of the collector's way (gc.freeze), as
    the container does for the rest of a one-process start-up."""

    __slots__ = ("_load", "_freeze", "_catalog", "_lock")

    def __init__(self, load: Callable[[], Catalog], *, freeze: bool = False):
        self._load = load
        self._freeze = freeze
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._catalog is not None

    def get(self) -> Catalog:
        catalog = self._catalog
        if catalog is None:
            with self._lock:
                if self._catalog is None:
                    self._catalog = self._load_frozen() if self._freeze else self._load()
                catalog = self._catalog
        return catalog

    def _load_frozen(self) -> Catalog:
        """The schema's import and the unpickling make ~10^5 objects that live as long as the process."""
        with long_lived():
            return self._load()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)

    def __repr__(self) -> str:
        return f"LazyCatalog({'loaded' if self.loaded else 'not loaded'})"
