"""Mẫu 02-05 of Thông tư 03/2025/TT-VPCP, Phụ lục I: the notices a dossier may need after
its receipt (supplement request, refusal, apology with a new date, stop). Sources and
paper sizes: kiosk/documents/slips.py."""
from __future__ import annotations

from datetime import date, datetime, time

from kiosk.documents.data import SlipData
from kiosk.documents.fonts import BOLD
from kiosk.documents.layout import Sheet
from kiosk.documents.official import Signer, date_text
from kiosk.documents.slips_base import (Size, SlipStyle, _closing, _contact_pairs, _fitting, _head_signer, _heading,
                                        _kv, _or_none, _received_sentence, _request, _sentence, _sheet, _text,
                                        _title, _when, number_line, style_for)
from kiosk.errors import KioskError


# --- Mẫu 02 --------------------------------------------------------------------

def render_supplement_request(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, listing every missing item at once
    (dated `today`, by default the slip's date or the day the dossier was received)."""
    day = today or data.printed_on or data.received_at.date()
    return _fitting(lambda st: _supplement(data, settings, st, day), style_for(size))


def _supplement(data: SlipData, settings, st: SlipStyle, day: date) -> Sheet:
    sheet = _sheet(st, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "PBS"))
    _title(sheet, st, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
    _kv(sheet, st, "Hồ sơ của:", f"{data.address_as} {data.applicant_name}", keep=True)
    _kv(sheet, st, "Mã hồ sơ:", data.dossier_code)
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _kv(sheet, st, "Địa chỉ:", _or_none(data.address))
    _kv(sheet, st, *_contact_pairs(data))
    _text(sheet, st, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:")
    for i, item in enumerate(data.missing_items, start=1):
        _kv(sheet, st, f"{i}.", item, indent=st.body)
    contact = data.contact or (f"công chức {data.clerk_name}, {settings.issuing_unit}" if data.clerk_name
                               else settings.issuing_unit)

    def tail(s: Sheet) -> None:
        if data.reason:
            _kv(s, st, "Lý do:", _sentence(data.reason))
        _text(s, st, "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với "
                     f"{contact} để được hướng dẫn./.")
    _closing(sheet, st, tail, [Signer("Người hướng dẫn", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet


# --- Mẫu 03 --------------------------------------------------------------------

def render_refusal(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ, with the reason (dated `today`,
    by default the slip's date or the day the dossier was received)."""
    day = today or data.printed_on or data.received_at.date()
    return _fitting(lambda st: _refusal(data, settings, st, day), style_for(size))


def _refusal(data: SlipData, settings, st: SlipStyle, day: date) -> Sheet:
    sheet = _sheet(st, "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "PTC"))
    _title(sheet, st, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
    _kv(sheet, st, f"{settings.issuing_unit} tiếp nhận hồ sơ của {data.address_as}:", data.applicant_name, keep=True)
    if data.id_number:
        _kv(sheet, st, "Số định danh cá nhân:", data.id_number)
    _kv(sheet, st, "Địa chỉ:", _or_none(data.address))
    _kv(sheet, st, *_contact_pairs(data))
    _kv(sheet, st, "Mã hồ sơ:", data.dossier_code)
    _kv(sheet, st, "Nội dung yêu cầu giải quyết:", _request(data))
    _text(sheet, st, f"Qua xem xét, {settings.issuing_unit} thông báo không tiếp nhận, giải quyết hồ sơ "
                     "này với lý do cụ thể như sau:")

    def tail(s: Sheet) -> None:
        _text(s, st, _sentence(data.reason) or "(chưa ghi lý do)", BOLD, indent=st.body)
        _text(s, st, "Xin thông báo cho Ông/Bà được biết và thực hiện./.")
    _closing(sheet, st, tail, [Signer("Người nộp hồ sơ", "(Ký và ghi rõ họ tên)", data.applicant_name),
                               Signer("Người tiếp nhận hồ sơ", "(Ký và ghi rõ họ tên)", data.clerk_name)])
    return sheet


# --- Mẫu 04 --------------------------------------------------------------------

def render_apology(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết: the date promised on
    the receipt (`due_date`, `due_time`), the reason, the new date and the head's signature."""
    if data.new_due_date is None:
        raise KioskError(f"Hồ sơ {data.dossier_code} chưa được hẹn lại ngày trả kết quả; "
                         "hãy ghi “hẹn lại” với ngày mới và lý do trước khi in văn bản xin lỗi.")
    signer = _head_signer(data, "văn bản xin lỗi")
    day = today or data.printed_on or date.today()
    return _fitting(lambda st: _apology(data, settings, st, day, signer), style_for(size))


def _apology(data: SlipData, settings, st: SlipStyle, day: date, signer: Signer) -> Sheet:
    unit, you = settings.issuing_unit, data.address_as
    sheet = _sheet(st, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")
    _heading(sheet, st, settings, day, number_line(data, settings, "PXL"))
    _title(sheet, st, "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT")
    _kv(sheet, st, "Kính gửi:", f"{you} {data.applicant_name}", keep=True)
    _text(sheet, st, _received_sentence(data, unit), first_indent=st.body)
    if data.due_date:
        _kv(sheet, st, "Thời gian hẹn trả kết quả giải quyết hồ sơ:", _when(data.due_date, data.due_time), keep=True)
    _text(sheet, st, f"Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ của {you} đúng thời hạn "
                     "quy định ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.", first_indent=st.body)
    _kv(sheet, st, "Lý do:", _sentence(data.reason) or "(chưa ghi lý do)")
    _text(sheet, st, f"{unit} xin trân trọng gửi lời xin lỗi đến {you} vì sự chậm trễ trong quá trình giải quyết "
                     f"hồ sơ có thể gây phiền hà, tốn kém về chi phí, công sức của {you}.", first_indent=st.body)

    def tail(s: Sheet) -> None:
        _text(s, st, f"{unit} xin lỗi {you} và sẽ trả kết quả giải quyết hồ sơ cho {you} vào "
                     f"{date_text(data.new_due_date)}.", first_indent=st.body)
        _text(s, st, f"Mong nhận được sự thông cảm của {you} vì sự chậm trễ này./.", first_indent=st.body)
    _closing(sheet, st, tail, [signer])
    return sheet


# --- Mẫu 05 --------------------------------------------------------------------

def render_stop(data: SlipData, settings, size: Size = "a5", *, today: date | None = None) -> bytes:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ (TT 03/2025 Điều 7). Wording composed from
    Điều 7 and NĐ 118/2025 Điều 21: the form's own text was not found."""
    signer = _head_signer(data, "thông báo dừng giải quyết hồ sơ")
    day = today or data.printed_on or date.today()
    return _fitting(lambda st: _stop(data, settings, st, day, signer), style_for(size))


def _stop(data: SlipData, settings, st: SlipStyle, day: date, signer: Signer) -> Sheet:
    unit, you = settings.issuing_unit, data.address_as
    asked = data.stop_requested_at or datetime.combine(day, time(0, 0))
    sheet = _sheet(st, "Thông báo dừng giải quyết hồ sơ")
    _heading(sheet, st, settings, day, number_line(data, settings, "TB"))
    _title(sheet, st, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
    _kv(sheet, st, "Kính gửi:", f"{you} {data.applicant_name}", keep=True)
    _text(sheet, st, _received_sentence(data, unit, "tiếp nhận hồ sơ đề nghị giải quyết"), first_indent=st.body)
    _text(sheet, st, f"{date_text(asked).capitalize()}, {you} có yêu cầu dừng thực hiện thủ tục hành chính nêu trên. "
                     "Đến thời điểm nhận được yêu cầu, chưa có quyết định giải quyết thủ tục hành chính hoặc văn bản "
                     "thông báo kết quả giải quyết thủ tục hành chính.", first_indent=st.body)
    if data.reason:
        _kv(sheet, st, "Lý do:", _sentence(data.reason))

    def tail(s: Sheet) -> None:
        _text(s, st, f"Căn cứ Điều 21 Nghị định số 118/2025/NĐ-CP và Điều 7 Thông tư số 03/2025/TT-VPCP, {unit} "
                     "thông báo dừng giải quyết hồ sơ nêu trên.", first_indent=st.body)
        _text(s, st, f"Xin thông báo để {you} được biết./.", first_indent=st.body)
    _closing(sheet, st, tail, [signer])
    return sheet
