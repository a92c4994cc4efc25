"""The village head's handover list: NĐ 30 margins, the result paper (not the procedure's
name), the names of who gives and who receives."""
from __future__ import annotations

import io
from datetime import date, datetime

from pypdf import PdfReader

from tests.test_documents_layout_rules import check_margins, check_no_dot_runs, check_signature_not_alone


def flat(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_handover_lists_the_result_paper_and_names_the_giver(services):
    d = services.dossiers
    code = d.receive_dossier("1.001193", {"full_name": "Nguyễn Văn Hưởng"}, None,
                             now=datetime(2026, 11, 27, 9)).code
    d.record_return(code, "village-head", village="Thôn 2", now=datetime(2026, 11, 27, 16))
    pdf = services.printouts.handover_pdf(date(2026, 11, 27), "Thôn 2", "Trần Văn Bình")
    text = flat(pdf)
    result = services.catalog.procedure("1.001193").result
    assert " ".join(result.split()) in text and "Giấy tờ kết quả" in text
    assert "Thủ tục đăng ký khai sinh" not in text
    assert "NGƯỜI GIAO" in text and "TRƯỞNG THÔN NHẬN" in text
    assert text.index("NGƯỜI GIAO") < text.index("Trần Văn Bình")
    assert "Trần Thị Lan" in text  # the configured head of Thôn 2
    check_margins(pdf, "handover")
    check_no_dot_runs(pdf, "handover")
    check_signature_not_alone(pdf, "handover", "NGƯỜI GIAO")
    job = services.printouts.print_handover(date(2026, 11, 27), "Thôn 2", None, "Trần Văn Bình")
    assert job.status == "done"


def test_a_long_handover_list_never_leaves_the_signatures_alone(services):
    from kiosk.documents.handover import HandoverRow, render_handover
    settings = services.config.settings
    for n in range(10, 22):
        rows = [HandoverRow(f"HB-20261127-{i:04d}", "Nguyễn Huỳnh Thị Phương Thảo",
                            "Giấy khai sinh (bản chính) và số định danh cá nhân của trẻ") for i in range(n)]
        pdf = render_handover(date(2026, 11, 27), "Thôn 2", "Trần Thị Lan", rows, settings, "Trần Văn Bình")
        check_signature_not_alone(pdf, f"handover {n} rows", "NGƯỜI GIAO")
        check_margins(pdf, f"handover {n} rows")


def test_an_empty_handover_list_is_refused_not_printed_for_signing(services):
    """A signed list of nothing handed over is a paper nobody should sign."""
    import pytest

    from kiosk.errors import ValidationError
    with pytest.raises(ValidationError, match="Thôn 1"):
        services.printouts.handover_pdf(date(2026, 11, 26), "Thôn 1", "Trần Văn Bình")
    with pytest.raises(ValidationError):
        services.printouts.print_handover(date(2026, 11, 26), "Thôn 1", None, "Trần Văn Bình")
