"""The forms catalog: procedures and their official forms, loaded from forms_catalog/.

The names below are imported on first use (PEP 562), so that a command that never
touches the catalog (a receipt reprinted from its stored snapshot) does not pay for
the pydantic schema, YAML, the search index and rapidfuzz (issue 14)."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.catalog.lazy import LazyCatalog  # noqa: F401
    from kiosk.catalog.loader import Catalog, CatalogProblem, load_catalog  # noqa: F401
    from kiosk.catalog.schema import FormField, FormItem, FormTemplate, Procedure, Referral  # noqa: F401

_WHERE = {
    "FormField": "schema", "FormItem": "schema", "FormTemplate": "schema", "Procedure": "schema",
    "Referral": "schema", "Catalog": "loader", "CatalogProblem": "loader", "load_catalog": "loader",
    "LazyCatalog": "lazy",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"kiosk.catalog.{module}"), name)
    globals()[name] = value
    return value
