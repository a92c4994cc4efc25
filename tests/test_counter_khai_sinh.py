"""The whole khai sinh at the counter, as a clerk does it with the keyboard: ticket called,
the grandmother's CCCD scanned, her grandchild's birth written, reviewed, papers checked,
received; the printed form carries every value (read back from the PDF with pypdf)."""
import io
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pypdf import PdfReader

from tests.conftest import type_unicode

CARD = "068150001234|123456789|Nguyễn Thị Hường|14071950|Nữ|Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng|20112021"
KS = "to-khai-dang-ky-khai-sinh"


def pdf_text(path: Path) -> str:
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    return " ".join(text.split())


def test_khai_sinh_for_a_grandchild_from_ticket_to_printed_receipt(qtbot, window, services, config):
    clerk = services.accounts.create_clerk("Trần Văn Bình", "246813")
    services.tickets.take_ticket("1.001193", priority=True)
    window.enter_counter(clerk)
    home = window.current()
    qtbot.keyClick(home, Qt.Key_F2)
    qtbot.keyClick(home, Qt.Key_F4)
    writer = window.current()
    assert writer.proc.code == "1.001193" and writer.focusWidget() is writer.scan
    qtbot.waitUntil(lambda: writer.is_built)  # laid out while the clerk takes the card
    qtbot.wait(20)

    def typed(text):  # into whatever has the focus, then Enter: on to the next field to fill
        type_unicode(writer.focusWidget(), text)
        qtbot.keyClick(writer.focusWidget(), Qt.Key_Return)
        qtbot.wait(5)

    typed(CARD)  # the scanner
    qtbot.keyClick(writer.focusWidget(), Qt.Key_Return)  # the citizen confirms
    ks = writer.editors[KS]
    assert writer.focusWidget() is ks["relationship"].widget
    typed("B")  # Bà
    assert writer.focusWidget() is ks["child_name"].widget
    typed("Trần Minh Khang")
    typed("15/11/2026")
    typed("N")  # Nam
    assert writer.focusWidget() is ks["child_birthplace"].widget  # Dân tộc, Quốc tịch already filled
    typed("Tr")  # completed in place from the commune's health station
    typed("X")  # quê quán: the commune
    typed("Lê Thị Mai")
    typed("1998")
    assert writer.focusWidget() is ks["father_name"].widget  # the mother's optional lines are skipped
    typed("Trần Văn Nam")
    typed("1995")
    assert writer.focusWidget() is writer.review_button
    qtbot.keyClick(writer.review_button, Qt.Key_Return)
    review = window.current()
    assert review is not writer, [w.accessibleName() for w in writer.error_widgets()]
    assert [d["name"] for d in review.papers.documents()][:2] == [
        "Tờ khai đăng ký khai sinh (theo mẫu)", "Giấy chứng sinh (bản chính)"]
    qtbot.keyClick(review, Qt.Key_Return, Qt.ControlModifier)
    qtbot.waitUntil(lambda: review.done.isVisible(), timeout=15_000)
    code = review.info.code
    assert all(j.status == "done" for j in review.printed)
    # print files are named by job number only (no citizen's name): find them through the jobs
    printed = {j.kind: Path(j.external_id) for j in review.printed}
    assert all(p.parent == config.print_dir for p in printed.values())
    form = pdf_text(printed["form"])
    for value in ("NGUYỄN THỊ HƯỜNG", "14/07/1950", "Thôn 2, xã Hòa Bình, tỉnh Lâm Đồng",
                  "Căn cước công dân số 068150001234 do Cục Cảnh sát QLHC về TTXH cấp ngày 20/11/2021",
                  "Bà", "TRẦN MINH KHANG", "15/11/2026", "Nam", "Kinh", "Việt Nam",
                  "Trạm y tế xã Hòa Bình, tỉnh Lâm Đồng", "Xã Hòa Bình, tỉnh Lâm Đồng", "Lê Thị Mai", "1998",
                  "Trần Văn Nam", "1995"):
        assert value in form, value
    receipt = pdf_text(printed["receipt"])
    assert code in receipt and "NGUYỄN THỊ HƯỜNG".lower() in receipt.lower()
    info = services.dossiers.get(code)
    assert info.received_at.date() == date.today() and info.applicant.cccd == "068150001234"
    assert "Giấy chứng sinh (bản chính)" in {d.name for d in info.documents}
