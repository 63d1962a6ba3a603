"""Real-browser checks of the messaging labs (issue 6): queues, Lambda, coupling; old links still open."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import chart_data, open_page, wait_chart_change, wait_idle

pytestmark = pytest.mark.e2e

SCENARIO = "load=Flat&{p}.peak=1&{p}.hours=1+h&{p}.proc=40.0&{p}.cv=0.3&{p}.n=200&{p}.mrc=5&{p}.dup=0.0"
QUEUE = "/queues?queues." + SCENARIO.format(p="queues")


def _duplicates(data: list[dict]) -> float:
    return sum(sum(t["y"]) for t in data if t["name"] == "Duplicate deliveries")


def test_shortening_the_visibility_timeout_raises_the_duplicates_line(page) -> None:
    """§4: processing ~40 s; a 90 s visibility timeout gives no duplicates, 30 s gives many."""
    open_page(page, QUEUE + "&queues.vis=90")
    before = chart_data(page)
    assert _duplicates(before) == 0
    box = page.get_by_role("spinbutton", name="Visibility timeout (s)")
    box.fill("30")
    box.press("Enter")
    wait_idle(page)
    after = wait_chart_change(page, before)
    assert _duplicates(after) > 100
    assert "queues.vis=90" not in page.url  # 30 s is the default, which Streamlit leaves out of the URL
    assert page.console.errors == []


def test_an_old_sqs_link_still_opens_its_scenario(page) -> None:
    """A learner's link from before the rename (``sqs.`` keys) opens the same scenario."""
    open_page(page, "/queues?sqs." + SCENARIO.format(p="sqs") + "&sqs.vis=90")
    assert page.get_by_role("spinbutton", name="Visibility timeout (s)").input_value() == "90"
    assert _duplicates(chart_data(page)) == 0
    assert page.console.errors == []


def test_an_old_lam_link_still_opens_its_scenario(page) -> None:
    open_page(page, "/lambda?lam.acct=5000")
    assert page.get_by_role("spinbutton", name="Account concurrency limit").input_value() == "5000"
    assert page.console.errors == []


def test_coupling_page_draws_both_architectures(page) -> None:
    open_page(page, "/coupling", charts=2)
    names = {t["name"] for t in chart_data(page, 0)} | {t["name"] for t in chart_data(page, 1)}
    assert {"Timed out (504)", "Refused (503)", "Waiting in the queue"} <= names
    assert page.console.errors == []


def test_an_old_cpl_link_still_opens_its_scenario(page) -> None:
    open_page(page, "/coupling?cpl.ret=300", charts=2)
    assert page.get_by_role("spinbutton", name="Queue retention (s)").input_value() == "300"
    assert page.console.errors == []
