"""Charts in the browser: updated in place, unchanged ones left alone, Plotly from the app's own
server, warmed on the home page, animation controls still working."""

from __future__ import annotations

import time

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_change, wait_idle
from tests.views.test_plotly_bundle import banner
from views.plotly_chart import BUNDLE_FILE

# Count every redraw of every chart on the page (Plotly fires plotly_afterplot after each draw)
# and mark each chart's element, so a rebuilt element (a new DOM node) is told from an updated one.
WATCH = """() => document.querySelectorAll('.js-plotly-plot').forEach((el, i) => {
    el.__mark = i; el.__draws = 0; el.on('plotly_afterplot', () => { el.__draws += 1; });
})"""
STATE = """() => Array.from(document.querySelectorAll('.js-plotly-plot'), el => ({
    mark: el.__mark, draws: el.__draws, heat: el._fullData.some(t => t.type === 'heatmap'),
    names: el._fullData.map(t => t.name)}))"""


def test_a_slider_move_updates_the_chart_in_place(page) -> None:  # type: ignore[no-untyped-def]
    open_page(page, "/dynamodb", charts=4)  # capacity, heat map, shares, cost
    page.evaluate(WATCH)
    before = chart_data(page)
    nudge_slider(page, "Provisioned WCU", 3)
    after = wait_chart_change(page, before)
    assert after[0]["y"] != before[0]["y"]  # the provisioned WCU line moved
    state = page.evaluate(STATE)
    assert [s["mark"] for s in state] == [0, 1, 2, 3]  # the same elements, not rebuilt or stacked ones
    assert state[0]["draws"] >= 1
    assert not page.console.errors, page.console.errors


def test_a_control_of_one_chart_redraws_only_that_chart(page) -> None:  # type: ignore[no-untyped-def]
    """The Firehose buffer changes the delivery chart only: the shard heat map, the stream chart
    and the hash ring are sent again with the same bytes and the browser leaves them alone."""
    open_page(page, "/kinesis", charts=5)
    time.sleep(1)
    page.evaluate(WATCH)
    nudge_slider(page, "Buffer size (MiB)", 2)
    wait_idle(page)
    time.sleep(1.5)
    state = page.evaluate(STATE)
    redrawn = [s for s in state if s["draws"]]
    assert len(redrawn) == 1, state  # the Firehose chart, and only it
    assert not any(s["heat"] for s in redrawn)
    assert [s["mark"] for s in state] == list(range(len(state)))
    assert not page.console.errors, page.console.errors


def test_plotly_comes_from_the_app_and_the_home_page_warms_it(page) -> None:  # type: ignore[no-untyped-def]
    bundles: list[str] = []
    page.on("request", lambda r: "plotly" in r.url and r.url.endswith(".js") and bundles.append(r.url))
    page.goto(page.base_url + "/")
    wait_idle(page)
    page.wait_for_function("() => !!window.Plotly", timeout=30_000)  # loaded while the home page idles
    assert bundles and all(u.startswith(page.base_url + "/_stcore/bidi-components/") for u in bundles), bundles
    assert [u.rsplit("/", 1)[1] for u in bundles] == [BUNDLE_FILE]  # ScaleLab's partial build
    registered = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)")
    assert set(registered) == banner()[1]  # the trace types its banner (and the source tests) rely on
    page.locator('[data-testid=stSidebarNav] a[href$="/queues"]').first.click()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=30_000)
    assert len(bundles) == 1  # in-app navigation reuses the bundle already evaluated
    assert not page.console.external, page.console.external
    assert not page.console.errors, page.console.errors


def test_play_pause_and_scrubber_still_animate(page) -> None:  # type: ignore[no-untyped-def]
    open_page(page, "/queues")
    full = len(chart_data(page)[0]["y"])
    page.get_by_text("▶ Play").first.click()
    page.wait_for_function(
        "(n) => { const t = document.querySelector('.js-plotly-plot')._fullData[0];"
        " return t.y.length > 0 && t.y.length < n; }",
        arg=full,
        timeout=10_000,
    )
    page.get_by_text("❚❚ Pause").first.click()
    time.sleep(0.5)
    paused = len(chart_data(page)[0]["y"])
    time.sleep(0.8)
    assert len(chart_data(page)[0]["y"]) == paused < full  # pause holds the frame
    page.get_by_text("▶ Play").first.click()  # play resumes to the end: the whole run again
    page.wait_for_function(
        "(n) => document.querySelector('.js-plotly-plot')._fullData[0].y.length === n", arg=full, timeout=30_000
    )
    assert not page.console.errors, page.console.errors
