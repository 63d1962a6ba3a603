"""Presets and lessons in a real browser: a value set on a control drawn for the first time in the
session reaches the address bar (a choice by its label), and that link opens the same scenario."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import new_page, open_page, slider_thumb, wait_idle

pytestmark = pytest.mark.e2e


def _slider_value(pg, label: str) -> str:  # type: ignore[no-untyped-def]
    return slider_thumb(pg, label).input_value()


def test_celebrity_item_on_a_fresh_page_puts_the_hot_key_share_into_the_address(page, browser) -> None:  # type: ignore[no-untyped-def]
    """'Hot key share' is drawn only for hot-key popularity: the fresh page (zipf) never drew it."""
    open_page(page, "/dynamodb")
    assert "hot_pct" not in page.url
    page.get_by_role("button", name="Celebrity item").click()
    page.wait_for_url(re.compile(r"dynamodb\.hot_pct=40(&|$)"), timeout=45_000)
    wait_idle(page)
    link = page.url
    assert "dynamodb.pop=hot" in link
    assert _slider_value(page, "Hot key share (%)") == "40"
    # The link, opened in a new session, gives the same control and no notice about its values.
    context, other = new_page(browser)
    try:
        other.base_url = page.base_url
        open_page(other, link.removeprefix(page.base_url))
        assert _slider_value(other, "Hot key share (%)") == "40"
        assert other.get_by_text("URL parameter").count() == 0
        assert other.url == link
    finally:
        context.close()
    assert page.console.errors == []


def test_a_lesson_link_writes_a_choice_into_the_address_by_its_label(page) -> None:  # type: ignore[no-untyped-def]
    """The queues lesson sets the horizon to 1 (shown "1 h") on the session's first run."""
    open_page(page, "/queues?lesson=visibility-duplicates", charts=0)
    page.wait_for_url(re.compile(r"queues\.hours=1(\+|%20)h(&|$)"), timeout=45_000)
    page.wait_for_url(re.compile(r"queues\.proc=45(&|$)"), timeout=45_000)
    wait_idle(page)
    assert page.get_by_text("URL parameter").count() == 0
    assert page.console.errors == []
