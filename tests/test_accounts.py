from datetime import datetime, timedelta

import pytest

from kiosk.db import migrate
from kiosk.db.engine import make_engine, make_session_factory
from kiosk.errors import AuthError, ValidationError
from kiosk.services.accounts import AccountService, check_pin, hash_pin
from kiosk.services.audit import AuditService


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 27, 8, 0)

    def __call__(self):
        return self.now


@pytest.fixture
def sf(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    migrate.upgrade(engine)
    return make_session_factory(engine)


def test_pin_is_stored_as_salted_scrypt_hash():
    h1, h2 = hash_pin("2468"), hash_pin("2468")
    assert h1.startswith("scrypt$") and "2468" not in h1 and h1 != h2
    assert check_pin("2468", h1) and not check_pin("2469", h1)


def test_five_wrong_pins_lock_the_account_for_five_minutes(sf):
    clock = Clock()
    acc = AccountService(sf, clock)
    clerk = acc.create_clerk("Trần Văn Bình", "2468")
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthError) as e:
            acc.unlock(clerk.id, "0000")
        assert f"Còn {left} lần" in e.value.message
    with pytest.raises(AuthError) as e:
        acc.unlock(clerk.id, "0000")
    assert "bị khóa 5 phút" in e.value.message
    with pytest.raises(AuthError) as e:  # even the right PIN is refused while locked
        acc.unlock(clerk.id, "2468")
    assert "đang bị khóa" in e.value.message
    clock.now += timedelta(minutes=5, seconds=1)
    assert acc.unlock(clerk.id, "2468").name == "Trần Văn Bình"


def test_logins_and_failures_are_audited(sf):
    acc = AccountService(sf)
    clerk = acc.create_clerk("Phạm Ngọc Ửng", "13579")
    with pytest.raises(AuthError):
        acc.unlock(clerk.id, "1111")
    acc.unlock(clerk.id, "13579")
    actions = [e.action for e in AuditService(sf).recent()]
    assert actions[:2] == ["login", "login-failed"]


def test_pin_must_be_digits():
    with pytest.raises(ValidationError) as e:
        AccountService(None).create_clerk("A", "12a4")
    assert "4 đến 8 chữ số" in e.value.message
