"""The load-trace explorer: presets, URL parameters (valid and not), CSV upload problems."""

from __future__ import annotations

from tests.pages.apptest import metric, run_page

PAGE = "app_pages/load.py"


def test_defaults_show_metrics_and_no_warning() -> None:
    at = run_page(PAGE)
    assert not at.exception
    assert metric(at, "Peak") == "200 req/s"  # base 50 + diurnal 100 * (1 + 0.5)
    assert not at.warning


def test_url_values_are_used() -> None:
    at = run_page(PAGE, {"load.base": "0", "load.mean": "1000", "load.amp": "0.0"})
    assert not at.exception
    assert metric(at, "Peak") == "1,000 req/s"
    assert not at.warning


def test_bad_url_values_fall_back_with_a_notice_naming_them() -> None:
    at = run_page(PAGE, {"load.hours": "500", "load.dt": "7", "load.noise": "abc"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    for key in ("load.hours=500", "load.dt=7", "load.noise=abc"):
        assert key in text
    assert metric(at, "Peak") == "200 req/s"


def test_preset_button_sets_controls() -> None:
    at = run_page(PAGE)
    at.button(key="load.__preset.Flash crowd").click().run()
    assert not at.exception
    assert at.toggle(key="load.spike").value is True
    assert at.slider(key="load.spike_height").value == 400
