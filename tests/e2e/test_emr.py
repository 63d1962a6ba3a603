"""Real-browser checks of the EMR lab."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_change

pytestmark = pytest.mark.e2e


def test_emr_more_task_nodes_shorten_the_job(page) -> None:
    open_page(page, "/emr", charts=2)
    before = chart_data(page)
    nudge_slider(page, "Task nodes at start", 10)
    page.wait_for_url("**emr.task=*")
    wait_chart_change(page, before)
    deadline = time.monotonic() + 20

    def peak_task() -> float:
        try:
            return max(next(t for t in chart_data(page) if t["name"] == "Task nodes")["y"])
        except Exception:  # the chart is being replaced by the rerun
            return 0.0

    while peak_task() < 16 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert peak_task() >= 16


def test_emr_min_above_max_shows_error(page) -> None:
    open_page(page, "/emr?emr.managed=true&emr.min=50&emr.max=10", charts=2)
    assert page.locator("[data-testid=stException]").count() == 0
    assert "MinimumCapacityUnits 50" in page.locator("[data-testid=stAlert]").first.inner_text()
