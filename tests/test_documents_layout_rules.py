"""Layout rules every printed paper obeys (issue 12), read back from the PDFs themselves:
signature blocks never alone on a page, no page of footnotes that would have fitted on the
page before, no runs of dots standing in for text, NĐ 30/2020 margins. One test renders them
all: every sample, every form filled with long realistic values, letters, the report and the
village handover list."""
from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kiosk.catalog import load_catalog
from kiosk.catalog.schema import FieldType
from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings
from kiosk.documents.forms import SAMPLE_BANNER, render_form
from tests.conftest import REPO
from tests.test_documents import text_runs

CATALOG = load_catalog(REPO / "forms_catalog")
TODAY = date(2026, 11, 25)
A4_W, A4_H = 210 * mm, 297 * mm

LONG_ADDRESS = ("Số nhà 127, đường Nguyễn Thị Minh Khai, tổ dân phố Đồng Tâm Hạ, thôn 4, xã Hòa Bình, "
                "tỉnh Lâm Đồng")
LONG_ID = ("Căn cước số 068195004521 do Bộ Công an cấp ngày 12/04/2024, có giá trị đến ngày 20/09/2039")
LONG_NAME = "NGUYỄN HUỲNH THỊ PHƯƠNG THẢO"
LONG_TEXT = ("Năm 2015 khi đăng ký khai sinh, cán bộ hộ tịch ghi nhầm ngày sinh từ 05/02/1990 thành "
             "05/3/1990; gia đình nay có giấy chứng sinh bản chính để đối chiếu và đề nghị cải chính.")


def long_value(field) -> str:
    """A realistic long value for a field: long addresses, ID papers with their issuer, long names."""
    label = field.label.casefold()
    if field.type == FieldType.CHECKBOX:
        return "Có"
    if field.type != FieldType.TEXT and field.type != FieldType.MULTILINE:
        return field.sample
    if field.type == FieldType.MULTILINE:
        return LONG_TEXT
    if "cư trú" in label or "địa chỉ" in label or "nơi ở" in label or "nơi sinh" in label:
        return LONG_ADDRESS
    if "giấy tờ tùy thân" in label or "giấy khai sinh/" in label:
        return LONG_ID
    if "họ, chữ đệm, tên" in label or "họ và tên" in label:
        return LONG_NAME if field.sample.isupper() or not field.sample else LONG_NAME.title()
    return field.sample


def filled_values(form) -> dict[str, str]:
    return {f.key: long_value(f) for f in form.fields}


@pytest.fixture(scope="module")
def settings():
    return parse_settings(DEFAULT_CONFIG_TOML, Path("config.toml"))


# --- reading a PDF back -------------------------------------------------------------------

