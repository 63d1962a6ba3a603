"""Per-page speed and payload: server rerun, figure JSON bytes, and in real Chromium the time
from a slider move to the chart updated and from navigation to the first chart.

Budgets (issue "fast for a whole class"): slider -> chart <= 300 ms (median of >= 20 moves),
navigation -> first chart <= 0.5 s beyond a trivial one-chart page measured in the same run;
rerun <= 150 ms and <= 1 MB of figure JSON per page (issue: foundation). The browser figures are
measured by :mod:`browser` (``python benchmarks/browser.py`` prints them alone).

    python benchmarks/pages.py               # every page
    python benchmarks/pages.py kinesis       # pages whose url path contains 'kinesis'
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time

from browser import measure, prime, trivial_server
from common import ROOT, report

from tests.e2e.conftest import warm_up
from tests.e2e.server import CHROMIUM_ARGS, streamlit_server
from views.catalog import available


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
    payload = sum(len(el.proto.bytes) for el in at.get("bidi_component"))
    return statistics.median(samples[1:]), payload


def main(filters: list[str]) -> None:
    """Measure every (matching) page and print a table per page."""
    from playwright.sync_api import sync_playwright

    labs = [
        p
        for p in available()
        if p.file != "app_pages/home.py" and (not filters or any(f in p.url_path for f in filters))
    ]
    with trivial_server() as triv, streamlit_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        warm_up(browser, base)
        time.sleep(2)
        prime(browser, triv + "/")
        for lab in labs:
            rerun, payload = server_side(lab.file)
            print(f"== {lab.title} (/{lab.url_path})")
            report(
                [
                    ("server rerun after a slider move", rerun, 150, "ms"),
                    ("figure JSON on the page", payload / 1e6, 1, "MB"),
                    *measure(browser, base, triv + "/", lab, moves=20, loads=3),
                ]
            )
            print()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
