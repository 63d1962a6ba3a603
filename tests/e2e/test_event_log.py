"""The event log in a real browser: its sentences are whole (no cell cut), and clicking a row marks
that moment on the page's main chart; clicking it again clears the mark."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import open_page, wait_idle

pytestmark = pytest.mark.e2e

MARKS = """() => {
  const div = document.querySelector('[data-testid=stMain] .scalelab-chart');
  return (div && div.layout && div.layout.shapes || []).filter(s => s.name === 'scalelab-mark').map(s => s.x0);
}"""


def wait_marks(pg, predicate, timeout_s: float = 30.0) -> list[float]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = pg.evaluate(MARKS)
        if predicate(found):
            return found
        time.sleep(0.25)
    raise AssertionError(f"the chart's marks stayed {pg.evaluate(MARKS)}")


@pytest.mark.parametrize("size", [(1400, 1000), (1280, 720)])
def test_sentences_are_whole_and_a_clicked_row_is_marked_on_the_chart(page, size) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_page(page, "/autoscaling-policies")
    page.wait_for_selector(".scalelab-event-log .scalelab-event")
    cut = page.evaluate(
        "() => [...document.querySelectorAll('.scalelab-event-log .scalelab-event')]"
        ".filter(e => e.scrollWidth > e.clientWidth).map(e => e.textContent.slice(0, 60))"
    )
    assert cut == []
    assert wait_marks(page, lambda m: True, 5) == []
    row = page.locator(".scalelab-event-row").nth(1)
    clock = row.locator(".scalelab-event-time").inner_text().split("–")[0].strip()
    h, m, s = (int(x) for x in clock.split(":"))
    row.click()
    wait_idle(page)
    assert wait_marks(page, lambda found: len(found) == 1) == [pytest.approx((h * 3600 + m * 60 + s) / 3600)]
    assert "selected" in (page.locator(".scalelab-event-row").nth(1).get_attribute("class") or "")
    page.locator(".scalelab-event-row").nth(1).click()
    wait_idle(page)
    assert wait_marks(page, lambda found: found == []) == []
    assert page.console.errors == []
    assert page.console.external == []  # icons come from the app itself, not a font CDN
