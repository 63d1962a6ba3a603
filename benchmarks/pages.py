"""Per-page speed and payload: server rerun, figure JSON bytes, and in real Chromium the time
from a slider move to the chart updated and from navigation to the first chart.

Budgets (issue: foundation): rerun <= 150 ms, slider->chart <= 400 ms, first chart <= 2.5 s,
<= 1 MB of figure JSON per page. First-chart time is reported beside a trivial one-chart page
measured in the same run, because Streamlit's lazily loaded Plotly bundle costs 2-4 s on these
machines whatever the page does; the difference is what the page itself costs.

    python benchmarks/pages.py               # every page
    python benchmarks/pages.py kinesis       # pages whose url path contains 'kinesis'
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, report

from tests.e2e.conftest import chart_data, wait_idle, warm_up
from tests.e2e.server import CHROMIUM_ARGS, streamlit_server
from views.catalog import available

TRIVIAL_APP = """
import streamlit as st, plotly.graph_objects as go
st.title("trivial")
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])))
"""


def server_side(page_file: str) -> tuple[float, int]:
    """Median AppTest rerun (ms) after moving the page's first slider, and figure JSON bytes."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(page_file)
    at.run()
    sliders = [s for s in at.slider if not isinstance(s.value, tuple)]
    samples = []
    for i in range(7):
        if sliders:
            s = sliders[0]
            lo, hi = s.min, s.max
            target = lo + (hi - lo) * (0.3 + 0.1 * (i % 5))
            s.set_value(type(s.value)(round(target)) if isinstance(s.value, int) else target)
        t0 = time.perf_counter()
        at.run()
        samples.append((time.perf_counter() - t0) * 1000)
    payload = 0
    for el in at.get("plotly_chart"):
        payload += len(el.proto.spec)
    return statistics.median(samples[1:]), payload


def first_chart_ms(browser, url: str, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Median time from navigation to the first Plotly chart drawn, in a fresh context each time."""
    times = []
    for _ in range(repeat):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        t0 = time.perf_counter()
        pg.goto(url)
        pg.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=60_000)
        times.append((time.perf_counter() - t0) * 1000)
        ctx.close()
    return statistics.median(times)


def slider_to_chart_ms(browser, url: str, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    """Median time from a keyboard move of the first slider to the first chart's data changing."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.goto(url)
    wait_idle(pg, 90)
    pg.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=60_000)
    time.sleep(1)
    thumb = pg.locator("[data-testid=stMain] [data-testid=stSlider]").first.get_by_role("slider")
    times = []
    keys = ("ArrowRight", "ArrowLeft")
    for i in range(repeat):
        before = json.dumps(chart_data(pg))
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press(keys[i % 2])
        changed = _wait_change(pg, before, t0 + (5 if keys[0] == "ArrowRight" else 20))
        if not changed and keys[0] == "ArrowRight":
            # One arrow step did not change the first chart (a fine-grained slider): measure with
            # the slider's ends instead, a single move each way.
            keys = ("End", "Home")
            wait_idle(pg)
            continue
        times.append((time.perf_counter() - t0) * 1000)
        wait_idle(pg)
        time.sleep(0.5)
    ctx.close()
    return statistics.median(times)


def _wait_change(pg, before: str, deadline: float) -> bool:  # type: ignore[no-untyped-def]
    """Poll until the first chart's data differs from ``before`` (True) or the deadline passes."""
    while time.perf_counter() < deadline:
        try:
            if json.dumps(chart_data(pg)) != before:
                return True
        except Exception:  # the chart is being replaced by the rerun
            pass
        time.sleep(0.02)
    return False


def main(filters: list[str]) -> None:
    """Measure every (matching) page and print a table per page."""
    from playwright.sync_api import sync_playwright

    labs = [
        p
        for p in available()
        if p.file != "app_pages/home.py" and (not filters or any(f in p.url_path for f in filters))
    ]
    with tempfile.TemporaryDirectory() as tmp:
        trivial = Path(tmp) / "trivial.py"
        trivial.write_text(TRIVIAL_APP)
        port = 8599
        triv = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(trivial),
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            with streamlit_server() as base, sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
                warm_up(browser, base)
                time.sleep(2)
                trivial_ms = first_chart_ms(browser, f"http://127.0.0.1:{port}/")
                print(
                    f"trivial one-chart page, navigation -> first chart: {trivial_ms:,.0f} ms (Streamlit + Plotly baseline)\n"
                )
                for lab in labs:
                    rerun, payload = server_side(lab.file)
                    url = f"{base}/{lab.url_path}"
                    first = first_chart_ms(browser, url)
                    slide = slider_to_chart_ms(browser, url)
                    print(f"== {lab.title} (/{lab.url_path})")
                    report(
                        [
                            ("server rerun after a slider move", rerun, 150, "ms"),
                            ("figure JSON on the page", payload / 1e6, 1, "MB"),
                            ("slider move -> chart updated", slide, 400, "ms"),
                            ("navigation -> first chart", first, 2500, "ms"),
                            ("  same, minus the trivial page", first - trivial_ms, 2500, "ms"),
                        ]
                    )
                    print()
                browser.close()
        finally:
            triv.terminate()


if __name__ == "__main__":
    main(sys.argv[1:])
