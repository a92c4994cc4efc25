"""The one-stop slips of TT 03/2025/TT-VPCP (Mẫu 01-07) as a clerk and an inspector read
them: the printed text, where it sits, how many pages, the QR code, reprints."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.pdftools import decode_qr
from openpyxl import load_workbook
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from kiosk.documents.fonts import ensure_fonts

FRIDAY = datetime(2026, 11, 27, 9, 15)  # a Friday, the model's weekday in the default config
MONDAY = datetime(2026, 11, 23, 9, 15)
HUONG = {"full_name": "NGUYỄN THỊ HƯỜNG", "sex": "Nữ", "phone": "0912345678",
         "address": "Số 12, đường Lê Lợi, Thôn 1, xã Hòa Bình, tỉnh Lâm Đồng", "village": "Thôn 1"}
SIGNER = {"signer_authority": "KT. GIÁM ĐỐC", "signer_title": "Phó Giám đốc", "signer_name": "Lê Văn Hòa"}


@pytest.fixture
def svc(services):
    services.printouts._settings = services.printouts._settings.replace(**SIGNER)
    return services


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def runs(pdf: bytes):
    """(page, x, y from the top, width, size, text) of every text run."""
    ensure_fonts()
    out = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, n=n, height=height):
            if not text.strip() or font is None:
                return
            scale = tm[0] * cm[0] + tm[1] * cm[2]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            out.append((n, x, height - y, stringWidth(text.strip("\n"), name, size * scale), size * scale,
                        text.strip()))

        page.extract_text(visitor_text=visit)
    return out


def pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def receive(svc, proc="1.001193", applicant=HUONG, at=FRIDAY, **kw):
    return svc.dossiers.receive_dossier(proc, applicant, None, now=at, **kw)


# --- Mẫu 01 ----------------------------------------------------------------------

def test_receipt_lists_exactly_the_papers_recorded(svc):
    docs = [{"name": "Tờ khai đăng ký khai sinh (theo mẫu)", "originals": 1, "copies": 0},
            {"name": "Giấy chứng sinh", "originals": 1, "copies": 0},
            {"name": "Giấy tờ chứng minh nơi cư trú", "originals": 0, "copies": 2}]
    info = receive(svc, documents=docs)
    text = text_of(svc.printouts.receipt_pdf(info.code))
    assert "1. Tờ khai đăng ký khai sinh (theo mẫu): 01 bản chính" in text
    assert "2. Giấy chứng sinh: 01 bản chính" in text
    assert "3. Giấy tờ chứng minh nơi cư trú: 02 bản sao" in text
    assert "4." not in text.split("Thành phần hồ sơ nộp gồm:")[1].split("Số lượng hồ sơ")[0]
    proc = svc.catalog.procedure("1.001193")
    for d in proc.required_documents:
        if d.name not in {x["name"] for x in docs}:
            assert d.name not in text, d.name


def test_receipt_without_recorded_papers_lists_only_the_always_required_ones(svc):
    proc = svc.catalog.procedure("1.004837") or svc.catalog.procedure("1.001193")
    info = receive(svc, proc=proc.code)
    text = text_of(svc.printouts.receipt_pdf(info.code))
    for d in proc.required_documents:
        if d.kind == "always":
            assert d.name.split()[0] in text
    for d in proc.required_documents:
        if d.kind != "always":
            assert f"{d.name}:" not in " ".join(text.split()), d.name
    listed = text.split("Thành phần hồ sơ nộp gồm:")[1].split("Số lượng hồ sơ")[0]
    assert len(re.findall(r"\b\d+\. ", listed)) == len(proc.documents_always)


def test_receipt_follows_mau_01_field_by_field(svc):
    info = receive(svc, return_via="village-head", return_village="Thôn 1")
    pdf = svc.printouts.receipt_pdf(info.code, clerk_name="Trần Văn Bình")
    text = text_of(pdf)
    n = f"{info.register_no:02d}"
    for expected in [f"Số: {n}/TTPVHCC", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", f"Mã hồ sơ: {info.code}",
                     "tiếp nhận hồ sơ của Bà: NGUYỄN THỊ HƯỜNG", "Địa chỉ: Số 12, đường Lê Lợi",
                     "Số điện thoại: 0912345678", "Email:", "Nội dung yêu cầu giải quyết:",
                     "Thành phần hồ sơ nộp gồm:", "Số lượng hồ sơ: 01 (bộ)",
                     "Thời gian giải quyết hồ sơ theo quy định là:",
                     "Thời gian nhận hồ sơ: 09 giờ 15 phút, ngày 27 tháng 11 năm 2026",
                     "Thời gian trả kết quả giải quyết hồ sơ:",
                     "Đăng ký nhận kết quả tại: Thôn 1, qua trưởng thôn Nguyễn Văn Minh",
                     f"Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026 Số thứ tự: {n}",
                     "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Bình"]:
        assert expected in text, expected
    # item 8 of Mẫu 01, the bracketed note on authorisation, between the contacts and the request
    note = text.index("(Trường hợp ủy quyền thì cung cấp thêm thông tin")
    assert text.index("Email:") < note < text.index("Nội dung yêu cầu giải quyết:")
    assert "giấy tờ ủy quyền)." in text
    assert not re.search(r"[Tt]ại:? [Tt]ại", text)  # item 6 no longer stutters
    assert "Liên" not in text  # the 2025 template has no copy line


def test_register_numbers_count_per_year(svc):
    a = receive(svc, at=datetime(2025, 12, 31, 9, 0))
    b = receive(svc, at=datetime(2026, 1, 2, 9, 0))
    c = receive(svc, at=datetime(2026, 1, 2, 10, 0))
    assert (b.register_no, c.register_no) == (1, 2) and a.register_no >= 1
    assert "Quyển số: 01/2026 Số thứ tự: 02" in text_of(svc.printouts.receipt_pdf(c.code))


def test_same_day_on_the_models_weekday_says_so_and_names_the_model(svc):
    info = receive(svc, proc="1.001193", at=FRIDAY)
    assert info.due_date == FRIDAY.date()
    text = text_of(svc.printouts.receipt_pdf(info.code))
    assert ("Trả kết quả trong ngày, lúc 12 giờ 00 phút, ngày 27 tháng 11 năm 2026 "
            "(Ngày thứ Sáu: không viết – không nộp – không hẹn)") in text
    monday = text_of(svc.printouts.receipt_pdf(receive(svc, at=MONDAY).code))
    assert "Trả kết quả trong ngày, lúc 12 giờ 00 phút" in monday and "không viết" not in monday


def test_a_later_due_date_gives_hour_minute_and_day(svc):
    info = receive(svc, proc="1.014027", at=datetime(2026, 11, 25, 14, 5))
    text = text_of(svc.printouts.receipt_pdf(info.code))
    assert f"14 giờ 05 phút, ngày {info.due_date.day:02d} tháng 12 năm 2026" in text
    assert "trong ngày" not in text.split("Thời gian trả kết quả")[1]


def test_a_reprint_is_the_same_paper_after_later_events(svc, tmp_path):
    info = receive(svc, proc="1.014027", at=datetime(2026, 11, 25, 14, 5), return_via="counter")
    first = svc.printouts.receipt_pdf(info.code, clerk_name="Trần Văn Bình")
    svc.dossiers.postpone(info.code, "18/12/2026", "Chờ xác minh", now=datetime(2026, 11, 27, 8, 0))
    svc.dossiers.record_return(info.code, "village-head", village="Thôn 2", now=datetime(2026, 11, 28, 9, 0))
    again = svc.printouts.receipt_pdf(info.code, clerk_name="Người khác")
    assert again == first
    assert decode_qr(again, tmp_path) == [f"{info.code}|1.014027|{info.due_date:%d/%m/%Y}"]
    assert "18/12/2026" not in text_of(again) and "Người khác" not in text_of(again)


def test_receipt_qr_is_in_the_upper_left_corner_outside_the_text(svc, tmp_path):
    pdf = svc.printouts.receipt_pdf(receive(svc).code)
    codes = decode_qr(pdf, tmp_path, with_rect=True)
    assert len(codes) == 1
    x, y_top, w, _ = codes[0][1]  # mm; the QR is drawn as vector runs, so it is found by reading it
    assert x < 12 and y_top < 12 and x + w < 30


# --- Mẫu 02-06 ---------------------------------------------------------------------

def test_apology_mau_04_has_the_original_date_the_new_date_reason_and_signer(svc):
    info = receive(svc, proc="1.014027", at=datetime(2026, 11, 25, 14, 5))
    svc.dossiers.postpone(info.code, "18/12/2026", "Chờ xác minh với Bảo hiểm xã hội tỉnh",
                          now=datetime(2026, 12, 9, 8, 0))
    text = text_of(svc.printouts.slip_pdf(info.code, "apology", today=date(2026, 12, 9)))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert f"Thời gian hẹn trả kết quả giải quyết hồ sơ: 14 giờ 05 phút, ngày {info.due_date.day:02d} tháng 12" in text
    assert "vào ngày 18 tháng 12 năm 2026" in text
    assert "Lý do: Chờ xác minh với Bảo hiểm xã hội tỉnh." in text
    assert "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC" in text and "Lê Văn Hòa" in text
    assert f"Số: {info.register_no:02d}/PXL" in text


def test_apology_refuses_to_print_without_a_signer_name(services):
    # the test config names a signer (conftest); this commune has not
    services.printouts._settings = services.printouts._settings.replace(signer_name="")
    info = receive(services, proc="1.014027", at=datetime(2026, 11, 25, 14, 5))
    services.dossiers.postpone(info.code, "18/12/2026", "Chờ xác minh", now=datetime(2026, 12, 9, 8, 0))
    from kiosk.errors import KioskError
    with pytest.raises(KioskError, match="signer_name"):
        services.printouts.slip_pdf(info.code, "apology")


def test_supplement_and_refusal_follow_mau_02_and_03(svc):
    info = receive(svc)
    svc.dossiers.request_supplement(info.code, ["Giấy chứng sinh bản chính", "Bản chụp căn cước của cha"],
                                    now=datetime(2026, 11, 27, 10, 0))
    sup = text_of(svc.printouts.slip_pdf(info.code, "supplement", "Trần Văn Bình"))
    for expected in [f"/PBS-TTPVHCC", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Hồ sơ của: Bà NGUYỄN THỊ HƯỜNG",
                     "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", "1. Giấy chứng sinh bản chính",
                     "2. Bản chụp căn cước của cha", "Email:", "để được hướng dẫn./.", "NGƯỜI HƯỚNG DẪN"]:
        assert expected in sup, expected
    other = receive(svc)
    svc.dossiers.refuse(other.code, "Không thuộc thẩm quyền của xã", now=datetime(2026, 11, 27, 10, 0))
    ref = text_of(svc.printouts.slip_pdf(other.code, "refusal", "Trần Văn Bình"))
    for expected in ["/PTC-TTPVHCC", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", f"Mã hồ sơ: {other.code}",
                     "Không thuộc thẩm quyền của xã.", "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
                     "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"]:
        assert expected in ref, expected


def test_stop_and_control_print_for_any_dossier(svc):
    info = receive(svc, proc="1.014027", at=datetime(2026, 11, 25, 14, 5))
    stop = text_of(svc.printouts.slip_pdf(info.code, "stop", today=date(2026, 11, 26), reason="Xin rút hồ sơ",
                                          asked_at=datetime(2026, 11, 26, 8, 0)))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in stop and "Ngày 26 tháng 11 năm 2026, Bà có yêu cầu dừng" in stop
    assert "Điều 7 Thông tư số 03/2025/TT-VPCP" in stop and "Lê Văn Hòa" in stop
    fresh = text_of(svc.printouts.slip_pdf(info.code, "control"))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in fresh and "Tiếp nhận hồ sơ" in fresh
    svc.dossiers.resolve(info.code, now=datetime(2026, 11, 27, 8, 0))
    svc.dossiers.record_return(info.code, "village-head", village="Thôn 1", now=datetime(2026, 11, 27, 9, 30))
    ctl = text_of(svc.printouts.slip_pdf(info.code, "control"))
    for expected in ["Tên đơn vị", "Thời gian giao nhận hồ sơ", "Kết quả giải quyết hồ sơ (trước hạn/đúng hạn/quá hạn)",
                     "14 giờ 05 phút, ngày 25/11/2026", "09 giờ 30 phút, ngày 27/11/2026", "trước hạn",
                     "Trưởng thôn (Thôn 1)", "Người giao", "Người nhận", "Ghi chú:"]:
        assert expected in ctl, expected


def test_register_mau_07_holds_the_periods_dossiers_as_pdf_and_xlsx(svc, tmp_path):
    inside = [receive(svc, at=datetime(2026, 11, d, 9, 0)) for d in (3, 27)]
    receive(svc, at=datetime(2026, 12, 1, 9, 0))
    pdf = svc.printouts.register_file("2026-11", "pdf", today=date(2026, 12, 1))
    text = text_of(pdf)
    assert "SỔ THEO DÕI HỒ SƠ" in text and "Nhận và trả kết quả" in text and "Phương thức nhận kết quả" in text
    assert all(i.code in text for i in inside) and "HB-20261201" not in text
    assert "Tổng số: 2 hồ sơ." in text
    book = load_workbook(io.BytesIO(svc.printouts.register_file("2026-11", "xlsx")))
    ws = book.active
    codes = [ws.cell(r, 2).value for r in range(6, ws.max_row + 1)]
    assert codes == [i.code for i in inside]
    assert ws.cell(6, 7).value == datetime(2026, 11, 3, 9, 0)
    assert ws.cell(5, 11).value == "Ký nhận"


# --- layout rules, for every slip --------------------------------------------------

SIGN_TITLES = ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI HƯỚNG DẪN", "GIÁM ĐỐC")


def every_slip(svc) -> dict[str, tuple[bytes, str]]:
    many = [{"name": f"Giấy tờ số {i}: bản sao giấy tờ chứng minh điều kiện hưởng trợ cấp của người đề nghị",
             "originals": 1, "copies": 1} for i in range(1, 9)]
    long_person = HUONG | {"full_name": "TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO",
                           "address": "Tổ 5, Số nhà 123/45 đường Nguyễn Thị Minh Khai nối dài, Thôn 1, "
                                      "xã Hòa Bình, tỉnh Lâm Đồng"}
    a = receive(svc, proc="1.014027", applicant=long_person, at=datetime(2026, 11, 25, 14, 5), documents=many)
    svc.dossiers.request_supplement(a.code, [d["name"] for d in many[:5]], now=datetime(2026, 11, 26, 8, 0))
    b = receive(svc, proc="1.014027", applicant=long_person, at=datetime(2026, 11, 25, 14, 6), documents=many)
    svc.dossiers.postpone(b.code, "18/12/2026", "Cần xác minh thêm thông tin với cơ quan Bảo hiểm xã hội tỉnh "
                          "và Cơ sở dữ liệu quốc gia về dân cư", now=datetime(2026, 12, 9, 8, 0))
    c = receive(svc, applicant=long_person, at=FRIDAY)
    svc.dossiers.refuse(c.code, "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã; đề nghị "
                        "liên hệ Sở Tư pháp tỉnh Lâm Đồng", now=datetime(2026, 11, 27, 10, 0))
    p = svc.printouts
    out = {f"receipt-{s}": (p.receipt_pdf(a.code, s, "Trần Văn Bình"), s) for s in ("a5", "a4")}
    out |= {f"{k}-{s}": (p.slip_pdf(code, k, "Trần Văn Bình", s, today=date(2026, 12, 9)), s)
            for k, code in (("supplement", a.code), ("apology", b.code), ("refusal", c.code),
                            ("stop", a.code), ("control", b.code)) for s in ("a5", "a4")}
    return out


@pytest.fixture
def slips(svc):
    return every_slip(svc)


def test_the_a5_receipt_of_1014027_keeps_its_signature_with_content(slips):
    pdf, _ = slips["receipt-a5"]
    rs = runs(pdf)
    sign_page = next(p for p, *_, t in rs if "NGƯỜI NỘP HỒ SƠ" in t)
    sign_y = next(y for p, x, y, *_, t in rs if "NGƯỜI NỘP HỒ SƠ" in t)
    above = {round(y) for p, x, y, *_ in rs if p == sign_page and y < sign_y - 1}
    assert len(above) >= 2, "signature block alone on its page"


def test_no_signature_block_is_alone_on_a_page(slips):
    for name, (pdf, _) in slips.items():
        rs = runs(pdf)
        for title in SIGN_TITLES:
            hits = [(p, y) for p, x, y, w, s, t in rs if t.startswith(title) or t == title]
            for page, y in hits:
                above = {round(yy) for p, x, yy, *_ in rs if p == page and yy < y - 1}
                assert len(above) >= 2, (name, title, page)


def test_no_run_of_four_dots_on_any_slip(slips):
    for name, (pdf, _) in slips.items():
        text = text_of(pdf)
        assert not re.search(r"\.{4,}|…{2,}|(\.…|…\.)", text), name
        assert "…" not in text, name


def test_every_slip_keeps_the_nd30_margins(slips):
    for name, (pdf, size) in slips.items():
        for page in pages(pdf):
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert round(w / mm) == (148 if size == "a5" else 210), name
            assert round(h / mm) == (210 if size == "a5" else 297), name
        for p, x, y, width, s, t in runs(pdf):
            if p and t == str(p + 1) and y < 20 * mm:  # NĐ 30: the page number sits in the top margin
                continue
            assert x >= 30 * mm - 0.75, (name, t, x / mm)
            assert x + width <= w - 15 * mm + 0.75, (name, t, (x + width) / mm)
            assert y - s >= 20 * mm - s * 0.3 - 0.75, (name, t, y / mm)
            assert y <= h - 20 * mm + 0.75, (name, t, y / mm)


def test_slips_fit_one_page_when_they_can(slips):
    for name in ("receipt-a4", "supplement-a4", "apology-a4", "refusal-a4", "stop-a4", "apology-a5",
                 "refusal-a5", "stop-a5"):
        assert len(pages(slips[name][0])) == 1, name


def test_pdf_output_is_deterministic(svc):
    info = receive(svc)
    one = svc.printouts.slip_pdf(info.code, "control")
    two = svc.printouts.slip_pdf(info.code, "control")
    assert one == two


@pytest.mark.parametrize("size", ["a5", "a4"])
def test_signature_never_alone_whatever_the_number_of_papers(size):
    """Every length from one page to two: the signature block always has content above it."""
    from kiosk.config import DEFAULT_CONFIG_TOML, parse_settings
    from kiosk.documents import ReceivedDocument, SlipData, render_receipt
    settings = parse_settings(DEFAULT_CONFIG_TOML, Path("config.toml"))
    for n in range(1, 30):
        docs = [ReceivedDocument(f"Giấy tờ số {i}: bản sao giấy xác nhận của người đề nghị", 1, i % 2)
                for i in range(1, n + 1)]
        data = SlipData("HB-20261125-001", "1.014027", "Thực hiện, điều chỉnh, thôi hưởng trợ cấp hưu trí xã hội",
                        "TÔN NỮ THỊ HOÀNG PHƯƠNG THẢO", datetime(2026, 11, 25, 14, 5), date(2026, 12, 9),
                        documents=docs, clerk_name="Trần Văn Bình", register_no=7, register_year=2026,
                        processing_time="10 ngày làm việc", address="Thôn 1, xã Hòa Bình, tỉnh Lâm Đồng")
        rs = runs(render_receipt(data, settings, size))
        page, y = next((p, y) for p, x, y, w, s, t in rs if t.startswith("NGƯỜI NỘP HỒ SƠ"))
        above = {round(yy) for p, x, yy, *_ in rs if p == page and yy < y - 1}
        assert len(above) >= 2, (size, n, page)


def test_a_long_register_numbers_its_pages_from_page_2_and_keeps_the_margins(svc):
    for i in range(45):
        receive(svc, at=datetime(2026, 11, 2 + i % 25, 8, i))
    pdf = svc.printouts.register_file("2026-11", "pdf", today=date(2026, 12, 1))
    ps = pages(pdf)
    assert len(ps) >= 3
    w, h = float(ps[0].mediabox.width), float(ps[0].mediabox.height)
    assert w > h  # landscape
    rs = runs(pdf)
    for n in range(len(ps)):
        top = [t for p, x, y, width, s, t in rs if p == n and y < 20 * mm]
        assert top == ([] if n == 0 else [str(n + 1)]), (n, top)
        assert sum(1 for p, x, y, width, s, t in rs if p == n and t == "STT") == 1  # header on every page
    for p, x, y, width, s, t in rs:
        if y < 20 * mm:
            assert abs(x + width / 2 - (30 * mm + (w - 45 * mm) / 2)) < 2 * mm  # centred over the text
            continue
        assert x >= 30 * mm - 0.75 and x + width <= w - 15 * mm + 0.75 and y <= h - 20 * mm + 0.75, (t, x, y)
    assert "Tổng số: 45 hồ sơ." in text_of(pdf)


# --- review of the printed papers (review-papers) ----------------------------------

def test_supplement_slip_does_not_print_the_reason_of_another_event(svc):
    """Mẫu 02's "Lý do" is the supplement's own; a later postponement's reason is not it."""
    info = receive(svc)
    svc.dossiers.request_supplement(info.code, ["Giấy chứng sinh bản chính"], now=datetime(2026, 11, 27, 9, 40))
    svc.dossiers.postpone(info.code, "02/12/2026", "Cần xác minh nơi sinh", now=datetime(2026, 11, 27, 11, 0))
    sup = text_of(svc.printouts.slip_pdf(info.code, "supplement", "Trần Văn Bình"))
    assert "1. Giấy chứng sinh bản chính" in sup
    assert "Cần xác minh nơi sinh" not in sup


