"""DynamoDB lab in a real browser: raising provisioned WCU for a launch shows a split; an old
link (``ddb.*`` keys, from before the page's controls were renamed) still opens its scenario."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_until

pytestmark = pytest.mark.e2e

START = "/dynamodb?dynamodb.autoscaling=false&dynamodb.peak=2000&dynamodb.load=Flat&dynamodb.rcu=100&dynamodb.wcu=500&dynamodb.launch=true&dynamodb.launch_wcu=800"


def _partitions(data: list[dict]) -> list[float]:
    return next(t["y"] for t in data if t["name"] == "Partitions")


def test_raising_provisioned_wcu_shows_a_split(page) -> None:  # type: ignore[no-untyped-def]
    """§3.2: 100 RCU + 800 WCU fit one partition; 1,100 WCU need two, so the table splits at
    the launch (08:00) and the partition line steps from 1 to 2 with a split marker."""
    open_page(page, START)
    before = chart_data(page)
    assert max(_partitions(before)) == 1
    # The link sets the launch, so its group opened by itself; "GSI and DAX" stays closed and sends
    # none of its widgets until it is opened.
    expect(page.locator("[data-testid=stSlider]").filter(has_text="Launch WCU")).to_be_visible()
    gsi = page.locator("[data-testid=stExpander]").filter(has_text="GSI and DAX")
    assert gsi.locator("[data-testid=stSlider]").count() == 0
    gsi.get_by_text("GSI and DAX").click()
    expect(gsi.locator("[data-testid=stSlider]").filter(has_text="GSI WCU")).to_be_visible()
    nudge_slider(page, "Launch WCU", 30)
    page.wait_for_url("**dynamodb.launch_wcu=1100*")
    after = wait_chart_until(page, lambda d: max(_partitions(d)) == 2)
    parts = _partitions(after)
    assert parts[0] == 1 and max(parts) == 2 and parts[-1] == 2  # split, never merged
    events = next(t for t in page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot')[0]._fullData.map(t => ({name: t.name, text: t.hovertext}))"
    ) if t["name"].startswith("Events"))  # fmt: skip
    assert any("split into 1a/1b" in str(x) for x in events["text"])
    assert page.console.errors == []


def test_an_old_link_still_opens_its_scenario(page) -> None:  # type: ignore[no-untyped-def]
    """A link shared before the rename (``/dynamodb?ddb.wcu=2500``) opens the same scenario: the
    WCU slider shows 2,500, the chart draws 2,500 provisioned WCU and the address bar now holds
    the new key."""
    open_page(page, "/dynamodb?ddb.wcu=2500&ddb.rcu=3000")
    page.wait_for_url("**dynamodb.wcu=2500*")
    slider = page.locator("[data-testid=stSlider]").filter(has_text="Provisioned WCU")
    expect(slider).to_contain_text(re.compile(r"2,?500"))
    data = wait_chart_until(page, lambda d: any(t["name"] == "Provisioned WCU" and t["y"] for t in d))
    wcu = next(t["y"] for t in data if t["name"] == "Provisioned WCU")
    assert max(wcu) == 2500
    assert "ddb." not in page.url
    assert page.console.errors == []
