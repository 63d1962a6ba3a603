"""The DynamoDB page: defaults, every preset, URL values good and bad, an impossible config."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import event_log, metric, run_page
from tests.pages.charts import charts

PAGE = "app_pages/dynamodb.py"
PRESETS = (
    "Scale up for a launch, then down: dilution",
    "Celebrity item",
    "Zero-traffic night (course notes)",
    "GSI back-pressure, relieved by GSI auto scaling",
    "On-demand doubling",
)


def calculator(at: AppTest, label: str, column: str = "value") -> str:
    """A row of the calculator table under the capacity chart: its value, or how it was computed."""
    table = next(t.value for t in at.table if "how" in t.value.columns)
    return str(table.loc[label, column])


def test_defaults_show_calculator_and_run_numbers() -> None:
    """The run's numbers as metrics; the calculator as a table under the first chart, each figure
    with how it was computed (the course formula, the capacity spread equally at creation)."""
    at = run_page(PAGE)
    assert not at.exception
    assert not at.error and not at.warning
    assert metric(at, "Partitions at the end") == "3"
    assert calculator(at, "Partitions at start") == "1"
    assert calculator(at, "Share per partition") == "1,000 / 500"  # the page's defaults: 1,000 RCU, 500 WCU
    assert "course formula" in calculator(at, "Partitions for that", "how")
    assert len(charts(at)) >= 4


def test_default_run_shows_its_lesson_a_split_and_the_throttling_rolled_up() -> None:
    """Issue "each core lab opens on its lesson": the default day's evening sale makes auto scaling
    raise capacity past one partition's, so the table splits (1 -> 1a/1b -> 1aa/1ab/1b: halves of
    keys and capacity), within the first Play; the log lists every kind the metrics count: the
    splits ("Partitions at the end"), and the throttling ("Requests throttled") as one rolled-up
    row per run of bursts, with whole requests."""
    at = run_page(PAGE)
    events = event_log(at)
    kinds = set(events["what"])
    assert "split" in kinds
    splits = events[events["what"] == "split"]["why"]
    assert splits.str.contains("split into 1a/1b").any()
    assert splits.str.contains("each half takes half of its").all()
    assert metric(at, "Requests throttled") != "0.00%"
    throttles = events[events["what"] == "throttle"]["why"]
    assert len(throttles) >= 1 and "throttle end" not in kinds
    assert throttles.str.contains(r"\d requests throttled").all()
    assert not throttles.str.contains(r"\.\d+ requests").any()  # whole requests, never "0.08 requests"
    assert any(m.value.startswith("**Each partition's share**") and "1b 50 % of keys" in m.value for m in at.markdown)


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs_and_teaches(name: str) -> None:
    at = run_page(PAGE, groups=("Manual change and auto scaling", "GSI and DAX"))
    at.button(key=f"dynamodb.__preset.{name}").click().run()
    assert not at.exception
    assert not at.error
    if name.startswith("Scale up"):
        assert metric(at, "Partitions at the end") == "4"  # 3 by the formula, the half over 1,000 WCU splits too
        assert metric(at, "Requests throttled") != "0.00%"  # dilution after lowering
    if name == "Celebrity item":
        assert at.radio(key="dynamodb.pop").value == "hot"
        assert metric(at, "Requests throttled") != "0.00%"
    if name.startswith("Zero"):
        assert at.toggle(key="dynamodb.autoscaling").value is True
        events = event_log(at)
        assert events["what"].str.contains("zero traffic hold").any()
    if name.startswith("GSI"):
        assert at.toggle(key="dynamodb.gsi_auto").value is True
        events = event_log(at)
        assert events["why"].str.contains("GSI back-pressure").any()
        assert events["why"].str.contains("GSI auto scaling").any()
    if name == "On-demand doubling":
        assert at.radio(key="dynamodb.mode").value == "on-demand"


def test_a_gsi_without_auto_scaling_keeps_throttling_the_table() -> None:
    """§3.2: a 200 WCU index under 750 writes/s throttles base writes all day unless its own
    auto scaling is on; the page says so and draws the GSI panel."""
    query = {"dynamodb.gsi": "true", "dynamodb.gsi_wcu": "200", "dynamodb.autoscaling": "false"}
    fixed = run_page(PAGE, query)
    scaled = run_page(PAGE, {**query, "dynamodb.gsi_auto": "true"})
    for at in (fixed, scaled):
        assert not at.exception and not at.error
    assert event_log(fixed)["why"].str.contains("GSI back-pressure").any()
    assert float(metric(fixed, "Requests throttled").rstrip("%")) > float(
        metric(scaled, "Requests throttled").rstrip("%")
    )


def test_url_values_are_used() -> None:
    at = run_page(PAGE, {"dynamodb.wcu": "2500", "dynamodb.rcu": "3000"})
    assert not at.exception
    assert calculator(at, "Partitions at start") == "4"  # 1 + 2.5 -> 4
    assert not at.warning


def test_bad_url_values_fall_back_with_a_notice_naming_them() -> None:
    at = run_page(PAGE, {"dynamodb.target": "95", "dynamodb.item_kb": "500", "dynamodb.mode": "serverless"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    for key in ("dynamodb.target=95", "dynamodb.item_kb=500", "dynamodb.mode=serverless"):
        assert key in text
    assert calculator(at, "Partitions at start") == "1"


def test_impossible_config_shows_a_clear_error_and_keeps_working() -> None:
    """min > max is refused by the engine; the page names the rule and shows the defaults."""
    at = run_page(PAGE, {"dynamodb.autoscaling": "true", "dynamodb.min_cap": "500", "dynamodb.max_cap": "100"})
    assert not at.exception
    assert at.error
    assert "min_rcu 500 must not exceed max_rcu 100" in at.error[0].value
    assert metric(at, "Partitions at the end") == "1"


def test_aws_today_edition_is_shown() -> None:
    at = run_page(PAGE, rules="aws-today")
    assert not at.exception
    assert any("AWS today" in e.label for e in at.expander)


def test_dax_section_appears_with_its_numbers() -> None:
    at = run_page(PAGE, {"dynamodb.dax": "true"})
    assert not at.exception
    assert any("RCU/s on average" in m.value for m in at.markdown)
    assert metric(at, "DAX hit ratio") != "0%"


def test_presets_module_lists_the_pages_presets() -> None:
    from views.dynamodb.presets import PRESETS as ALL

    assert tuple(ALL["dynamodb"]) == PRESETS
