"""Clerk accounts and PIN unlock.

PINs are 6 to 12 ASCII digits, hashed with scrypt (random salt); an older, shorter
PIN still opens the counter once, but must then be changed (`ClerkInfo.must_change_pin`).
Five wrong PINs in a row lock the account; locks escalate while no good PIN comes
between them: 5 minutes, 15 minutes, 1 hour, then until a head or admin unlocks it.
The office sees the count of wrong PINs since each clerk's last login (`alerts()`).

PINs typed on a lobby kiosk (`station="lobby@<host>"`, one per kiosk), where anyone passing by can tap
"Cán bộ", never lock a clerk's account: there the wrong PINs throttle the kiosk
itself (five in a row close the lobby's PIN entry for 5 minutes, 15 minutes, then
1 hour each time), so a passer-by cannot lock the clerks out, yet cannot guess
faster than at a counter. They still count in the office's alert.
Logins, failures, locks, unlocks, PIN changes and deactivations go to the audit log.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import AuditEvent, Clerk
from kiosk.errors import AuthError, ValidationError
from kiosk.services.audit import add_event
from kiosk.text import nfc

MAX_FAILURES = 5
# lock n (1-based, since the last good PIN) lasts LOCK_STEPS[n-1]; beyond them: until a head unlocks
LOCK_STEPS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
LOCK_DURATION = LOCK_STEPS[0]
UNTIL_UNLOCKED = datetime(9999, 12, 31)  # locked_until of an account only a head or admin can reopen
MIN_PIN, MAX_PIN = 6, 12
MAX_NAME = 100
ROLES = ("clerk", "head", "admin")
_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


def hash_pin(pin: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                         dklen=len(digest) // 2)
    return hmac.compare_digest(got.hex(), digest)


def validate_pin(pin: str) -> str:
    """A new PIN: 6 to 12 ASCII digits (not Arabic-Indic or full-width look-alikes)."""
    if not re.fullmatch(rf"[0-9]{{{MIN_PIN},{MAX_PIN}}}", pin or ""):
        raise ValidationError("pin", f"Mã PIN phải gồm {MIN_PIN} đến {MAX_PIN} chữ số 0–9.")
    return pin


def duration_text(delta: timedelta) -> str:
    """The real time left, rounded up to the minute: "5 phút", "1 giờ", "1 giờ 5 phút"."""
    minutes = max(1, math.ceil(delta.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} giờ {minutes} phút"
    return f"{hours} giờ" if hours else f"{minutes} phút"


@dataclass(frozen=True)
class ClerkInfo:
    id: int
    name: str
    role: str
    must_change_pin: bool = False  # logged in with a PIN shorter than MIN_PIN


@dataclass(frozen=True)
class LockAlert:
    """For the office: a clerk with wrong PINs since the last login."""
    clerk_id: int
    name: str
    failures: int
    locked_until: datetime | None  # None: not locked now; UNTIL_UNLOCKED: until a head unlocks

    @property
    def text(self) -> str:
        if self.locked_until == UNTIL_UNLOCKED:
            state = "đang bị khóa cho đến khi trưởng bộ phận mở khóa"
        elif self.locked_until:
            state = f"đang bị khóa đến {self.locked_until:%H:%M}"
        else:
            state = "chưa bị khóa"
        return f"{self.name}: {self.failures} lần nhập sai mã PIN từ lần đăng nhập trước, {state}."


class AccountService:
    def __init__(self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self._now = clock

    def create_clerk(self, name: str, pin: str, role: str = "clerk") -> ClerkInfo:
        name = " ".join(nfc(name).split())
        if not name:
            raise ValidationError("name", "Tên cán bộ không được để trống.")
        if len(name) > MAX_NAME:
            raise ValidationError("name", f"Tên cán bộ quá dài (tối đa {MAX_NAME} ký tự).")
        if role not in ROLES:
            raise ValidationError("role", f"Vai trò phải là một trong: {', '.join(ROLES)}.")
        validate_pin(pin)
        with self._sf.begin() as s:
            if s.scalar(select(Clerk).where(Clerk.name == name)):
                raise ValidationError("name", f"Đã có cán bộ tên “{name}”.")
            c = Clerk(name=name, role=role, pin_hash=hash_pin(pin), failed_attempts=0, lock_level=0,
                      failures_since_login=0, active=True, created_at=self._now())
            s.add(c)
            s.flush()
            add_event(s, "clerk-add", None, f"#{c.id} ({role})")
            return ClerkInfo(c.id, c.name, c.role)

    def list_clerks(self) -> list[ClerkInfo]:
        with self._sf() as s:
            rows = s.scalars(select(Clerk).where(Clerk.active.is_(True)).order_by(Clerk.name))
            return [ClerkInfo(c.id, c.name, c.role) for c in rows]

    def find(self, name: str) -> ClerkInfo:
        """An active clerk by exact name (NFC, spaces collapsed); ValidationError if none."""
        name = " ".join(nfc(name).split())
        with self._sf() as s:
            c = s.scalar(select(Clerk).where(Clerk.name == name, Clerk.active.is_(True)))
            if c is None:
                raise ValidationError("name", f"Không có cán bộ đang làm việc tên “{name}”.")
            return ClerkInfo(c.id, c.name, c.role)

    def unlock(self, clerk_id: int, pin: str, *, station: str | None = None) -> ClerkInfo:
        """Check a PIN. Raises AuthError (Vietnamese, with the real time left) when wrong or
        locked; commits the attempt. The fifth wrong PIN in a row locks the account, longer
        each time (LOCK_STEPS), then until a head or admin unlocks it. With a `station`
        (the lobby kiosk) wrong PINs throttle that station instead of the account."""
        now = self._now()
        if not re.fullmatch(r"[0-9]{1,12}", pin or ""):
            raise AuthError("Mã PIN chỉ gồm các chữ số 0–9.")
        if station is not None:
            return self._unlock_at_station(clerk_id, pin, station, now)
        with self._sf.begin() as s:
            c = s.get(Clerk, clerk_id)
            if c is None or not c.active:
                raise AuthError("Không tìm thấy tài khoản cán bộ.")
            if c.locked_until == UNTIL_UNLOCKED:
                raise AuthError("Tài khoản đang bị khóa do nhập sai mã PIN nhiều lần. Hãy nhờ trưởng bộ phận "
                                "hoặc quản trị mở khóa.")
            if c.locked_until and c.locked_until > now:
                raise AuthError(f"Tài khoản đang bị khóa do nhập sai mã PIN {MAX_FAILURES} lần. "
                                f"Thử lại sau {duration_text(c.locked_until - now)}.")
            if check_pin(pin, c.pin_hash):
                c.failed_attempts, c.locked_until, c.lock_level, c.failures_since_login = 0, None, 0, 0
                add_event(s, "login", c.id)
                return ClerkInfo(c.id, c.name, c.role, must_change_pin=len(pin) < MIN_PIN)
            c.failed_attempts += 1
            c.failures_since_login = (c.failures_since_login or 0) + 1
            add_event(s, "login-failed", c.id, f"lần {c.failed_attempts}")
            if c.failed_attempts >= MAX_FAILURES:
                c.failed_attempts = 0
                c.lock_level = (c.lock_level or 0) + 1
                if c.lock_level > len(LOCK_STEPS):
                    c.locked_until = UNTIL_UNLOCKED
                    message = (f"Sai mã PIN {MAX_FAILURES} lần liên tiếp, lần khóa thứ {c.lock_level}. Tài khoản bị "
                               "khóa cho đến khi trưởng bộ phận hoặc quản trị mở khóa.")
                else:
                    step = LOCK_STEPS[c.lock_level - 1]
                    c.locked_until = now + step
                    message = f"Sai mã PIN {MAX_FAILURES} lần liên tiếp. Tài khoản bị khóa {duration_text(step)}."
                add_event(s, "clerk-locked", c.id, f"lần khóa {c.lock_level}, {c.failures_since_login} lần sai")
            else:
                left = MAX_FAILURES - c.failed_attempts
                message = f"Mã PIN không đúng. Còn {left} lần thử trước khi tài khoản bị khóa."
        raise AuthError(message)

    def station_locked_until(self, station: str) -> datetime | None:
        """When the station's PIN entry opens again, or None when it is open now."""
        with self._sf() as s:
            until, _ = self._station_state(s, station, self._now())
        return until

    def _station_state(self, s: Session, station: str, now: datetime) -> tuple[datetime | None, int]:
        """(locked until, wrong PINs in a row) of a station, from its audit events: the
        failures since its last good PIN or lock; a lock lasts LOCK_STEPS[n-1] for the n-th
        lock since the last good PIN (the last step repeats)."""
        rows = s.execute(select(AuditEvent.at, AuditEvent.action).where(
            AuditEvent.action.in_(("station-login", "station-login-failed", "station-locked")),
            (AuditEvent.detail == station) | AuditEvent.detail.startswith(f"{station},", autoescape=True))
            .order_by(AuditEvent.id.desc()).limit(200)).all()
        failures, locks, last_lock = 0, 0, None
        for at, action in rows:
            if action == "station-login":
                break
            if action == "station-locked":
                locks += 1
                last_lock = last_lock or at
            elif locks == 0:
                failures += 1
        if last_lock is not None:
            until = last_lock + LOCK_STEPS[min(locks, len(LOCK_STEPS)) - 1]
            if until > now:
                return until, failures
        return None, failures

    def _unlock_at_station(self, clerk_id: int, pin: str, station: str, now: datetime) -> ClerkInfo:
        with self._sf.begin() as s:
            until, failures = self._station_state(s, station, now)
            if until is not None:
                raise AuthError("Máy này tạm khóa đăng nhập cán bộ do nhập sai mã PIN nhiều lần. "
                                f"Thử lại sau {duration_text(until - now)}, hoặc đăng nhập ở máy quầy.")
            c = s.get(Clerk, clerk_id)
            if c is None or not c.active:
                raise AuthError("Không tìm thấy tài khoản cán bộ.")
            if c.locked_until == UNTIL_UNLOCKED or (c.locked_until and c.locked_until > now):
                raise AuthError("Tài khoản đang bị khóa do nhập sai mã PIN nhiều lần. Hãy đăng nhập ở máy quầy "
                                "sau khi hết giờ khóa, hoặc nhờ trưởng bộ phận mở khóa.")
            if check_pin(pin, c.pin_hash):
                c.failures_since_login = 0
                s.add(AuditEvent(at=now, clerk_id=c.id, action="station-login", detail=station))
                add_event(s, "login", c.id, station)
                return ClerkInfo(c.id, c.name, c.role, must_change_pin=len(pin) < MIN_PIN)
            c.failures_since_login = (c.failures_since_login or 0) + 1  # the office's alert
            failures += 1
            s.add(AuditEvent(at=now, clerk_id=c.id, action="station-login-failed", detail=f"{station}, lần {failures}"))
            if failures >= MAX_FAILURES:
                s.add(AuditEvent(at=now, clerk_id=None, action="station-locked", detail=station))
                s.flush()
                until, _ = self._station_state(s, station, now)
                message = (f"Sai mã PIN {MAX_FAILURES} lần liên tiếp. Máy này tạm khóa đăng nhập cán bộ "
                           f"{duration_text(until - now)}; tài khoản của cán bộ không bị khóa.")
            else:
                message = (f"Mã PIN không đúng. Còn {MAX_FAILURES - failures} lần thử trước khi máy này "
                           "tạm khóa đăng nhập cán bộ.")
        raise AuthError(message)

    def change_pin(self, clerk_id: int, old_pin: str, new_pin: str) -> None:
        """The clerk changes their own PIN (required after logging in with a short one); commits."""
        validate_pin(new_pin)
        with self._sf.begin() as s:
            c = s.get(Clerk, clerk_id)
            if c is None or not c.active or not check_pin(old_pin or "", c.pin_hash):
                raise AuthError("Mã PIN hiện tại không đúng.")
            if check_pin(new_pin, c.pin_hash):
                raise ValidationError("pin", "Mã PIN mới phải khác mã PIN cũ.")
            c.pin_hash = hash_pin(new_pin)
            add_event(s, "pin-change", c.id)

    def set_pin(self, clerk_id: int, new_pin: str) -> None:
        """An administrator sets a new PIN (`clerk passwd`); also lifts any lock; commits."""
        validate_pin(new_pin)
        with self._sf.begin() as s:
            c = self._active(s, clerk_id)
            c.pin_hash = hash_pin(new_pin)
            c.failed_attempts, c.locked_until, c.lock_level = 0, None, 0
            add_event(s, "pin-reset", None, f"#{c.id}")

    def disable(self, clerk_id: int) -> None:
        """Deactivate an account (`clerk disable`): it no longer appears nor unlocks; commits."""
        with self._sf.begin() as s:
            c = self._active(s, clerk_id)
            c.active = False
            add_event(s, "clerk-disable", None, f"#{c.id}")

    def unlock_account(self, clerk_id: int, by: ClerkInfo | None) -> None:
        """A head or admin (or the `clerk unlock` command, `by=None`) lifts a lock; commits."""
        if by is not None and by.role not in ("head", "admin"):
            raise AuthError("Chỉ trưởng bộ phận hoặc quản trị mới mở khóa được tài khoản.")
        with self._sf.begin() as s:
            c = self._active(s, clerk_id)
            c.failed_attempts, c.locked_until, c.lock_level, c.failures_since_login = 0, None, 0, 0
            add_event(s, "clerk-unlock", by.id if by else None, f"#{c.id}")

    def alerts(self) -> list[LockAlert]:
        """Clerks with wrong PINs since their last login (the office's alert), most first."""
        with self._sf() as s:
            rows = s.scalars(select(Clerk).where(Clerk.active.is_(True), Clerk.failures_since_login > 0)
                             .order_by(Clerk.failures_since_login.desc(), Clerk.name))
            now = self._now()
            return [LockAlert(c.id, c.name, c.failures_since_login,
                              c.locked_until if c.locked_until and c.locked_until > now else None) for c in rows]

    @staticmethod
    def _active(s: Session, clerk_id: int) -> Clerk:
        c = s.get(Clerk, clerk_id)
        if c is None or not c.active:
            raise ValidationError("name", "Không tìm thấy tài khoản cán bộ đang làm việc.")
        return c
