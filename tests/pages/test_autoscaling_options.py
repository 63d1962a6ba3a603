"""Scaling options & predictive page: every option and preset, URL values, bad schedules."""

from __future__ import annotations

import pytest

from tests.pages.apptest import metric, run_page
from views.autoscaling.controls import OPTIONS
from views.autoscaling.presets import PRESETS

PAGE = "app_pages/autoscaling_options.py"


def test_defaults_show_forecast_and_services_panel() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert len(at.get("plotly_chart")) == 2  # group chart + forecast
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
