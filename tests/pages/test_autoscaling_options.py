"""Scaling options & predictive page: every option and preset, URL values, bad schedules."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page
from tests.pages.charts import charts
from views.autoscaling.controls import OPTIONS
from views.autoscaling.presets import PRESETS

PAGE = "app_pages/autoscaling_options.py"


def test_defaults_show_forecast_and_services_panel() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert len(charts(at)) == 2  # group chart + forecast
    assert any("Application Auto Scaling" in t.value.columns for t in at.table)


@pytest.mark.parametrize("name", list(PRESETS["autoscaling_options"]))
def test_every_preset_runs(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"autoscaling_options.__preset.{name}").click().run()
    assert not at.exception and not at.error


def test_grace_preset_replaces_in_a_loop() -> None:
    """§1.7: app start 180 s > grace 60 s: new instances are judged unhealthy and replaced."""
    at = run_page(PAGE)
    at.button(key="autoscaling_options.__preset.Grace period too short").click().run()
    assert int(metric(at, "Replacements")) > 10


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_from_the_url(option: str) -> None:
    at = run_page(PAGE, {"autoscaling_options.option": option})
    assert not at.exception and not at.error and not at.warning


def test_bad_schedule_and_bad_url_values_are_explained() -> None:
    at = run_page(PAGE, {"autoscaling_options.option": "Scheduled", "autoscaling_options.schedule": "7am=8"})
    assert not at.exception
    assert any("HH:MM desired=N" in e.value for e in at.error)
    bad = run_page(PAGE, {"autoscaling_options.option": "Sometimes", "autoscaling_options.buffer": "4000"})
    text = " ".join(w.value for w in bad.warning)
    assert "autoscaling_options.option=Sometimes" in text and "autoscaling_options.buffer=4000" in text


def _log(at):
    return event_log(at)


def test_the_default_scenario_scales_ahead_of_the_forecast() -> None:
    """The options page opens on predictive scaling (ForecastAndScale): its headline event, capacity
    launched for the coming hour from the forecast, is in the log."""
    at = run_page(PAGE)
    assert (_log(at)["what"] == "predictive").any()


def test_health_check_type_control_switches_the_replacement_loop() -> None:
    """§1.7: EC2 checks (the default) never judge a booting application; ELB checks with a grace period
    shorter than the boot replace each new instance in a loop."""
    q = {"autoscaling_options.option": "Maintain", "autoscaling_options.fail": "0.5",
         "autoscaling_options.grace": "0", "autoscaling_options.boot": "180", "autoscaling_options.load": "Flat"}  # fmt: skip
    ec2 = run_page(PAGE, q)
    assert ec2.radio(key="autoscaling_options.hc_type").value == "EC2"
    assert not (_log(ec2)["what"] == "unhealthy").any()
    elb = run_page(PAGE, {**q, "autoscaling_options.hc_type": "ELB"})
    assert not elb.exception and not elb.error
    assert (_log(elb)["what"] == "unhealthy").sum() > 10
    assert elb.slider(key="autoscaling_options.elb_interval").value == 30


def test_a_manual_change_above_max_is_refused_with_a_clear_message() -> None:
    """§1.1: SetDesiredCapacity above max is refused, not clamped."""
    at = run_page(
        PAGE,
        {"autoscaling_options.option": "Manual", "autoscaling_options.man_n": "40", "autoscaling_options.max": "30"},
    )
    assert not at.exception
    assert any("SetDesiredCapacity refuses it" in e.value for e in at.error)
