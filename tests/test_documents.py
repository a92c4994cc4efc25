"""PDF documents: what a citizen or clerk reads on the printed page (text, QR, fonts, layout)."""
from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, time
from pathlib import Path

import pytest

from tests.pdftools import decode_qr
from pypdf import PdfReader

from kiosk.catalog import load_catalog
from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings
from kiosk.documents import (ReceivedDocument, SlipData, date_words, number_words, render_apology, render_form,
                             render_online_sheet, render_receipt, render_refusal, render_supplement_request,
                             render_ticket)
from kiosk.documents.forms import FORM_MARGINS, layout_form
from kiosk.documents.official import date_text
from kiosk.documents.slips import STYLES
from kiosk.documents.fonts import ensure_fonts
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from tests.conftest import REPO

CATALOG = load_catalog(REPO / "forms_catalog")
KHAI_SINH = "to-khai-dang-ky-khai-sinh"
KET_HON = "to-khai-dang-ky-ket-hon"
TODAY = date(2026, 11, 25)
HARD_NAMES = ["NGUYỄN THỊ HƯỜNG", "Phạm Ngọc Ửng", "ĐẶNG VĂN LƯỢNG", "Lê Thị Mỹ Duyên"]
PROXY = ("Cán bộ Trần Văn Bình viết hộ theo lời khai của người yêu cầu; người yêu cầu đã nghe đọc lại "
         "và ký/điểm chỉ.")


@pytest.fixture(scope="module")
def settings():
    return parse_settings(DEFAULT_CONFIG_TOML, Path("config.toml"))


def form(form_id: str):
    return CATALOG.forms[form_id]


def samples(form_id: str) -> dict[str, str]:
    return {f.key: f.sample for f in form(form_id).fields}


def text_of(pdf: bytes) -> str:
    """All pages' text, white space collapsed (line breaks are layout, not content)."""
    raw = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(raw.split())


def receipt_data(**kw) -> SlipData:
    base = dict(
        dossier_code="HB-20261125-0007", procedure_code="1.001193", procedure_name="Thủ tục đăng ký khai sinh",
        applicant_name="NGUYỄN THỊ HƯỜNG", received_at=datetime(2026, 11, 25, 9, 15), due_date=date(2026, 11, 27),
        due_time=time(14, 0), clerk_name="Trần Văn Bình", phone="0912345678",
        documents=[ReceivedDocument("Tờ khai đăng ký khai sinh (theo mẫu)", 1),
                   ReceivedDocument("Giấy chứng sinh (bản chính)", 1), "Văn bản ủy quyền có chứng thực"],
        return_channel="Trung tâm Phục vụ hành chính công xã Hòa Bình (trả tại quầy)")
    base.update(kw)
    return SlipData(**base)


# --- text round trip ------------------------------------------------------------

def test_sample_form_prints_heading_title_addressee_and_sample_values_exactly(settings):
    text = text_of(render_form(form(KHAI_SINH), {}, settings, mode="sample", today=TODAY))
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "TỜ KHAI ĐĂNG KÝ KHAI SINH", "Kính gửi: (1) Ủy ban nhân dân xã Hòa Bình",
                     "Họ, chữ đệm, tên người yêu cầu: NGUYỄN VĂN HƯỞNG", "Họ, chữ đệm, tên: NGUYỄN NGỌC ÁNH DƯƠNG",
                     "Làm tại: xã Hòa Bình, ngày 25 tháng 11 năm 2026", "NGƯỜI YÊU CẦU",
                     "(Ký, ghi rõ họ, chữ đệm, tên)", "Điểm chỉ (nếu không ký được)",
                     "(1) Ghi rõ tên cơ quan đăng ký khai sinh."]:
        assert expected in text, expected


def test_filled_form_prints_hard_vietnamese_names_exactly_in_nfc(settings):
    values = samples(KHAI_SINH) | {
        "requester_name": HARD_NAMES[0], "child_name": unicodedata.normalize("NFD", HARD_NAMES[3]),
        "mother_name": HARD_NAMES[1], "father_name": HARD_NAMES[2]}
    text = text_of(render_form(form(KHAI_SINH), values, settings, mode="filled", today=TODAY))
    assert unicodedata.is_normalized("NFC", text)
    for name in HARD_NAMES:
        assert name in text, name
    assert f"Họ, chữ đệm, tên người mẹ: {HARD_NAMES[1]}" in text


