"""Auto Scaling policies page: defaults, every preset, URL values, impossible settings."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page
from tests.pages.charts import charts

PAGE = "app_pages/autoscaling_policies.py"
PRESETS = ["Flash crowd vs slow launch", "Cooldown too long", "Thrashing without warm-up", "AWS step example"]


def test_defaults_show_metrics_charts_and_the_log() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert metric(at, "Peak instances")
    assert len(charts(at)) == 2  # group chart + comparison


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"autoscaling_policies.__preset.{name}").click().run()
    assert not at.exception and not at.error


def test_cooldown_preset_sets_controls_and_holds_actions() -> None:
    at = run_page(PAGE, rules="aws-today")
    at.button(key="autoscaling_policies.__preset.Cooldown too long").click().run()
    assert at.slider(key="autoscaling_policies.cooldown").value == 1200
    assert at.selectbox(key="autoscaling_policies.policy").value == "Simple scaling"
    assert "held back" in next(m for m in at.metric if m.label == "Scaling actions").proto.delta


def test_url_values_are_used_and_bad_ones_named() -> None:
    at = run_page(PAGE, {"autoscaling_policies.cooldown": "600", "autoscaling_policies.policy": "Step scaling"})
    assert not at.exception and not at.warning
    assert at.slider(key="autoscaling_policies.cooldown").value == 600
    bad = run_page(PAGE, {"autoscaling_policies.cooldown": "-5", "autoscaling_policies.launch": "abc"})
    text = " ".join(w.value for w in bad.warning)
    assert "autoscaling_policies.cooldown=-5" in text and "autoscaling_policies.launch=abc" in text
    assert not bad.exception


def test_impossible_settings_show_a_clear_error() -> None:
    at = run_page(PAGE, {"autoscaling_policies.min": "30", "autoscaling_policies.max": "10"})
    assert not at.exception
    assert any("min_size 30 must not exceed max_size 10" in e.value for e in at.error)
    steps = run_page(
        PAGE, {"autoscaling_policies.policy": "Step scaling", "autoscaling_policies.steps": "0:20=1, 10:=2"}
    )
    assert any("overlap" in e.value for e in steps.error)
    assert metric(steps, "Peak instances")


@pytest.mark.parametrize("rules", ["course", "aws-today"])
def test_both_editions_run(rules: str) -> None:
    at = run_page(PAGE, rules=rules)
    assert not at.exception


def test_percent_steps_on_a_group_that_may_be_empty_ask_for_a_minimum() -> None:
    at = run_page(PAGE, {"autoscaling_policies.min": "0", "autoscaling_policies.policy": "Step scaling"})
    assert not at.exception
    assert any("set min_adjustment_magnitude" in e.value for e in at.error)
    ok = run_page(
        PAGE,
        {
            "autoscaling_policies.min": "0",
            "autoscaling_policies.policy": "Step scaling",
            "autoscaling_policies.min_mag": "1",
        },
    )
    assert not ok.error


def _log(at):
    return event_log(at)


@pytest.mark.parametrize("rules", ["course", "aws-today"])
def test_the_default_scenario_shows_a_scale_out_chasing_the_crowd(rules: str) -> None:
    """The lab's lesson on opening: a flash crowd arrives, requests drop, and target tracking scales
    out after it — all inside the window the chart plays."""
    at = run_page(PAGE, rules=rules)
    log = _log(at)
    assert (log["what"] == "scale out").sum() >= 2 and (log["what"] == "dropped").any()
    crowd = log.loc[log["what"] == "dropped", "time"].iloc[0]  # the crowd arrives: requests drop
    chasing = log.loc[(log["what"] == "scale out") & (log["time"] >= crowd), "time"]
    assert len(chasing) >= 2 and chasing.iloc[0] <= "10:05:00"  # ... and the group scales out after it
    assert int(metric(at, "Peak instances")) > 2


def test_two_target_tracking_policies_from_the_menu() -> None:
    """§1.6: CPU and requests policies together; the second target comes from its own control."""
    at = run_page(
        PAGE,
        {"autoscaling_policies.policy": "Two target-tracking policies", "autoscaling_policies.target2": "15"},
        rules="aws-today",
    )
    assert not at.exception and not at.error
    assert at.slider(key="autoscaling_policies.target2").value == 15
    assert _log(at)["why"].str.contains("not ready to scale in").any()
