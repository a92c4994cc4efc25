"""Receiving dossiers at the counter, following them, returning results; drafts; the CLI."""
import dataclasses
import json
import os
import re
import subprocess
import sys
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from kiosk.db.models import AuditEvent, Dossier, FilledForm
from kiosk.errors import KioskError, NotFoundError, ValidationError
from kiosk.services.dossiers import DossierService, DossierStatus, InvalidTransition, ReturnChannel
from kiosk.workdays import working_days_after
from tests.conftest import REPO

# both files drop and rebuild the one throw-away PostgreSQL database: under `pytest -n`
# their tests run in one worker, one after the other
pytestmark = pytest.mark.xdist_group("postgres")

BIRTH = "1.001193"  # đăng ký khai sinh: same day
BIRTH_FORM = "to-khai-dang-ky-khai-sinh"
FRIDAY_9 = datetime(2026, 11, 27, 9, 0)
HUONG = {"full_name": "Nguyễn Văn Hưởng", "date_of_birth": "14/07/1995", "sex": "Nam",
         "cccd": "068095001234", "phone": "0912345678", "address": "Thôn 2, xã Hòa Bình", "village": "Thôn 2"}


@pytest.fixture
def dossiers(services):
    return services.dossiers


@pytest.fixture
def clerk(services):
    return services.accounts.create_clerk("Trần Văn Bình", "246813")


def sample_values(services, form_id=BIRTH_FORM) -> dict[str, str]:
    return {f.key: f.sample for f in services.catalog.forms[form_id].fields}


def dossier_count(services) -> int:
    with services.session_factory() as s:
        return s.scalar(select(func.count()).select_from(Dossier))


def longer_procedure(services):
    return next(p for p in services.catalog.procedures.values() if p.processing_days >= 3)


# --- receiving ---

def test_receiving_a_dossier_gives_a_code_and_a_due_date(dossiers, clerk):
    info = dossiers.receive_dossier(BIRTH, HUONG, clerk.id, proxy_written=True, now=FRIDAY_9)
    assert info.code == "HB-20261127-001"
    assert info.status == DossierStatus.RECEIVED and info.status_label == "Đã tiếp nhận, đang giải quyết"
    assert info.due_date == date(2026, 11, 27)  # same-day procedure received before 15:00
    assert info.proxy_written and not info.guided_online and info.received_by == clerk.id
    assert info.applicant.full_name == "Nguyễn Văn Hưởng" and info.applicant.village == "Thôn 2"
    assert dossiers.receive_dossier(BIRTH, {"full_name": "Lò Thị Xuân"}, None, now=FRIDAY_9).code == "HB-20261127-002"


def test_same_day_dossier_received_after_15_00_is_due_next_working_day(dossiers):
    info = dossiers.receive_dossier(BIRTH, HUONG, None, now=datetime(2026, 11, 27, 15, 30))
    assert info.due_date == date(2026, 11, 30)


def test_due_date_counts_working_days_and_the_configured_extra_days(services):
    proc = longer_procedure(services)
    settings = services.config.settings.replace(extra_holidays=("2026-11-30",))
    plain = services.dossiers.receive_dossier(proc.code, HUONG, None, now=FRIDAY_9)
    with_extra = DossierService(services.session_factory, services.catalog, settings).receive_dossier(
        proc.code, HUONG, None, now=FRIDAY_9)
    from kiosk.workdays import working_days_after
    assert plain.due_date == working_days_after(FRIDAY_9, proc.processing_days)
    assert with_extra.due_date == working_days_after(FRIDAY_9, proc.processing_days, ["2026-11-30"])
    assert with_extra.due_date > plain.due_date


def test_the_applicant_is_found_again_by_cccd_and_updated(dossiers):
    dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9)
    again = dossiers.receive_dossier(BIRTH, {"full_name": "Nguyễn Văn Hưởng", "cccd": "068095001234",
                                             "phone": "0987654321"}, None, now=FRIDAY_9)
    found = dossiers.find_applicants("068095001234")
    assert len(found) == 1 and found[0].id == again.applicant.id
    assert found[0].phone == "0987654321" and found[0].date_of_birth == "14/07/1995"


