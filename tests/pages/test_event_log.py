"""The event log on a real page (AppTest): rows with whole sentences, a filter by the kinds present,
and a picked row marked on the page's main chart without changing the shared figure."""

from __future__ import annotations

from tests.pages.apptest import event_log, run_page
from tests.pages.charts import charts
from views.event_log import Highlight

PAGE = "app_pages/autoscaling_policies.py"
CHART = "autoscaling_policies.chart"
MARK = f"scalelab.highlight.{CHART}"


def marks(figure: dict) -> list[dict]:
    return [s for s in figure["layout"].get("shapes", []) if s.get("name") == "scalelab-mark"]


def test_the_log_lists_every_event_with_its_sentence_and_rolls_up_repeats() -> None:
    at = run_page(PAGE)
    assert not at.exception
    log = event_log(at)
    assert len(log) and log["why"].str.len().min() > 20  # whole sentences, no empty rows
    assert {"scale out", "scale in", "suppressed"} <= set(log["what"])
    # the default day's gradual scale-in repeats one sentence shape: rolled into one row
    assert log[log["what"] == "scale in"]["row"].nunique() < (log["what"] == "scale in").sum()
    caption = next(c.value for c in at.caption if "event(s)" in c.value)
    assert "rolled up" in caption and "Click a row to mark its moment on the chart" in caption


def test_the_filter_offers_the_kinds_present_and_keeps_only_those_picked() -> None:
    at = run_page(PAGE)
    pick = next(m for m in at.multiselect if m.label == "Show only these kinds")
    kinds = set(event_log(at)["what"])
    assert set(pick.options) == kinds
    pick.set_value(["suppressed"]).run()
    assert not at.exception
    assert set(event_log(at)["what"]) == {"suppressed"} != kinds
    caption = next(c.value for c in at.caption if "event(s)" in c.value)
    assert caption.startswith(f"{len(event_log(at))} of ")


def test_a_picked_event_is_marked_on_the_main_chart_only() -> None:
    at = run_page(PAGE)
    unmarked = charts(at)[0]
    assert not marks(unmarked)
    first = event_log(at).iloc[0]
    h, m, s = (int(x) for x in first["time"].split(":"))
    t = h * 3600 + m * 60 + s
    at.session_state[MARK] = Highlight(float(t), float(t), f"{first['time']} · {first['what']}")
    at.run()
    figs = charts(at)
    drawn = marks(figs[0])
    assert len(drawn) == 1 and drawn[0]["x0"] == t / 3600  # the chart's axis is in hours
    assert all(not marks(f) for f in figs[1:])
    assert len(figs[0]["layout"]["shapes"]) == len(unmarked["layout"]["shapes"]) + 1


def test_a_mark_whose_event_is_gone_is_cleared() -> None:
    at = run_page(PAGE)
    at.session_state[MARK] = Highlight(1.0, 2.0, "no such event")
    at.run()
    assert MARK not in at.session_state
    at.run()
    assert not marks(charts(at)[0])
