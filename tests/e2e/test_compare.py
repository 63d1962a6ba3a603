"""Compare in a real browser: B's control starts at A's value, moving it puts B in the address,
and the address alone brings the same comparison back in a fresh session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import nudge_slider, open_page, wait_idle

pytestmark = pytest.mark.e2e

START = "/lambda?lambda.compare=true&lambda.vary=Cold+start+(Init,+s)"


def test_b_goes_into_the_link_and_comes_back_from_it(page, browser, base_url) -> None:  # type: ignore[no-untyped-def]
    open_page(page, START)
    b = page.locator("[data-testid=stSlider]").filter(has_text="B: Cold start (Init, s)")
    expect(b).to_contain_text("0.50")  # starts at A's value
    expect(page.get_by_text("B is the same scenario as A")).to_be_visible()

    nudge_slider(page, "B: Cold start (Init, s)", -2)
    page.wait_for_url(re.compile(r"lambda\.b\.cold=0\.3"))
    expect(page.get_by_text("Cold start (Init, s) = 0.3 (A: 0.5)")).to_be_visible()
    table = page.locator("[data-testid=stTable]").filter(has_text="B − A")
    expect(table).to_have_count(1)

    # Moving A later leaves B where the learner put it (and in the address).
    a = page.locator("[data-testid=stSlider]").filter(has_text=re.compile(r"^Cold start"))
    a.get_by_role("slider").focus()
    a.get_by_role("slider").press("ArrowRight")
    page.keyboard.press("Tab")
    wait_idle(page)
    page.wait_for_url(re.compile(r"lambda\.cold=0\.6"))
    assert "lambda.b.cold=0.3" in page.url

    # The link alone, in a fresh session, draws the same comparison.
    fresh = browser.new_context().new_page()
    fresh.base_url = page.base_url
    fresh.console = page.console
    open_page(fresh, page.url.removeprefix(page.base_url))
    expect(fresh.get_by_text("Cold start (Init, s) = 0.3 (A: 0.6)")).to_be_visible()
    fresh.context.close()
    assert page.console.errors == []
