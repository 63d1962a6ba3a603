"""Real-browser checks of the Auto Scaling lab: the cooldown slider moves the instance chart."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_until

pytestmark = pytest.mark.e2e

SCENARIO = "/autoscaling-policies?asg.policy=Simple+scaling&asg.load=Morning+ramp&asg.peak=600&asg.compare=none"


def _trace(data: list[dict], name: str) -> list[float]:
    return next(t["y"] for t in data if t["name"] == name)


def test_cooldown_slider_changes_the_instance_chart(page) -> None:
    """§1.4: simple scaling waits for the cooldown; a longer one makes the instance staircase
    climb later, so the desired-capacity line in the browser changes."""
    open_page(page, SCENARIO)
    before = chart_data(page)
    nudge_slider(page, "Cooldown (s)", 20)  # 300 s -> 900 s
    page.wait_for_url("**asg.cooldown=900*")
    start = sum(_trace(before, "Desired capacity"))
    after = wait_chart_until(page, lambda d: sum(_trace(d, "Desired capacity")) < start)
    assert _trace(after, "Desired capacity") != _trace(before, "Desired capacity")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.console.errors == []


@pytest.mark.parametrize("path", ["/autoscaling-options?opt.option=Scheduled", "/horizontal-vertical?hv.sizes=3"])
def test_other_pages_take_url_scenarios(page, path: str) -> None:
    open_page(page, path)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlert]").filter(has_text="not usable").count() == 0
