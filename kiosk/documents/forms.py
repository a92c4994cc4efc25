"""The one form renderer: any FormTemplate of the catalog to an A4 PDF.

Nothing here knows a particular form. What a form needs (inline fields, tables,
dates in words, check boxes, signatures, fingerprint, footnotes) is read from
the template. Mode "sample" fills every field with its `sample` value and marks
each page "MẪU"; mode "filled" prints the clerk's values and leaves blank
fields as empty dotted lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from reportlab.lib.units import mm

from kiosk.catalog.schema import FieldType, FormItem, FormTemplate
from kiosk.documents import fieldlines as fl
from kiosk.documents.fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR
from kiosk.documents.formtable import table
from kiosk.documents.layout import A4, Margins, Sheet, nfc, relayout, wrap
from kiosk.documents.official import Signer, commune_phrase, date_text, national_heading, signatures
from kiosk.documents.vnwords import date_value_words, parse_dmy

SAMPLE_BANNER = "Bản mẫu để tham khảo – không dùng để nộp"
WATERMARK = "MẪU"
FORM_MARGINS = Margins(top=20 * mm, right=15 * mm, bottom=18 * mm, left=30 * mm)  # NĐ 30/2020
BODY = fl.LineStyle(size=12, leading_factor=1.45)
PLACEHOLDER = re.compile(r"…|\.{3,}")
_UNTICKED = {"", "không", "khong", "0", "false", "no", "k"}


def render_form(template: FormTemplate, values: dict[str, str], settings, *,
                mode: Literal["sample", "filled"] = "filled", today: date | None = None,
                proxy_clerk: str | None = None) -> bytes:
    """PDF bytes (A4) of `template`; `values` maps field keys to strings (ignored in sample mode).
    `proxy_clerk`: the form was written on the citizen's behalf by this clerk ("" when the
    name is unknown): the note of `proxy_note_text` and a signature line for the clerk."""
    sheet = layout_form(template, values, settings, mode=mode, today=today, proxy_clerk=proxy_clerk)
    return sheet.to_pdf(decorate=watermark if mode == "sample" else None)


def render_forms(forms: list[tuple[FormTemplate, dict[str, str]]], settings, *,
                 mode: Literal["sample", "filled"] = "filled", today: date | None = None,
                 proxy_clerk: str | None = None) -> bytes:
    """Several forms (template, values) in one PDF, each starting on a new page."""
    sheets = [layout_form(t, v, settings, mode=mode, today=today, proxy_clerk=proxy_clerk) for t, v in forms]
    combined = sheets[0]
    for other in sheets[1:]:
        combined.pages.extend(other.pages)
    return combined.to_pdf(decorate=watermark if mode == "sample" else None)


def render_samples(templates: list[FormTemplate], settings, today: date | None = None) -> bytes:
    """Every pre-filled sample form of a procedure in one PDF, each starting on a new page."""
    return render_forms([(t, {}) for t in templates], settings, mode="sample", today=today)


@dataclass(frozen=True)
class Spacing:
    """How tightly a form is set. The renderer tries each step of `SPACINGS` in turn and
    keeps the first that needs no more pages than the tightest would: a form takes a
    second sheet only when it cannot fit on one, and never for its signature or notes alone."""
    leading: float  # line height of the body, as a multiple of the font size
    gap: float  # the spaces between heading, title and body (mm)
    signature_space: float  # room to sign (mm)
    note_size: float  # footnotes


SPACINGS = (Spacing(1.45, 4.0, 24, 10.0), Spacing(1.36, 3.0, 21, 9.5),
            Spacing(1.28, 2.0, 18, 9.0), Spacing(1.2, 1.5, 16, 8.5))


def layout_form(template: FormTemplate, values: dict[str, str], settings, *,
                mode: Literal["sample", "filled"] = "filled", today: date | None = None,
                proxy_clerk: str | None = None) -> Sheet:
    """The laid-out pages (before PDF output): what `render_form` prints, open to checks
    such as `Sheet.overflows()`. The loosest spacing that needs the fewest pages wins."""
    if mode not in ("sample", "filled"):
        raise ValueError(f"mode must be 'sample' or 'filled', not {mode!r}")
    sheets = []
    for spacing in SPACINGS:
        sheets.append(relayout(lambda forced: _layout(template, values, settings, mode, proxy_clerk, today,
                                                      spacing, forced)))
        if sheets[-1].page_count == 1:
            return sheets[-1]
    # same number of pages: the one whose signature comes earliest (only notes run over)
    return min(sheets, key=lambda s: (s.page_count, s.signature_page))


def proxy_note_text(clerk_name: str) -> str:
    """The note printed under a form the clerk wrote on the citizen's behalf."""
    name = nfc(clerk_name).strip() or "Bộ phận Một cửa"
    return (f"Cán bộ {name} viết hộ theo lời khai của người yêu cầu; người yêu cầu đã nghe đọc lại "
            "và ký/điểm chỉ.")


