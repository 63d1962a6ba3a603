"""The one event writer: rows by name, codes from one declaration, and no silent cap."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from engine.core import EventLog
from engine.kernel.events import EVENT_WIDTH, MAX_PAYLOAD, TRUNCATED, EventKinds, emit, event_buffer, write_log

KINDS = EventKinds(
    "Test",
    SCALE_OUT=("scale_out", ("frm", "to", "metric")),
    HELD=("suppressed", ("want", "until")),
    QUIET=("note", ()),
)
EV = KINDS.codes


@njit(cache=True)
def _kernel(ev, counts, steps):
    """A tiny kernel: scenario s records one scale-out per step for ``steps[s]`` steps."""
    for s in range(ev.shape[0]):
        n = 0
        for i in range(steps[s]):
            n = emit(ev[s], n, i, EV.SCALE_OUT, i, i + 1, 50.0 + i)
        n = emit(ev[s], n, steps[s], EV.HELD, 9, 600)
        counts[s] = n


def test_codes_count_from_one_in_declaration_order_and_match_the_enum() -> None:
    assert (EV.SCALE_OUT, EV.HELD, EV.QUIET) == (1, 2, 3)
    assert KINDS.enum.HELD == EV.HELD
    assert KINDS.tag(EV.HELD) == "suppressed"
    assert KINDS.payload(EV.SCALE_OUT) == ("frm", "to", "metric")


def test_a_compiled_kernel_writes_rows_read_back_by_name() -> None:
    ev, counts = event_buffer(2, 8)
    assert ev.shape == (2, 8, EVENT_WIDTH)
    _kernel(ev, counts, np.array([2, 0]))
    assert counts.tolist() == [3, 1]
    first = list(KINDS.decode(ev[0], counts[0]))
    assert [e.kind.name for e in first] == ["SCALE_OUT", "SCALE_OUT", "HELD"]
    assert first[1]["frm"] == 1 and first[1]["to"] == 2 and first[1]["metric"] == 51
    assert dict(first[2].values) == {"want": 9.0, "until": 600.0}
    assert [e.kind.name for e in KINDS.decode(ev[1], counts[1])] == ["HELD"]


def test_a_run_over_its_cap_says_how_many_events_were_dropped() -> None:
    ev, counts = event_buffer(1, 4)
    _kernel(ev, counts, np.array([10]))
    assert counts[0] == 11  # the count goes on past the buffer
    log = EventLog()
    write_log(log, KINDS, ev[0], counts[0], dt_s=10.0, explain=lambda e: f"{e.kind.name} at {e.t:g}", scenario=0)
    frame = log.frame()
    assert len(frame) == 5
    last = frame.iloc[-1]
    assert last["kind"] == TRUNCATED
    assert last["data"]["dropped"] == 7
    assert "7 further event(s)" in last["message"] and "first 4" in last["message"]


def test_write_log_converts_time_keeps_payload_and_lets_explain_skip_or_add() -> None:
    ev, counts = event_buffer(1, 8)
    _kernel(ev, counts, np.array([1]))

    def explain(e):
        if e.kind == KINDS.enum.HELD:
            return None
        return f"desired {e['frm']:.0f} → {e['to']:.0f}", {"policy": "tt"}

    log = EventLog()
    write_log(log, KINDS, ev[0], counts[0], dt_s=60.0, explain=explain, scenario=3)
    frame = log.frame()
    assert frame["t_s"].tolist() == [0.0]
    assert frame["kind"].tolist() == ["scale_out"]
    assert frame["scenario"].tolist() == [3]
    assert frame["data"][0] == {"frm": 0.0, "to": 1.0, "metric": 50.0, "policy": "tt"}


def test_declarations_refuse_what_the_row_cannot_hold() -> None:
    with pytest.raises(ValueError, match="at most 8"):
        EventKinds("Wide", X=("x", tuple(f"p{i}" for i in range(MAX_PAYLOAD + 1))))
    with pytest.raises(ValueError, match="distinct"):
        EventKinds("Twice", X=("x", ("a", "a")))
    with pytest.raises(ValueError, match="no event kind"):
        EventKinds("Empty")
