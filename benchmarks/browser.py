"""What a learner feels, in real headless Chromium: slider move -> chart updated, and navigation ->
first chart, per page, beside the budgets of the "fast for a whole class" issue.

* **slider -> chart**: the median over ``--moves`` (>= 20) keyboard moves of the page's first slider
  (right, left, right, ...) of the time from the key press to the first chart's data in the browser
  differing from what it was (budget 300 ms, stretch 150 ms). A slider whose single step does not
  change the first chart is measured with its End/Home keys instead.
* **navigation -> first chart**, in two ways, each minus a trivial one-chart Streamlit page measured
  in the same run (budget 0.5 s, stretch 0.2 s):
  - *direct*: the page's address opened in a fresh browser context (nothing cached);
  - *in-app*: from the home page, idle for a few seconds, a click on the page's sidebar link (what
    a class does after opening the app; the home page warms the chart bundle while idle).

  The trivial page is loaded in turn with the page (trivial, page, trivial, page ...), and the
  difference printed is the median of those pairs' differences: on a shared machine a load takes
  0.5-1 s longer in a busy minute than in a quiet one, and a floor measured minutes before the
  page would carry that drift into the difference.

    python benchmarks/browser.py                 # every page
    python benchmarks/browser.py dynamodb queues # pages whose url path contains a filter
    python benchmarks/browser.py --moves 30 --loads 5 kinesis
    python benchmarks/browser.py --no-slider dynamodb  # the navigation figures only
    python benchmarks/browser.py --compare /path/to/other/checkout dynamodb   # before/after

``--compare`` serves a second checkout of the app beside this one and measures each page on both,
one after the other, so the two see the same load on a shared machine; the table at the end puts
the two side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from common import report

from tests.e2e.conftest import wait_idle, warm_up
from tests.e2e.server import CHROMIUM_ARGS, _free_port, _healthy
from views.catalog import available

SLIDER_BUDGET_MS = 300.0
FIRST_CHART_BUDGET_MS = 500.0
VIEWPORT = {"width": 1400, "height": 1000}
PATIENCE_MS = 300_000  # a loaded shared machine can take minutes for a first page; a timing, not a test

TRIVIAL_APP = """
import streamlit as st, plotly.graph_objects as go
st.title("trivial")
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])))
"""

# A cheap fingerprint of the first chart's data as the browser holds it: the y arrays of every
# trace (and a heat map's z), or null while the chart is missing or being rebuilt.
SIGNATURE_JS = """() => {
    const el = document.querySelector('[data-testid=stMain] .js-plotly-plot');
    if (!el || !el._fullData || !el._fullData.length) return null;
    const part = a => a ? Array.from(a, v => (v && v.length !== undefined) ? Array.from(v).join(',') : v).join(',') : '';
    return el._fullData.map(t => part(t.y) + '|' + part(t.z) + '|' + part(t.x)).join(';');
}"""
CHART_DRAWN_JS = "document.querySelectorAll('[data-testid=stMain] .js-plotly-plot .main-svg').length >= 1"


@contextlib.contextmanager
def app_server(app: Path, cwd: Path | None = None) -> Iterator[str]:
    """``streamlit run app`` on a free loopback port (from ``cwd``); yield its URL; stop it after."""
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while not _healthy(url):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{app} did not start")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextlib.contextmanager
def trivial_server() -> Iterator[str]:
    """A trivial one-chart Streamlit app on a free port: the baseline for first-chart times."""
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "trivial.py"
        app.write_text(TRIVIAL_APP)
        with app_server(app) as url:
            yield url


def direct_load_ms(browser, url: str) -> float:  # type: ignore[no-untyped-def]
    """Time from opening ``url`` in a fresh context (nothing cached) to its first chart drawn."""
    ctx = browser.new_context(viewport=VIEWPORT)
    pg = ctx.new_page()
    t0 = time.perf_counter()
    pg.goto(url)
    pg.wait_for_function(CHART_DRAWN_JS, timeout=PATIENCE_MS, polling="raf")
    took = (time.perf_counter() - t0) * 1000
    ctx.close()
    return took


def in_app_load_ms(browser, base: str, url_path: str, idle_s: float = 4.0) -> float:  # type: ignore[no-untyped-def]
    """Time from a click on the page's sidebar link (home page idle for ``idle_s``) to its first
    chart drawn, in a fresh context."""
    ctx = browser.new_context(viewport=VIEWPORT)
    pg = ctx.new_page()
    pg.goto(base + "/")
    wait_idle(pg, 300)
    time.sleep(idle_s)
    link = pg.locator(f'[data-testid=stSidebarNav] a[href$="/{url_path}"]').first
    t0 = time.perf_counter()
    link.click()
    pg.wait_for_function(CHART_DRAWN_JS, timeout=PATIENCE_MS, polling="raf")
    took = (time.perf_counter() - t0) * 1000
    ctx.close()
    return took


def paired(load, trivial_url: str, browser, repeat: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """``load()`` and a direct load of the trivial page in turn, ``repeat`` times: the medians of
    the page's times, of the trivial page's, and of the pairs' differences (ms)."""
    pairs = [(direct_load_ms(browser, trivial_url), load()) for _ in range(repeat)]
    return (
        statistics.median(p for _, p in pairs),
        statistics.median(t for t, _ in pairs),
        statistics.median(p - t for t, p in pairs),
    )


