"""The Kinesis page: defaults, every preset, URL values good and bad, impossible configs."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page
from tests.pages.charts import charts
from views.controls import DRAWN

PAGE = "app_pages/kinesis.py"
PRESETS = ["Hot partition key", "Celebrity tweet", "Consumer falls behind retention", "Reshard under load"]


def test_defaults_open_on_a_hot_shard_throttling() -> None:
    """Issue 11, "each core lab opens on its lesson": the default stream (3,000 rec/s over 4 shards,
    user-000000 taking 40 %) has one shard at about 1,200 + 1,800 / 4 = 1,650 rec/s against its
    1,000 rec/s limit: it throttles while the other three run near half full, and the log names the
    shard and the key. (The default used to be a flat, uniform load with 100 % accepted.)"""
    at = run_page(PAGE)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error and not at.warning
    assert metric(at, "Throttled writes") != "0"
    assert float(metric(at, "Accepted").rstrip("%")) < 100
    assert int(metric(at, "Busiest shard").rstrip(" %").replace(",", "")) > 150
    assert len(charts(at)) == 5
    assert not at.code  # the query's expander is closed: no code block, no syntax highlighter
    log = event_log(at)
    throttles = log[log["what"] == "throttle"]
    assert len(throttles) and throttles["why"].str.contains("key user-000000").all()


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name) -> None:
    at = run_page(PAGE)
    at.button(key=f"kinesis.__preset.{name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error


def test_hot_key_preset_throttles_and_explains_it() -> None:
    at = run_page(PAGE)
    at.button(key="kinesis.__preset.Hot partition key").click().run()
    assert at.radio(key="kinesis.pop").value == "hot"
    assert metric(at, "Throttled writes") != "0"
    log = event_log(at)
    assert log is not None and log["why"].str.contains("key user-000000").any()


def test_consumer_preset_expires_records() -> None:
    at = run_page(PAGE)
    at.button(key="kinesis.__preset.Consumer falls behind retention").click().run()
    assert metric(at, "Expired unread") != "0"
    assert metric(at, "Max iterator age").endswith((" h", " d"))  # hours; at the 24 h retention, 1 d


def test_url_values_are_used() -> None:
    at = run_page(PAGE, {"kinesis.shards": "1", "kinesis.peak": "1500", "kinesis.tries": "1"})
    assert not at.exception
    assert metric(at, "Lost") != "0"
    assert not at.warning


def test_bad_url_values_fall_back_with_a_notice_naming_them() -> None:
    at = run_page(PAGE, {"kinesis.shards": "0", "kinesis.keys": "0", "kinesis.pop": "bogus", "kinesis.fh_mb": "500"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    for key in ("kinesis.shards=0", "kinesis.keys=0", "kinesis.pop=bogus", "kinesis.fh_mb=500"):
        assert key in text


@pytest.mark.parametrize(
    ("query", "rules", "rule"),
    [
        ({"kinesis.shards": "600"}, "course", "shards must be between 1 and 500"),
        ({"kinesis.size": "2000000"}, "course", "record_size_bytes must be between 1 and 1048576"),
        ({"kinesis.retention": "720"}, "course", "retention_h must be between 24 and 168"),
        ({"kinesis.fh_s": "30"}, "course", "interval_s must be between 60 and 900"),
    ],
)
def test_impossible_configs_show_a_clear_error_and_keep_working(query, rules, rule) -> None:
    at = run_page(PAGE, query, rules=rules)
    assert not at.exception, [e.value for e in at.exception]
    assert any(rule in e.value for e in at.error), [e.value for e in at.error]
    assert len(charts(at)) == 5


def test_the_other_edition_allows_it_and_offers_on_demand() -> None:
    at = run_page(PAGE, {"kinesis.retention": "720", "kinesis.fh_s": "30", "kinesis.od": "true"}, rules="aws-today")
    assert not at.exception and not at.error
    assert at.toggle(key="kinesis.od").value is True


def test_every_preset_names_real_widget_keys() -> None:
    """Each preset sets only controls the page draws (``kinesis.<name>`` keys; the closed
    resharding group's controls count, as the page holds their values without widgets)."""
    from views.kinesis.presets import PRESETS as TABLE

    at = run_page(PAGE)
    drawn = set(at.session_state[DRAWN][1])  # every control of the page, closed groups' too
    assert set(TABLE["kinesis"]) == set(PRESETS)
    for name, preset in TABLE["kinesis"].items():
        missing = [v for v in preset.values if v not in drawn]
        assert not missing, f"{name}: {missing}"


def test_the_window_query_is_shown_when_its_expander_opens() -> None:
    at = run_page(PAGE)
    at.session_state["kinesis.__sql.open"] = True
    at.run()
    sql = at.code[0].value
    assert "STEP(" in sql and "INTERVAL '60' SECOND" in sql  # the default: 60-s tumbling windows
