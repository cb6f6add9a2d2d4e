"""Working-day calendar: weekends, Tết and other holidays, swapped days, the 15:00 rule."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from vnlunar.core import convert_lunar_to_solar

from kiosk.config import resources_path
from kiosk.forms.calendar import VN_TZ, ProcessingTime, WorkingCalendar

DAYS_3 = ProcessingTime("working_days", 3)
SAME_DAY_15H = ProcessingTime("working_days", 0, after_15h_next_day=True)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


def test_weekends_are_skipped(work_calendar: WorkingCalendar) -> None:
    # Thursday 26 Nov 2026 10:00 + 3 working days: Fri, Mon, Tue.
    due = work_calendar.appointment(at(2026, 11, 26), DAYS_3).due_at
    assert due == at(2026, 12, 1)
    assert due.strftime("%A") == "Tuesday"


def test_received_on_a_weekend_counts_from_monday_morning(work_calendar: WorkingCalendar) -> None:
    appointment = work_calendar.appointment(at(2026, 11, 22, 9), DAYS_3)  # a Sunday
    assert appointment.counted_from == at(2026, 11, 23, 8)
    assert appointment.due_at == at(2026, 11, 25, 17)


def test_tet_2025_is_skipped(work_calendar: WorkingCalendar) -> None:
    # Friday 24 Jan 2025: 27-31 Jan were Tết days off, 1-2 Feb a weekend.
    due = work_calendar.appointment(at(2025, 1, 24), DAYS_3).due_at
    assert due == at(2025, 2, 5)
    for d in range(27, 32):
        assert not work_calendar.is_working_day(date(2025, 1, d))


def test_tet_2026_and_2027_are_skipped(work_calendar: WorkingCalendar) -> None:
    due = work_calendar.appointment(at(2026, 2, 13), ProcessingTime("working_days", 1)).due_at
    assert due == at(2026, 2, 23)  # Fri 13 -> Mon 23 (16-20 Feb off, weekends around)
    assert not work_calendar.is_working_day(date(2027, 2, 10))  # compensatory, Tết on Saturday


def test_swapped_saturday_is_a_working_day(work_calendar: WorkingCalendar) -> None:
    assert work_calendar.is_working_day(date(2025, 4, 26))  # Saturday worked for Fri 2 May
    assert not work_calendar.is_working_day(date(2025, 5, 2))
    # Friday 25 Apr 2025 16:00 + 1 working day runs through Saturday 26 Apr.
    due = work_calendar.appointment(at(2025, 4, 25, 16), ProcessingTime("working_days", 1)).due_at
    assert due == at(2025, 4, 26, 16)


def test_after_15h_rule_moves_same_day_results(work_calendar: WorkingCalendar) -> None:
    assert work_calendar.appointment(at(2026, 11, 24, 14, 59), SAME_DAY_15H).due_at == \
        at(2026, 11, 24, 17)
    assert work_calendar.appointment(at(2026, 11, 24, 15, 0), SAME_DAY_15H).due_at == \
        at(2026, 11, 25, 17)
    # Friday after 15:00: the next working day is Monday.
    assert work_calendar.appointment(at(2026, 11, 27, 15, 30), SAME_DAY_15H).due_at == \
        at(2026, 11, 30, 17)


def test_without_the_rule_15h_changes_nothing_but_hours_count(
        work_calendar: WorkingCalendar) -> None:
    same_day = ProcessingTime("working_days", 0)
    assert work_calendar.appointment(at(2026, 11, 24, 16), same_day).due_at == \
        at(2026, 11, 24, 17)
    # 3 days from 16:00 end at 16:00 three working days later; with the rule at 17:00 of
    # the third day counted from the next morning.
    assert work_calendar.appointment(at(2026, 11, 24, 16), DAYS_3).due_at == at(2026, 11, 27, 16)
    with_rule = ProcessingTime("working_days", 3, after_15h_next_day=True)
    assert work_calendar.appointment(at(2026, 11, 24, 16), with_rule).due_at == \
        at(2026, 11, 27, 17)


def test_hours_skip_lunch_and_nights(work_calendar: WorkingCalendar) -> None:
    hours = ProcessingTime("working_hours", 8)
    assert work_calendar.appointment(at(2026, 11, 24, 11), hours).due_at == at(2026, 11, 25, 11)
    assert work_calendar.appointment(at(2026, 11, 24, 12, 30), ProcessingTime(
        "working_hours", 1)).due_at == at(2026, 11, 24, 14)
    assert work_calendar.appointment(at(2026, 11, 24, 20), ProcessingTime(
        "working_hours", 2)).due_at == at(2026, 11, 25, 10)


def test_years_without_data_fall_back_and_say_so(work_calendar: WorkingCalendar) -> None:
    appointment = work_calendar.appointment(at(2030, 4, 29), DAYS_3)
    assert appointment.estimated
    assert appointment.due_at == at(2030, 5, 6)  # Mon + Thu, Fri, Mon: 30/4 and 1/5 skipped
    assert not work_calendar.appointment(at(2025, 11, 24), DAYS_3).estimated
    assert work_calendar.appointment(at(2027, 2, 4), DAYS_3).estimated  # estimated Tết days


def test_a_holiday_file_is_read_from_its_folder(tmp_path: pytest.TempPathFactory) -> None:
    folder = tmp_path  # type: ignore[assignment]
    (folder / "VN-2031.json").write_text(json.dumps({  # type: ignore[operator]
        "year": 2031, "days_off": [{"date": "2031-06-02", "kind": "test",
                                    "name": {"vi": "x", "en": "x"}}],
        "working_days": [{"date": "2031-06-07", "name": {"vi": "y", "en": "y"}}]}))
    cal = WorkingCalendar.load(folder)  # type: ignore[arg-type]
    assert not cal.is_working_day(date(2031, 6, 2))
    assert cal.is_working_day(date(2031, 6, 7))
    assert cal.next_working_day(date(2031, 5, 30)) == date(2031, 6, 3)


# ---- the data against the lunar calendar (vnlunar: Hồ Ngọc Đức's method, UTC+7) ------------


def lunar_to_solar(day: int, month: int, year: int, leap: bool = False) -> date:
    solar = convert_lunar_to_solar(day, month, year, 1 if leap else 0, 7.0)
    if solar is None:
        raise ValueError(f"no such lunar date {day}/{month}{' leap' if leap else ''}/{year}")
    return date(solar[2], solar[1], solar[0])


def tet(year: int) -> date:
    return lunar_to_solar(1, 1, year)


def hung_kings_day(year: int) -> date:
    return lunar_to_solar(10, 3, year)


def test_lunar_conversion_matches_known_years() -> None:
    assert tet(2024) == date(2024, 2, 10)
    assert tet(2025) == date(2025, 1, 29)
    assert tet(2026) == date(2026, 2, 17)
    assert tet(2027) == date(2027, 2, 6)
    assert hung_kings_day(2025) == date(2025, 4, 7)
    assert hung_kings_day(2023) == date(2023, 4, 29)
    assert lunar_to_solar(15, 8, 2025) == date(2025, 10, 6)  # mid-autumn, after leap month 6
    with pytest.raises(ValueError, match="no such"):
        lunar_to_solar(1, 3, 2025, leap=True)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_holiday_files_put_tet_and_hung_kings_where_the_moon_does(year: int) -> None:
    raw = json.loads((resources_path() / "holidays" / f"VN-{year}.json").read_text("utf-8"))
    days = {date.fromisoformat(d["date"]): d["kind"] for d in raw["days_off"]}
    new_year = tet(year)
    eve = new_year - timedelta(days=1)
    tet_days = sorted(d for d, kind in days.items() if kind == "tet")
    assert eve in tet_days or eve.weekday() >= 5
    assert new_year in tet_days or new_year.weekday() >= 5
    assert all(eve - timedelta(days=5) <= d <= new_year + timedelta(days=6) for d in tet_days)
    # Five statutory Tết days: weekdays off around Tết (Tết and compensatory days) add up.
    weekdays_off = [d for d, kind in days.items() if kind in ("tet", "compensatory")
                    and d.weekday() < 5 and abs((d - new_year).days) <= 7]
    assert len(weekdays_off) == 5
    assert [d for d, kind in days.items() if kind == "hung_kings"] == [hung_kings_day(year)]
    for fixed in ((1, 1), (4, 30), (5, 1), (9, 2)):
        assert date(year, *fixed) in days
    for item in raw["days_off"]:
        assert isinstance(item["estimated"], bool)
        assert item["name"]["vi"] and item["name"]["en"]


def test_processing_time_texts() -> None:
    assert DAYS_3.text("vi") == "03 ngày làm việc"
    assert DAYS_3.text("en") == "3 working days"
    assert SAME_DAY_15H.text("vi").startswith("Trong ngày; nhận sau 15 giờ")
    assert ProcessingTime("working_hours", 8).text("vi") == "08 giờ làm việc"