def test_applicants_are_found_by_name_without_accents_or_by_the_first_cccd_digits(dossiers):
    dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9)
    dossiers.receive_dossier(BIRTH, {"full_name": "Đỗ Thị Hương"}, None, now=FRIDAY_9)
    assert [a.full_name for a in dossiers.find_applicants("nguyen van huong")] == ["Nguyễn Văn Hưởng"]
    assert [a.full_name for a in dossiers.find_applicants("do huong")] == ["Đỗ Thị Hương"]
    assert len(dossiers.find_applicants("HUONG")) == 2
    assert [a.cccd for a in dossiers.find_applicants("068 095")] == ["068095001234"]
    for too_short in ("%", "  ", "huo", "06809"):  # at least 4 letters or 6 digits (issue 15)
        with pytest.raises(ValidationError):
            dossiers.find_applicants(too_short)


def test_invalid_applicant_data_is_refused_with_every_problem_and_nothing_is_stored(services, dossiers):
    bad = {"full_name": "", "date_of_birth": "01/01/2030", "cccd": "068295001234", "phone": "123",
           "village": "Thôn 9", "nickname": "Tí"}
    with pytest.raises(ValidationError) as e:
        dossiers.receive_dossier(BIRTH, bad, None, now=FRIDAY_9)
    message = e.value.message
    for expected in ("Họ, chữ đệm, tên: chưa nhập", "không được là ngày trong tương lai", "Số CCCD",
                     "Số điện thoại", "Thôn 9", "nickname"):
        assert expected in message
    assert dossier_count(services) == 0


def test_unknown_procedure_is_refused(dossiers):
    with pytest.raises(NotFoundError, match="Không có thủ tục"):
        dossiers.receive_dossier("9.999999", HUONG, None)


def test_filled_forms_are_validated_and_kept_for_an_identical_reprint(services, dossiers):
    values = sample_values(services)
    info = dossiers.receive_dossier(BIRTH, HUONG, None, form_values={BIRTH_FORM: values}, now=FRIDAY_9)
    stored = dossiers.filled_forms(info.code)[BIRTH_FORM]
    assert stored["child_name"] == values["child_name"]
    with services.session_factory() as s:
        assert s.scalar(select(FilledForm.is_draft).where(FilledForm.form_id == BIRTH_FORM)) is False


def test_bad_form_values_are_all_reported_with_the_form_labels(services, dossiers):
    values = sample_values(services) | {"child_dob": "01/01/2030", "child_name": "Bé 1"}
    with pytest.raises(ValidationError) as e:
        dossiers.receive_dossier(BIRTH, HUONG, None, form_values={BIRTH_FORM: values, "khong-co": {}},
                                 now=FRIDAY_9)
    assert [err.field for err in e.value.errors] == ["child_name", "child_dob", "form_values"]
    assert "Ngày, tháng, năm sinh: không được là ngày trong tương lai." in e.value.message
    assert dossier_count(services) == 0


def test_a_receive_writes_an_audit_event_without_personal_data(services, dossiers, clerk):
    info = dossiers.receive_dossier(BIRTH, HUONG, clerk.id, now=FRIDAY_9)
    with services.session_factory() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "receive-dossier")).one()
    assert event.detail == info.code and event.clerk_id == clerk.id


def _shared_database(request, config):
    """The config on SQLite, or on PostgreSQL when KIOSK_TEST_POSTGRES_URL names an empty test database."""
    if request.param == "sqlite":
        return config
    url = os.environ.get("KIOSK_TEST_POSTGRES_URL")
    if not url:  # `make test` sets it (scripts/postgres.sh), or says why it could not
        pytest.skip(os.environ.get("KIOSK_TEST_POSTGRES_SKIP") or
                    "set KIOSK_TEST_POSTGRES_URL to a throw-away PostgreSQL database (make test starts one)")
    from sqlalchemy import create_engine
    engine = create_engine(url)
    with engine.begin() as c:  # start from an empty schema
        c.execute(text("drop schema public cascade; create schema public"))
    engine.dispose()
    return dataclasses.replace(config, database_url=url)


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_config(request, config):
    return _shared_database(request, config)


