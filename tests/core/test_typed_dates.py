"""Dates and times as clerks type them (core.dates): every common form, and what is refused."""
from __future__ import annotations

from datetime import date, time

import pytest

from core.dates import format_time, parse_date, parse_time

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(("text", "expected"), [
    ("20270331", date(2027, 3, 31)),
    ("2027-03-31", date(2027, 3, 31)),
    ("2027-3-31", date(2027, 3, 31)),
    ("2027/3/31", date(2027, 3, 31)),
    ("2027.3.31", date(2027, 3, 31)),
    ("2027年3月31日", date(2027, 3, 31)),
    ("2027年3月31", date(2027, 3, 31)),
    (" ２０２７－３－３１ ", date(2027, 3, 31)),  # full-width, as a Chinese input method types it
    ("3月31日", date(2026, 3, 31)),  # no year: the clock's year
    ("3/31", date(2026, 3, 31)),
    ("2028-2-29", date(2028, 2, 29)),
    ("2027-2-29", None),  # not a leap year
    ("2027-13-1", None),
    ("20271301", None),
    ("明天", None),
    ("", None),
    ("2027", None),
])
def test_parse_date(text, expected):
    assert parse_date(text, TODAY) == expected


def test_month_day_takes_the_clock_year():
    assert parse_date("2月29日", date(2028, 1, 1)) == date(2028, 2, 29)
    assert parse_date("2月29日", date(2027, 1, 1)) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1430", time(14, 30)),
    ("930", time(9, 30)),
    ("0900", time(9, 0)),
    ("14:30", time(14, 30)),
    ("14：30", time(14, 30)),
    ("14.30", time(14, 30)),
    ("9:5", time(9, 5)),
    ("14", time(14, 0)),
    ("下午2:30", time(14, 30)),
    ("下午 2:30", time(14, 30)),
    ("上午9:00", time(9, 0)),
    ("2:30 pm", time(14, 30)),
    ("2:30PM", time(14, 30)),
    ("12:15 am", time(0, 15)),
    ("下午12:30", time(12, 30)),
    ("14点30分", time(14, 30)),
    ("下午3点半", time(15, 30)),
    ("24:00", None),
    ("14:60", None),
    ("下午14:30", time(14, 30)),
    ("abc", None),
    ("", None),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


def test_format_time():
    assert format_time(time(9, 5)) == "09:05"
