"""EMR page: defaults, presets, URL values, impossible capacity settings."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page

PAGE = "app_pages/emr.py"
PRESETS = [
    "Word count on 10 nodes",
    "Managed scaling 100 / core cap 17",
    "Spot task nodes",
    "Spot core nodes",
    "Serial 30 %",
]


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    # the run and Amdahl's law agree to within the simulation's 10 s steps
    (run, unit), (amdahl, amdahl_unit) = (metric(at, m).split() for m in ("Job runtime", "Amdahl at start size"))
    assert unit == amdahl_unit and float(run) == pytest.approx(float(amdahl), rel=0.02)
    assert any("NameNode" in t.value.to_string() for t in at.table)  # the components map
    log = event_log(at)
    assert {"step", "job done"} <= set(log["what"])  # each step's Amdahl runtime, then the termination


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"emr.__preset.{name}").click().run()
    assert not at.exception and not at.error
    if name == "Managed scaling 100 / core cap 17":
        assert metric(at, "Peak nodes") == "100"


def test_min_above_max_is_explained_and_page_keeps_working() -> None:
    at = run_page(PAGE, {"emr.managed": "true", "emr.min": "50", "emr.max": "10"})
    assert not at.exception
    text = " ".join(e.value for e in at.error)
    assert "MinimumCapacityUnits 50 must not exceed MaximumCapacityUnits 10" in text
    assert metric(at, "Job runtime")


def test_bad_url_value_gives_a_notice() -> None:
    at = run_page(PAGE, {"emr.serial": "2"})
    assert not at.exception
    assert "emr.serial=2" in " ".join(w.value for w in at.warning)
