"""A letter of the commune to a citizen (chúc mừng, chia buồn, xin lỗi), A4, in the
administrative format: unit and national heading, place and date, title, salutation,
paragraphs, signature."""
from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm

from kiosk.documents.fonts import BOLD, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet
from kiosk.documents.official import Signer, official_heading, place_date, signatures

BODY = 13.0


def render_letter(title: str, salutation: str, paragraphs: list[str], signer: str, settings,
                  today: date | None = None, signer_name: str = "") -> bytes:
    today = today or date.today()
    sheet = Sheet(*A4, Margins(20 * mm, 15 * mm, 20 * mm, 30 * mm), title=title)
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, 12.0,
                     dated=place_date(settings.commune_name, today))
    sheet.y += BODY * 1.5
    sheet.paragraph(title, BOLD, 15, align="center")
    sheet.y += BODY * 0.8
    sheet.paragraph(salutation, BOLD, BODY, align="center", balanced=True)
    sheet.y += BODY * 0.5
    for text in paragraphs:
        sheet.paragraph(text, REGULAR, BODY, first_indent=10 * mm, leading=BODY * 1.5)
        sheet.y += BODY * 0.3
    sheet.y += BODY
    lines = signer.split("\n")
    signatures(sheet, [Signer("\n".join(lines), "", signer_name)], BODY, space=28 * mm)
    return sheet.to_pdf()