def _layout(template: FormTemplate, values: dict[str, str], settings, mode: str,
            proxy_clerk: str | None, today: date | None, spacing: Spacing,
            forced: frozenset[int] = frozenset()) -> Sheet:
    sample = mode == "sample"
    vals = {f.key: f.sample for f in template.fields} if sample else {
        k: nfc(v) for k, v in (values or {}).items() if isinstance(v, str)}
    sheet = Sheet(*A4, FORM_MARGINS, title=template.title, forced_breaks=forced)
    if sample:
        sheet.on_page = _banner
    sheet.start()
    st = replace(BODY, leading_factor=spacing.leading)
    _head(sheet, template, settings, spacing)
    _body(sheet, template, vals, st)
    _closing(sheet, template, vals, settings, today or date.today(), spacing)
    if proxy_clerk is not None:
        _proxy(sheet, proxy_note_text(proxy_clerk), nfc(proxy_clerk).strip(), spacing)
    _footnotes(sheet, template.footnotes, spacing)
    return sheet


def watermark(c, page_no: int, size: tuple[float, float]) -> None:
    """A large light diagonal "MẪU", drawn under the page's content."""
    w, h = size
    c.saveState()
    c.setFillGray(0.86)
    c.setFont(BOLD, min(w, h) * 0.3)
    c.translate(w / 2, h / 2)
    c.rotate(35)
    c.drawCentredString(0, -min(w, h) * 0.1, WATERMARK)
    c.restoreState()


def _banner(sheet: Sheet) -> None:
    sheet.paragraph(SAMPLE_BANNER, BOLD_ITALIC, 10.5, align="center")
    sheet.advance(2 * mm)


def _head(sheet: Sheet, template: FormTemplate, settings, spacing: Spacing) -> None:
    national_heading(sheet, 12.5)
    sheet.advance(spacing.gap * mm)
    sheet.paragraph(template.title, BOLD, 14, align="center", leading=18)
    if template.addressee:
        addressee = template.addressee.replace("{commune}", commune_phrase(settings.commune_name))
        marker = f"{template.addressee_marker} " if template.addressee_marker else ""
        sheet.advance(spacing.gap / 2 * mm)
        sheet.paragraph(f"Kính gửi: {marker}{addressee}", REGULAR, BODY.size, align="center")
    sheet.advance(spacing.gap / 2 * mm)


def _blocks(template: FormTemplate) -> list[tuple[str, list[FormItem]]]:
    """Items grouped as printed: fixed text, a line group (a field and its inline
    followers) or a run of table cells."""
    blocks: list[tuple[str, list[FormItem]]] = []
    for item in template.items:
        if item.text is not None:
            blocks.append(("text", [item]))
        elif template.layout == "table" and item.column:
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(item)
            else:
                blocks.append(("table", [item]))
        elif item.inline and blocks and blocks[-1][0] == "line":
            blocks[-1][1].append(item)
        else:
            blocks.append(("line", [item]))
    return blocks


def _body(sheet: Sheet, template: FormTemplate, vals: dict[str, str], st: fl.LineStyle) -> None:
    for kind, items in _blocks(template):
        if kind == "text":
            item = items[0]
            sheet.paragraph(item.text, BOLD if item.heading else REGULAR, st.size, leading=st.leading)
        elif kind == "table":
            table(sheet, items, template.table_columns, _table_values(items, vals), st.size)
        else:
            toks = group_tokens(items, vals, st.size)
            blank_multiline = any(i.type == FieldType.MULTILINE and not vals.get(i.key) for i in items)
            fl.flow(sheet, toks, st, extra_lines=2 if blank_multiline else 0)


def _table_values(items: list[FormItem], vals: dict[str, str]) -> dict[str, str]:
    out = {}
    for it in items:
        v = vals.get(it.key, "")
        words = date_value_words(v) if it.date_in_words and v else None
        out[it.key] = f"{v} (ghi bằng chữ: {words})" if words else v
    return out


def group_tokens(items: list[FormItem], vals: dict[str, str], size: float) -> list[fl.Tok]:
    """Tokens of a field and its inline followers; each follower is tabbed to k/n of the line."""
    toks: list[fl.Tok] = []
    n = len(items)
    for k, item in enumerate(items):
        first_sep = "space" if k == 0 else ("dots" if toks[-1].kind in ("value", "slot") else "gap")
        part = field_tokens(item, vals.get(item.key, ""), size, first_sep, last=k == n - 1)
        if part and k:
            part[0] = replace(part[0], tab=k / n)
        toks += part
    return toks