def test_codes_stay_unique_when_eight_counters_receive_at_once(shared_config):
    from kiosk.services.container import build_services
    counters = [build_services(shared_config) for _ in range(8)]
    codes, errors = [], []

    def counter(services):
        try:
            for _ in range(25):
                codes.append(services.dossiers.receive_dossier(BIRTH, {"full_name": "Lê Văn Tám"}, None,
                                                                now=FRIDAY_9).code)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=counter, args=(s,)) for s in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        assert len(codes) == len(set(codes)) == 200
        assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 201))
        assert dossier_count(counters[0]) == 200
    finally:
        for s in counters:
            s.close()


# --- drafts ---

def test_a_draft_survives_a_restart_and_becomes_the_dossier_form(config, services, clerk):
    drafts = services.drafts
    draft_id = drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, {"child_name": "NGUYỄN NGỌC"})
    scratch = sample_values(services) | {"ui_note": "gọi lại sau"}  # keys that are not on the form are dropped
    assert drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, scratch, draft_id=draft_id) == draft_id
    from kiosk.services.container import build_services
    restarted = build_services(config)  # as after a power cut: a new process reads the same file
    try:
        assert restarted.drafts.load_draft(draft_id).values["child_name"] == "NGUYỄN NGỌC ÁNH DƯƠNG"
        assert [d.id for d in restarted.drafts.open_drafts(clerk.id)] == [draft_id]
        info = restarted.dossiers.receive_dossier(BIRTH, HUONG, clerk.id, draft_ids=[draft_id], now=FRIDAY_9)
        stored = restarted.dossiers.filled_forms(info.code)[BIRTH_FORM]
        assert stored["child_name"] == "NGUYỄN NGỌC ÁNH DƯƠNG" and "ui_note" not in stored
        assert restarted.drafts.open_drafts(clerk.id) == []
        with pytest.raises(NotFoundError):
            restarted.drafts.load_draft(draft_id)
    finally:
        restarted.close()


def test_a_discarded_draft_is_gone(services, clerk):
    draft_id = services.drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, {"child_name": "An"})
    services.drafts.discard_draft(draft_id)
    assert services.drafts.open_drafts(clerk.id) == []
    with pytest.raises(NotFoundError):
        services.drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, {}, draft_id=draft_id)


def test_a_draft_needs_a_form_of_the_procedure(services):
    with pytest.raises(NotFoundError):
        services.drafts.save_draft(None, BIRTH, "to-khai-dang-ky-khai-tu", {})


def test_an_invalid_draft_stops_the_receive_and_stays_a_draft(services, clerk):
    draft_id = services.drafts.save_draft(clerk.id, BIRTH, BIRTH_FORM, {"child_dob": "32/01/2026"})
    with pytest.raises(ValidationError, match="không có trên lịch"):
        services.dossiers.receive_dossier(BIRTH, HUONG, clerk.id, draft_ids=[draft_id], now=FRIDAY_9)
    assert services.drafts.load_draft(draft_id).values == {"child_dob": "32/01/2026"}


# --- status and return ---

def test_friday_dossier_returned_through_village_head_counts_as_same_day(dossiers, clerk):
    code = dossiers.receive_dossier(BIRTH, HUONG, clerk.id, now=FRIDAY_9).code
    info = dossiers.record_return(code, ReturnChannel.VILLAGE_HEAD, village="thôn 2", clerk_id=clerk.id,
                                  now=datetime(2026, 11, 27, 16, 0))
    assert info.status == DossierStatus.RETURNED and info.same_day
    assert (info.returned_via, info.returned_village) == ("village-head", "Thôn 2")
    assert info.resolved_at == info.returned_at
    handover = dossiers.village_handover(date(2026, 11, 27), "Thôn 2")
    assert [d.code for d in handover] == [code] and handover[0].applicant.full_name == "Nguyễn Văn Hưởng"
    assert dossiers.village_handover(date(2026, 11, 27), "Thôn 1") == []


def test_returned_the_next_day_is_not_same_day(dossiers):
    code = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    dossiers.resolve(code, now=datetime(2026, 11, 27, 11, 0))
    info = dossiers.record_return(code, "counter", now=datetime(2026, 11, 30, 8, 0))
    assert not info.same_day and info.resolved_at == datetime(2026, 11, 27, 11, 0)


