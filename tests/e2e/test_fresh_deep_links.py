"""A deep link as the very first request to a freshly started server opens its page with no
"page not found" notice, watched for the whole load (the text polled every 50 ms until the page's
title is drawn and its run has finished, then 2 s more).

Each check starts its own server (tests/e2e/server.py), so nobody has visited it: about 15-25 s a
lab on these 2-core machines. ``SCALELAB_FRESH_ALL=1`` checks every lab; by default a
representative subset (three labs whose address is their file stem, the three whose address is
not) keeps the lane near a minute.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.e2e.conftest import wait_idle
from tests.e2e.server import streamlit_server
from views.catalog import available

pytestmark = pytest.mark.e2e
NOTICE = ("page not found", "no corresponding file", "you have requested page")
SUBSET = ("dynamodb", "lambda", "load", "autoscaling-policies", "autoscaling-options", "autoscaling-vertical")
PAGES = [p for p in available() if os.environ.get("SCALELAB_FRESH_ALL") or p.url_path in SUBSET]
# Found by this test: before its first script run a fresh server knows only the files in pages/, by
# file stem, so a page whose address is not its stem (autoscaling_policies.py at
# /autoscaling-policies) shows the notice, then app.py's st.navigation opens the right page.
DIFFERENT_STEM = pytest.mark.xfail(
    strict=True, reason="address differs from the file stem: not fixed yet, README says to open / first"
)
LABS = [pytest.param(p.url_path, marks=[DIFFERENT_STEM] if p.url_path != p.prefix else []) for p in PAGES]


@pytest.mark.parametrize("path", LABS)
def test_a_deep_link_as_the_first_request_shows_no_page_not_found(browser, path: str) -> None:  # type: ignore[no-untyped-def]
    with streamlit_server() as url:
        ctx = browser.new_context()
        pg = ctx.new_page()
        seen: list[str] = []

        def look() -> None:
            text = (pg.evaluate("document.body ? document.body.innerText : ''") or "").lower()
            seen.extend(n for n in NOTICE if n in text)

        pg.goto(f"{url}/{path}", wait_until="commit")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            look()
            if pg.locator("h1").count() and not pg.locator("[data-testid=stStatusWidget]").count():
                break
            time.sleep(0.05)
        wait_idle(pg, 60)
        end = time.monotonic() + 2
        while time.monotonic() < end:
            look()
            time.sleep(0.05)
        title = pg.locator("h1").first.inner_text()
        assert pg.url.rstrip("/").endswith(f"/{path}"), pg.url
        ctx.close()
    assert not seen, f"/{path} as the first request showed {set(seen)} (page title {title!r})"
