"""Malformed uploads at scale (bounded for CI): every generated bad trace is refused with one clear
message naming what is wrong; ``benchmarks/fuzz_uploads.py`` runs the full 1,000."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.trace_csv import TraceCsvError, parse_trace_csv
from tests.upload_cases import HEAVY, KINDS, check_message, malformed_traces

LIGHT = malformed_traces(5 * (len(KINDS) - len(HEAVY)), seed=13, heavy=False)
ONE_HEAVY = [c for c in malformed_traces(len(KINDS), seed=13) if c.kind in HEAVY]


@pytest.mark.parametrize("case", LIGHT + ONE_HEAVY, ids=lambda c: f"{c.kind}-{c.name}")
def test_generated_malformed_trace_gets_one_clear_message(case) -> None:
    with pytest.raises(TraceCsvError) as info:
        parse_trace_csv(case.data, name=case.name)
    assert check_message(case, str(info.value)) is None


_GOOD_ROW = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6))
_BAD_CELL = st.one_of(
    st.sampled_from(["nan", "inf", "-inf", "1e309", "-1", "=cmd|' /C calc'!A0", "", "abc", "1e10", "9" * 40]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).filter(
        lambda s: not _usable(s)
    ),
)


def _usable(cell: str) -> bool:
    try:
        v = float(cell)
    except ValueError:
        return False
    return 0 <= v <= 1e9


@settings(max_examples=150, deadline=None)
@given(st.lists(_GOOD_ROW, min_size=1, max_size=30, unique_by=lambda r: r[0]), _BAD_CELL, st.data())
def test_one_bad_value_among_good_rows_is_named_by_row(rows, bad, data) -> None:
    rows = sorted(rows)
    at = data.draw(st.integers(0, len(rows) - 1))
    lines = [f"{t},{v}" for t, v in rows]
    lines[at] = f'{rows[at][0]},"{bad.replace(chr(34), chr(34) * 2)}"'
    try:
        parse_trace_csv(("t_s,value\n" + "\n".join(lines) + "\n").encode())
    except TraceCsvError as exc:
        message = str(exc)
        assert len(message) <= 300
        assert "value" in message or "UTF" in message or "binary" in message or "cells" in message
    else:  # the bad cell read as a blank row (only whitespace): the row is skipped, never used
        assert not bad.strip()
