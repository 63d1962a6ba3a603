"""The event log as a learner reads it: repeats rolled up (every sentence kept), filtered by kind,
no empty rows, leads declared once, and a picked moment drawn on a copy of the chart."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.core import format_clock
from views.animation import Panel, animated_figure
from views.event_leads import LEADS, kind_label, lead_for
from views.event_log import (
    MAX_LISTED,
    MAX_ROWS,
    ROLLUP_MIN,
    kinds_present,
    log_rows,
    log_view,
    message_shape,
    rows_payload,
)
from views.page import PLOTLY_CONFIG
from views.plotly_chart import chart_payload, decode_payload, marked, share


def log(rows: list[tuple[float, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["t_s", "kind", "message"])


def throttles(n: int, start: float = 8 * 3600) -> list[tuple[float, str, str]]:
    return [(start + 60 * i, "throttle", f"{100 + i:,} reads refused on partition {i % 3}") for i in range(n)]


def test_a_run_of_repeats_is_one_row_that_keeps_every_sentence() -> None:
    ev = log([(0.0, "scale_out", "desired 2 → 3"), *throttles(12), (9 * 3600, "scale_in", "desired 3 → 2")])
    rows = log_rows(ev)
    assert [r.count for r in rows] == [1, 12, 1]
    rolled = rows[1]
    assert rolled.text.startswith("12× throttle between 08:00:00 and 08:11:00. First: 100 reads refused")
    assert rolled.text.endswith("Last: 111 reads refused on partition 2")
    assert rolled.time == "08:00:00–08:11:00"
    assert [m for _, m in rolled.listed] == [m for _, _, m in throttles(12)]  # numbers kept, in order
    assert (rolled.t0, rolled.t1) == (8 * 3600, 8 * 3600 + 660)


def test_short_runs_other_shapes_and_interleaved_kinds_stay_separate() -> None:
    two = throttles(ROLLUP_MIN - 1)
    assert [r.count for r in log_rows(log(two))] == [1] * len(two)
    shapes = [(0.0, "throttle", "3 reads refused"), (1.0, "throttle", "3 writes refused"), (2.0, "throttle", "4 reads")]
    assert [r.count for r in log_rows(log(shapes))] == [1, 1, 1]
    mixed = [(float(i), "throttle" if i % 2 else "split", f"{i} things") for i in range(6)]
    assert [r.count for r in log_rows(log(mixed))] == [1] * 6


def test_message_shape_blanks_numbers_only() -> None:
    assert message_shape("desired 2 → 13 (1,250.5 req/s, -3 %)") == "desired # → # (# req/s, # %)"
    assert message_shape("scale-out held by cooldown") == "scale-out held by cooldown"


def test_filter_keeps_only_the_kinds_picked_and_rolls_up_within_them() -> None:
    # Split by scale-outs, the throttles are runs of two; filtered to throttles alone they are one run.
    rows = []
    for i in range(3):
        rows += [*throttles(2, start=3600.0 * i), (3600.0 * i + 300, "scale_out", f"desired {i} → {i + 1}")]
    ev = log(rows)
    assert all(r.count == 1 for r in log_rows(ev))
    only = log_rows(ev, ("throttle",))
    assert [(r.kind, r.count) for r in only] == [("throttle", 6)]
    assert kinds_present(ev) == ("throttle", "scale_out")


def test_no_empty_rows_and_the_log_is_never_changed() -> None:
    ev = log([*throttles(5), (600.0, "split", "partition 0 split: 2 → 3 partitions")])
    before = ev.copy(deep=True)
    rows = log_rows(ev)
    assert rows and all(r.text.strip() and r.time for r in rows)
    pd.testing.assert_frame_equal(ev, before)
    assert log_rows(log([])) == ()
    assert log_rows(ev, ("nothing_like_this",)) == ()


def test_a_long_run_lists_its_first_and_last_sentences_and_says_how_many_between() -> None:
    n = MAX_LISTED + 25
    row = log_rows(log(throttles(n)))[0]
    assert row.count == n
    assert len(row.listed) == MAX_LISTED + 1
    assert row.listed[MAX_LISTED // 2] == ("…", "25 more like these")


def test_the_payload_is_json_with_whole_sentences() -> None:
    long = "x" * 400 + " reads refused on partition 9"
    shown, left_out = rows_payload(log_rows(log([(5.0, "throttle", long)])))
    assert left_out == 0
    assert json.loads(json.dumps(shown))[0]["text"] == long  # never cut
    assert shown[0]["lead"] == LEADS["throttle"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["throttle", "split", "scale_out"]), st.integers(0, 3)), max_size=60))
def test_rows_account_for_every_event_in_time_order(spec: list[tuple[str, int]]) -> None:
    ev = log([(30.0 * i, k, f"{n} {k} happened") for i, (k, n) in enumerate(spec)])
    rows = log_rows(ev)
    assert sum(r.count for r in rows) == len(ev)
    starts = [r.t0 for r in rows]
    assert starts == sorted(starts) and all(r.t0 <= r.t1 for r in rows)
    recovered = [m for r in rows for m in ([x for _, x in r.listed] if r.count > 1 else [r.text])]
    assert recovered == list(ev["message"])
    assert all(r.count >= ROLLUP_MIN for r in rows if r.count > 1)


def test_leads_are_one_line_without_numbers_and_prefixed_kinds_find_theirs() -> None:
    assert all(text and "\n" not in text and not any(c.isdigit() for c in text) for text in LEADS.values())
    assert lead_for("vertical · scale_up") == LEADS["scale_up"]
    assert lead_for("no_such_kind") == ""
    assert kind_label("throttle_end") == "throttle end"


def test_every_lead_names_a_kind_the_engine_writes_and_dense_kinds_have_one() -> None:
    """A lead for a kind no lab writes would be dead text; the kinds the issue names read plainly."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "engine"
    literals = {
        n.value
        for p in root.rglob("*.py")
        for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    assert set(LEADS) <= literals, set(LEADS) - literals
    assert "cooldown" in lead_for("suppressed") and "partition" in lead_for("split")
    assert "visibility timeout" in lead_for("redelivery") and lead_for("scale_out") == ""


def figure_with_events() -> object:
    t = np.arange(0, 6 * 3600, 60.0)
    frame = pd.DataFrame({"t_s": t, "load_rps": 100 + 0 * t})
    ev = log([(3600.0, "scale_out", "desired 2 → 3")])
    return share(animated_figure(frame, [Panel.of("load_rps")], units={"load_rps": "req/s"}, events=ev))


def test_a_marked_moment_is_drawn_on_a_copy_and_the_shared_figure_is_unchanged() -> None:
    fig = figure_with_events()
    before = chart_payload(fig, PLOTLY_CONFIG)
    shapes_before = len(fig.layout.shapes)
    out = marked(fig, (7200.0, 7200.0, "02:00:00 · scale out"))
    mark = [s for s in out["layout"]["shapes"] if s.get("name") == "scalelab-mark"]
    assert len(mark) == 1 and mark[0]["type"] == "line" and mark[0]["x0"] == 2.0  # hours on this axis
    assert any(a.get("text") == "02:00:00 · scale out" for a in out["layout"]["annotations"])
    late = next(a for a in marked(fig, (21000.0, 21000.0, "late"))["layout"]["annotations"] if a.get("text") == "late")
    early = next(a for a in marked(fig, (600.0, 600.0, "early"))["layout"]["annotations"] if a.get("text") == "early")
    assert (late["xanchor"], early["xanchor"]) == ("right", "left")  # read away from the nearer edge
    span = marked(fig, (3600.0, 5400.0, "a span"))
    assert [s["type"] for s in span["layout"]["shapes"] if s.get("name") == "scalelab-mark"] == ["rect"]
    assert len(fig.layout.shapes) == shapes_before
    assert chart_payload(fig, PLOTLY_CONFIG) == before
    sent = decode_payload(chart_payload(out, PLOTLY_CONFIG))["figure"]["layout"]["shapes"]
    assert sum(s.get("name") == "scalelab-mark" for s in sent) == 1


def test_a_figure_without_a_time_axis_is_sent_unmarked() -> None:
    fig = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"xaxis": {"title": {"text": "Shard"}}}}
    assert "shapes" not in marked(fig, (60.0, 60.0, "x"))["layout"]


def test_clock_labels_match_the_engine_clock() -> None:
    row = log_rows(log([(3725.0, "split", "shard 1 split")]))[0]
    assert row.time == format_clock(3725.0) == "01:02:05"


def test_the_view_is_built_once_and_caps_what_it_sends() -> None:
    many = log([(float(i), "split" if i % 2 else "merge", f"shard {i} changed") for i in range(MAX_ROWS + 7)])
    view = log_view(many)
    assert len(view.payload) == MAX_ROWS and view.left_out == 7 and view.events == len(many)
    assert set(view.by_id) == {p["id"] for p in view.payload}