def test_date_of_birth_is_also_written_in_words(settings):
    text = text_of(render_form(form(KHAI_SINH), samples(KHAI_SINH), settings, mode="filled", today=TODAY))
    assert "02/09/2026 (ghi bằng chữ: ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu)" in text


def test_blank_fields_stay_empty_dotted_lines_in_filled_mode(settings):
    values = samples(KHAI_SINH) | {"father_name": "", "father_id": ""}
    text = text_of(render_form(form(KHAI_SINH), values, settings, mode="filled", today=TODAY))
    assert "Họ, chữ đệm, tên người cha: Năm sinh:" in text
    assert "NGUYỄN VĂN HƯỞNG" in text  # still the requester


@pytest.mark.parametrize("words, expected", [
    (date(2026, 9, 2), "ngày hai tháng chín năm hai nghìn không trăm hai mươi sáu"),
    (date(1995, 4, 24), "ngày hai mươi tư tháng tư năm một nghìn chín trăm chín mươi lăm"),
    (date(2005, 12, 31), "ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm linh năm"),
    (date(2010, 1, 15), "ngày mười lăm tháng một năm hai nghìn không trăm mười"),
])
def test_dates_in_words(words, expected):
    assert date_words(words) == expected


def test_number_words_follow_vietnamese_reading():
    assert [number_words(n) for n in (0, 11, 21, 25, 104, 2000, 1_000_005)] == [
        "không", "mười một", "hai mươi mốt", "hai mươi lăm", "một trăm linh bốn", "hai nghìn",
        "một triệu không trăm linh năm"]


def test_date_line_uses_leading_zeros_only_for_small_days_and_january_february():
    assert date_text(date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert date_text(date(2026, 11, 25)) == "ngày 25 tháng 11 năm 2026"
    assert date_text(date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"


def test_table_form_prints_both_sides_in_columns(settings):
    text = text_of(render_form(form(KET_HON), {}, settings, mode="sample", today=TODAY))
    for expected in ["Bên nữ Bên nam", "Họ, chữ đệm, tên LÊ THỊ THU HƯỜNG PHẠM ĐỨC THẮNG", "BÊN NỮ", "BÊN NAM"]:
        assert expected in text, expected


def test_ticked_checkbox_shows_a_cross_and_unticked_does_not(settings):
    ticked = text_of(render_form(form(KHAI_SINH), {"copies_requested": "Có"}, settings, today=TODAY))
    unticked = text_of(render_form(form(KHAI_SINH), {"copies_requested": ""}, settings, today=TODAY))
    assert "Đề nghị cấp bản sao: (6) □ X" in ticked or "Đề nghị cấp bản sao: (6) □X" in ticked
    assert "Đề nghị cấp bản sao: (6) □ Số lượng:" in unticked


# --- sample watermark, proxy note ---------------------------------------------------

def test_sample_carries_the_watermark_and_banner_on_every_page_and_filled_does_not(settings):
    sample = render_form(form(KHAI_SINH), {}, settings, mode="sample", today=TODAY)
    filled = render_form(form(KHAI_SINH), samples(KHAI_SINH), settings, mode="filled", today=TODAY)
    pages = PdfReader(io.BytesIO(sample)).pages
    assert len(pages) >= 1
    for page in pages:
        assert "MẪU" in page.extract_text()
        assert "Bản mẫu để tham khảo – không dùng để nộp" in " ".join(page.extract_text().split())
    assert "MẪU" not in text_of(filled)
    assert "Bản mẫu" not in text_of(filled)


def test_proxy_note_appears_only_when_given(settings):
    values = samples(KHAI_SINH)
    with_note = text_of(render_form(form(KHAI_SINH), values, settings, proxy_clerk="Trần Văn Bình", today=TODAY))
    without = text_of(render_form(form(KHAI_SINH), values, settings, today=TODAY))
    assert PROXY in with_note
    # the clerk signs too: a titled signature line with the clerk's printed name under the note
    assert with_note.index(PROXY) < with_note.index("CÁN BỘ VIẾT HỘ (Ký, ghi rõ họ tên)") < with_note.rindex(
        "Trần Văn Bình")
    assert "viết hộ" not in without and "CÁN BỘ VIẾT HỘ" not in without


def test_unknown_mode_is_refused(settings):
    with pytest.raises(ValueError):
        render_form(form(KHAI_SINH), {}, settings, mode="draft")


# --- fonts ---------------------------------------------------------------------------

def fonts_of(pdf: bytes) -> list[tuple[str, bool]]:
    """(BaseFont, has an embedded FontFile2) for every font of every page."""
    found = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            fonts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for f in fonts:
                desc = f.get("/FontDescriptor")
                found.append((str(f["/BaseFont"]), desc is not None and "/FontFile2" in desc.get_object()))
    return found


def test_every_document_embeds_liberation_serif_and_no_helvetica(settings):
    docs = [render_form(form(KHAI_SINH), {}, settings, mode="sample", today=TODAY),
            render_form(form(KET_HON), samples(KET_HON), settings, proxy_clerk="Trần Văn Bình", today=TODAY),
            render_receipt(receipt_data(), settings), render_receipt(receipt_data(), settings, "80mm"),
            render_ticket("015", "Đăng ký khai sinh", datetime(2026, 11, 25, 9, 5), settings),
            render_online_sheet(CATALOG.procedures["1.001193"], settings)]
    for pdf in docs:
        fonts = fonts_of(pdf)
        assert fonts
        for name, embedded in fonts:
            assert "Helvetica" not in name
            assert "LiberationSerif" in name and embedded, name
        assert b"Helvetica" not in pdf


# --- layout: overflow, wrapping -----------------------------------------------------------

def text_runs(pdf: bytes):
    """(page, x, y_from_top, width, size, text, rotated) of every text run, read back with pypdf."""
    ensure_fonts()
    runs = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, n=n, height=height):
            if not text.strip() or font is None:
                return
            a, b, c, d, e, f = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                                tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3],
                                tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            eff = size * a
            width = stringWidth(text.strip("\n"), name, eff) if abs(b) < 1e-6 else 0.0
            runs.append((n, e, height - f, width, eff, text.strip(), abs(b) > 1e-6))

        page.extract_text(visitor_text=visit)
    return runs


