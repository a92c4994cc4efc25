"""Retention purge keeps report counts; backups and restores are verified."""
import json
import sqlite3
import subprocess
import sys
from datetime import date, datetime

import pytest

from kiosk.db.models import (Applicant, AuditEvent, Dossier, DossierEvent, Feedback, FilledForm, Letter,
                             PrintJob)
from kiosk.errors import KioskError
from kiosk.services.maintenance import months_before
from tests.conftest import REPO

OLD = datetime(2025, 3, 14, 9)
NEW = datetime(2026, 11, 20, 9)


def add_dossier(s, code, received, name, cccd, status="returned"):
    a = Applicant(full_name=name, cccd=cccd, phone="0912345678", address="Thôn 2, xã Hòa Bình",
                  date_of_birth="01/02/1950", updated_at=received)
    s.add(a)
    s.flush()
    d = Dossier(code=code, procedure_code="1.001193", applicant_id=a.id, received_at=received,
                due_date=received.date(), status=status, returned_at=received, returned_via="counter",
                resolved_at=received, channel="direct", proxy_written=True, guided_online=False)
    s.add(d)
    s.flush()
    s.add(FilledForm(form_id="to-khai-dang-ky-khai-sinh", procedure_code="1.001193", dossier_id=d.id,
                     values_json=json.dumps({"requester_name": name}, ensure_ascii=False), is_draft=False,
                     created_at=received, updated_at=received))
    # everywhere else the app writes about the person (issue 15): draft, event reason, letter, print job, audit
    s.add(FilledForm(form_id="to-khai-dang-ky-khai-sinh", procedure_code="1.001193", dossier_id=None,
                     values_json=json.dumps({"requester_name": name, "requester_id": cccd}, ensure_ascii=False),
                     is_draft=True, created_at=received, updated_at=received))
    s.add(DossierEvent(dossier_id=d.id, at=received, kind="refused",
                       detail_json=json.dumps({"reason": f"{name} thiếu giấy"}, ensure_ascii=False)))
    s.add(Letter(kind="condolence", recipient_name=name, body=f"Kính gửi gia đình {name}", created_at=received))
    s.add(PrintJob(kind="letter", title=f"Thư chia buồn {name}", payload_path="", payload=name.encode(),
                   printer="folder", copies=1, status="done", attempts=1, created_at=received, updated_at=received))
    s.add(AuditEvent(at=received, action="search-applicant", detail=f"“{name}”: 1 người"))


@pytest.fixture
def filled(services):
    with services.session_factory.begin() as s:
        add_dossier(s, "HB-20250314-001", OLD, "NGUYỄN THỊ HƯỜNG", "068150001234")
        add_dossier(s, "HB-20250314-002", OLD, "ĐẶNG VĂN LƯỢNG", "068050004321")
        add_dossier(s, "HB-20261120-001", NEW, "PHẠM NGỌC ỬNG", "068160009999")
        s.add(Feedback(created_at=OLD, topic="Khác", text="Đường thôn 2 hỏng", contact="0987654321", status="new"))
        s.add(Feedback(created_at=NEW, topic="Khác", text="Cảm ơn", contact="0911111111", status="new"))
    return services


def test_purge_removes_old_personal_data_and_every_report_keeps_its_counts(filled):
    svc = filled
    svc.maintenance._now = lambda: datetime(2026, 11, 25)
    periods = ["2025-03", "2025-Q1", "2025", "2026-11", "2026-W47", "2026"]
    before = {p: svc.reports.build(p).to_json() for p in periods}
    r = svc.maintenance.purge_personal(12)
    assert (r.applicants, r.forms, r.feedback) == (2, 2, 1)
    after = {p: svc.reports.build(p).to_json() for p in periods}
    for p in periods:
        before[p].pop("generated_at"), after[p].pop("generated_at")
        assert before[p] == after[p], p
    with svc.session_factory() as s:
        people = {a.cccd: (a.full_name, a.phone, a.purged) for a in s.query(Applicant)}
        forms = [f.values_json for f in s.query(FilledForm).order_by(FilledForm.id)]
        contacts = [f.contact for f in s.query(Feedback).order_by(Feedback.id)]
    assert people == {None: (None, None, True), "068160009999": ("PHẠM NGỌC ỬNG", "0912345678", False)}
    assert forms[0] == "{}" and "ỬNG" in forms[-2]
    assert contacts == [None, "0911111111"]
    # not three tables: every row of every table (and the file's bytes)
    import sqlite3 as sq
    db = svc.config.data_dir / "kiosk.sqlite3"
    with sq.connect(db) as c:
        dump = "\n".join(c.iterdump())
    raw = db.read_bytes() + (db.with_name("kiosk.sqlite3-wal").read_bytes()
                             if db.with_name("kiosk.sqlite3-wal").exists() else b"")
    for gone in ("NGUYỄN THỊ HƯỜNG", "ĐẶNG VĂN LƯỢNG", "068150001234", "068050004321", "Đường thôn 2 hỏng"):
        assert gone not in dump and gone.encode() not in raw, gone
    assert "PHẠM NGỌC ỬNG" in dump


def test_months_before_handles_year_and_month_ends():
    assert months_before(datetime(2026, 1, 31), 1) == datetime(2025, 12, 28)
    assert months_before(datetime(2026, 11, 25, 8), 24) == datetime(2024, 11, 25, 8)


def test_backup_is_verified_and_restore_brings_it_back(filled, tmp_path):
    svc = filled
    dest, count = svc.maintenance.backup(tmp_path / "sao-luu.sqlite3")
    assert count == 3
    with sqlite3.connect(dest) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with svc.session_factory.begin() as s:
        s.query(FilledForm).delete()
        s.query(DossierEvent).delete()
        s.query(Dossier).delete()
    r = svc.maintenance.restore(dest)
    assert r.count == 3 and r.safety.exists() and r.discarded == []
    with svc.session_factory() as s:
        assert s.query(Dossier).count() == 3


def test_restore_refuses_a_file_that_is_not_a_kiosk_database(services, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(KioskError) as e:
        services.maintenance.restore(junk)
    assert "không phải cơ sở dữ liệu" in e.value.message


def test_cli_backup_purge_and_report_json(filled, data_dir, tmp_path):
    env = {"KIOSK_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    filled.close()
    run = lambda *a: subprocess.run([sys.executable, str(REPO / "main.py"), *a], capture_output=True,  # noqa: E731
                                    text=True, env=env)
    r = run("db", "backup", str(tmp_path / "b.sqlite3"))
    assert r.returncode == 0 and r.stdout.strip().splitlines()[-1] == str(tmp_path / "b.sqlite3")
    r = run("report", "--period", "2025-03", "--format", "json", "--out", str(tmp_path / "r.json"))
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["total"]["received"] == 2
    r = run("db", "purge-personal", "--older-than", "0")
    assert r.returncode == 1 and "Số tháng" in r.stderr
    r = run("report", "--period", "2025-13", "--format", "json", "--out", str(tmp_path / "x.json"))
    assert r.returncode == 1 and "Kỳ báo cáo" in r.stderr and not (tmp_path / "x.json").exists()
