"""Real-browser checks of the AWS Batch lab."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import chart_data, open_page

pytestmark = pytest.mark.e2e


def _queue_chart(page) -> list[dict]:
    """The per-queue chart's data, or [] while a rerun is replacing the charts."""
    try:
        for i in range(page.locator(".js-plotly-plot").count()):
            data = chart_data(page, i)
            if any(t["name"].startswith("low") for t in data):
                return data
    except Exception:  # a chart element vanished mid-read: the rerun is replacing it
        pass
    return []


def test_batch_priority_preset_shows_low_queue_waiting(page) -> None:
    open_page(page, "/batch", charts=2)
    before = _queue_chart(page)
    page.get_by_role("button", name="Priority: high before low").click()
    page.wait_for_url("**batch.max=64**")
    deadline = time.monotonic() + 20
    after = before
    while after == before and time.monotonic() < deadline:
        time.sleep(0.2)
        after = _queue_chart(page)
    assert after != before
    high_run = next(t for t in after if t["name"].startswith("high") and t["name"].endswith("RUNNING"))
    low_runnable = next(t for t in after if t["name"].startswith("low") and t["name"].endswith("RUNNABLE"))
    assert max(low_runnable["y"]) > 0 and max(high_run["y"]) > 0


def test_batch_max_vcpus_below_min_shows_error(page) -> None:
    open_page(page, "/batch?batch.min=512&batch.max=64", charts=2)
    assert page.locator("[data-testid=stException]").count() == 0
    assert "min_vcpus 512 must not exceed max_vcpus 64" in page.locator("[data-testid=stAlert]").first.inner_text()