def test_return_through_a_village_head_needs_a_configured_village(dossiers):
    code = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    with pytest.raises(ValidationError, match="Thôn 1, Thôn 2"):
        dossiers.record_return(code, "village-head")
    with pytest.raises(ValidationError, match="Thôn 1, Thôn 2"):
        dossiers.record_return(code, "village-head", village="Thôn 7")
    with pytest.raises(ValidationError, match="trưởng thôn"):
        dossiers.record_return(code, "counter", village="Thôn 1")
    with pytest.raises(ValidationError):
        dossiers.record_return(code, "pigeon")
    assert dossiers.get(code).status == DossierStatus.RECEIVED


def test_supplement_request_lists_every_missing_paper_then_resumes(dossiers):
    proc_code = BIRTH
    code = dossiers.receive_dossier(proc_code, HUONG, None, now=FRIDAY_9).code
    info = dossiers.request_supplement(code, ["Giấy chứng sinh (bản chính)", "  ", "Văn bản ủy quyền"],
                                       now=FRIDAY_9)
    assert info.status == DossierStatus.NEEDS_SUPPLEMENT
    assert info.missing_items == ("Giấy chứng sinh (bản chính)", "Văn bản ủy quyền")
    with pytest.raises(InvalidTransition):
        dossiers.record_return(code, "counter")
    resumed = dossiers.mark_supplemented(code, now=datetime(2026, 11, 30, 8, 0))
    assert resumed.status == DossierStatus.RECEIVED and resumed.due_date == date(2026, 11, 30)
    with pytest.raises(ValidationError):
        dossiers.request_supplement(code, [])


def test_a_refused_dossier_cannot_be_returned(dossiers):
    code = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    with pytest.raises(ValidationError, match="Lý do từ chối: chưa nhập"):
        dossiers.refuse(code, " ")
    info = dossiers.refuse(code, "Không thuộc thẩm quyền của Ủy ban nhân dân xã.")
    assert info.status == DossierStatus.REFUSED and info.refusal_reason.startswith("Không thuộc")
    with pytest.raises(KioskError) as e:
        dossiers.record_return(code, "counter")
    assert e.value.message == (f"Hồ sơ {code} đang ở trạng thái “Từ chối giải quyết”, không thể trả kết quả.")
    with pytest.raises(InvalidTransition):
        dossiers.postpone(code, date(2026, 12, 4), "Chờ xác minh")


def test_a_returned_dossier_cannot_be_returned_or_refused_again(dossiers):
    code = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    dossiers.record_return(code, "post")
    for step in (lambda: dossiers.record_return(code, "counter"), lambda: dossiers.refuse(code, "Lý do"),
                 lambda: dossiers.request_supplement(code, ["Giấy tờ"]), lambda: dossiers.resolve(code)):
        with pytest.raises(InvalidTransition):
            step()


def test_an_overdue_dossier_is_postponed_with_an_apology_and_a_new_date(services, dossiers):
    code = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    assert dossiers.get(code).is_overdue(date(2026, 11, 30))
    info = dossiers.postpone(code, "02/12/2026", "Chờ kết quả xác minh của xã khác",
                             now=datetime(2026, 11, 30, 8, 0))
    assert info.new_due_date == date(2026, 12, 2) and info.effective_due_date == date(2026, 12, 2)
    assert info.postpone_reason == "Chờ kết quả xác minh của xã khác"
    assert not info.is_overdue(date(2026, 12, 1))
    with services.session_factory() as s:
        detail = s.execute(text("select detail_json from dossier_event where kind = 'postponed'")).scalar_one()
    assert json.loads(detail)["overdue"] is True
    assert dossiers.public_status(code).due_date == date(2026, 12, 2)
    with pytest.raises(ValidationError, match="sau ngày hẹn hiện tại"):
        dossiers.postpone(code, date(2026, 12, 1), "Lý do khác", now=datetime(2026, 11, 30, 9, 0))
    with pytest.raises(ValidationError, match="ngày nghỉ"):
        dossiers.postpone(code, date(2026, 12, 5), "Lý do khác", now=datetime(2026, 11, 30, 9, 0))


