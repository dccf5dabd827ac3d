"""Slots from weekly windows, in Europe/London, across the clock changes."""

from datetime import UTC, date, datetime, time

import pytest

from ipt_site.introcalls import slots

pytestmark = pytest.mark.backend_independent

LAST_SUNDAY_MARCH = date(2026, 3, 29)  # clocks go forward at 01:00 GMT
LAST_SUNDAY_OCTOBER = date(2026, 10, 25)  # clocks go back at 02:00 BST


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_a_morning_window_keeps_its_wall_clock_time_when_the_clocks_go_forward():
    before = slots.window_starts(date(2026, 3, 22), time(9), time(10), 15)
    on_the_day = slots.window_starts(LAST_SUNDAY_MARCH, time(9), time(10), 15)
    assert before[0] == utc(2026, 3, 22, 9, 0)  # GMT: 09:00 is 09:00 UTC
    assert on_the_day == [utc(2026, 3, 29, 8, m) for m in (0, 15, 30, 45)]  # BST
    assert [slots.time_label(s) for s in on_the_day] == ["9am", "9:15am", "9:30am", "9:45am"]


def test_a_morning_window_keeps_its_wall_clock_time_when_the_clocks_go_back():
    before = slots.window_starts(date(2026, 10, 24), time(9), time(10), 15)
    on_the_day = slots.window_starts(LAST_SUNDAY_OCTOBER, time(9), time(10), 15)
    assert before[0] == utc(2026, 10, 24, 8, 0)  # still BST the day before
    assert on_the_day == [utc(2026, 10, 25, 9, m) for m in (0, 15, 30, 45)]  # GMT again
    assert slots.time_label(on_the_day[0]) == "9am"


def test_a_window_across_the_missing_hour_offers_the_real_time_between_its_ends():
    found = slots.window_starts(LAST_SUNDAY_MARCH, time(0, 30), time(2, 30), 15)
    # 00:30 GMT to 02:30 BST is one real hour: four calls, none at a time that never was.
    assert [slots.time_label(s) for s in found] == ["12:30am", "12:45am", "2am", "2:15am"]


def test_a_window_across_the_repeated_hour_names_which_one():
    found = slots.window_starts(LAST_SUNDAY_OCTOBER, time(0, 30), time(2, 30), 30)
    labels = [slots.time_label(s) for s in found]
    # 00:30 BST to 02:30 GMT is three real hours; 1am and 1:30am happen twice.
    assert labels == ["12:30am", "1am (BST)", "1:30am (BST)", "1am (GMT)", "1:30am (GMT)", "2am"]
    assert len(set(found)) == 6


def test_the_three_weeks_ahead_cross_the_change_and_leave_out_days_off():
    now = utc(2026, 3, 20, 12, 0)  # a Friday, before the change
    found = slots.all_slots(
        minutes=30,
        windows=[(6, time(9), time(10))],  # Sundays
        time_off=[(date(2026, 4, 5), date(2026, 4, 5))],
        now=now,
        days_ahead=21,
        notice_hours=12,
    )
    assert [s.start for s in found] == [
        utc(2026, 3, 22, 9, 0),
        utc(2026, 3, 22, 9, 30),
        utc(2026, 3, 29, 8, 0),  # BST from here
        utc(2026, 3, 29, 8, 30),
    ]  # 5 April is a day off; 12 April is beyond three weeks


def test_the_notice_period_hides_slots_too_soon():
    now = utc(2026, 3, 22, 0, 0)
    found = slots.all_slots(
        minutes=30, windows=[(6, time(9), time(12))], time_off=[], now=now, days_ahead=1,
        notice_hours=10,
    )  # fmt: skip
    assert [s.start.hour for s in found] == [10, 10, 11, 11]


def test_busy_times_and_nearest():
    found = slots.all_slots(
        minutes=15, windows=[(6, time(9), time(10))], time_off=[],
        now=utc(2026, 3, 21, 0, 0), days_ahead=2, notice_hours=0,
    )  # fmt: skip
    busy = [(utc(2026, 3, 22, 9, 10), utc(2026, 3, 22, 9, 25))]  # overlaps two slots
    free = slots.free(found, busy)
    assert [s.time_label for s in free] == ["9:30am", "9:45am"]  # 9am and 9:15am overlap it
    nearest = slots.nearest(found, utc(2026, 3, 22, 9, 20), count=2)
    assert [s.time_label for s in nearest] == ["9:15am", "9:30am"]


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "20260322T0900", "20260231T0900Z", "20261322T0900Z", "x" * 500]
)
def test_malformed_slot_ids_are_none(text):
    assert slots.parse_id(text) is None


def test_slot_ids_round_trip():
    slot = slots.Slot(utc(2026, 3, 29, 8, 0), utc(2026, 3, 29, 8, 15))
    assert slot.id == "20260329T0800Z"
    assert slots.parse_id(slot.id) == slot.start
    assert slot.label == "Sunday 29 March, 9am"


def test_labels():
    assert slots.time_label(utc(2026, 1, 5, 12, 0)) == "12 noon"
    assert slots.time_label(utc(2026, 1, 5, 0, 0)) == "midnight"
    assert slots.time_label(utc(2026, 1, 5, 17, 45)) == "5:45pm"
