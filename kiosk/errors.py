"""Errors a person can cause, carried as values with a Vietnamese message."""
from __future__ import annotations


class KioskError(Exception):
    """Base class: `message` is Vietnamese text safe to show to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ValidationError(KioskError):
    """A value typed, scanned or read from a file is not acceptable."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class ConfigError(KioskError):
    """config.toml cannot be used; the app must not start half-configured."""


class AuthError(KioskError):
    """Wrong PIN, locked account, unknown clerk."""


class NotFoundError(KioskError):
    """A code or id that does not exist."""