def test_public_status_shows_no_personal_data(dossiers):
    code = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    public = dossiers.public_status(f"  {code.lower()} ")
    shown = json.dumps(dataclasses.asdict(public), default=str, ensure_ascii=False)
    assert public.status == DossierStatus.RECEIVED and public.procedure_code == BIRTH
    assert public.due_date == date(2026, 11, 27) and "khai sinh" in public.procedure_name
    for personal in ("Hưởng", "Nguyễn", "068095001234", "0912345678", "Thôn 2", "14/07/1995"):
        assert personal not in shown
    with pytest.raises(NotFoundError, match="Không tìm thấy hồ sơ"):
        dossiers.public_status("HB-20261127-999")


def test_the_day_board_lists_every_dossier_received_that_day(dossiers):
    first = dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9).code
    second = dossiers.receive_dossier(BIRTH, HUONG, None, now=datetime(2026, 11, 27, 16, 0)).code
    dossiers.receive_dossier(BIRTH, HUONG, None, now=datetime(2026, 11, 30, 8, 0))
    dossiers.record_return(first, "counter", now=datetime(2026, 11, 27, 10, 0))
    board = dossiers.day_board(date(2026, 11, 27))
    assert [(r.code, r.status, r.due_date, r.same_day) for r in board] == [
        (first, DossierStatus.RETURNED, date(2026, 11, 27), True),
        (second, DossierStatus.RECEIVED, date(2026, 11, 30), False)]
    assert "Hưởng" not in repr(board)


# --- schema ---

def test_upgrading_a_0001_database_fills_the_folded_names_and_a_purge_blanks_them(tmp_path):
    from alembic import command
    from kiosk.db import migrate
    from kiosk.db.engine import make_engine
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    cfg = migrate._alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("insert into applicant (full_name, updated_at, purged) "
                          "values ('Đặng Thị Ngọc Hân', '2026-01-05 08:00:00', 0)"))
    migrate.upgrade(engine, backup_dir=tmp_path / "backups")
    with engine.begin() as conn:
        assert conn.execute(text("select name_folded from applicant")).scalar_one() == "dang thi ngoc han"
        conn.execute(text("update applicant set full_name = null, purged = 1"))
        assert conn.execute(text("select name_folded from applicant")).scalar_one() is None


# --- command line ---

def _run(data_dir, *args):
    env = dict(os.environ, KIOSK_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "main.py", *args], cwd=REPO, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def _dossier_codes(data_dir) -> list[str]:
    import sqlite3
    with sqlite3.connect(data_dir / "kiosk.sqlite3") as c:
        return [r[0] for r in c.execute("select code from dossier order by id")]


def test_cli_receives_and_returns_a_dossier_and_refuses_bad_files_without_writing(tmp_path):
    data = tmp_path / "data"
    good = tmp_path / "nguoi-nop.json"
    good.write_text(json.dumps(HUONG, ensure_ascii=False), encoding="utf-8")
    done = _run(data, "dossier", "receive", "--procedure", BIRTH, "--applicant", str(good), "--proxy-written")
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"HB-\d{8}-\d{3,}", code)

    bad_files = {"hong.json": b'{"full_name": "Nguy', "latin1.json": '{"full_name": "Hà Nam"}'.encode("latin-1"),
                 "mang.json": b'["Nguyen Van A"]', "sai.json": json.dumps({"full_name": "A1"}).encode()}
    for name, content in bad_files.items():
        (tmp_path / name).write_bytes(content)
        refused = _run(data, "dossier", "receive", "--procedure", BIRTH, "--applicant", str(tmp_path / name))
        assert refused.returncode == 1, name
        assert re.search("[ệếưởđạ]", refused.stderr) and "Traceback" not in refused.stderr, refused.stderr
    unknown = _run(data, "dossier", "receive", "--procedure", "9.999999", "--applicant", str(good))
    assert unknown.returncode == 1 and "Không có thủ tục" in unknown.stderr
    assert _dossier_codes(data) == [code]

    returned = _run(data, "dossier", "return", code, "--via", "village-head", "--village", "Thôn 1")
    assert returned.returncode == 0, returned.stderr
    assert "Thôn 1" in returned.stdout
    again = _run(data, "dossier", "return", code, "--via", "counter")
    assert again.returncode == 1 and "không thể trả kết quả" in again.stderr


