"""EventBridge in a real browser: editing the pattern changes the matched line and the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chart_data, open_page, wait_chart_change, wait_idle

pytestmark = pytest.mark.e2e


def _matched(data: list[dict]) -> float:
    return sum(next(t["y"] for t in data if t["name"] == "Matched events"))


def test_editing_the_pattern_changes_the_matched_events(page) -> None:
    open_page(page, "/eventbridge")
    before = chart_data(page)
    box = page.locator("[data-testid=stTextArea] textarea").first
    box.fill('{"source": ["aws.ec2"], "detail": {"state": ["stopped", "terminated"]}}')
    page.keyboard.press("Control+Enter")
    wait_idle(page)
    after = wait_chart_change(page, before)
    assert _matched(after) < _matched(before) / 3
    assert "eventbridge.pattern=" in page.url
    assert page.console.errors == []


def test_an_invalid_pattern_shows_where_it_is_wrong(page) -> None:
    open_page(page, "/eventbridge")
    box = page.locator("[data-testid=stTextArea] textarea").first
    box.fill('{"detail": {"amount": [{"numeric": [">", "ten"]}]}}')
    page.keyboard.press("Control+Enter")
    wait_idle(page)
    alert = page.locator("[data-testid=stAlert]").filter(has_text="Invalid event pattern").first
    alert.wait_for()
    assert "detail.amount[0]" in alert.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0


def test_an_old_eb_link_still_opens_its_scenario(page) -> None:
    """A link shared before the rename (``eb.`` keys) opens the same pattern under ``eventbridge.``."""
    open_page(page, "/eventbridge?eb.pattern=%7B%22source%22%3A%20%5B%22aws.s3%22%5D%7D")
    page.wait_for_url("**eventbridge.pattern=*")
    assert "eb.pattern" not in page.url
    # The address changes before the rerun that draws the text area ends: wait for the value.
    expect(page.locator("[data-testid=stTextArea] textarea").first).to_have_value(re.compile(r'"aws\.s3"'))
