"""Screenshot pages of the running app in headless Chromium, to look at what a learner sees.

    python benchmarks/screenshot.py /kinesis /dynamodb?dynamodb.wcu=3000   # -> screenshots/*.png
    python benchmarks/screenshot.py --out docs.png --width 1400 /

Prints each page's load time, its console errors and any exception box shown on the page.
"""

from __future__ import annotations

import argparse
import re
import shutil
import time
from pathlib import Path

from common import ROOT

from tests.e2e.conftest import wait_idle, warm_up
from tests.e2e.server import CHROMIUM_ARGS, streamlit_server


def main() -> None:
    """Start the app, visit each path, save full-page screenshots."""
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+", help="paths such as / or /kinesis?kinesis.shards=8")
    ap.add_argument("--out", help="file name (only with one path)")
    ap.add_argument("--dir", default=str(ROOT / "screenshots"), help="folder for the screenshots")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--play", action="store_true", help="press Play on the first chart and shoot mid-animation")
    ap.add_argument(
        "--wait", type=float, default=120.0, help="seconds to wait for the first chart (longer on a busy machine)"
    )
    args = ap.parse_args()
    out_dir = Path(args.dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with streamlit_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        warm_up(browser, base)
        for path in args.paths:
            pg = browser.new_page(viewport={"width": args.width, "height": 1000})
            errors: list[str] = []
            pg.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text[:200]))
            pg.on("pageerror", lambda e, errors=errors: errors.append(f"page error: {e}"))
            t0 = time.perf_counter()
            pg.goto(base + path)
            wait_idle(pg, 90)
            try:
                pg.wait_for_function(
                    "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1", timeout=args.wait * 1000
                )
            except Exception:  # a page without charts
                print(f"{path}: no chart drawn")
            took = time.perf_counter() - t0
            time.sleep(1.5)
            if args.play and pg.get_by_text("▶ Play").count():
                pg.get_by_text("▶ Play").first.click()
                time.sleep(2.5)
            # Streamlit scrolls inside its main container, so a "full page" shot needs a viewport
            # as tall as that container's content.
            tall = pg.evaluate("(document.querySelector('[data-testid=stMain]') || document.body).scrollHeight")
            if tall > 1000:
                pg.set_viewport_size({"width": args.width, "height": min(int(tall) + 40, 8000)})
                time.sleep(1.0)
            name = args.out or (re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home") + ".png"
            pg.screenshot(path=str(out_dir / name), full_page=True)
            exc = pg.locator("[data-testid=stException]")
            print(f"{path}: {took:.1f} s, console errors: {errors or 'none'} -> {out_dir / name}")
            if exc.count():
                print("EXCEPTION ON PAGE:", exc.first.inner_text()[:2000])
            pg.close()
        browser.close()


if __name__ == "__main__":
    main()
