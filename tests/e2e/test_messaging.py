"""Real-browser checks of the messaging labs (issue 6)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import chart_data, open_page, wait_chart_change, wait_idle

pytestmark = pytest.mark.e2e

QUEUE = "/queues?sqs.load=Flat&sqs.peak=1&sqs.hours=1+h&sqs.proc=40.0&sqs.cv=0.3&sqs.n=200&sqs.mrc=5&sqs.dup=0.0"


def _duplicates(data: list[dict]) -> float:
    return sum(sum(t["y"]) for t in data if t["name"] == "Duplicate deliveries")


def test_shortening_the_visibility_timeout_raises_the_duplicates_line(page) -> None:
    """§4: processing ~40 s; a 90 s visibility timeout gives no duplicates, 30 s gives many."""
    open_page(page, QUEUE + "&sqs.vis=90")
    before = chart_data(page)
    assert _duplicates(before) == 0
    box = page.get_by_role("spinbutton", name="Visibility timeout (s)")
    box.fill("30")
    box.press("Enter")
    wait_idle(page)
    after = wait_chart_change(page, before)
    assert _duplicates(after) > 100
    assert "sqs.vis=90" not in page.url  # 30 s is the default, which Streamlit leaves out of the URL
    assert page.console.errors == []


def test_coupling_page_draws_both_architectures(page) -> None:
    open_page(page, "/coupling", charts=2)
    names = {t["name"] for t in chart_data(page, 0)} | {t["name"] for t in chart_data(page, 1)}
    assert {"Failed (503/504)", "Waiting in the queue"} <= names
    assert page.console.errors == []
