"""Uploaded CSV traces: every failure gives one clear message naming the row or column."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.trace_csv import MAX_ROWS, TraceCsvError, parse_trace_csv


def test_seconds_and_values_are_read_and_shifted_to_start_at_zero() -> None:
    s = parse_trace_csv(b"t_s,value\n60,1\n120,2.5\n")
    assert s.times_s == (0.0, 60.0) and s.values == (1.0, 2.5)


def test_timestamps_become_seconds_from_the_first() -> None:
    s = parse_trace_csv("timestamp,value\n2026-11-27T10:00:00,5\n2026-11-27T10:05:00Z,6\n")
    assert s.times_s[1] == pytest.approx(300.0)


def test_header_case_bom_and_blank_lines_are_tolerated() -> None:
    s = parse_trace_csv("\ufeffT_S,Value\n0,1\n\n10,2\n".encode())
    assert s.values == (1.0, 2.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b"t_s,value\n", "header but no data rows"),
        (b"time,load\n0,1\n", "missing column t_s \\(or timestamp\\) and value"),
        (b"t_s,load\n0,1\n", "missing column value"),
        (b"t_s,value\n0,abc\n", "row 2, column value: 'abc' is not a number"),
        (b"t_s,value\n0,1\nx,2\n", "row 3, column t_s: 'x' is not a number"),
        (b"t_s,value\n0,nan\n", "row 2, column value: 'nan' is not allowed"),
        (b"t_s,value\n0,inf\n", "values must be finite"),
        (b"t_s,value\n0,-4\n", "row 2, column value: -4 is negative"),
        (b"t_s,value\n-1,4\n", "row 2, column t_s: -1 is negative"),
        (b"t_s,value\n10,1\n5,2\n", "row 3: time 5 is earlier than the row above; sort the rows"),
        (b"t_s,value\n10,1\n10,2\n", "row 3: time 10 repeats the row above"),
        (b"t_s,value\n0\n", "row 2: expected 2 cells, got 1"),
        (b"timestamp,value\nyesterday,1\n", "row 2, column timestamp: 'yesterday' is not an ISO 8601 time"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not text"),
        (b"t_s,value\n0,\xff\xfe\n", "not UTF-8"),
        ("t_s,value\n0,1\n".encode("utf-16"), "UTF-16 or UTF-32 text; save it as UTF-8"),
        ("t_s,value\n0,1\n".encode("utf-16-le"), "UTF-16 or UTF-32 text"),
        (b"t_s,value\n" + b"0,1\n" * 2000 + b"\x00", "not text"),
        (b"t_s,value\n0,1e10\n", "row 2, column value: 1e10 is too large; values are at most 1,000,000,000"),
        (b"t_s,value\n0,1\n1e300,1\n", "row 3, column t_s: 1e300 is too large; times are at most 1e\\+10 s"),
        (b"t_s,value\n0," + b"7" * 200_000 + b"\n", "line 2: a cell is longer than 131,072 characters"),
        (b"t_s,value\n0," + b"x" * 500 + b"\n", "'x{40}…' is not a number$"),
    ],
)
def test_each_failure_names_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(TraceCsvError, match=message):
        parse_trace_csv(data)


def test_a_time_without_a_zone_is_read_as_utc_not_the_server_clock() -> None:
    text = "timestamp,value\n2026-11-27T10:00:00,5\n2026-11-27T11:00:00+01:00,6\n"
    with pytest.raises(TraceCsvError, match=r"row 3: time 2026-11-27T11:00:00\+01:00 repeats the row above"):
        parse_trace_csv(text)


def test_too_many_rows_are_refused_with_the_cap() -> None:
    rows = "\n".join(f"{i},1" for i in range(MAX_ROWS + 1))
    with pytest.raises(TraceCsvError, match="more than 100,000 rows"):
        parse_trace_csv("t_s,value\n" + rows)


def test_a_file_over_the_size_cap_is_refused() -> None:
    with pytest.raises(TraceCsvError, match="at most 4 MB"):
        parse_trace_csv(b"t_s,value\n" + b"0" * (5 * 1024 * 1024))


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        parse_trace_csv(data)
    except TraceCsvError as exc:
        assert str(exc)
