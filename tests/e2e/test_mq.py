"""Amazon MQ in a real browser: a bigger broker flattens the latency line."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import chart_data, open_page, wait_chart_change

pytestmark = pytest.mark.e2e


def _peak(data: list[dict], name: str) -> float:
    return max(next(t["y"] for t in data if t["name"] == name))


def test_right_sized_broker_removes_the_backlog(page) -> None:
    open_page(page, "/mq")
    before = chart_data(page)
    assert _peak(before, "Amazon MQ latency") > 10 * _peak(before, "SQS latency")
    page.get_by_text("Right-sized broker").first.click()
    after = wait_chart_change(page, before)
    assert "mq.instance=" in page.url
    assert _peak(after, "Amazon MQ backlog") == 0
    assert page.console.errors == []
