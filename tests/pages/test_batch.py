"""AWS Batch page: defaults, presets, URL values, impossible capacity settings."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_log, metric, run_page

PAGE = "app_pages/batch.py"
PRESETS = [
    "Priority: high before low",
    "Spot array job with retries",
    "Timeout too short",
    "Job bigger than any instance",
    "Overflow to Spot",
]


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert metric(at, "Failed") == "0"
    log = event_log(at)
    assert {"submit", "scale out", "scale in"} <= set(log["what"])  # the array burst and the CE following it


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"batch.__preset.{name}").click().run()
    assert not at.exception and not at.error
    if name == "Timeout too short":
        assert int(metric(at, "Failed").replace(",", "")) > 0
    if name == "Job bigger than any instance":  # 32-vCPU jobs, 16-vCPU instances: RUNNABLE, and why
        log = event_log(at)
        assert log["what"].eq("unplaceable").any()
        assert "stay RUNNABLE" in " ".join(log["why"])
    if name == "Spot array job with retries":
        assert int(metric(at, "Spot-interrupted attempts").replace(",", "")) > 0


def test_min_above_max_is_explained_and_page_keeps_working() -> None:
    at = run_page(PAGE, {"batch.min": "512", "batch.max": "64"})
    assert not at.exception
    assert "ce-1: min_vcpus 512 must not exceed max_vcpus 64" in " ".join(e.value for e in at.error)
    assert metric(at, "Jobs submitted")


def test_spot_strategy_on_ec2_and_short_timeout_are_explained() -> None:
    at = run_page(PAGE, {"batch.strategy": "SPOT_CAPACITY_OPTIMIZED"})
    assert "is for SPOT compute environments" in " ".join(e.value for e in at.error)
    at = run_page(PAGE, {"batch.low_timeout": "30"})
    assert "timeout_s must be between 60" in " ".join(e.value for e in at.error)


def test_bad_url_value_gives_a_notice() -> None:
    at = run_page(PAGE, {"batch.high_attempts": "11"})
    assert not at.exception
    assert "batch.high_attempts=11" in " ".join(w.value for w in at.warning)
