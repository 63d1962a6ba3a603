"""A deep link as the very first request to a freshly started server opens its page through the
router, with no "page not found" notice, watched for the whole load (the text polled every 50 ms
until the page's title is drawn and its run has finished, then 2 s more).

Every page of the catalogue is checked, and every old address (``/horizontal-vertical``,
``/step-functions``, ``/load-explorer``), one with an old URL prefix. Each check starts its own
server (tests/e2e/server.py), so nobody has visited it: about 15-25 s a link on these 2-core
machines.

What this guards: with the page scripts in a folder named ``pages/`` beside ``app.py``, Streamlit
(1.67, ``PagesManager.uses_pages_directory``) ran a fresh server's first script run in its legacy
folder mode, resolving the address by file name before ``st.navigation`` had run. An address
that differs from its file stem (``/autoscaling-policies``) showed the notice; one that matches
(``/dynamodb``) ran the page file alone, without the router's sidebar, for every visitor until
someone opened ``/``. So besides the notice, each check asserts the sidebar's global settings
are drawn.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import wait_idle
from tests.e2e.server import streamlit_server
from views.catalog import HOME, LABS, available

pytestmark = pytest.mark.e2e
NOTICE = ("page not found", "no corresponding file", "you have requested page")
ERROR_BOX = "this app has encountered an error"


def _address(lab) -> str:  # type: ignore[no-untyped-def]
    return "/" if lab.file == HOME else f"/{lab.url_path}"


def _heading(lab) -> str:  # type: ignore[no-untyped-def]
    return "ScaleLab" if lab.file == HOME else lab.title


# (first request, address it must end on, text its h1 must hold, parameter the address must end with)
CASES = [pytest.param(_address(p), _address(p), _heading(p), "", id=_address(p)) for p in available()]
CASES += [
    pytest.param(f"/{old}", _address(lab), _heading(lab), "", id=f"/{old}")
    for lab in LABS
    for old in lab.old_paths
    if old != "horizontal-vertical"
]
# An old address and an old prefix at once (test_autoscaling.py opens the same link on a warm server).
CASES.append(
    pytest.param(
        "/horizontal-vertical?hv.downtime=600",
        "/autoscaling-vertical",
        "Horizontal vs vertical",
        "autoscaling_vertical.downtime=600",
        id="/horizontal-vertical?hv.downtime",
    )
)


@pytest.mark.parametrize(("path", "lands_on", "heading", "param"), CASES)
def test_a_deep_link_as_the_first_request_opens_its_page_through_the_router(  # type: ignore[no-untyped-def]
    browser, path: str, lands_on: str, heading: str, param: str
) -> None:
    with streamlit_server() as url:
        ctx = browser.new_context()
        pg = ctx.new_page()
        seen: set[str] = set()

        def look() -> None:
            text = (pg.evaluate("document.body ? document.body.innerText : ''") or "").lower()
            seen.update(n for n in (*NOTICE, ERROR_BOX) if n in text)

        pg.goto(f"{url}{path}", wait_until="commit")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            look()
            if heading in (pg.locator("h1").first.inner_text() if pg.locator("h1").count() else "") and not (
                pg.locator("[data-testid=stStatusWidget]").count()
            ):
                break
            time.sleep(0.05)
        wait_idle(pg, 60)
        end = time.monotonic() + 2
        while time.monotonic() < end:
            look()
            time.sleep(0.05)
        title = pg.locator("h1").first.inner_text()
        final = pg.url
        sidebar = pg.locator("[data-testid=stSidebar]").get_by_text("Random seed")
        with contextlib.suppress(PlaywrightTimeout):  # an old address draws its page after the forward
            sidebar.first.wait_for(timeout=30_000)
        sidebar_drawn = sidebar.count()
        ctx.close()
    assert not seen, f"{path} as the first request showed {seen} (page title {title!r})"
    assert heading in title, f"{path} opened {title!r}, not {heading!r}"
    address, _, query = final.removeprefix(url).partition("?")
    assert (address.rstrip("/") or "/") == lands_on, f"{path} ended on {final}"
    if param:
        assert param in query.split("&"), f"{path}: the address holds {query!r}, not {param!r}"
    assert sidebar_drawn, f"{path}: the router's sidebar (global settings) was not drawn"