def lines_of(pdf: bytes) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page: (y of the baseline from the top, x, right edge, size, text) of every upright
    text run, without the sample banner."""
    pages: list[list] = [[] for _ in PdfReader(io.BytesIO(pdf)).pages]
    for page, x, y, width, size, text, rotated in text_runs(pdf):
        if rotated or text == SAMPLE_BANNER or text == "MẪU":
            continue
        pages[page].append((y, x, x + width, size, text))
    return pages


def flat(s: str) -> str:
    return " ".join(s.split())


def check_margins(pdf: bytes, name: str, page_w: float = A4_W, page_h: float = A4_H,
                  page_numbers: bool = False) -> None:
    """NĐ 30/2020: left 30–35 mm, top, bottom and right 15–25 mm (text never inside them;
    the left edge of the text block sits at 30–35 mm). Page numbers live in the top margin."""
    tol = 0.75
    for n, runs in enumerate(lines_of(pdf)):
        if not runs:
            continue
        assert min(x for _, x, _, _, _ in runs) <= 35 * mm + tol, (name, n, "text block starts right of 35 mm")
        for y, x, right, size, text in runs:
            assert x >= 30 * mm - tol, (name, n, text, x / mm)
            assert right <= page_w - 15 * mm + tol, (name, n, text, (page_w - right) / mm)
            assert y <= page_h - 15 * mm + tol, (name, n, text, (page_h - y) / mm)
            if page_numbers and text.strip().isdigit() and y < 20 * mm:
                continue
            assert y - size >= 15 * mm - tol, (name, n, text, y / mm)


def check_no_dot_runs(pdf: bytes, name: str) -> None:
    """Fill lines are drawn, never typed: no run of 4 or more dots ("…" counts as three)."""
    for n, runs in enumerate(lines_of(pdf)):
        for *_, text in runs:
            assert not re.search(r"\.{4,}", text.replace("…", "...")), (name, n, text)


def check_signature_not_alone(pdf: bytes, name: str, first_line: str, min_lines: int = 2) -> None:
    """The page where the signature block starts (its first line: the place and date, or the
    signer's title) holds at least `min_lines` lines of content above it."""
    pages = lines_of(pdf)
    where = [(n, y) for n, runs in enumerate(pages) for y, _, _, _, t in runs if flat(t).startswith(first_line)]
    assert where, (name, first_line)
    n, y0 = where[-1]
    above = {round(y) for y, _, _, _, t in pages[n] if y < y0 - 1}
    assert len(above) >= min_lines, (name, n, sorted(above))


def check_footnotes_not_alone(pdf: bytes, name: str, footnotes: list[str]) -> None:
    """A page holding only footnotes is allowed only when the page before is full."""
    if not footnotes:
        return
    notes = flat(" ".join(footnotes))
    pages = lines_of(pdf)
    for n in range(1, len(pages)):
        runs = pages[n]
        if runs and all(flat(t) in notes for *_, t in runs):
            lowest = max(y for y, *_ in pages[n - 1])
            size = runs[0][3]
            assert lowest >= A4_H - 18 * mm - 2.5 * size * 1.3, (
                name, f"page {n + 1} holds only footnotes, page {n} ends {(A4_H - lowest) / mm:.0f} mm from the edge")


def first_signature_line(form) -> str:
    return "Làm tại:" if form.place_date else form.signatures[0].upper()


# --- the test that renders everything -----------------------------------------------------

@pytest.mark.parametrize("form_id", sorted(CATALOG.forms))
@pytest.mark.parametrize("mode", ["sample", "filled"])
def test_every_form_obeys_the_layout_rules(settings, form_id, mode):
    form = CATALOG.forms[form_id]
    values = filled_values(form) if mode == "filled" else {}
    pdf = render_form(form, values, settings, mode=mode, today=TODAY, proxy_clerk="Trần Văn Bình")
    name = f"{form_id} ({mode})"
    check_margins(pdf, name)
    check_no_dot_runs(pdf, name)
    check_signature_not_alone(pdf, name, first_signature_line(form))
    check_signature_not_alone(pdf, name, "Cán bộ Trần Văn Bình viết hộ")
    check_footnotes_not_alone(pdf, name, form.footnotes)
    text = flat(" ".join(t for runs in lines_of(pdf) for *_, t in runs))
    for note in form.footnotes:  # every note is printed whole
        assert flat(note) in text, (name, note[:40])
    if mode == "filled":
        for f in form.fields:
            if f.type in (FieldType.TEXT, FieldType.MULTILINE) and values[f.key]:
                assert flat(values[f.key]) in text, (name, f.key)


def test_samples_that_fit_one_sheet_take_one_sheet(settings):
    """The samples used to spill their signature or their notes onto a second sheet."""
    counts = {fid: len(PdfReader(io.BytesIO(render_form(f, {}, settings, mode="sample", today=TODAY))).pages)
              for fid, f in CATALOG.forms.items()}
    two = sorted(fid for fid, n in counts.items() if n > 1)
    # the pension form is two pages long; the marriage form's four long notes cannot all
    # fit under its table and two signatures, so only its last notes run over
    assert two == ["de-nghi-huong-tro-cap-huu-tri-xa-hoi", "to-khai-dang-ky-ket-hon"], counts
    assert max(counts.values()) == 2
    marriage = lines_of(render_form(CATALOG.forms["to-khai-dang-ky-ket-hon"], {}, settings, mode="sample",
                                    today=TODAY))
    assert any(t == "BÊN NỮ" for *_, t in marriage[0])  # the signatures stay on the first sheet


def test_a_signature_pushed_to_a_new_page_takes_the_last_two_lines_with_it(settings):
    """Realistic long values on the birth form: whatever the page break, the signature
    page starts with content, not with "Làm tại"."""
    form = CATALOG.forms["to-khai-dang-ky-khai-sinh"]
    values = filled_values(form) | {k: LONG_TEXT + " " + LONG_TEXT for k in ("child_birthplace", "requester_id")}
    pdf = render_form(form, values, settings, today=TODAY)
    pages = lines_of(pdf)
    assert len(pages) == 2
    check_signature_not_alone(pdf, "khai sinh, very long", "Làm tại:")
    check_footnotes_not_alone(pdf, "khai sinh, very long", form.footnotes)


def test_kinh_gui_carries_its_footnote_marker(settings):
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_form(
        CATALOG.forms["to-khai-dang-ky-khai-tu"], {}, settings, mode="sample", today=TODAY))).pages))
    assert "Kính gửi: (1) Ủy ban nhân dân xã Hòa Bình" in text
    assert "(1) Ghi rõ tên cơ quan đăng ký khai tử." in text
    marriage = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_form(
        CATALOG.forms["to-khai-dang-ky-ket-hon"], {}, settings, mode="sample", today=TODAY))).pages))
    assert "Kính gửi: (3) Ủy ban nhân dân xã Hòa Bình" in marriage
    assert "dán ảnh" not in marriage  # no photo boxes, so no photo notes


