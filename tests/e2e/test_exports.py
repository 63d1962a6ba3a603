"""The Export panel in a real browser: the scenario downloads as a file, and that file uploaded on a
fresh page (with one value edited, one garbled) moves the controls and the address, and names the
garbled value; the AWS artefacts are shown with their CLI command. Saves screenshots of the panel
(``SCALELAB_SHOTS``: a folder) for a look."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import choose, wait_idle

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("SCALELAB_SHOTS")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1400, "height": 2600})
        wait_idle(page, 30)
        panel = page.locator("[data-testid=stExpander]", has_text="Export: results")
        panel.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def open_page(page, path: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``path`` and wait for its first chart (patiently: a 24-hour run on a busy machine)."""
    page.goto(page.base_url + path)
    wait_idle(page, 180)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=180_000)


def _open_export(page):  # type: ignore[no-untyped-def]
    panel = page.locator("[data-testid=stExpander]", has_text="Export: results")
    panel.get_by_text("Export: results, scenario, AWS, load test").click()
    expect(panel.get_by_text("How to use:")).to_be_visible()
    return panel


def test_a_downloaded_scenario_uploaded_again_moves_the_controls(page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    open_page(page, "/dynamodb?dynamodb.wcu=1200&dynamodb.autoscaling=false")
    panel = _open_export(page)
    _shot(page, "dynamodb")
    with page.expect_download() as got:
        panel.get_by_role("button", name="Scenario (JSON)").click()
    doc = json.loads(Path(got.value.path()).read_text())
    assert doc["scalelab"] == 1 and doc["page"] == "dynamodb"
    assert doc["controls"]["wcu"]["value"] == 1200 and doc["controls"]["autoscaling"]["value"] is False
    doc["controls"]["rcu"]["value"] = 3000
    doc["controls"]["item_kb"]["value"] = "big"
    file = tmp_path / "mine.json"
    file.write_text(json.dumps(doc))

    open_page(page, "/dynamodb?dynamodb.autoscaling=true")  # (a bare address would restore the last scenario)
    panel = _open_export(page)
    choose(
        page, panel.locator("[data-testid=stSelectbox]").filter(has_text="Artefact"), "PutScalingPolicy TableWrite", 60
    )
    expect(panel.locator("code", has_text="DynamoDBWriteCapacityUtilization").first).to_be_visible()
    _shot(page, "dynamodb-autoscaling")
    panel.locator("input[type=file]").set_input_files(str(file))
    page.wait_for_url("**dynamodb.wcu=1200*")
    wait_idle(page, 90)
    assert "dynamodb.rcu=3000" in page.url and "dynamodb.autoscaling=false" in page.url
    assert "dynamodb.item_kb" not in page.url  # the garbled value: back to the default
    notice = page.locator("[data-testid=stAlert]", has_text="mine.json")
    expect(notice).to_contain_text("item_kb=big")
    expect(notice).to_contain_text("is not usable (a number from 0.5 to")
    if SHOTS:
        notice.screenshot(path=str(Path(SHOTS) / "dynamodb-upload-notice.png"))
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.console.errors == []


def test_the_policies_page_exports_its_policy_for_aws(page) -> None:  # type: ignore[no-untyped-def]
    open_page(page, "/autoscaling-policies?autoscaling_policies.policy=Step+scaling")
    panel = _open_export(page)
    expect(panel.get_by_text("aws autoscaling put-scaling-policy --cli-input-json", exact=False)).to_be_visible()
    expect(panel.locator("code", has_text='"PolicyType": "StepScaling"').first).to_be_visible()
    _shot(page, "autoscaling-policies")
    choose(
        page,
        panel.locator("[data-testid=stSelectbox]").filter(has_text="Artefact"),
        "CloudFormation group and policies",
    )
    expect(panel.locator("code", has_text="AWS::AutoScaling::ScalingPolicy").first).to_be_visible()
    _shot(page, "autoscaling-policies-cfn")
    assert page.console.errors == []
