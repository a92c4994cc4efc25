"""A broken catalog never changes stored data. The kiosk starts without the broken entries
(a missing procedure cannot be received, but nothing stored depends on the catalog) and the
counter shows a warning naming the file and the field; a dossier keeps the time limit it was
received with, so a broken or edited entry cannot move its due date."""
import json
import shutil
from datetime import datetime

import pytest

from kiosk.catalog import load_catalog
from kiosk.services.dossiers import DossierService, DossierStatus
from kiosk.workdays import working_days_after
from tests.conftest import REPO

FRIDAY_9 = datetime(2026, 11, 27, 9, 0)
MONDAY_8 = datetime(2026, 11, 30, 8, 0)
PERSON = {"full_name": "Nguyễn Văn Hưởng", "date_of_birth": "14/07/1995", "cccd": "068095001234"}


def copy_catalog(tmp_path):
    root = tmp_path / "forms_catalog"
    shutil.copytree(REPO / "forms_catalog", root)
    return root


def longer_curated(catalog):
    return next(p for p in catalog.procedures.values()
                if p.tier == "curated" and p.processing_days is not None and p.processing_days >= 3)


@pytest.mark.parametrize("damage", ["broken file", "edited time"])
def test_a_broken_or_edited_entry_cannot_move_a_due_date(services, tmp_path, damage):
    proc = longer_curated(services.catalog)
    days = proc.processing_days
    code = services.dossiers.receive_dossier(proc.code, PERSON, None, now=FRIDAY_9).code
    services.dossiers.request_supplement(code, ["Giấy tờ còn thiếu"], now=FRIDAY_9)
    root = copy_catalog(tmp_path)
    path = root / "procedures" / f"{proc.code}.yaml"
    if damage == "broken file":
        path.write_text(path.read_text(encoding="utf-8").replace("friday_same_day:", "friday_same_dy:"),
                        encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"processing_days: {days}\n", "processing_days: 0\n"), encoding="utf-8")
    changed = load_catalog(root)
    if damage == "broken file":
        assert proc.code not in changed.procedures and changed.warning
    else:
        assert changed.procedure(proc.code).processing_days == 0
    later = DossierService(services.session_factory, changed, services.config.settings)
    resumed = later.mark_supplemented(code, now=MONDAY_8)
    assert resumed.status == DossierStatus.RECEIVED
    assert resumed.due_date == working_days_after(MONDAY_8, days, services.config.settings.extra_holidays)
    assert resumed.due_date != MONDAY_8.date()


def test_one_broken_entry_of_a_national_file_leaves_out_only_itself(tmp_path):
    root = copy_catalog(tmp_path)
    # an official-only hộ kinh doanh entry (which one depends on what the commune has curated)
    path = next((root / "national").glob("*ho-kinh-doanh*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    i, target = 0, data["procedures"][0]["code"]
    data["procedures"][i]["processing_days"] = "mười"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    cat = load_catalog(root)
    rel = f"national/{path.name}"
    assert [(p.path, p.field) for p in cat.problems] == [(rel, f"procedures.{i} ({target}).processing_days")]
    assert target not in cat.procedures
    others = [e["code"] for e in data["procedures"] if e["code"] != target]
    assert others and all(c in cat.procedures for c in others)
    assert rel in cat.warning and "processing_days" in cat.warning


def test_the_kiosk_starts_without_the_broken_entry_and_the_counter_is_warned(qtbot, tmp_path):
    from kiosk.config import load_config
    from kiosk.services.accounts import ClerkInfo
    from kiosk.services.container import build_services
    from ui.app import build_window
    root = copy_catalog(tmp_path)
    path = root / "procedures" / "1.004873.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("friday_same_day:", "friday_same_dy:"), encoding="utf-8")
    data = tmp_path / "data"
    services = build_services(load_config({"KIOSK_DATA_DIR": str(data), "KIOSK_CATALOG_DIR": str(root)}, REPO))
    try:
        assert "1.004873" not in services.catalog.procedures and "1.001193" in services.catalog.procedures
        assert all(h.code != "1.004873" for h in services.search.search("xac nhan doc than"))
        win = build_window(services, idle_ms=60_000, warning_s=20)
        qtbot.addWidget(win)
        win.show()
        win.enter_counter(ClerkInfo(0, "Cán bộ thử", "clerk"))
        warning = win.current().catalog_warning
        assert warning.isVisible()
        assert "procedures/1.004873.yaml" in warning.text() and "friday_same_day" in warning.text()
        assert "catalog check" in warning.text()
        win.idle.stop()
    finally:
        services.close()


def test_an_official_entry_whose_time_is_only_words_is_refused_in_vietnamese_and_nothing_stored(services):
    from sqlalchemy import func, select

    from kiosk.db.models import Dossier
    from kiosk.errors import ValidationError
    proc = next(p for p in services.catalog.procedures.values() if p.processing_days is None and not p.elsewhere)
    with pytest.raises(ValidationError) as e:  # unless the clerk types the days (issue 11)
        services.dossiers.receive_dossier(proc.code, PERSON, None, now=FRIDAY_9)
    assert "chưa ghi thời hạn giải quyết bằng số ngày" in e.value.message and e.value.field == "processing_days"
    with services.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Dossier)) == 0
