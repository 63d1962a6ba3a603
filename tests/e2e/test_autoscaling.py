"""Real-browser checks of the Auto Scaling lab: the cooldown slider moves the instance chart;
scenario links, new and old, open their scenario."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_until

pytestmark = pytest.mark.e2e

P = "autoscaling_policies"
SCENARIO = f"/autoscaling-policies?{P}.policy=Simple+scaling&{P}.load=Morning+ramp&{P}.peak=600&{P}.compare=none"


def _trace(data: list[dict], name: str) -> list[float]:
    return next(t["y"] for t in data if t["name"] == name)


def _thumb(page, label: str):  # type: ignore[no-untyped-def]
    """The value label on the thumb of the slider labelled ``label``."""
    slider = page.locator("[data-testid=stSlider]").filter(has_text=label)
    return slider.locator("[data-testid=stSliderThumbValue]")


def _no_trouble(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlert]").filter(has_text="not usable").count() == 0


def test_cooldown_slider_changes_the_instance_chart(page) -> None:
    """§1.4: simple scaling waits for the cooldown; a longer one makes the instance staircase
    climb later, so the desired-capacity line in the browser changes."""
    open_page(page, SCENARIO)
    before = chart_data(page)
    nudge_slider(page, "Cooldown (s)", 20)  # 300 s -> 900 s
    page.wait_for_url(f"**{P}.cooldown=900*")
    start = sum(_trace(before, "Desired capacity"))
    after = wait_chart_until(page, lambda d: sum(_trace(d, "Desired capacity")) < start)
    assert _trace(after, "Desired capacity") != _trace(before, "Desired capacity")
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.console.errors == []


@pytest.mark.parametrize(
    "path",
    ["/autoscaling-options?autoscaling_options.option=Scheduled", "/autoscaling-vertical?autoscaling_vertical.sizes=3"],
)
def test_other_pages_take_url_scenarios(page, path: str) -> None:
    open_page(page, path)
    _no_trouble(page)


@pytest.mark.parametrize(
    ("path", "label", "value", "new_key"),
    [
        ("/autoscaling-policies?asg.cooldown=900", "Cooldown (s)", "900", "autoscaling_policies.cooldown=900"),
        ("/autoscaling-options?opt.max=12", "Max size", "12", "autoscaling_options.max=12"),
        ("/autoscaling-vertical?hv.downtime=600", "Resize downtime (s)", "600", "autoscaling_vertical.downtime=600"),
        ("/horizontal-vertical?hv.downtime=600", "Resize downtime (s)", "600", "autoscaling_vertical.downtime=600"),
    ],
    ids=["asg", "opt", "hv", "old-address"],
)
def test_old_links_still_open_their_scenario(page, path: str, label: str, value: str, new_key: str) -> None:
    """Links shared before the rename (prefixes asg/opt/hv, address /horizontal-vertical) open the
    same scenario: the slider shows the linked value and the address holds the new key."""
    open_page(page, path)
    _no_trouble(page)
    expect(_thumb(page, label)).to_have_text(value)
    page.wait_for_url(f"**{new_key}*")
