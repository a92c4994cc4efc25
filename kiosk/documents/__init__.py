"""PDF documents (reportlab, pure Python): official forms, one-stop slips, the lobby
ticket and the online-submission sheet. Every string is NFC-normalised before it is
drawn; Liberation Serif is embedded; nothing is drawn outside the margins.
"""
from kiosk.documents.data import ControlRow, ReceivedDocument, SlipData
from kiosk.documents.forms import render_form, render_forms, render_samples
from kiosk.documents.online_sheet import render_online_sheet
from kiosk.documents.slips import (render_apology, render_control, render_receipt, render_refusal, render_stop,
                                   render_supplement_request, render_ticket)
from kiosk.documents.vnwords import date_words, number_words

__all__ = [
    "ControlRow", "ReceivedDocument", "SlipData", "render_control", "render_stop", "date_words", "number_words", "render_apology", "render_form",
    "render_forms", "render_online_sheet", "render_receipt", "render_samples", "render_refusal", "render_supplement_request", "render_ticket",
]
