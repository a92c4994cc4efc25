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
    h1, h2 = hash_pin("246813"), hash_pin("246813")
    assert h1.startswith("scrypt$") and "246813" not in h1 and h1 != h2
    assert check_pin("246813", h1) and not check_pin("2469", h1)


def fail_five_times(acc, clerk_id):
    for _ in range(4):
        with pytest.raises(AuthError):
            acc.unlock(clerk_id, "000000")
    with pytest.raises(AuthError) as e:
        acc.unlock(clerk_id, "000000")
    return e.value.message


def test_five_wrong_pins_lock_the_account_for_five_minutes(sf):
    clock = Clock()
    acc = AccountService(sf, clock)
    clerk = acc.create_clerk("Trần Văn Bình", "246813")
    for left in (4, 3, 2, 1):
        with pytest.raises(AuthError) as e:
            acc.unlock(clerk.id, "000000")
        assert f"Còn {left} lần" in e.value.message
    with pytest.raises(AuthError) as e:
        acc.unlock(clerk.id, "000000")
    assert "bị khóa 5 phút" in e.value.message
    with pytest.raises(AuthError) as e:  # even the right PIN is refused while locked: the real time left
        acc.unlock(clerk.id, "246813")
    assert "Thử lại sau 5 phút" in e.value.message
    clock.now += timedelta(minutes=3, seconds=1)
    with pytest.raises(AuthError) as e:
        acc.unlock(clerk.id, "246813")
    assert "Thử lại sau 2 phút" in e.value.message
    clock.now += timedelta(minutes=2)
    assert acc.unlock(clerk.id, "246813").name == "Trần Văn Bình"


def test_locks_escalate_to_15_minutes_1_hour_then_until_a_head_unlocks(sf):
    clock = Clock()
    acc = AccountService(sf, clock)
    clerk = acc.create_clerk("Trần Văn Bình", "246813")
    head = acc.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
    for minutes, words in ((5, "bị khóa 5 phút"), (15, "bị khóa 15 phút"), (60, "bị khóa 1 giờ")):
        assert words in fail_five_times(acc, clerk.id)
        clock.now += timedelta(minutes=minutes) - timedelta(seconds=1)
        with pytest.raises(AuthError):  # still locked one second before the end
            acc.unlock(clerk.id, "246813")
        clock.now += timedelta(seconds=1)
    assert "cho đến khi trưởng bộ phận" in fail_five_times(acc, clerk.id)
    clock.now += timedelta(days=30)
    with pytest.raises(AuthError) as e:
        acc.unlock(clerk.id, "246813")
    assert "trưởng bộ phận" in e.value.message
    (alert,) = acc.alerts()  # the office sees it, with the count of wrong PINs
    assert alert.name == "Trần Văn Bình" and alert.failures == 20 and "20 lần" in alert.text
    with pytest.raises(AuthError):
        acc.unlock_account(clerk.id, acc.create_clerk("Phạm Văn Cường", "135792"))  # a clerk cannot
    acc.unlock_account(clerk.id, head)
    assert acc.unlock(clerk.id, "246813").name == "Trần Văn Bình"
    assert acc.alerts() == []
    assert "bị khóa 5 phút" in fail_five_times(acc, clerk.id)  # a good login starts again at 5 minutes


def test_a_good_pin_between_locks_resets_the_escalation(sf):
    clock = Clock()
    acc = AccountService(sf, clock)
    clerk = acc.create_clerk("Trần Văn Bình", "246813")
    fail_five_times(acc, clerk.id)
    clock.now += timedelta(minutes=5)
    acc.unlock(clerk.id, "246813")
    assert "bị khóa 5 phút" in fail_five_times(acc, clerk.id)


def test_a_short_existing_pin_still_opens_once_but_must_be_changed(sf):
    from kiosk.db.models import Clerk
    acc = AccountService(sf)
    clerk = acc.create_clerk("Trần Văn Bình", "246813")
    with sf.begin() as s:  # as created by an older version
        s.get(Clerk, clerk.id).pin_hash = hash_pin("2468")
    info = acc.unlock(clerk.id, "2468")
    assert info.must_change_pin
    with pytest.raises(ValidationError):
        acc.change_pin(clerk.id, "2468", "1357")
    acc.change_pin(clerk.id, "2468", "135792")
    assert not acc.unlock(clerk.id, "135792").must_change_pin
    with pytest.raises(AuthError):
        acc.unlock(clerk.id, "2468")


@pytest.mark.parametrize("pin", ["2468", "12345", "٢٤٦٨١٣", "２４６８１３", "24681a", "1234567890123", ""])
def test_new_pins_are_6_to_12_ascii_digits(sf, pin):
    with pytest.raises(ValidationError) as e:
        AccountService(sf).create_clerk("Trần Văn Bình", pin)
    assert "6 đến 12 chữ số 0–9" in e.value.message


def test_arabic_indic_digits_never_unlock(sf):
    acc = AccountService(sf)
    clerk = acc.create_clerk("Trần Văn Bình", "246813")
    with pytest.raises(AuthError) as e:
        acc.unlock(clerk.id, "٢٤٦٨١٣")
    assert "0–9" in e.value.message


