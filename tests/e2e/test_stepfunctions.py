"""Real-browser checks of the Step Functions vs SWF lab, and its old address and URL prefix."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from engine.stepfunctions import ORDER_FULFILMENT
from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_change, wait_chart_until

pytestmark = pytest.mark.e2e


def test_sfn_express_preset_moves_the_outcome_chart(page) -> None:
    open_page(page, "/stepfunctions", charts=2)
    before = chart_data(page)
    page.get_by_role("button", name="Express hits 5 min").click()
    after = wait_chart_change(page, before)
    timed_out = next(t for t in after if t["name"] == "Timed out (total)")
    assert max(timed_out["y"]) > 0
    assert "stepfunctions.type=EXPRESS" in page.url


def test_sfn_invalid_definition_names_the_path(page) -> None:
    doc = json.loads(ORDER_FULFILMENT)
    doc["States"]["CheckStock"]["Next"] = "Ship!"
    open_page(page, "/stepfunctions?stepfunctions.definition=" + quote(json.dumps(doc)), charts=2)
    assert page.locator("[data-testid=stException]").count() == 0
    assert "States.CheckStock.Next" in page.locator("[data-testid=stAlert]").first.inner_text()


def test_sfn_start_rate_slider_changes_chart(page) -> None:
    open_page(page, "/stepfunctions", charts=2)
    before = chart_data(page)
    nudge_slider(page, "Start rate", 20)
    page.wait_for_url("**stepfunctions.rate=*")
    wait_chart_change(page, before)


def test_old_address_and_prefix_still_open_the_scenario(page) -> None:
    """A link shared before the rename (address /step-functions, prefix sfn) opens its scenario."""
    open_page(page, "/step-functions?sfn.type=EXPRESS", charts=2)
    page.wait_for_url("**stepfunctions.type=EXPRESS**")
    data = wait_chart_until(page, lambda d: max(next(t for t in d if t["name"] == "Timed out (total)")["y"]) > 0)
    assert any(t["name"] == "Succeeded (total)" for t in data)