def _wait_signature_change(pg, before: str | None, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    """Wait (polling every animation frame, in the page) until the first chart's data differs."""
    try:
        pg.wait_for_function(
            f"(b) => {{ const s = ({SIGNATURE_JS})(); return s !== null && s !== b; }}",
            arg=before,
            timeout=timeout_s * 1000,
            polling="raf",
        )
    except Exception:  # Playwright's TimeoutError: no change
        return False
    return True


def slider_to_chart_ms(browser, url: str, moves: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Median ms over ``moves`` keyboard moves of the first slider, and how many moves were timed."""
    ctx = browser.new_context(viewport=VIEWPORT)
    pg = ctx.new_page()
    pg.set_default_timeout(PATIENCE_MS)
    pg.goto(url)
    wait_idle(pg, 300)
    pg.wait_for_function(CHART_DRAWN_JS, timeout=PATIENCE_MS)
    time.sleep(1)
    thumb = pg.locator("[data-testid=stMain] [data-testid=stSlider]").first.get_by_role("slider")
    keys = ("ArrowRight", "ArrowLeft")
    times: list[float] = []
    attempts = 0
    while len(times) < moves and attempts < moves * 2:
        attempts += 1
        before = pg.evaluate(SIGNATURE_JS)
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press(keys[len(times) % 2])
        changed = _wait_signature_change(pg, before, 5 if keys[0] == "ArrowRight" else 30)
        took = (time.perf_counter() - t0) * 1000
        if not changed:
            if keys[0] == "ArrowRight":
                # One arrow step does not change the first chart (a fine-grained slider): use the
                # slider's ends instead, one move each way, and start the count again.
                keys = ("End", "Home")
                times.clear()
            wait_idle(pg)
            continue
        times.append(took)
        wait_idle(pg)
        time.sleep(0.3)
    ctx.close()
    return (statistics.median(times) if times else float("nan")), len(times)


def prime(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    """Open ``url`` once, untimed, so its engine is compiled and its default scenario cached."""
    ctx = browser.new_context(viewport=VIEWPORT)
    pg = ctx.new_page()
    pg.set_default_timeout(PATIENCE_MS)
    pg.goto(url)
    pg.wait_for_function(CHART_DRAWN_JS, timeout=PATIENCE_MS)
    wait_idle(pg, 300)
    ctx.close()


def measure(  # type: ignore[no-untyped-def]
    browser, base: str, trivial_url: str, lab, moves: int, loads: int, slider: bool = True
) -> list[tuple[str, float, float, str]]:
    """The report rows of one page: slider -> chart (unless ``slider`` is false), then the two
    navigation figures, each with the trivial page loaded in turn and the median difference."""
    url = f"{base}/{lab.url_path}"
    prime(browser, url)
    rows = []
    if slider:
        slide, n = slider_to_chart_ms(browser, url, moves)
        rows.append((f"slider move -> chart updated (median of {n})", slide, SLIDER_BUDGET_MS, "ms"))
    for how, load in (
        ("direct", lambda: direct_load_ms(browser, url)),
        ("in-app from home", lambda: in_app_load_ms(browser, base, lab.url_path)),
    ):
        page_ms, trivial_ms, diff = paired(load, trivial_url, browser, loads)
        rows += [
            (f"navigation -> first chart, {how}", page_ms, trivial_ms + FIRST_CHART_BUDGET_MS, "ms"),
            ("  the trivial page, loaded in turn", trivial_ms, None, "ms"),
            (f"  minus the trivial page (median of {loads} pairs)", diff, FIRST_CHART_BUDGET_MS, "ms"),
        ]
    return rows


def main() -> None:
    """Measure every (matching) page and print a table per page, then a summary line per page."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.server import ROOT, streamlit_server

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("filters", nargs="*", help="measure only pages whose url path contains one of these")
    ap.add_argument("--moves", type=int, default=20, help="slider moves per page (at least 20)")
    ap.add_argument("--loads", type=int, default=3, help="page loads per navigation figure")
    ap.add_argument("--no-slider", action="store_true", help="skip slider -> chart (navigation figures only)")
    ap.add_argument("--compare", type=Path, help="another checkout of the app, measured beside this one")
    args = ap.parse_args()
    if args.moves < 20:
        ap.error(f"--moves must be at least 20, got {args.moves}")
    labs = [
        p
        for p in available()
        if p.file != "app_pages/home.py" and (not args.filters or any(f in p.url_path for f in args.filters))
    ]
    summary = []
    with contextlib.ExitStack() as stack:
        triv = stack.enter_context(trivial_server())
        apps = {"this": stack.enter_context(streamlit_server())}
        if args.compare:
            apps = {"other": stack.enter_context(app_server(args.compare / "app.py", cwd=args.compare)), **apps}
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for base in apps.values():
            warm_up(browser, base)
        time.sleep(2)
        prime(browser, triv + "/")
        print("trivial one-chart page: the Streamlit + Plotly floor, loaded in turn with each page")
        print(f"checkouts: this = {ROOT}" + (f", other = {args.compare}" if args.compare else "") + "\n")
        for lab in labs:
            for name, base in apps.items():
                rows = measure(browser, base, triv + "/", lab, args.moves, args.loads, not args.no_slider)
                print(f"== {lab.title} (/{lab.url_path}) [{name}]")
                report(rows)
                print(flush=True)
                slide = rows[0][1] if not args.no_slider else float("nan")
                summary.append((lab.url_path, name, slide, rows[-4][1], rows[-1][1]))
        browser.close()
    print("page                   checkout   slider ms   direct-trivial ms   in-app-trivial ms")
    for path, name, slide, direct, in_app in summary:
        print(f"{path:<22} {name:<8} {slide:>11,.0f} {direct:>19,.0f} {in_app:>19,.0f}")


if __name__ == "__main__":
    main()