# --- catalog check: footnote markers and obsolete terms ----------------------------------

def _catalog_with(tmp_path, form_id: str, edit) -> list[str]:
    import shutil
    root = tmp_path / "cat"
    shutil.copytree(REPO / "forms_catalog", root)
    path = root / "forms" / f"{form_id}.yaml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return [str(p) for p in load_catalog(root).problems]


def test_catalog_check_refuses_a_marker_without_its_note_and_a_note_without_its_marker(tmp_path):
    problems = _catalog_with(tmp_path, "to-khai-dang-ky-khai-tu", lambda s: s.replace(
        '  - >-\n    (4) Ghi số, cơ quan cấp', '  - >-\n    (7) Ghi số, cơ quan cấp'))
    assert any("to-khai-dang-ky-khai-tu.yaml: items.death_notice_no.label: có dấu chú thích (4)" in p
               for p in problems), problems
    assert any("to-khai-dang-ky-khai-tu.yaml: footnotes." in p and "chú thích (7) không có dấu (7)" in p
               for p in problems), problems


def test_catalog_check_refuses_obsolete_terms_unless_allowed_with_a_reason(tmp_path):
    problems = _catalog_with(tmp_path, "to-khai-dang-ky-khai-tu", lambda s: s.replace(
        'label: "Nơi cư trú: (2)"', 'label: "Hộ khẩu thường trú: (2)"', 1))
    assert any("to-khai-dang-ky-khai-tu.yaml: items.requester_residence.label: thuật ngữ đã bỏ “hộ khẩu”" in p
               for p in problems), problems
    problems = _catalog_with(tmp_path / "b", "to-khai-dang-ky-khai-tu", lambda s: s.replace(
        "allow_terms:\n", "allow_terms:\n  CMND: >-\n    Thử.\n", 1).replace(
        'label: "Giấy tờ tùy thân: (3)"', 'label: "Giấy CMND: (3)"', 1))
    assert not [p for p in problems if "CMND" in p], problems
    problems = _catalog_with(tmp_path / "c", "to-khai-dang-ky-khai-tu", lambda s: re.sub(
        r"allow_terms:\n(  .*\n|    .*\n)+", "", s))
    assert any("thuật ngữ đã bỏ “chứng minh nhân dân”" in p for p in problems), problems


def test_the_shipped_catalog_passes_the_checks():
    assert [str(p) for p in CATALOG.problems] == []


def test_funeral_form_asks_for_the_personal_id_number_and_residence_not_cmnd_or_ho_khau(settings):
    form = CATALOG.forms["to-khai-de-nghi-ho-tro-chi-phi-mai-tang"]
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_form(
        form, {}, settings, mode="sample", today=TODAY))).pages))
    assert "Số định danh cá nhân: 068068004567" in text
    assert "2. Nơi cư trú: Thôn 4" in text and "b) Nơi cư trú: Thôn 4" in text
    assert "Điều 14 Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ)" in text
    for old in ("CMND", "Hộ khẩu", "hộ khẩu", "...."):
        assert old not in text, old


