"""Real-browser checks of the workflow labs: Step Functions, AWS Batch, EMR."""

from __future__ import annotations

import json

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