def test_control_sheet_does_not_glue_the_old_hour_to_the_new_date(svc):
    """The same-day appointment's 12:00 belongs to the old date; the postponed date has none."""
    info = receive(svc)  # Friday 09:15, due the same day at 12:00
    svc.dossiers.postpone(info.code, "02/12/2026", "Cần xác minh nơi sinh", now=datetime(2026, 11, 27, 11, 0))
    ctl = text_of(svc.printouts.slip_pdf(info.code, "control"))
    assert "Hẹn trả kết quả vào ngày 02 tháng 12 năm 2026" in ctl
    assert "12 giờ 00 phút, ngày 02 tháng 12" not in ctl


def test_control_sheet_notes_never_spill_alone_onto_a_second_page(svc):
    info = receive(svc)
    svc.dossiers.request_supplement(info.code, ["Bản sao Giấy chứng nhận kết hôn của cha mẹ", "Văn bản ủy quyền"],
                                    now=datetime(2026, 11, 27, 9, 40))
    svc.dossiers.postpone(info.code, "02/12/2026", "Cần xác minh thông tin nơi sinh", now=datetime(2026, 11, 27, 11, 0))
    pdf = svc.printouts.slip_pdf(info.code, "control")
    for page in pages(pdf)[1:]:  # a later page holds table rows, never the notes alone
        assert "Giao" in page.extract_text(), page.extract_text()
    last = " ".join(pages(pdf)[-1].extract_text().split())
    assert "Ghi chú:" in last and "thể hiện trên mẫu phiếu điện tử" in last


