"""The one duration formatter and the one number formatter (engine.core): hand-computed cases,
and properties: what is written reads back to the value within three significant digits, and a
longer duration never reads shorter."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import format_duration, format_number

SECONDS = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86_400.0}


def read_duration(text: str) -> float:
    """``'5.56 min'`` back to seconds."""
    number, unit = text.split(" ")
    return float(number.replace(",", "")) * SECONDS[unit]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (0.0004, "0.4 ms"),
        (0.25, "250 ms"),
        (0.9999, "1 s"),  # 999.9 ms rounds to 1,000 ms: one second
        (1, "1 s"),
        (45, "45 s"),
        (59.999, "1 min"),
        (90, "1.5 min"),
        (333.336, "5.56 min"),  # Amazon MQ's peak latency of 333,336 ms
        (336, "5.6 min"),
        (3599.9, "1 h"),
        (5400, "1.5 h"),
        (36_000, "10 h"),
        (86_313, "1 d"),  # 23.98 h rounds to 24 h: one day
        (86_400, "1 d"),
        (604_800, "7 d"),
        (-90, "-1.5 min"),
    ],
)
def test_durations_read_as_people_say_them(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (0, "", "0"),
        (0.001234, "", "0.00123"),
        (0.26, "", "0.26"),
        (3.14159, "", "3.14"),
        (42.55, "", "42.5"),  # round half to even on the binary value 42.549999...
        (950, "", "950"),
        (12_345.6, "", "12,346"),
        (1_050_000, "", "1,050,000"),
        (-0.0001, "", "-0.0001"),
        (32.71, "%", "32.7 %"),
        (1500, "req/s", "1,500 req/s"),
        (float("nan"), "", "nan"),
    ],
)
def test_numbers_have_separators_three_digits_and_their_unit(value: float, unit: str, text: str) -> None:
    assert format_number(value, unit) == text


@given(st.floats(min_value=1e-6, max_value=1e9))
def test_a_duration_reads_back_within_three_significant_digits(seconds: float) -> None:
    back = read_duration(format_duration(seconds))
    assert back == pytest.approx(seconds, rel=0.0051)


@given(st.floats(min_value=1e-6, max_value=1e9), st.floats(min_value=1e-6, max_value=1e9))
def test_a_longer_duration_never_reads_shorter(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert read_duration(format_duration(lo)) <= read_duration(format_duration(hi))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_number_reads_back_within_three_significant_digits(value: float) -> None:
    text = format_number(value)
    back = float(text.replace(",", ""))
    assert back == pytest.approx(value, rel=0.0051, abs=5e-13)
    assert "e" not in text and (abs(value) < 1000 or "," in text)


@given(st.floats(min_value=0, max_value=1e12), st.floats(min_value=0, max_value=1e12))
def test_a_bigger_number_never_reads_smaller(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert float(format_number(lo).replace(",", "")) <= float(format_number(hi).replace(",", ""))


def test_the_unit_is_chosen_by_size() -> None:
    units = [format_duration(s).split(" ")[1] for s in (0.5, 5, 500, 50_000, 500_000)]
    assert units == ["ms", "s", "min", "h", "d"]
    assert math.isinf(float(format_duration(float("inf"))))
