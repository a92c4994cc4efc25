"""Due dates in working days: weekends, Tết and other public holidays, the 15:00 rule, extra days."""
from datetime import date, datetime, timedelta

import holidays
import pytest

from kiosk.workdays import is_working_day, next_working_day, working_days_after

FRIDAY = date(2026, 11, 27)


def _holidays_2027() -> dict[date, str]:
    return dict(holidays.country_holidays("VN", years=2027))


def _first_working_day_after(day: date, off: set[date]) -> date:
    """Independent reference: the next weekday that is not in `off`."""
    day += timedelta(days=1)
    while day.weekday() >= 5 or day in off:
        day += timedelta(days=1)
    return day


def test_tet_2027_days_are_not_working_days():
    tet = [d for d, name in _holidays_2027().items() if "Lunar New Year" in name]
    assert len(tet) >= 5
    assert date(2027, 2, 6) in tet  # the lunar new year itself (first day of Đinh Mùi)
    assert not any(is_working_day(d) for d in tet)


def test_a_dossier_received_just_before_tet_2027_is_due_after_the_holiday():
    off = set(_holidays_2027())
    tet = sorted(d for d, name in _holidays_2027().items() if "Lunar New Year" in name)
    before = tet[0] - timedelta(days=1)
    while before.weekday() >= 5 or before in off:
        before -= timedelta(days=1)
    first_after = _first_working_day_after(tet[-1], off)
    assert working_days_after(before, 1) == first_after
    assert working_days_after(before, 3) == _first_working_day_after(_first_working_day_after(first_after, off), off)
    # every day strictly between is a holiday or weekend
    day = before + timedelta(days=1)
    while day < first_after:
        assert not is_working_day(day)
        day += timedelta(days=1)


def test_hung_kings_day_2027_is_skipped():
    hung = next(d for d, name in _holidays_2027().items() if "Hung Kings" in name)
    day_before = hung - timedelta(days=1)
    assert is_working_day(day_before)
    assert working_days_after(day_before, 1) == _first_working_day_after(hung, set(_holidays_2027()))


def test_a_dossier_received_on_friday_is_counted_across_the_weekend():
    assert working_days_after(FRIDAY, 1) == date(2026, 11, 30)  # Monday
    assert working_days_after(FRIDAY, 3) == date(2026, 12, 2)  # Wednesday


def test_same_day_procedure_is_due_today_until_15_00():
    assert working_days_after(datetime(2026, 11, 27, 9, 30), 0) == FRIDAY
    assert working_days_after(datetime(2026, 11, 27, 15, 0), 0) == FRIDAY
    assert working_days_after(FRIDAY, 0) == FRIDAY


def test_same_day_procedure_received_after_15_00_is_due_next_working_day():
    assert working_days_after(datetime(2026, 11, 27, 15, 1), 0) == date(2026, 11, 30)
    assert working_days_after(datetime(2026, 11, 26, 16, 30), 0) == FRIDAY


def test_the_15_00_rule_does_not_shift_longer_time_limits():
    assert working_days_after(datetime(2026, 11, 27, 16, 0), 1) == date(2026, 11, 30)


def test_a_dossier_received_on_a_weekend_counts_from_monday():
    saturday = datetime(2026, 11, 28, 10, 0)
    assert working_days_after(saturday, 0) == date(2026, 11, 30)
    assert working_days_after(saturday, 1) == date(2026, 12, 1)


def test_configured_extra_days_are_skipped():
    extra = ["2026-11-30"]  # as config.toml writes them
    assert working_days_after(datetime(2026, 11, 27, 16, 0), 0, extra) == date(2026, 12, 1)
    assert working_days_after(FRIDAY, 1, [date(2026, 11, 30), date(2026, 12, 1)]) == date(2026, 12, 2)
    assert not is_working_day(FRIDAY, ["2026-11-27"])


def test_a_make_up_saturday_is_a_working_day():
    cal = holidays.country_holidays("VN", years=2026)
    make_up = sorted(d for d in getattr(cal, "weekend_workdays", ()) if d.year == 2026)
    if not make_up:
        pytest.skip("this version of holidays lists no make-up working day in 2026")
    assert make_up[0].weekday() >= 5 and is_working_day(make_up[0])


def test_next_working_day_and_bad_input():
    assert next_working_day(FRIDAY) == date(2026, 11, 30)
    with pytest.raises(ValueError):
        working_days_after(FRIDAY, -1)


def test_the_generated_holiday_table_matches_the_holidays_package():
    from kiosk.workdays import FIRST_TABLE_YEAR, LAST_TABLE_YEAR, _year_calendar, calendar_from_package

    for year in range(FIRST_TABLE_YEAR, LAST_TABLE_YEAR + 1):
        assert _year_calendar(year) == calendar_from_package(year), year
    # outside the table the package still answers
    assert date(1999, 1, 1) in _year_calendar(1999)[0]


def test_a_due_date_does_not_import_the_holidays_package():
    import subprocess
    import sys

    code = ("import sys; from datetime import datetime; from kiosk.workdays import working_days_after; "
            "assert str(working_days_after(datetime(2026, 2, 13, 9, 0), 1)) == '2026-02-23'; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'holidays'))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       cwd=str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    assert r.stdout.strip() == "[]"
