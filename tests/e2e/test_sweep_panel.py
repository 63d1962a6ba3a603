"""The sweep panel in Chromium: a small sweep on the Auto Scaling policies page draws its heat map,
and clicking a cell moves the two controls to that cell's values and puts them in the address."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import wait_idle
from tests.e2e.sweep_helpers import CHART_JS, HEATMAP, PANEL, cell_centre, open_sweep_panel, run_sweep_and_wait

pytestmark = pytest.mark.e2e

P = "autoscaling_policies"


def _thumb(page, label: str) -> str:  # type: ignore[no-untyped-def]
    slider = page.locator("[data-testid=stSlider]").filter(has_text=label)
    return slider.locator("[data-testid=stSliderThumbValue]").first.inner_text()


def test_clicking_a_cell_opens_that_scenario(page) -> None:  # type: ignore[no-untyped-def]
    bundles: list[str] = []  # Streamlit's own Plotly element loads its bundle (4.7 MB) on first use
    page.on("request", lambda r: bundles.append(r.url) if re.search(r"/PlotlyChart\.[^/]*\.js$", r.url) else None)
    page.goto(f"{page.base_url}/autoscaling-policies?{P}.compare=none&seed=7")
    open_sweep_panel(page, points=3)
    run_sweep_and_wait(page, 9)
    assert bundles == []  # the heat map is ScaleLab's chart element, whose bundle the sidebar warmed
    assert _thumb(page, "Cooldown (s)") == "300" and _thumb(page, "Target value") == "50"
    # the top-right cell: the 3rd cooldown (1800 s) and the 3rd target (100 %)
    heat = page.evaluate(f"() => {{ const t = ({CHART_JS})._fullData[0]; return [Array.from(t.x), Array.from(t.y)]; }}")
    assert heat == [[0, 900, 1800], [5, 53, 100]]
    x, y = cell_centre(page, 2, 1)
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    page.wait_for_url(f"**{P}.cooldown=1800*", timeout=30_000)
    wait_idle(page, 60.0)
    assert f"{P}.target=53" in page.url
    assert _thumb(page, "Cooldown (s)") == "1800" and _thumb(page, "Target value") == "53"
    # the grid stays (same scenario but the swept fields), now marking the clicked cell
    mark_js = f"() => {{ const t = ({CHART_JS})._fullData.find(d => d.name === 'current scenario'); return [t.x[0], t.y[0]]; }}"
    page.wait_for_function(f"() => JSON.stringify(({mark_js})()) === '[1800,53]'", timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.console.errors == []


def test_cancel_stops_a_running_sweep(page) -> None:  # type: ignore[no-untyped-def]
    """A 20 × 20 Kinesis sweep (400 day-long streams, about 20 s of work on a quiet machine, so the
    Cancel button is on screen long enough on any machine; an Auto Scaling grid of the same size
    finishes in well under a second) cancelled at once: the run stops at its next progress update,
    the page says how far it got, and no heat map is drawn."""
    page.goto(f"{page.base_url}/kinesis?seed=11")
    open_sweep_panel(page, points=20)
    panel = page.locator(PANEL)
    panel.get_by_role("button", name="Run sweep").click()
    cancel = panel.get_by_role("button", name="Cancel")
    cancel.wait_for(timeout=30_000)
    cancel.click()
    notice = page.locator("[data-testid=stAlert]").filter(has_text="Sweep cancelled after")
    notice.wait_for(timeout=60_000)
    done, total = re.search(r"after ([\d,]+) of ([\d,]+) scenarios", notice.inner_text()).groups()
    assert total == "400" and int(done.replace(",", "")) < 400
    wait_idle(page, 60.0)
    assert page.locator(HEATMAP).count() == 0
    assert page.locator("[data-testid=stException]").count() == 0
