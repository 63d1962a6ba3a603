"""Real-browser checks of the workflow labs: Step Functions, AWS Batch, EMR."""

from __future__ import annotations

import json
import time

import pytest

from engine.workflows_defs import ORDER_FULFILMENT
from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_change

pytestmark = pytest.mark.e2e


def test_sfn_express_preset_moves_the_outcome_chart(page) -> None:
    open_page(page, "/step-functions", charts=2)
    before = chart_data(page)
    page.get_by_role("button", name="Express hits 5 min").click()
    after = wait_chart_change(page, before)
    timed_out = next(t for t in after if t["name"] == "Timed out (total)")
    assert max(timed_out["y"]) > 0
    assert "sfn.type=EXPRESS" in page.url


def test_sfn_invalid_definition_names_the_path(page) -> None:
    doc = json.loads(ORDER_FULFILMENT)
    doc["States"]["CheckStock"]["Next"] = "Ship!"
    from urllib.parse import quote

    open_page(page, "/step-functions?sfn.definition=" + quote(json.dumps(doc)), charts=2)
    assert page.locator("[data-testid=stException]").count() == 0
    assert "States.CheckStock.Next" in page.locator("[data-testid=stAlert]").first.inner_text()


def test_sfn_start_rate_slider_changes_chart(page) -> None:
    open_page(page, "/step-functions", charts=2)
    before = chart_data(page)
    nudge_slider(page, "Start rate", 20)
    page.wait_for_url("**sfn.rate=*")
    wait_chart_change(page, before)


def _queue_chart(page) -> list[dict]:
    for i in range(page.locator(".js-plotly-plot").count()):
        data = chart_data(page, i)
        if any(t["name"].startswith("low") for t in data):
            return data
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
