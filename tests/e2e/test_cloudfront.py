"""CloudFront in a real browser: a shorter TTL lowers the hit-ratio line."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import chart_data, open_page, wait_chart_change, wait_idle

pytestmark = pytest.mark.e2e


def _hit_ratio(data: list[dict]) -> float:
    ys = next(t["y"] for t in data if t["name"] == "Cache hit ratio")
    return sum(ys) / len(ys)


def test_shorter_max_age_lowers_the_hit_ratio(page) -> None:
    open_page(page, "/cloudfront?cloudfront.objects=100%2C000")
    before = chart_data(page)
    page.get_by_text("TTL too short").first.click()
    after = wait_chart_change(page, before)
    assert "cloudfront.age=" in page.url
    assert _hit_ratio(after) < _hit_ratio(before) - 20
    assert page.console.errors == []


def test_choosing_a_short_max_age_moves_the_ttl_marker_and_hit_ratio(page) -> None:
    open_page(page, "/cloudfront", charts=2)
    before = chart_data(page)
    box = page.locator("[data-testid=stSelectbox]").filter(has_text="Origin Cache-Control max-age")
    option = page.locator("[role=option]").filter(has_text="10 s").first
    for _ in range(3):  # on a loaded machine the first click can land during a rerun
        wait_idle(page)
        box.locator("input").click()
        try:
            option.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    option.click()
    after = wait_chart_change(page, before)
    assert "cloudfront.age=10" in page.url
    assert _hit_ratio(after) < _hit_ratio(before)


def test_an_old_cf_link_still_opens_its_scenario(page) -> None:
    """A link shared before the rename (``cf.`` keys) opens the same scenario under ``cloudfront.``."""
    open_page(page, "/cloudfront?cf.objects=100%2C000&cf.geo=block&cf.countries=US", charts=2)
    page.wait_for_url("**cloudfront.objects=100*")
    assert "cf.objects" not in page.url and "cloudfront.geo=block" in page.url
    blocked = page.locator("[data-testid=stMetric]").filter(has_text="Blocked (geo)").first
    expect(blocked.locator("[data-testid=stMetricValue]")).not_to_have_text("0")
