"""The model's report as a paper that can go upward (NĐ 30/2020 Phụ lục I), read back from
the PDF: sizes and styles, page numbers, "Kính gửi", symbol, signer, sections I–III, and
the head's assessment kept per period."""
from __future__ import annotations

import ast
import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from kiosk.errors import ValidationError
from kiosk.services.report_notes import canonical_key, report_pdf
from kiosk.services.reports import COLUMNS
from tests.conftest import REPO
from tests.test_documents import text_runs
from tests.test_documents_layout_rules import check_margins, check_no_dot_runs, check_signature_not_alone, lines_of
from tests.test_reports import seeded  # noqa: F401  (fixture)


def flat(s: str) -> str:
    return " ".join(s.split())


def settings_with(services, **kw):
    return services.config.settings.replace(**kw)


@pytest.fixture
def report(seeded):  # noqa: F811
    return seeded.build("2026-W47")


def render(report, settings, **kw):
    from kiosk.documents.report import render_report
    return render_report(report, settings, date(2026, 11, 27), columns=COLUMNS, **kw)


LONG = ("Mô hình được người dân đón nhận; tỷ lệ hồ sơ trả trong ngày tăng so với kỳ trước. "
        "Hạn chế: đường truyền đến Cổng Dịch vụ công chậm vào giờ cao điểm, một số hồ sơ phải hẹn lại. ") * 6


def test_report_follows_nd30_heading_symbol_recipient_signer_and_sections(services, report):
    settings = settings_with(services, report_recipient="Ủy ban nhân dân xã Hòa Bình", report_symbol="TTPVHCC",
                             signer_authority="KT. Giám đốc", signer_title="Phó Giám đốc",
                             signer_name="Lê Thị Mỹ Duyên")
    pdf = render(report, settings, assessment="Đạt yêu cầu đề ra.\nCòn chậm ở khâu liên thông.",
                 recommendations="Đề nghị nâng cấp đường truyền")
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    for needle in ("Số: /BC-TTPVHCC", "Kính gửi: Ủy ban nhân dân xã Hòa Bình.", "I. KẾT QUẢ THỰC HIỆN",
                   "II. ĐÁNH GIÁ Đạt yêu cầu đề ra. Còn chậm ở khâu liên thông.",
                   "III. KIẾN NGHỊ Đề nghị nâng cấp đường truyền./.", "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
                   "Lê Thị Mỹ Duyên", "- Như trên;", "- Lưu: VT."):
        assert needle in text, needle
    assert "/BC-HB" not in text  # not the dossier unit code
    runs = text_runs(pdf)
    body = [r for r in runs if r[5].startswith("- Tổng số hồ sơ tiếp nhận")]
    assert body and all(13 <= r[4] <= 14 for r in body)
    noi_nhan = [r for r in runs if r[5] == "Nơi nhận:"]
    entries = [r for r in runs if r[5] in ("- Như trên;", "- Lưu: VT.")]
    assert noi_nhan and noi_nhan[0][4] == 12 and all(r[4] == 11 for r in entries)
    authority = [r for r in runs if r[5] == "KT. GIÁM ĐỐC"]
    assert authority and abs(authority[0][2] - noi_nhan[0][2]) < 6  # on the same level


def test_noi_nhan_is_bold_italic_and_a_rule_sits_under_the_subject(services, report):
    pdf = render(report, services.config.settings)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    fonts = {str(f.get_object()["/BaseFont"]).split("+")[-1] for f in page["/Resources"]["/Font"].values()}
    assert "LiberationSerif-BoldItalic" in fonts
    content = page.get_contents().get_data().decode("latin-1")
    # the rule under the summary line: a horizontal line drawn below "BÁO CÁO" and above "Kính gửi"
    runs = {r[5]: r for r in text_runs(pdf) if r[0] == 0}
    y_title = next(r[2] for t, r in runs.items() if t == "BÁO CÁO")
    y_to = next(r[2] for t, r in runs.items() if t.startswith("Kính gửi:"))
    h = float(page.mediabox.height)
    import re
    lines = [(float(a), h - float(b), float(c), h - float(d)) for a, b, c, d in
             re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", content)]
    assert any(y_title < y1 < y_to and abs(y1 - y2) < 0.1 and x2 - x1 > 60 for x1, y1, x2, y2 in lines)


def test_pages_are_numbered_from_the_second(services, report):
    pdf = render(report, services.config.settings, assessment=LONG, recommendations=LONG)
    pages = lines_of(pdf)
    assert len(pages) >= 2
    top = lambda n: [t for y, x, r, s, t in pages[n] if y < 20 * 2.835]  # noqa: E731
    assert top(0) == []
    for n in range(1, len(pages)):
        assert top(n) == [str(n + 1)]
    check_margins(pdf, "report", page_numbers=True)
    check_no_dot_runs(pdf, "report")
    check_signature_not_alone(pdf, "report", "GIÁM ĐỐC")


def test_a_report_without_a_signer_name_is_refused_naming_the_setting(services, report):
    with pytest.raises(ValidationError) as e:
        render(report, settings_with(services, signer_name=""))
    assert e.value.field == "signer_name" and "config.toml" in e.value.message


def test_the_assessment_is_kept_per_period_and_printed_with_its_report(services, report):
    notes = services.report_notes
    notes.save("2026-w47", "  Đạt yêu cầu.  ", "Bổ sung máy in.", None)
    assert notes.get("2026-W47").assessment == "Đạt yêu cầu."
    assert notes.get("2026-11").assessment == ""
    notes.save("2026-W47", "Đạt và vượt yêu cầu.", "", None)  # replaced, not duplicated
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        report_pdf(report, services.config.settings, notes))).pages))
    assert "II. ĐÁNH GIÁ Đạt và vượt yêu cầu." in text and "Đạt yêu cầu." not in text.replace("vượt yêu cầu.", "")
    assert canonical_key("2026-w5") == "2026-W05" and canonical_key("2026-3") == "2026-03"


def test_documents_never_import_services():
    offenders = []
    for path in (REPO / "kiosk" / "documents").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            offenders += [f"{path.name}: {m}" for m in mods if m.startswith("kiosk.services")]
    assert offenders == []


def test_office_head_types_the_assessment_and_it_is_kept(qtbot, window, services):
    from PySide6.QtCore import Qt
    head = services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    window.enter_counter(head)
    qtbot.mouseClick(window.current().office, Qt.LeftButton)
    tab = window.current().reports
    tab.custom.setText("2026-W47")
    qtbot.mouseClick(tab.show_button, Qt.LeftButton)
    tab.assessment.setPlainText("Người dân hài lòng với việc trả kết quả qua trưởng thôn.")
    tab.recommendations.setPlainText("Đề nghị bố trí thêm một máy in A5.")
    qtbot.mouseClick(tab.save_note_button, Qt.LeftButton)
    assert "Đã lưu" in tab.status.text()
    note = services.report_notes.get("2026-W47")
    assert note.assessment.startswith("Người dân hài lòng") and note.recommendations.startswith("Đề nghị bố trí")
    tab.assessment.clear()
    qtbot.mouseClick(tab.show_button, Qt.LeftButton)  # built again: the note comes back
    assert tab.assessment.toPlainText().startswith("Người dân hài lòng")
