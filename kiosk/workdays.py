"""Due dates in working days (ngày làm việc).

Non-working days: Saturdays, Sundays, the Vietnamese public holidays known to the
`holidays` package (lunar Tết, Hùng Kings, and the compensatory days off it knows;
read from its generated table kiosk/vn_holidays.py for FIRST_TABLE_YEAR..LAST_TABLE_YEAR,
so a due date costs no import of `holidays`, which imports every country),
plus the commune's extra days from config. A weekend day that the Government turned
into a make-up working day (ngày làm bù, `weekend_workdays` in `holidays`) counts as
a working day, because the office is open then.

The 15:00 rule (reference/procedures.md §2.0): a same-day procedure received after
15:00 is due the next working day. A dossier received on a non-working day counts as
received on the next working day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable

CUTOFF = time(15, 0)
_MAX_SEARCH_DAYS = 366
FIRST_TABLE_YEAR, LAST_TABLE_YEAR = 2000, 2100  # the years of kiosk/vn_holidays.py


@lru_cache(maxsize=None)
def _year_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays incl. observed days off, make-up working weekend days) of one year."""
    if FIRST_TABLE_YEAR <= year <= LAST_TABLE_YEAR:
        from kiosk.vn_holidays import HOLIDAYS, MAKE_UP

        def days(text: str) -> frozenset[date]:
            return frozenset(date(year, int(md[:2]), int(md[2:])) for md in text.split())

        return days(HOLIDAYS[year]), days(MAKE_UP.get(year, ""))
    return calendar_from_package(year)


def calendar_from_package(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """The same, computed by the `holidays` package (0.15-0.25 s of imports the first time)."""
    import holidays

    cal = holidays.country_holidays("VN", years=year)
    make_up = frozenset(d for d in getattr(cal, "weekend_workdays", ()) if d.year == year)
    days = frozenset(cal.keys())
    if any(d.year != year for d in days):  # the table stores month and day only
        raise ValueError(f"holidays returned a day outside {year}")
    return days, make_up


def _as_dates(extra: Iterable[date | str]) -> frozenset[date]:
    """Config keeps extra days as 'YYYY-MM-DD' strings; callers may pass dates."""
    return frozenset(d if isinstance(d, date) else date.fromisoformat(d) for d in extra or ())


def is_working_day(day: date, extra_holidays: Iterable[date | str] = ()) -> bool:
    extra = extra_holidays if isinstance(extra_holidays, frozenset) else _as_dates(extra_holidays)
    holiday_set, make_up = _year_calendar(day.year)
    if day in extra or day in holiday_set:
        return False
    return day.weekday() < 5 or day in make_up


def next_working_day(day: date, extra_holidays: Iterable[date | str] = ()) -> date:
    """The first working day strictly after `day`."""
    extra = _as_dates(extra_holidays)
    for _ in range(_MAX_SEARCH_DAYS):
        day += timedelta(days=1)
        if is_working_day(day, extra):
            return day
    raise ValueError("no working day within a year: check extra_holidays")


def working_days_after(start: date | datetime, n: int, extra_holidays: Iterable[date | str] = ()) -> date:
    """The due date of something received at `start` that takes `n` working days.

    n = 0 is the same day, or the next working day when received after 15:00 or on a
    non-working day. n > 0 counts n working days after the (effective) day of receipt.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    extra = _as_dates(extra_holidays)
    late = isinstance(start, datetime) and start.time() > CUTOFF
    day = start.date() if isinstance(start, datetime) else start
    if not is_working_day(day, extra) or (n == 0 and late):
        day = next_working_day(day, extra)
    for _ in range(n):
        day = next_working_day(day, extra)
    return day
