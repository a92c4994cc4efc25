"""Clerk accounts and PIN unlock.

PINs are hashed with scrypt (random salt). Five wrong PINs in a row lock the
account for five minutes; logins and failures go to the audit log.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.db.models import Clerk
from kiosk.errors import AuthError, ValidationError
from kiosk.services.audit import add_event
from kiosk.text import nfc

MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=5)
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
    if not re.fullmatch(r"\d{4,8}", pin or ""):
        raise ValidationError("pin", "Mã PIN phải gồm 4 đến 8 chữ số.")
    return pin


@dataclass(frozen=True)
class ClerkInfo:
    id: int
    name: str
    role: str


class AccountService:
    def __init__(self, session_factory: sessionmaker[Session], clock: Callable[[], datetime] = datetime.now):
        self._sf = session_factory
        self._now = clock

    def create_clerk(self, name: str, pin: str, role: str = "clerk") -> ClerkInfo:
        name = " ".join(nfc(name).split())
        if not name:
            raise ValidationError("name", "Tên cán bộ không được để trống.")
        if role not in ROLES:
            raise ValidationError("role", f"Vai trò phải là một trong: {', '.join(ROLES)}.")
        validate_pin(pin)
        with self._sf.begin() as s:
            if s.scalar(select(Clerk).where(Clerk.name == name)):
                raise ValidationError("name", f"Đã có cán bộ tên “{name}”.")
            c = Clerk(name=name, role=role, pin_hash=hash_pin(pin), failed_attempts=0,
                      active=True, created_at=self._now())
            s.add(c)
            s.flush()
            return ClerkInfo(c.id, c.name, c.role)

    def list_clerks(self) -> list[ClerkInfo]:
        with self._sf() as s:
            rows = s.scalars(select(Clerk).where(Clerk.active.is_(True)).order_by(Clerk.name))
            return [ClerkInfo(c.id, c.name, c.role) for c in rows]

    def unlock(self, clerk_id: int, pin: str) -> ClerkInfo:
        """Check a PIN. Raises AuthError (Vietnamese) when wrong or locked; commits the attempt."""
        now = self._now()
        with self._sf.begin() as s:
            c = s.get(Clerk, clerk_id)
            if c is None or not c.active:
                raise AuthError("Không tìm thấy tài khoản cán bộ.")
            if c.locked_until and c.locked_until > now:
                remaining = int((c.locked_until - now).total_seconds() // 60) + 1
                raise AuthError(f"Tài khoản đang bị khóa do nhập sai PIN {MAX_FAILURES} lần. "
                                f"Thử lại sau khoảng {remaining} phút.")
            if check_pin(pin, c.pin_hash):
                c.failed_attempts = 0
                c.locked_until = None
                add_event(s, "login", c.id)
                return ClerkInfo(c.id, c.name, c.role)
            c.failed_attempts += 1
            add_event(s, "login-failed", c.id, f"lần {c.failed_attempts}")
            if c.failed_attempts >= MAX_FAILURES:
                c.failed_attempts = 0
                c.locked_until = now + LOCK_DURATION
                message = (f"Sai mã PIN {MAX_FAILURES} lần liên tiếp. Tài khoản bị khóa "
                           f"{int(LOCK_DURATION.total_seconds() // 60)} phút.")
            else:
                left = MAX_FAILURES - c.failed_attempts
                message = f"Mã PIN không đúng. Còn {left} lần thử trước khi tài khoản bị khóa."
        raise AuthError(message)
