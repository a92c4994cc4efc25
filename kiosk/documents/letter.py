"""A letter of the unit to a citizen (chúc mừng, chia buồn, xin lỗi), A4, in the
administrative format (NĐ 30/2020 margins): unit and national heading, place and date,
title, salutation, paragraphs, the signer's authority, title and name.

A letter with a gap ("…", "……", an unfilled "{placeholder}") or without its signer's name
is refused: nothing half-filled leaves the printer."""
from __future__ import annotations

import re
from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet, nfc, relayout
from kiosk.documents.official import Signer, official_heading, place_date, signatures
from kiosk.errors import ValidationError

BODY = 13.0
MARGINS = Margins(top=20 * mm, right=15 * mm, bottom=20 * mm, left=30 * mm)
_GAP = re.compile(r"…|\.{3,}|\{[a-z_]+\}")


def render_letter(title: str, salutation: str, paragraphs: list[str], signer: str, settings,
                  today: date | None = None, signer_name: str = "") -> bytes:
    """`signer`: the authority and title lines ("KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC"); `signer_name`
    is printed under the signature. Raises ValidationError on a gap or a missing signer."""
    for text in [salutation, *paragraphs]:
        if _GAP.search(nfc(text)):
            raise ValidationError("letter", "Thư còn chỗ trống chưa điền; hãy điền đủ rồi in.")
    if not nfc(signer_name).strip() or not nfc(signer).strip():
        raise ValidationError("signer_name", "Thư chưa in được: chưa ghi chức vụ, họ tên người ký "
                                             "(signer_title, signer_name) trong config.toml.")
    today = today or date.today()
    sheet = relayout(lambda forced: _layout(title, salutation, paragraphs, signer, settings, today, signer_name,
                                            forced))
    return sheet.to_pdf()


def _layout(title, salutation, paragraphs, signer, settings, today, signer_name, forced) -> Sheet:
    sheet = Sheet(*A4, MARGINS, title=title, forced_breaks=forced)
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, 12.0,
                     dated=place_date(settings.commune_name, today))
    sheet.y += BODY * 1.5
    sheet.paragraph(title, BOLD, 15, align="center")
    sheet.y += BODY * 0.8
    sheet.paragraph(salutation, BOLD, BODY + 1, align="center", balanced=True)
    sheet.y += BODY * 0.5
    for text in paragraphs:
        sheet.paragraph(text, REGULAR, BODY, first_indent=10 * mm, leading=BODY * 1.5, align="justify")
        sheet.y += BODY * 0.3
    sheet.y += BODY
    signatures(sheet, [Signer(nfc(signer), "", nfc(signer_name))], BODY, space=26 * mm)
    return sheet