@pytest.mark.parametrize("kind", ["apology", "stop"])
def test_mau_04_and_05_do_not_say_thu_tuc_twice(svc, kind):
    info = receive(svc, proc="1.001193", at=datetime(2026, 11, 25, 14, 5))
    svc.dossiers.postpone(info.code, "18/12/2026", "Chờ xác minh", now=datetime(2026, 11, 26, 8, 0))
    text = text_of(svc.printouts.slip_pdf(info.code, kind, today=date(2026, 11, 26)))
    assert "thủ tục hành chính Thủ tục" not in text
    assert "thủ tục hành chính đăng ký khai sinh" in text


def test_slips_of_a_decision_carry_the_day_it_was_taken_not_the_day_printed(svc):
    """A decision entered with --at (after a power cut) or reprinted days later keeps its date."""
    info = receive(svc, at=datetime(2026, 11, 25, 14, 5))
    svc.dossiers.request_supplement(info.code, ["Giấy chứng sinh bản chính"], now=datetime(2026, 11, 25, 15, 0))
    svc.dossiers.postpone(info.code, "18/12/2026", "Chờ xác minh", now=datetime(2026, 11, 26, 8, 0))
    later = date(2026, 11, 30)
    sup = text_of(svc.printouts.slip_pdf(info.code, "supplement", today=later))
    apo = text_of(svc.printouts.slip_pdf(info.code, "apology", today=later))
    assert "Hòa Bình, ngày 25 tháng 11 năm 2026" in sup and "ngày 30 tháng 11" not in sup
    assert "Hòa Bình, ngày 26 tháng 11 năm 2026" in apo and "ngày 30 tháng 11" not in apo
    other = receive(svc, at=datetime(2026, 11, 25, 14, 5))
    svc.dossiers.refuse(other.code, "Không thuộc thẩm quyền của xã", now=datetime(2026, 11, 25, 14, 20))
    ref = text_of(svc.printouts.slip_pdf(other.code, "refusal", today=later))
    assert "Hòa Bình, ngày 25 tháng 11 năm 2026" in ref and "ngày 30 tháng 11" not in ref