def assert_inside(pdf: bytes, page_w: float, margins, tol: float = 0.75):
    for page, x, y, width, size, text, rotated in text_runs(pdf):
        if rotated:  # the diagonal watermark: inside the page box is enough
            assert 0 <= x <= page_w and y >= 0, text
            continue
        if page and text == str(page + 1) and y < margins.top:  # NĐ 30: the page number, in the top margin
            continue
        assert x >= margins.left - tol, (page, text, x)
        assert x + width <= page_w - margins.right + tol, (page, text, x + width)
        assert y >= margins.top - tol, (page, text, y)


@pytest.mark.parametrize("form_id", sorted(CATALOG.forms))
@pytest.mark.parametrize("mode", ["sample", "filled"])
def test_every_catalog_form_renders_without_overflow(settings, form_id, mode):
    template = form(form_id)
    values = samples(form_id) if mode == "filled" else {}
    sheet = layout_form(template, values, settings, mode=mode, proxy_clerk="Trần Văn Bình", today=TODAY)
    assert sheet.overflows() == []
    pdf = render_form(template, values, settings, mode=mode, proxy_clerk="Trần Văn Bình", today=TODAY)
    assert pdf.startswith(b"%PDF")
    assert_inside(pdf, 210 * mm, FORM_MARGINS)
    text = text_of(pdf)
    assert template.title in text
    for f in template.fields:
        if f.sample and f.type.value not in ("checkbox", "date"):
            assert " ".join(f.sample.split()) in text, (form_id, f.key)


def test_a_300_character_value_wraps_onto_several_dotted_lines_and_keeps_every_word(settings):
    words = ("Căn cước công dân số 068095001234 do Cục Cảnh sát quản lý hành chính về trật tự xã hội cấp "
             "ngày 20/11/2021, kèm hộ chiếu phổ thông số C1234567 do Cục Quản lý xuất nhập cảnh cấp ngày "
             "05/03/2019, có giá trị đến ngày 05/03/2029; giấy xác nhận thông tin về cư trú số 15/XN do "
             "Công an xã Hòa Bình cấp ngày 01/10/2026 Lượng")
    assert len(words) >= 300
    values = samples(KHAI_SINH) | {"requester_id": words}
    pdf = render_form(form(KHAI_SINH), values, settings, today=TODAY)
    assert layout_form(form(KHAI_SINH), values, settings, today=TODAY).overflows() == []
    assert_inside(pdf, 210 * mm, FORM_MARGINS)
    text = text_of(pdf)
    for w in words.split():
        assert w in text, w
    lines = {round(y) for _, _, y, _, _, t, _ in text_runs(pdf) if "Cục Quản lý" in t or "05/03/2019" in t
             or "Căn cước công dân số 068095001234" in t or "Công an xã" in t}
    assert len(lines) >= 3


