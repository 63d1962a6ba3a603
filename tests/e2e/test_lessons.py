"""In a real browser: a lesson hides the run until Play, then reveals the computed answer and
starts the charts' animation; a presentation link at 1280×720 collapses the sidebar and draws each
chart as tall as the screen, and switching presentation mode on collapses the sidebar too."""

from __future__ import annotations

from tests.e2e.conftest import open_page, wait_idle


def test_a_lesson_hides_the_run_until_play_then_reveals_the_answer(page) -> None:  # type: ignore[no-untyped-def]
    open_page(page, "/dynamodb?lesson=lower-wcu", charts=0)
    page.get_by_role("button", name="Play and reveal").wait_for()
    panel = page.locator(".st-key-lesson_panel")
    assert panel.get_by_text("how many WCU does each partition get?").count() == 1
    # before Play: the run's numbers and charts are not visible
    assert page.locator("[data-testid=stMetric]").first.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    panel.get_by_label("Your answer (WCU per partition)").fill("150")
    panel.get_by_label("Your answer (WCU per partition)").press("Enter")
    wait_idle(page)
    page.wait_for_function("() => !!window.Plotly", timeout=45_000)  # the charts are drawn, hidden
    page.evaluate(  # count the animations started from the first frame (a chart's Replay)
        """() => { const animate = window.Plotly.animate; window.__replays = 0;
            window.Plotly.animate = function (...args) {
                if (args[1] === null) window.__replays += 1;
                return animate.apply(this, args);
            }; }"""
    )
    page.get_by_role("button", name="Play and reveal").click()
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=45_000)
    page.wait_for_function("() => window.__replays >= 1", timeout=45_000)  # Play started the animation
    assert panel.get_by_text("The answer: 200 WCU per partition.").count() == 1
    assert panel.get_by_text("You said 150").count() == 1
    assert page.locator("[data-testid=stMetric]").first.evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert not page.console.errors, page.console.errors


def test_presentation_mode_fills_a_1280x720_screen_with_one_chart(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, "/dynamodb?present=true", charts=4)
    box = page.locator("[data-testid=stSidebar]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 1 or box["width"] < 50, box  # collapsed
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('[data-testid=stMain] .scalelab-chart')).map(d => d.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 0.85 * 720, heights  # each chart is one screen
    size = page.locator("[data-testid=stMain] p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 22, size  # large type
    assert page.get_by_text("What happened, and why").count() == 1
    assert page.locator("[data-testid=stTable]").count() >= 1  # the event log in large print


def _sidebar_collapsed(page) -> bool:  # type: ignore[no-untyped-def]
    box = page.locator("[data-testid=stSidebar]").bounding_box()
    return box is None or box["x"] + box["width"] <= 1 or box["width"] < 50


def test_switching_presentation_mode_on_collapses_the_sidebar(page) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1280, "height": 720})
    open_page(page, "/dynamodb", charts=4)
    assert not _sidebar_collapsed(page)
    page.locator("[data-testid=stSidebar]").get_by_text("Presentation mode").click()
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect(); return r.right <= 1; }",
        timeout=45_000,
    )
    assert "present=true" in page.url and _sidebar_collapsed(page)
