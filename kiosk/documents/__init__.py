"""PDF documents (reportlab, pure Python): official forms, one-stop slips, the lobby
ticket and the online-submission sheet. Every string is NFC-normalised before it is
drawn; Liberation Serif is embedded; nothing is drawn outside the margins.

The renderers are imported on first use (PEP 562): reportlab costs about 0.2 s of
imports that the lobby's first frame and commands that print nothing need not pay.
"""
from importlib import import_module

from kiosk.documents.data import ControlRow, ReceivedDocument, SlipData

_LAZY = {
    "render_form": "forms", "render_forms": "forms", "render_samples": "forms",
    "render_online_sheet": "online_sheet",
    "render_apology": "slips", "render_receipt": "slips", "render_refusal": "slips",
    "render_supplement_request": "slips", "render_ticket": "slips", "render_control": "slips",
    "render_stop": "slips",
    "date_words": "vnwords", "number_words": "vnwords",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kiosk.documents' has no attribute {name!r}")
    value = getattr(import_module(f"kiosk.documents.{module}"), name)
    globals()[name] = value
    return value


__all__ = ["ControlRow", "ReceivedDocument", "SlipData", *_LAZY]