def test_an_unbreakable_value_is_cut_rather_than_drawn_past_the_margin(settings):
    values = samples(KHAI_SINH) | {"child_birthplace": "X" * 180}
    pdf = render_form(form(KHAI_SINH), values, settings, today=TODAY)
    assert_inside(pdf, 210 * mm, FORM_MARGINS)
    assert text_of(pdf).replace(" ", "").count("X" * 180) == 1


# --- slips --------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["a5", "80mm", "a4"])
def test_receipt_qr_carries_dossier_procedure_and_appointment(settings, tmp_path, size):
    pdf = render_receipt(receipt_data(), settings, size)
    assert decode_qr(pdf, tmp_path) == ["HB-20261125-0007|1.001193|27/11/2026"]


def test_receipt_qr_sits_in_the_upper_left_corner(settings, tmp_path):
    codes = decode_qr(render_receipt(receipt_data(), settings), tmp_path, with_rect=True)
    assert len(codes) == 1
    x, y_top, _, _ = codes[0][1]  # mm from the top-left corner of the page
    assert x < 20 and y_top < 15


def test_receipt_prints_what_was_received_and_when_to_come_back(settings):
    text = text_of(render_receipt(receipt_data(), settings))
    for expected in ["UBND XÃ HÒA BÌNH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA BÌNH",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hòa Bình, ngày 25 tháng 11 năm 2026",
                     "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: HB-20261125-0007",
                     "tiếp nhận hồ sơ của Ông (Bà): NGUYỄN THỊ HƯỜNG", "Thủ tục đăng ký khai sinh (mã thủ tục 1.001193)",
                     "1. Tờ khai đăng ký khai sinh (theo mẫu): 01 bản chính",
                     "3. Văn bản ủy quyền có chứng thực: 01 bản chính",
                     "09 giờ 15 phút, ngày 25 tháng 11 năm 2026", "14 giờ 00 phút, ngày 27 tháng 11 năm 2026",
                     "Trung tâm Phục vụ hành chính công xã Hòa Bình (trả tại quầy)", "NGƯỜI NỘP HỒ SƠ",
                     "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Bình"]:
        assert expected in text, expected


@pytest.mark.parametrize("size", ["a5", "80mm", "a4"])
def test_receipt_stays_inside_its_margins(settings, size):
    st = STYLES[size]
    long_docs = [f"Giấy tờ số {i}: bản sao có chứng thực của giấy tờ chứng minh nơi cư trú của người yêu cầu"
                 for i in range(12)]
    pdf = render_receipt(receipt_data(documents=long_docs, applicant_name=HARD_NAMES[2]), settings, size)
    assert_inside(pdf, st.page[0], st.margins)
    assert HARD_NAMES[2] in text_of(pdf)


def test_a5_receipt_fits_one_a5_page(settings):
    pages = PdfReader(io.BytesIO(render_receipt(receipt_data(), settings))).pages
    assert len(pages) == 1
    assert round(float(pages[0].mediabox.width) / mm) == 148
    assert round(float(pages[0].mediabox.height) / mm) == 210


def test_80mm_receipt_is_80mm_wide_and_as_long_as_its_content(settings):
    short = PdfReader(io.BytesIO(render_receipt(receipt_data(documents=["Tờ khai"]), settings, "80mm"))).pages
    long = PdfReader(io.BytesIO(render_receipt(receipt_data(documents=["Tờ khai"] * 10), settings, "80mm"))).pages
    assert len(short) == 1 and len(long) == 1
    assert float(short[0].mediabox.width) == pytest.approx(80 * mm, abs=0.01)
    assert float(long[0].mediabox.height) > float(short[0].mediabox.height)


def test_supplement_request_lists_every_missing_item_at_once(settings):
    missing = ["Giấy chứng sinh (bản chính) của trẻ", "Văn bản ủy quyền có chứng thực của cha hoặc mẹ",
               "Bản chụp căn cước của người đi đăng ký", "Giấy xác nhận nơi cư trú của Lê Thị Mỹ Duyên"]
    text = text_of(render_supplement_request(receipt_data(missing_items=missing), settings))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:" in text
    for i, item in enumerate(missing, start=1):
        assert f"{i}. {item}" in text
    assert "NGƯỜI HƯỚNG DẪN" in text