def test_names_are_at_most_100_characters(sf):
    acc = AccountService(sf)
    with pytest.raises(ValidationError) as e:
        acc.create_clerk("Nguyễn " * 20, "246813")
    assert "tối đa 100" in e.value.message
    assert acc.create_clerk("Nguyễn Văn " + "A" * 89, "246813").name.endswith("A")


def test_cli_passwd_disable_and_unlock(tmp_path):
    import subprocess
    import sys
    from tests.conftest import REPO
    env = {"KIOSK_DATA_DIR": str(tmp_path / "d"), "PATH": "/usr/bin:/bin"}

    def run(*a, stdin=""):
        return subprocess.run([sys.executable, str(REPO / "main.py"), *a], input=stdin, capture_output=True,
                              text=True, env=env)
    assert run("clerk", "add", "Trần Văn Bình", stdin="2468\n").returncode == 1
    assert run("clerk", "add", "Trần Văn Bình", stdin="246813\n").returncode == 0
    r = run("clerk", "passwd", "Trần Văn Bình", stdin="12\n")
    assert r.returncode == 1 and "6 đến 12 chữ số" in r.stderr
    r = run("clerk", "passwd", "Trần Văn Bình", stdin="975310\n")
    assert r.returncode == 0 and "Đã đặt mã PIN mới" in r.stdout
    from kiosk.db.engine import make_engine
    acc = AccountService(make_session_factory(make_engine(f"sqlite:///{tmp_path / 'd' / 'kiosk.sqlite3'}")))
    clerk = acc.list_clerks()[0]
    assert acc.unlock(clerk.id, "975310").name == "Trần Văn Bình"
    fail_five_times(acc, clerk.id)
    assert run("clerk", "unlock", "Trần Văn Bình").returncode == 0
    assert acc.unlock(clerk.id, "975310")
    r = run("clerk", "disable", "Trần Văn Bình")
    assert r.returncode == 0 and "Đã ngừng" in r.stdout
    assert run("clerk", "list").stdout == ""
    with pytest.raises(AuthError):
        acc.unlock(clerk.id, "975310")
    r = run("clerk", "disable", "Không Có Ai")
    assert r.returncode == 1 and "Không có cán bộ" in r.stderr


def test_logins_and_failures_are_audited(sf):
    acc = AccountService(sf)
    clerk = acc.create_clerk("Phạm Ngọc Ửng", "135790")
    with pytest.raises(AuthError):
        acc.unlock(clerk.id, "111111")
    acc.unlock(clerk.id, "135790")
    actions = [e.action for e in AuditService(sf).recent()]
    assert actions[:2] == ["login", "login-failed"]


def test_pin_must_be_digits():
    with pytest.raises(ValidationError) as e:
        AccountService(None).create_clerk("A", "12a456")
    assert "6 đến 12 chữ số" in e.value.message


def test_wrong_pins_on_the_lobby_kiosk_throttle_the_kiosk_not_the_accounts(sf):
    """Issue 15: anyone passing the lobby can tap "Cán bộ"; five wrong PINs per clerk there
    must not lock the clerks out of their counters, yet must not allow fast guessing."""
    clock = Clock()
    acc = AccountService(sf, clock)
    clerks = [acc.create_clerk(n, "246813") for n in ("Trần Văn Bình", "Lê Thị Mỹ Duyên")]
    messages = []
    for _ in range(5):
        with pytest.raises(AuthError) as e:
            acc.unlock(clerks[0].id, "000000", station="lobby")
        messages.append(e.value.message)
    assert "Còn 4 lần" in messages[0] and "máy này" in messages[0]
    assert "tạm khóa đăng nhập cán bộ 5 phút" in messages[-1] and "không bị khóa" in messages[-1]
    for c in clerks:  # the accounts still open at a counter PC, at once
        assert acc.unlock(c.id, "246813").name == c.name
    with pytest.raises(AuthError) as e:  # the lobby itself stays closed, even to the right PIN
        acc.unlock(clerks[1].id, "246813", station="lobby")
    assert "Thử lại sau 5 phút" in e.value.message
    assert acc.station_locked_until("lobby") == clock.now + timedelta(minutes=5)
    clock.now += timedelta(minutes=5)
    assert acc.station_locked_until("lobby") is None
    for _ in range(4):
        with pytest.raises(AuthError):
            acc.unlock(clerks[1].id, "111111", station="lobby")
    with pytest.raises(AuthError) as e:  # the second lock of the kiosk is longer
        acc.unlock(clerks[1].id, "111111", station="lobby")
    assert "15 phút" in e.value.message
    alerts = {a.name: a.failures for a in acc.alerts()}
    assert alerts == {"Lê Thị Mỹ Duyên": 5}  # the office sees the guesses (Bình logged in since)
    clock.now += timedelta(minutes=15)
    assert acc.unlock(clerks[1].id, "246813", station="lobby").name == "Lê Thị Mỹ Duyên"
    for _ in range(4):  # a good PIN on the kiosk starts the count again
        with pytest.raises(AuthError):
            acc.unlock(clerks[0].id, "000000", station="lobby")
    assert acc.station_locked_until("lobby") is None
    assert acc.unlock(clerks[0].id, "246813").name == "Trần Văn Bình"
