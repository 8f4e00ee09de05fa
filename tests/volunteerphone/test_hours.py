"""The opening-hours logic: open now, next opening, holidays, special hours, summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from participation.core.clock import CITY_TIMEZONE
from participation.volunteerphone.hours import Exception_, Slot, line_status, week

# Monday to Friday 10–13, Thursday also 16–19.
SLOTS = [Slot(d, time(10), time(13)) for d in range(5)] + [Slot(3, time(16), time(19))]


def local(*args) -> datetime:
    return datetime(*args, tzinfo=CITY_TIMEZONE)


def test_open_inside_a_slot_until_its_end():
    status = line_status(local(2026, 12, 7, 11, 30), SLOTS, [])  # a Monday
    assert status.open_now and status.until == local(2026, 12, 7, 13, 0)


def test_the_end_of_a_slot_is_closed_and_names_the_next():
    status = line_status(local(2026, 12, 7, 13, 0), SLOTS, [])
    assert not status.open_now
    assert status.next_start == local(2026, 12, 8, 10, 0)


def test_a_second_slot_on_the_same_day():
    status = line_status(local(2026, 12, 10, 14, 0), SLOTS, [])  # Thursday afternoon
    assert status.next_start == local(2026, 12, 10, 16, 0)


def test_the_weekend_points_to_monday():
    status = line_status(local(2026, 12, 12, 9, 0), SLOTS, [])  # Saturday
    assert status.next_start == local(2026, 12, 14, 10, 0)


def test_a_holiday_is_closed_all_day():
    holiday = [Exception_(date(2026, 12, 25), note="1. Weihnachtstag")]  # a Friday
    assert not line_status(local(2026, 12, 25, 11, 0), SLOTS, holiday).open_now
    status = line_status(local(2026, 12, 24, 20, 0), SLOTS, holiday)  # Thursday evening
    assert status.next_start == local(2026, 12, 28, 10, 0)


def test_special_hours_replace_the_pattern_that_day():
    special = [Exception_(date(2026, 12, 12), time(9), time(12), "Aktionstag")]  # Saturday
    assert line_status(local(2026, 12, 12, 9, 30), SLOTS, special).open_now
    shorter = [Exception_(date(2026, 12, 7), time(10), time(11))]
    assert not line_status(local(2026, 12, 7, 11, 30), SLOTS, shorter).open_now


def test_the_change_to_summer_time_keeps_local_hours():
    # 29 March 2026: the clocks go from 2:00 to 3:00; Monday 30 March opens 10:00 local,
    # which is 08:00 UTC (it was 09:00 UTC the week before).
    status = line_status(local(2026, 3, 29, 12, 0), SLOTS, [])
    assert status.next_start.astimezone(UTC) == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    before = line_status(local(2026, 3, 22, 12, 0), SLOTS, [])
    assert before.next_start.astimezone(UTC) == datetime(2026, 3, 23, 9, 0, tzinfo=UTC)


def test_the_change_back_to_winter_time():
    # 25 October 2026: back from 3:00 to 2:00. At 09:30 UTC on Monday 26th it is 10:30 local.
    status = line_status(datetime(2026, 10, 26, 9, 30, tzinfo=UTC), SLOTS, [])
    assert status.open_now
    assert status.until.astimezone(UTC) == datetime(2026, 10, 26, 12, 0, tzinfo=UTC)


def test_a_night_slot_across_the_clock_change_is_found_by_local_time():
    night = [Slot(6, time(1, 0), time(4, 0))]  # Sunday 1–4, the night of the change
    status = line_status(datetime(2026, 3, 29, 1, 30, tzinfo=UTC), night, [])  # 3:30 CEST
    assert status.open_now


def test_no_hours_at_all_has_no_next_opening():
    status = line_status(local(2026, 12, 7, 11, 0), [], [])
    assert not status.open_now and status.next_start is None


def test_the_week_table_applies_exceptions():
    days = week(date(2026, 12, 21), SLOTS, [Exception_(date(2026, 12, 24), note="Heiligabend")])
    assert [len(d.hours) for d in days] == [1, 1, 1, 0, 1, 0, 0]
    assert days[3].note == "Heiligabend" and days[3].special
