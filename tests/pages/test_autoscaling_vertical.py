"""Horizontal vs vertical page: defaults, presets, URL values, the ceiling and downtime lessons."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page
from views.autoscaling.presets import PRESETS

PAGE = "app_pages/autoscaling_vertical.py"


def test_defaults_compare_both_ways() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert metric(at, "Zero capacity — vertical") != "0 s"  # resizes cost downtime
    zero = next(m for m in at.metric if m.label == "Zero capacity — vertical")
    assert zero.proto.delta == "horizontal: 0 s"


@pytest.mark.parametrize("name", list(PRESETS["autoscaling_vertical"]))
def test_every_preset_runs(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"autoscaling_vertical.__preset.{name}").click().run()
    assert not at.exception and not at.error


def test_ceiling_preset_logs_the_ceiling() -> None:
    at = run_page(PAGE)
    at.button(key="autoscaling_vertical.__preset.Hitting the ceiling").click().run()
    log = event_log(at)
    assert log["what"].str.contains("ceiling").any()


def test_url_values_and_bad_ones() -> None:
    at = run_page(PAGE, {"autoscaling_vertical.downtime": "0"})
    assert metric(at, "Zero capacity — vertical") == "0 s"
    bad = run_page(PAGE, {"autoscaling_vertical.downtime": "-1", "autoscaling_vertical.sizes": "9"})
    text = " ".join(w.value for w in bad.warning)
    assert "autoscaling_vertical.downtime=-1" in text and "autoscaling_vertical.sizes=9" in text and not bad.exception


def test_impossible_settings_show_a_clear_error() -> None:
    at = run_page(PAGE, {"autoscaling_vertical.sizes": "2", "autoscaling_vertical.start": "4"})
    assert not at.exception
    assert any("start_size must be between 0 and 1" in e.value for e in at.error)


def test_the_default_scenario_resizes_with_downtime() -> None:
    """The vertical page opens on a business day: the instance is resized up as load rises (its
    headline event) and each resize costs downtime."""
    at = run_page(PAGE)
    log = event_log(at)
    assert (log["what"] == "vertical · scale up").any()
