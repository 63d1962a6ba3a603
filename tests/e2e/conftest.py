"""Browser-test fixtures: one Streamlit server per session, Debian's Chromium via Playwright.

Helpers here are shared by every lab's browser tests: open a page and wait for its chart,
move a slider by keyboard, read a chart's data, collect console errors.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.e2e.server import CHROMIUM_ARGS, chromium_path, streamlit_server

pytestmark = pytest.mark.e2e
ARTIFACTS = Path(__file__).parent / "artifacts"

# Streamlit's frontend probes <page>/_stcore/{health,host-config} before the root ones when a
# page is opened by its own URL; the 404s are Streamlit's (streamlit/streamlit#7074), not ours.
KNOWN_UPSTREAM = re.compile(r"/_stcore/(health|host-config)")


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A running app on a free loopback port."""
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="session")
def base_url(server_url, browser) -> str:  # type: ignore[no-untyped-def]
    """The app after one real visit, so imports, compiled kernels and caches are warm before the
    first test's timing starts (a deep link as the very first request is its own test:
    ``test_fresh_deep_links.py``)."""
    warm_up(browser, server_url)
    return server_url


def warm_up(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    """Visit the home page once and wait for its run to finish."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(url)
    wait_idle(pg, 90.0)
    pg.wait_for_selector("h1")
    ctx.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium; skipped only if it is not installed (CI installs it)."""
    exe = chromium_path()
    if not exe:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Console:
    """Console errors and page errors seen by one page, minus Streamlit's own known 404 probes."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.external: list[str] = []

    def on_request(self, request) -> None:  # type: ignore[no-untyped-def]
        """Note any request that leaves this machine: the app must fetch nothing from outside."""
        host = urlparse(request.url).hostname or ""
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in {"127.0.0.1", "localhost"}:
            self.external.append(request.url)

    def on_console(self, msg) -> None:  # type: ignore[no-untyped-def]
        if msg.type == "error":
            url = (msg.location or {}).get("url", "")
            if "Failed to load resource" in msg.text and KNOWN_UPSTREAM.search(url):
                return
            self.errors.append(f"{msg.text} @ {url}")

    def on_page_error(self, err) -> None:  # type: ignore[no-untyped-def]
        self.errors.append(f"page error: {err}")


def new_page(browser, width: int = 1400, height: int = 1000, timeout_ms: int = 30_000):  # type: ignore[no-untyped-def]
    """A fresh browser context and its page, with a :class:`Console` on ``page.console``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(timeout_ms)
    console = Console()
    pg.on("console", console.on_console)
    pg.on("pageerror", console.on_page_error)
    pg.on("request", console.on_request)
    pg.console = console  # type: ignore[attr-defined]
    return context, pg


@pytest.fixture
def page(browser, base_url, request) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh browser context and page; a screenshot is saved if the test fails."""
    context, pg = new_page(browser)
    pg.base_url = base_url  # type: ignore[attr-defined]
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def pytest_collection_modifyitems(items) -> None:  # type: ignore[no-untyped-def]
    """Every test in this folder is a browser test: ``pytest -m "not e2e"`` leaves them all out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def open_page(pg, path: str, *, charts: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Open ``path`` and wait until the app is idle and ``charts`` Plotly charts are drawn."""
    pg.goto(pg.base_url + path)
    wait_idle(pg)
    if charts:
        # count charts, not their SVG layers: one Plotly chart holds two or three ``.main-svg``
        pg.wait_for_function(
            "(n) => [...document.querySelectorAll('.js-plotly-plot')]"
            ".filter(el => el.querySelector(':scope .main-svg')).length >= n",
            arg=charts,
            timeout=45_000,
        )


def wait_idle(pg, timeout_s: float = 45.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the current script run."""
    deadline = time.monotonic() + timeout_s
    pg.wait_for_selector("[data-testid=stApp]")
    time.sleep(0.3)
    while time.monotonic() < deadline:
        running = pg.locator("[data-testid=stStatusWidget]").count() > 0
        if not running:
            return
        time.sleep(0.1)
    raise TimeoutError("the app did not finish its run")


def chart_data(pg, index: int = 0) -> list[dict]:  # type: ignore[no-untyped-def]
    """The data of the ``index``-th Plotly chart as the browser holds it (x/y as lists, a heat
    map's z flattened row by row). Waits until that chart exists and holds data."""
    pg.wait_for_function(
        "(i) => { const el = document.querySelectorAll('.js-plotly-plot')[i];"
        " return el && el._fullData && el._fullData.length > 0; }",
        arg=index,
    )
    return pg.evaluate(
        """(i) => {
            const el = document.querySelectorAll('.js-plotly-plot')[i];
            const flat = z => z ? Array.from(z).flatMap(r => (r && r.length !== undefined) ? Array.from(r) : [r]) : [];
            return el._fullData.map(t => ({name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || []),
                                          z: flat(t.z)}));
        }""",
        index,
    )


def wait_chart_change(pg, before: list[dict], index: int = 0, timeout_s: float = 20.0) -> list[dict]:  # type: ignore[no-untyped-def]
    """Poll until the ``index``-th chart's data differs from ``before``; return the new data."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            now = chart_data(pg, index)
        except Exception:  # the chart element is being replaced by the rerun
            now = before
        if now != before and all(len(t["y"]) for t in now[:1]):
            return now
        time.sleep(0.1)
    raise AssertionError("the chart did not change")


def wait_chart_until(pg, predicate, index: int = 0, timeout_s: float = 20.0) -> list[dict]:  # type: ignore[no-untyped-def]
    """Poll the ``index``-th chart until ``predicate(data)`` holds; return that data.

    Keyboard slider moves rerun the page at every step on the way, so the first change seen may
    be an intermediate run: wait for the state the test is about instead.
    """
    deadline = time.monotonic() + timeout_s
    data: list[dict] = []
    while time.monotonic() < deadline:
        try:
            data = chart_data(pg, index)
            if predicate(data):
                return data
        except Exception:  # the chart is being replaced by a rerun
            pass
        time.sleep(0.1)
    raise AssertionError(f"the chart never reached the expected state; last data: {str(data)[:300]}")


def choose(pg, box, option: str, timeout_s: float = 45.0) -> None:  # type: ignore[no-untyped-def]
    """Pick ``option`` in the select box ``box`` (a locator) by typing it, as a user can, and wait
    for the rerun. Typing filters the list, so the option need not be among those the list has
    drawn (it draws only what fits) and a redraw of the list cannot swallow the click."""
    box.click()
    pg.keyboard.type(option)
    pg.get_by_role("option", name=option, exact=False).first.wait_for()
    pg.keyboard.press("Enter")
    wait_idle(pg, timeout_s)


def slider_thumb(pg, label: str):  # type: ignore[no-untyped-def]
    """The thumb of the slider whose label is ``label``."""
    return pg.locator("[data-testid=stSlider]").filter(has_text=label).get_by_role("slider")


def slide_to(pg, label: str, value: float, timeout_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    """Move a slider of step 1 by keyboard until its thumb reads ``value``, then wait for the rerun.

    A long run of presses can lose some while an intermediate rerun redraws the slider, so this
    presses toward the target, lets the page settle, and reads the thumb again."""
    thumb = slider_thumb(pg, label)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        now = float(thumb.input_value())  # the range input behind the thumb
        if now == value:
            pg.keyboard.press("Tab")
            time.sleep(0.4)
            wait_idle(pg)
            return
        thumb.focus()
        key = "ArrowRight" if now < value else "ArrowLeft"
        for _ in range(min(10, max(1, int(abs(value - now))))):
            thumb.press(key)
        time.sleep(0.3)
        wait_idle(pg)
    raise TimeoutError(f"slider {label!r} did not reach {value}")


def nudge_slider(pg, label: str, presses: int) -> None:  # type: ignore[no-untyped-def]
    """Move a slider by keyboard (right for positive ``presses``) and wait for the rerun."""
    thumb = slider_thumb(pg, label)
    thumb.focus()
    key = "ArrowRight" if presses > 0 else "ArrowLeft"
    for _ in range(abs(presses)):
        thumb.press(key)
    pg.keyboard.press("Tab")
    time.sleep(0.4)
    wait_idle(pg)
