"""The counter board's service side: search by code, name without accents or CCCD; undo."""
from datetime import datetime, timedelta

import pytest

from kiosk.services.dossiers import DossierStatus, InvalidTransition

T0 = datetime(2026, 11, 27, 9, 0)  # a Friday


@pytest.fixture
def two(services):
    ds = services.dossiers
    a = ds.receive_dossier("1.001193", {"full_name": "Nguyễn Thị Hường", "cccd": "068150001234",
                                        "date_of_birth": "14/07/1950", "sex": "Nữ", "village": "Thôn 2"}, None, now=T0)
    b = ds.receive_dossier("1.001193", {"full_name": "Đặng Văn Lượng", "village": "Thôn 1"}, None,
                           now=T0 + timedelta(minutes=5))
    return a, b


def test_search_by_code_name_without_accents_or_cccd(services, two):
    a, b = two
    ds = services.dossiers
    assert [r.code for r in ds.search(a.code)] == [a.code]
    assert [r.code for r in ds.search("huong nguyen")] == [a.code]
    assert [r.code for r in ds.search("dang van luong")] == [b.code]
    assert [r.code for r in ds.search("068150")] == [a.code]
    assert ds.search("tran") == []
    row = ds.search("luong")[0]
    assert row.applicant_name == "Đặng Văn Lượng" and row.applicant_village == "Thôn 1"


@pytest.mark.parametrize("junk", ["%", "'", "😀", "...", "-"])
def test_a_search_without_a_letter_or_digit_finds_nothing_rather_than_everyone(services, two, junk):
    assert services.dossiers.search(junk) == []


def test_a_return_undone_within_ten_seconds_restores_the_dossier(services, two):
    a, _ = two
    ds = services.dossiers
    ds.resolve(a.code, now=T0 + timedelta(hours=1))
    at = T0 + timedelta(hours=2)
    ds.record_return(a.code, "village-head", village="Thôn 2", now=at)
    back = ds.undo_last(a.code, now=at + timedelta(seconds=8))
    assert back.status == DossierStatus.RESOLVED and back.returned_at is None and back.returned_via is None
    assert back.resolved_at == T0 + timedelta(hours=1)
    assert ds.village_handover(at.date(), "Thôn 2") == []
    # the undo is itself on record, and the return can be recorded again
    from sqlalchemy import select

    from kiosk.db.models import DossierEvent
    with services.session_factory() as s:
        kinds = [e.kind for e in s.scalars(select(DossierEvent).order_by(DossierEvent.id))]
    assert kinds[-2:] == ["returned", "undone"]
    ds.record_return(a.code, "counter", now=at + timedelta(seconds=20))
    assert ds.get(a.code).returned_via == "counter"


def test_undo_is_refused_after_ten_seconds_and_when_nothing_was_done(services, two):
    a, b = two
    ds = services.dossiers
    with pytest.raises(InvalidTransition):
        ds.undo_last(b.code, now=T0 + timedelta(minutes=6))
    ds.record_return(a.code, "counter", now=T0 + timedelta(hours=1))
    with pytest.raises(InvalidTransition, match="quá 10 giây"):
        ds.undo_last(a.code, now=T0 + timedelta(hours=1, seconds=11))
    assert ds.get(a.code).status == DossierStatus.RETURNED


def test_an_undone_supplement_request_leaves_no_missing_items(services, two):
    a, _ = two
    ds = services.dossiers
    ds.request_supplement(a.code, ["Giấy chứng sinh (bản chính)"], now=T0 + timedelta(minutes=1))
    back = ds.undo_last(a.code, now=T0 + timedelta(minutes=1, seconds=3))
    assert back.status == DossierStatus.RECEIVED and back.missing_items == ()
    assert back.due_date == a.due_date


def test_undoing_an_outcome_whose_slip_is_printed_says_to_take_the_paper_back(services, two):
    from kiosk.services.dossiers import PaperOut
    a, _ = two
    ds = services.dossiers
    at = datetime.now().replace(microsecond=0)
    ds.request_supplement(a.code, ["Giấy chứng sinh"], now=at)
    assert services.printouts.print_slip(a.code, "supplement").status == "done"
    with pytest.raises(PaperOut) as out:
        ds.undo_last(a.code, now=at + timedelta(seconds=5))
    assert "Phiếu yêu cầu bổ sung" in out.value.message and "thu lại" in out.value.message.lower()
    assert out.value.papers == ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",)
    assert ds.get(a.code).status == DossierStatus.NEEDS_SUPPLEMENT  # nothing undone yet
    # the clerk took the paper back and confirms (a little after the 10 s it took to tell)
    back = ds.undo_last(a.code, now=at + timedelta(seconds=25), papers_back=True)
    assert back.status == DossierStatus.RECEIVED and back.missing_items == ()
    assert ds.events(a.code)[-1].detail["papers_back"] == ["Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"]


def test_a_handover_list_printed_counts_as_paper_out_for_the_return(services, two):
    from kiosk.services.dossiers import PaperOut
    a, _ = two
    ds = services.dossiers
    at = datetime.now().replace(microsecond=0)
    ds.record_return(a.code, "village-head", village="Thôn 2", now=at)
    services.printouts.print_handover(at.date(), "Thôn 2")
    with pytest.raises(PaperOut, match="Danh sách bàn giao"):
        ds.undo_last(a.code, now=at + timedelta(seconds=3))


def test_a_slip_that_failed_to_print_is_not_paper_out(services, two):
    from kiosk.printing import CupsPrinter
    a, _ = two
    ds = services.dossiers
    at = datetime.now().replace(microsecond=0)
    ds.refuse(a.code, "Thiếu giấy chứng sinh", now=at)
    services.print_queue._printers["a5"] = CupsPrinter("NOPE", lp="/nonexistent/lp")
    assert services.printouts.print_slip(a.code, "refusal").status == "failed"
    assert ds.undo_last(a.code, now=at + timedelta(seconds=4)).status == DossierStatus.RECEIVED
