"""Working-day calendar: when is the result of a dossier due?

Holidays are yearly data (resources/holidays/VN-<year>.json): Tết moves with the lunar
calendar and the government announces swapped days each year. A processing time counts
working time only: office hours (08:00-12:00, 13:00-17:00 unless the file says otherwise)
on working days, skipping weekends and days off, counting swapped Saturdays as working days.

- A dossier received outside office hours (the kiosk is open 24/7) counts from the next
  opening.
- Procedures with the after-15:00 rule (birth registration: "nhận hồ sơ sau 15 giờ ... trả
  kết quả trong ngày làm việc tiếp theo") count from the next working day when received at
  or after 15:00.
- N working days = N x (hours of one working day) of working time; 0 means the same day, by
  closing time.
For a year without a holiday file the calendar falls back to weekends and the fixed solar
holidays and says the result is an estimate.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any, Literal

from kiosk.forms.model import Text

log = logging.getLogger(__name__)


def _vietnam_tz() -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Ho_Chi_Minh")
    except Exception:  # no tz database (bare Windows): Vietnam has no DST
        return timezone(timedelta(hours=7), "ICT")


VN_TZ = _vietnam_tz()
CUTOFF_15H = time(15, 0)
DEFAULT_OFFICE_HOURS: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
# Fixed solar holidays used only for years without a holiday file.
_FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))


def now_vn() -> datetime:
    return datetime.now(VN_TZ)


@dataclass(frozen=True)
class ProcessingTime:
    unit: Literal["working_days", "working_hours"]
    value: float
    max_value: float | None = None
    after_15h_next_day: bool = False
    note: Text | None = None
    verified: bool = False

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ProcessingTime:
        return cls(raw["unit"], float(raw["value"]), raw.get("max_value"),
                   raw.get("after_15h_next_day", False), Text.of(raw.get("note")),
                   raw.get("verified", False))

    def text(self, language: str = "vi") -> str:
        """As printed on the receipt, e.g. "03 ngày làm việc"."""
        n = _num(self.value)
        if self.unit == "working_hours":
            return f"{n:0>2} giờ làm việc" if language == "vi" else f"{n} working hours"
        if self.value == 0:
            if language == "vi":
                tail = "; nhận sau 15 giờ trả trong ngày làm việc tiếp theo"
                return "Trong ngày" + (tail if self.after_15h_next_day else "")
            tail = "; received after 15:00: the next working day"
            return "The same day" + (tail if self.after_15h_next_day else "")
        return f"{n:0>2} ngày làm việc" if language == "vi" else f"{n} working days"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class DayOff:
    day: date
    kind: str
    name: Text
    estimated: bool


@dataclass(frozen=True)
class Appointment:
    counted_from: datetime
    due_at: datetime
    estimated: bool  # a holiday file was missing or an entry used is an estimate


class CalendarDataError(ValueError):
    """A holiday file is malformed (an administrator's error, reported with the file)."""


class WorkingCalendar:
    def __init__(self, days_off: dict[date, DayOff], working_days: set[date],
                 years: set[int],
                 office_hours: tuple[tuple[time, time], ...] = DEFAULT_OFFICE_HOURS) -> None:
        self.days_off = days_off
        self.working_days = working_days
        self.years = years
        self.office_hours = office_hours
        self.hours_per_day = sum(
            (datetime.combine(date.min, b) - datetime.combine(date.min, a)).seconds / 3600
            for a, b in office_hours
        )

    @classmethod
    def load(cls, holidays_dir: Path) -> WorkingCalendar:
        days_off: dict[date, DayOff] = {}
        working: set[date] = set()
        years: set[int] = set()
        office: tuple[tuple[time, time], ...] | None = None
        for path in sorted(holidays_dir.glob("VN-*.json")):
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                year = int(raw["year"])
                for item in raw["days_off"]:
                    d = date.fromisoformat(item["date"])
                    if d.year != year:
                        raise ValueError(f"{item['date']} is not in {year}")
                    days_off[d] = DayOff(d, item["kind"], Text(**item["name"]),
                                         bool(item.get("estimated", False)))
                for item in raw.get("working_days", []):
                    working.add(date.fromisoformat(item["date"]))
                if "office_hours" in raw and office is None:
                    office = tuple((time.fromisoformat(a), time.fromisoformat(b))
                                   for a, b in raw["office_hours"])
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise CalendarDataError(f"{path}: {exc}") from exc
            years.add(year)
        return cls(days_off, working, years, office or DEFAULT_OFFICE_HOURS)

    # ---- days ---------------------------------------------------------------------------

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working_day(self, d: date) -> bool:
        if d in self.working_days:
            return True
        if d.weekday() >= 5:
            return False
        if d.year in self.years:
            return d not in self.days_off
        return (d.month, d.day) not in _FIXED_HOLIDAYS

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d += timedelta(days=1)
        for _ in range(370):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise CalendarDataError("no working day within a year")

    def add_working_days(self, d: date, n: int) -> date:
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    # ---- instants -----------------------------------------------------------------------

    def _at(self, d: date, t: time, tz: tzinfo | None) -> datetime:
        return datetime.combine(d, t, tzinfo=tz)

    def counting_start(self, received: datetime, after_15h_next_day: bool) -> datetime:
        """When the processing time starts to run for a dossier received at `received`."""
        local = received.astimezone(VN_TZ) if received.tzinfo else received.replace(
            tzinfo=VN_TZ)
        tz = local.tzinfo
        d, t = local.date(), local.time()
        if self.is_working_day(d) and not (after_15h_next_day and t >= CUTOFF_15H):
            for start, end in self.office_hours:
                if t < start:
                    return self._at(d, start, tz)
                if t < end:
                    return local
        return self._at(self.next_working_day(d), self.office_hours[0][0], tz)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """`start` (inside office hours) plus `hours` of working time."""
        remaining = timedelta(hours=hours)
        current = start
        tz = start.tzinfo
        for _ in range(5000):
            d = current.date()
            if self.is_working_day(d):
                for seg_start, seg_end in self.office_hours:
                    begin = max(current, self._at(d, seg_start, tz))
                    end = self._at(d, seg_end, tz)
                    if begin >= end:
                        continue
                    if remaining <= end - begin:
                        return begin + remaining
                    remaining -= end - begin
                    current = end
            current = self._at(self.next_working_day(d), self.office_hours[0][0], tz)
        raise CalendarDataError("processing time too long for the calendar")

    def appointment(self, received: datetime, processing: ProcessingTime) -> Appointment:
        start = self.counting_start(received, processing.after_15h_next_day)
        if processing.unit == "working_hours":
            due = self.add_working_hours(start, processing.value)
        elif processing.value == 0:
            due = self._at(start.date(), self.office_hours[-1][1], start.tzinfo)
        else:
            due = self.add_working_hours(start, processing.value * self.hours_per_day)
        return Appointment(start, due, self._estimated(received.date(), due.date()))

    def _estimated(self, first: date, last: date) -> bool:
        d = first
        while d <= last:
            if not self.covers(d.year):
                return True
            off = self.days_off.get(d)
            if off is not None and off.estimated:
                return True
            d += timedelta(days=1)
        return False