def test_letters_report_and_handover_obey_the_layout_rules(services):
    """The same rules for the other papers: every letter template (sample values), the report
    with a long assessment, and a long handover list."""
    from kiosk.documents.handover import HandoverRow, render_handover
    from kiosk.services.report_notes import report_pdf
    papers = []
    for t in services.letters.templates():
        values = {f.key: f.sample for f in t.fields}
        papers.append((t.id, services.letters.pdf(services.letters.draft(t.id, values)),
                       services.config.settings.signer_title.upper()))
    services.report_notes.save("2026-11", ("Kết quả đạt được và hạn chế, nguyên nhân. " * 30).strip(),
                               "Đề nghị bố trí thêm một máy in A5 cho quầy.", None)
    papers.append(("report", report_pdf(services.reports.build("2026-11"), services.config.settings,
                                        services.report_notes), services.config.settings.signer_title.upper()))
    rows = [HandoverRow(f"HB-20261127-{i:04d}", LONG_NAME.title(), "Giấy khai sinh (bản chính) và số định danh "
                        "cá nhân của trẻ") for i in range(14)]
    papers.append(("handover", render_handover(TODAY, "Thôn 2", "Trần Thị Lan", rows, services.config.settings,
                                               "Trần Văn Bình"), "NGƯỜI GIAO"))
    for name, pdf, signer in papers:
        check_margins(pdf, name, page_numbers=name == "report")
        check_no_dot_runs(pdf, name)
        check_signature_not_alone(pdf, name, signer)
    assert len(PdfReader(io.BytesIO(papers[-2][1])).pages) >= 2  # the report did run over a page


def test_sheet_carries_exactly_the_last_two_lines_with_a_signature_that_does_not_fit():
    from kiosk.documents.layout import A4 as PAGE, Margins, Sheet, TextOp
    from kiosk.documents.official import Signer, signatures
    sheet = Sheet(*PAGE, Margins(20 * mm, 15 * mm, 20 * mm, 30 * mm))
    n = 0
    while sheet.y < sheet.bottom - 30:
        n += 1
        sheet.paragraph(f"dòng {n}", size=12)
    signatures(sheet, [Signer("Người yêu cầu")], 12)
    texts = [[op.text for op in page if isinstance(op, TextOp)] for page in sheet.pages]
    assert texts[1][:3] == [f"dòng {n - 1}", f"dòng {n}", "NGƯỜI YÊU CẦU"]
    assert texts[0][-1] == f"dòng {n - 2}"
    assert sheet.wanted_breaks == set()  # no second layout needed


def test_word_spacing_of_a_justified_line_does_not_leak_into_later_text():
    """PDF keeps the word spacing (Tw) after ET: a justified line must reset it, or every
    later line is stretched past the right margin (seen on the report's opening paragraph)."""
    import io as _io

    from pypdf import PdfReader as _Reader
    from pypdf.generic import ContentStream

    from kiosk.documents.fonts import ensure_fonts as _ensure
    from kiosk.documents.layout import A4, Margins, Sheet

    _ensure()
    sheet = Sheet(A4[0], A4[1], Margins(20 * 2.8346, 15 * 2.8346, 20 * 2.8346, 30 * 2.8346))
    sheet.paragraph("Trung tâm Phục vụ hành chính công xã Hòa Bình báo cáo kết quả thực hiện mô hình "
                    "“Ngày thứ Sáu: không viết – không nộp – không hẹn” tháng 11 năm 2026 như sau:",
                    size=13, align="justify")
    sheet.paragraph("I. KẾT QUẢ THỰC HIỆN", size=13)
    reader = _Reader(_io.BytesIO(sheet.to_pdf()))
    page = reader.pages[0]
    tw, shown = 0.0, []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"Tw":
            tw = float(operands[0])
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            shown.append(tw)
    assert len(shown) >= 3 and shown[0] > 0  # the first line is justified
    assert shown[-1] == 0 and shown[-2] == 0, shown  # the paragraph's last line and the heading are not


def test_no_field_label_ends_with_a_stray_full_stop():
    """The funeral form printed "Họ và tên (Viết chữ in hoa). NGUYỄN THỊ HƯỜNG": the full
    stop was what was left of the official form's dotted leader."""
    stray = [(fid, f.label) for fid, form in CATALOG.forms.items() for f in form.fields
             if f.label.rstrip().endswith(".") and not f.label.rstrip().endswith("...")]
    assert stray == []