def test_refusal_states_the_reason(settings):
    reason = "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã."
    text = text_of(render_refusal(receipt_data(reason=reason), settings))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert reason in text
    assert "Xin thông báo cho Ông/Bà được biết và thực hiện./." in text


def test_apology_gives_the_new_return_date(settings):
    data = receipt_data(reason="Cần xác minh thêm thông tin", new_due_date=date(2026, 12, 2),
                        signer_name="Phạm Ngọc Ửng")
    text = text_of(render_apology(data, settings, today=date(2026, 11, 27)))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "sẽ trả kết quả giải quyết hồ sơ cho Ông (Bà) vào ngày 02 tháng 12 năm 2026" in text
    assert "Phạm Ngọc Ửng" in text


@pytest.mark.parametrize("size", ["80mm", "a5"])
def test_ticket_shows_a_big_number(settings, size):
    pdf = render_ticket("015", "Đăng ký khai sinh", datetime(2026, 11, 25, 9, 5), settings, size)
    text = text_of(pdf)
    assert "PHIẾU SỐ THỨ TỰ" in text and "015" in text and "Đăng ký khai sinh" in text
    biggest = max(r for r in text_runs(pdf) if r[5] == "015")
    assert biggest[4] >= 40
    st = STYLES[size]
    assert_inside(pdf, st.page[0], st.margins)


def test_a_help_ticket_from_home_and_a_priority_ticket_say_so(settings):
    """Issue 10, point 4: taken from home there is no procedure (no dangling "viết giúp: "),
    and a priority ticket names whose priority it is."""
    text = text_of(render_ticket("U004", "", datetime(2026, 11, 25, 9, 5), settings,
                                 priority_words="ưu tiên – người khuyết tật"))
    assert "Số ưu tiên – người khuyết tật" in text and "Nhờ cán bộ giúp làm giấy tờ" in text
    assert "viết giúp:" not in text
    plain = text_of(render_ticket("A005", "", datetime(2026, 11, 25, 9, 5), settings))
    assert "ưu tiên" not in plain and "Nhờ cán bộ giúp làm giấy tờ" in plain


def test_bad_paper_size_is_refused(settings):
    with pytest.raises(ValueError):
        render_receipt(receipt_data(), settings, "letter")


# --- online sheet ---------------------------------------------------------------------

def test_online_sheet_has_portal_qr_steps_and_documents_to_scan(settings, tmp_path):
    proc = CATALOG.procedures["1.001193"]
    pdf = render_online_sheet(proc, settings)
    text = text_of(pdf)
    assert "HƯỚNG DẪN NỘP HỒ SƠ TRỰC TUYẾN" in text and proc.name in text
    for i, step in enumerate(proc.online.steps, start=1):
        assert f"{i}. {' '.join(step.split())}" in text
    for doc in proc.online.scan_documents:
        assert doc in text
    assert decode_qr(pdf, tmp_path) == [proc.online.portal_url]


def test_online_sheet_says_plainly_when_a_procedure_must_be_done_in_person(settings):
    offline = [p for p in CATALOG.procedures.values() if p.online.level.value == "khong"]
    if not offline:
        pytest.skip("no procedure without online submission in the catalog")
    for size in ("a4", "a5"):
        text = text_of(render_online_sheet(offline[0], settings, size))
        assert "THỦ TỤC PHẢI NỘP HỒ SƠ TRỰC TIẾP" in text
        assert "chưa nộp được qua mạng" in text and "nộp trực tiếp" in text


def test_font_family_gives_bold_and_italic_to_paragraph_markup():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from kiosk.documents.fonts import REGULAR
    ensure_fonts()
    buf = io.BytesIO()
    SimpleDocTemplate(buf, initialFontName=REGULAR).build(
        [Paragraph("Ông <b>ĐẶNG VĂN LƯỢNG</b> và bà <i>Lê Thị Mỹ Duyên</i>", ParagraphStyle("p", fontName=REGULAR))])
    names = {name.split("+")[-1] for name, embedded in fonts_of(buf.getvalue()) if embedded}
    assert names == {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}
    assert "Ông ĐẶNG VĂN LƯỢNG và bà Lê Thị Mỹ Duyên" in text_of(buf.getvalue())