def field_tokens(item: FormItem, value: str, size: float, first_sep: str, *, last: bool) -> list[fl.Tok]:
    if PLACEHOLDER.search(item.label):
        return _placeholder_tokens(item, value, size, first_sep)
    toks = fl.words("label", item.label, first_sep)
    if item.type == FieldType.CHECKBOX:
        return toks + [fl.Tok("box", checked=value.strip().casefold() not in _UNTICKED)]
    short = len(value) <= 40  # names, dates: keep whole on one line when possible
    toks += fl.words("value", value, "dots", keep=short) if value else [fl.Tok("slot", min_w=size * (1.2 if last else 4))]
    if item.date_in_words:
        words = date_value_words(value) if value else None
        toks += fl.words("label", "(ghi bằng chữ:", "dots" if value else "space")
        if words:  # the bracket joins the last word so the text copies out as "... sáu)"
            toks += fl.words("value", words + ")", "space")
        else:
            toks += [fl.Tok("slot", min_w=size * 10), fl.Tok("label", ")", "none")]
    return toks


def _placeholder_tokens(item: FormItem, value: str, size: float, first_sep: str) -> list[fl.Tok]:
    """'Số lượng: … bản' or 'ngày … tháng … năm …': values go into the dotted gaps."""
    parts = PLACEHOLDER.split(item.label)
    n = len(parts) - 1
    d = parse_dmy(value) if item.type == FieldType.DATE and n == 3 else None
    fills = [f"{d.day:02d}", f"{d.month:02d}", str(d.year)] if d else [value] + [""] * (n - 1)
    toks: list[fl.Tok] = []
    for i, part in enumerate(parts):
        toks += fl.words("label", part, first_sep if not toks else "space")
        if i < n:
            wide = 3.2 if (d or n == 3) and i == 2 else 2.4
            toks.append(fl.Tok("slot", fills[i], first_sep if not toks else "space", min_w=size * wide))
    return toks


def _signers(template: FormTemplate, vals: dict[str, str]) -> list[Signer]:
    """Signature blocks; the signer's name is printed when the form holds it (the
    applicant's name field, or the first field of the signer's table column)."""
    names = {}
    applicant = next((f for f in template.fields if f.applicant == "full_name"), None)
    if len(template.signatures) == 1 and applicant:
        names[template.signatures[0]] = vals.get(applicant.key, "")
    for f in template.fields:
        if f.column in template.signatures and f.column not in names:
            names[f.column] = vals.get(f.key, "")
    return [Signer(s, template.signature_note, names.get(s, "")) for s in template.signatures]


def _closing(sheet: Sheet, template: FormTemplate, vals: dict[str, str], settings, today: date,
             spacing: Spacing) -> None:
    dated = f"Làm tại: {commune_phrase(settings.commune_name)}, {date_text(today)}" if template.place_date else None
    sheet.advance(1 * mm)
    signatures(sheet, _signers(template, vals), BODY.size, dated=dated, fingerprint=template.fingerprint,
               space=spacing.signature_space * mm)
    sheet.signature_page = sheet.page_count


PROXY_SIGNER = "Cán bộ viết hộ"


def _proxy(sheet: Sheet, note: str, clerk: str, spacing: Spacing) -> None:
    """The proxy-writing note and, on the left, a line for the clerk's signature."""
    size, leading = 11.0, 11.0 * 1.3
    lines = len(wrap(note, ITALIC, size, sheet.width))
    sheet.need(lines * leading + leading * 3 + spacing.signature_space * 0.6 * mm, keep=2)
    sheet.keep_company(2)
    sheet.advance(1 * mm)
    sheet.paragraph(note, ITALIC, size, leading=leading)
    signatures(sheet, [Signer(PROXY_SIGNER, "(Ký, ghi rõ họ tên)", clerk)], size,
               space=spacing.signature_space * 0.6 * mm, single_right=False, keep=0)


def _footnotes(sheet: Sheet, notes: list[str], spacing: Spacing) -> None:
    """The notes under a short rule, flowing line by line: what fits stays on the page
    of the form; only the rest goes to the next page."""
    if not notes:
        return
    size = spacing.note_size
    leading = size * 1.25
    sheet.need(2 * mm + leading)
    sheet.advance(2 * mm)
    sheet.line(sheet.left, sheet.y, sheet.left + 40 * mm, sheet.y, 0.5)
    for note in notes:
        sheet.paragraph(note, ITALIC, size, leading=leading)


def render_procedure_samples(proc, forms, settings) -> bytes:
    """All sample forms of a procedure in one PDF (`render sample`, "In mẫu này"); without a
    citizen form, the one-page "what to bring, what you get" sheet."""
    if not forms:
        from kiosk.documents.bring_sheet import render_bring_sheet
        return render_bring_sheet(proc, settings)
    return render_samples(forms, settings)