# --- procedures the counter cannot receive as published ---

def undated_procedure(catalog):
    """A national entry whose time is only words ("Tùy trường hợp: từ 3 đến 5 ngày làm việc")."""
    return next(p for p in catalog.procedures.values() if p.processing_days is None and not p.office)


def test_a_procedure_without_a_number_of_days_is_received_with_the_days_the_clerk_types(dossiers, services):
    proc = undated_procedure(services.catalog)
    with pytest.raises(ValidationError) as missing:
        dossiers.receive_dossier(proc.code, HUONG, None, now=FRIDAY_9)
    assert missing.value.field == "processing_days"
    assert "số ngày làm việc" in missing.value.message and proc.processing_time_text[:30] in missing.value.message
    for bad in (-1, 251, "ba", "2.5", True):
        with pytest.raises(ValidationError) as wrong:
            dossiers.receive_dossier(proc.code, HUONG, None, now=FRIDAY_9, processing_days=bad)
        assert wrong.value.field == "processing_days", bad
    assert dossier_count(services) == 0
    info = dossiers.receive_dossier(proc.code, HUONG, None, now=FRIDAY_9, processing_days="5")
    assert info.processing_days == 5
    assert info.due_date == working_days_after(FRIDAY_9, 5) == date(2026, 12, 4)
    # stored with the snapshot: a supplement restarts the same time limit
    dossiers.request_supplement(info.code, ["Giấy tờ A"], now=FRIDAY_9)
    again = dossiers.mark_supplemented(info.code, now=datetime(2026, 11, 30, 9, 0))
    assert again.due_date == date(2026, 12, 7)
    text = services.printouts.slip_data(dossiers.get(info.code)).processing_time
    assert text == "05 ngày làm việc"


def test_the_days_typed_never_override_the_catalogs_number(dossiers):
    with pytest.raises(ValidationError) as other:
        dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9, processing_days=3)
    assert other.value.field == "processing_days" and "danh mục" in other.value.message
    assert dossiers.receive_dossier(BIRTH, HUONG, None, now=FRIDAY_9, processing_days=0).processing_days == 0


def test_a_procedure_another_office_receives_is_refused_saying_where_to_go(dossiers, services):
    proc = services.catalog.procedure("1.004222")  # đăng ký thường trú: Công an xã
    assert proc.office == "Công an xã"
    with pytest.raises(ValidationError) as refused:
        dossiers.receive_dossier("1.004222", HUONG, None, now=FRIDAY_9)
    msg = refused.value.message
    assert "Công an xã" in msg and "không" in msg and "Đăng ký thường trú" in msg
    assert "VNeID" in msg  # where the referral (forms_catalog/referrals/cu-tru.yaml) sends the citizen
    insurance = next(p for p in services.catalog.procedures.values() if p.office == "Cơ quan Bảo hiểm xã hội")
    with pytest.raises(ValidationError, match="Cơ quan Bảo hiểm xã hội"):
        dossiers.receive_dossier(insurance.code, HUONG, None, now=FRIDAY_9)
    assert dossier_count(services) == 0
    assert services.catalog.search_index is not None and proc.elsewhere  # the lobby still shows it


def test_cli_receive_takes_the_days_and_refuses_another_offices_procedure(tmp_path, catalog):
    data = tmp_path / "data"
    person = tmp_path / "nguoi-nop.json"
    person.write_text(json.dumps(HUONG, ensure_ascii=False), encoding="utf-8")
    proc = undated_procedure(catalog)
    missing = _run(data, "dossier", "receive", "--procedure", proc.code, "--applicant", str(person))
    assert missing.returncode == 1 and "--processing-days" in missing.stderr, missing.stderr
    done = _run(data, "dossier", "receive", "--procedure", proc.code, "--applicant", str(person),
                "--processing-days", "4", "--at", "27/11/2026 09:00")
    assert done.returncode == 0, done.stderr
    assert "Hẹn trả kết quả: 03/12/2026" in done.stdout
    police = _run(data, "dossier", "receive", "--procedure", "1.004222", "--applicant", str(person))
    assert police.returncode == 1 and "Công an xã" in police.stderr and "Traceback" not in police.stderr
    assert len(_dossier_codes(data)) == 1
