"""Edge labs in a real browser: the pattern (a text area) survives a page switch and Back."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page, wait_idle

pytestmark = pytest.mark.e2e


def test_pattern_survives_page_switch_and_back(page) -> None:
    open_page(page, "/eventbridge")
    box = page.locator("[data-testid=stTextArea] textarea").first
    box.fill('{"source": ["aws.s3"]}')
    page.keyboard.press("Control+Enter")
    wait_idle(page)
    page.wait_for_url("**eventbridge.pattern=*")
    page.locator("[data-testid=stSidebarNav] a").filter(has_text="Home").click()
    wait_idle(page)
    page.go_back()
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1")
    assert "aws.s3" in page.locator("[data-testid=stTextArea] textarea").first.input_value()
