"""The "what to bring and what you will get" sheet (Mang gì – nhận gì) of a procedure
that has no citizen form, for example most chứng thực procedures: one A4 page in the
official layout, built from the catalog entry alone (documents by kind, time, fee,
result, and the two rules: writing help and signing in person).

It is not an official form and carries no "MẪU" watermark; it tells the citizen what
to put in their bag before coming to the counter.
"""
from __future__ import annotations

from reportlab.lib.units import mm

from kiosk.catalog.schema import Document, Procedure
from kiosk.documents import fieldlines as fl
from kiosk.documents.fonts import BOLD, ITALIC, REGULAR
from kiosk.documents.layout import A4, Margins, Sheet
from kiosk.documents.official import official_heading

TITLE = "NHỮNG GIẤY TỜ CẦN MANG THEO VÀ KẾT QUẢ NHẬN ĐƯỢC"
HEAD_ALWAYS = "Giấy tờ phải nộp:"
HEAD_CONDITIONAL = "Chỉ nộp khi thuộc trường hợp ghi kèm:"
HEAD_SHOW = "Mang theo để xuất trình (không phải nộp):"
NO_FORM = ("Thủ tục này không có tờ khai theo mẫu cho công dân. Trang này chỉ để chuẩn bị giấy tờ, "
           "không phải mẫu đơn và không dùng để nộp.")
# body sizes tried in turn until the sheet fits on one page
_SIZES = (13.0, 12.0, 11.0, 10.0, 9.0, 8.0)
_MARGINS = Margins(20 * mm, 15 * mm, 15 * mm, 15 * mm)  # left 20 mm, NĐ 30/2020


def render_bring_sheet(procedure: Procedure, settings) -> bytes:
    """PDF bytes of the one-page sheet for `procedure`; the text shrinks until it fits one page."""
    sheet = None
    for size in _SIZES:
        sheet = _build(procedure, settings, size)
        if sheet.page_count == 1:
            break
    return sheet.to_pdf()


def _build(proc: Procedure, settings, body: float) -> Sheet:
    sheet = Sheet(*A4, _MARGINS, title=f"Mang gì, nhận gì: {proc.name}")
    official_heading(sheet, settings.parent_unit, settings.issuing_unit, min(body, 12.5))
    sheet.advance(body * 1.2)
    sheet.paragraph(TITLE, BOLD, body * 1.15, align="center", balanced=True)
    sheet.paragraph(proc.name, BOLD, body, align="center", balanced=True)
    sheet.paragraph(f"Mã thủ tục: {proc.code} – Lĩnh vực: {proc.field}", ITALIC, body * 0.9, align="center")
    sheet.advance(body * 0.5)
    if proc.summary:
        sheet.paragraph(proc.summary, REGULAR, body, leading=body * 1.35)
    groups = ((HEAD_ALWAYS, "always"), (HEAD_CONDITIONAL, "conditional"), (HEAD_SHOW, "show"))
    for heading, kind in groups:
        _documents(sheet, heading, [d for d in proc.required_documents if d.kind == kind], body)
    sheet.advance(body * 0.4)
    st = fl.LineStyle(size=body, leading_factor=1.35, dotted=False)
    fl.flow(sheet, fl.words("label", "Thời hạn giải quyết:") + fl.words("value", proc.processing_time_text), st)
    fl.flow(sheet, fl.words("label", "Lệ phí:") + fl.words("value", proc.fee), st)
    if proc.result:
        fl.flow(sheet, fl.words("label", "Kết quả nhận được:") + fl.words("value", proc.result), st)
    sheet.advance(body * 0.4)
    _rule(sheet, "Cán bộ có được viết, đánh máy giúp không?", proc.writing_help.value, proc.writing_help.reason, body)
    _rule(sheet, "Có phải tự ký trước mặt cán bộ không?", proc.sign_in_person.value, proc.sign_in_person.reason, body)
    sheet.advance(body * 0.6)
    sheet.paragraph(NO_FORM, ITALIC, body * 0.9, leading=body * 1.25)
    return sheet


def _documents(sheet: Sheet, heading: str, docs: list[Document], body: float) -> None:
    if not docs:
        return
    sheet.advance(body * 0.35)
    sheet.paragraph(heading, BOLD, body, leading=body * 1.4)
    st = fl.LineStyle(size=body, leading_factor=1.3, dotted=False)
    for i, d in enumerate(docs, start=1):
        fl.flow(sheet, fl.words("label", f"{i}.") + fl.words("label", d.name), st, indent=body)
        if d.note:
            sheet.paragraph(d.note, ITALIC, body * 0.88, leading=body * 1.2, indent=body * 2.2)


def _rule(sheet: Sheet, question: str, value: bool, reason: str, body: float) -> None:
    st = fl.LineStyle(size=body, leading_factor=1.35, dotted=False)
    fl.flow(sheet, fl.words("label", question) + fl.words("value", "Có." if value else "Không."), st)
    if reason:
        sheet.paragraph(reason, ITALIC, body * 0.88, leading=body * 1.2, indent=body * 1.2)