def test_a_register_across_new_year_keeps_each_years_book_apart(svc):
    """Week 1 of 2026 starts on 29/12/2025: its register holds two books whose numbers both
    start at 01; one 'Quyển số 01 năm 2025' heading over both made the numbers collide."""
    old = [receive(svc, at=datetime(2025, 12, d, 9, 0)) for d in (29, 31)]
    new = receive(svc, at=datetime(2026, 1, 2, 8, 0))
    assert [i.register_no for i in old] == [1, 2] and new.register_no == 1
    text = text_of(svc.printouts.register_file("2026-W01", "pdf", today=date(2026, 1, 5)))
    assert "Quyển số 01 năm 2025" in text and "Quyển số 01 năm 2026" in text
    assert text.index("Quyển số 01 năm 2026", text.index(old[1].code)) < text.index(new.code)
    ws = load_workbook(io.BytesIO(svc.printouts.register_file("2026-W01", "xlsx"))).active
    col_a = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
    assert col_a == ["Quyển số 01 năm 2025", 1, 2, "Quyển số 01 năm 2026", 1]


@pytest.mark.parametrize("size", ["a5", "a4"])
def test_a_receipt_running_over_numbers_its_pages_from_page_2(svc, size):
    """NĐ 30: page numbers from page 2; a continuation sheet of 30 papers had none."""
    many = [{"name": f"Giấy tờ số {i}: bản sao có chứng thực giấy chứng nhận quyền sử dụng đất, quyền sở hữu "
                     f"nhà ở và tài sản khác gắn liền với đất thửa số {100 + i}", "originals": 1, "copies": 0}
            for i in range(1, 31)]
    pdf = svc.printouts.receipt_pdf(receive(svc, documents=many).code, size)
    found = runs(pdf)
    assert len(pages(pdf)) >= 2
    for n in range(len(pages(pdf))):
        top = min((r for r in found if r[0] == n), key=lambda r: r[2])
        if n == 0:
            assert top[5] != "1"
        else:
            assert top[5] == str(n + 1) and top[2] < 20 * mm, top


def test_register_names_the_counter_when_the_receipt_did(svc):
    """The receipt of a dossier with no channel chosen says the result is collected at the
    unit; Mẫu 07's 'Phương thức nhận kết quả' must say the same, not stay blank."""
    info = receive(svc, at=MONDAY)
    assert "Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công" in text_of(svc.printouts.receipt_pdf(info.code))
    ws = load_workbook(io.BytesIO(svc.printouts.register_file("2026-11", "xlsx"))).active
    assert ws.cell(6, 2).value == info.code and ws.cell(6, 10).value == "Tại quầy"


def test_the_80mm_receipt_keeps_the_register_number_with_its_label(svc):
    """On the roll, "Số thứ" ended one line and "tự: 01" started the next."""
    found = runs(svc.printouts.receipt_pdf(receive(svc).code, "80mm"))
    label = [r for r in found if r[5].endswith("Số thứ tự:")]
    assert label, [r[5] for r in found]
    value = [r for r in found if r[5] == "01" and abs(r[2] - label[0][2]) < 1 and r[1] > label[0][1]]
    assert value, [(r[2], r[5]) for r in found if r[2] >= label[0][2] - 1][:4]
