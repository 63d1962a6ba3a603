"""Two replicas behind nginx (deploy/): a learner whose replica stops carries on on the other.

The balancer pins a browser to one replica (its own ``scalelab_route`` cookie names it). The test
opens the DynamoDB lab through it, moves a slider (the URL now holds the scenario), stops the
replica that served the page, and checks that the page reconnects through the balancer to the
other replica, redraws the same scenario from its URL, and shows no error box.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from deploy.start import nginx_path, start
from tests.e2e.conftest import ARTIFACTS, nudge_slider, slider_thumb, wait_idle

pytestmark = pytest.mark.e2e

PATH = "/dynamodb?dynamodb.load=Flat&dynamodb.rcu=1000"
RCU = re.compile(r"^1,?050$")
CHARTS = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1"


@pytest.fixture
def deployment():  # type: ignore[no-untyped-def]
    if nginx_path() is None:
        pytest.skip("nginx is not installed (apt-get install nginx; the README's test command installs it)")
    dep = start(2, timeout_s=120.0)
    try:
        yield dep
    finally:
        dep.stop()


def _error_boxes(pg) -> int:  # type: ignore[no-untyped-def]
    return pg.locator("[data-testid=stException], [data-testid=stAlertContentError]").count()


def test_a_session_moves_to_the_other_replica_when_its_replica_stops(browser, deployment) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    try:
        pg.set_default_timeout(30_000)
        health: list[str] = []  # which replica answered each health probe before the stop
        pg.on(
            "response",
            lambda r: health.append(r.headers.get("x-scalelab-upstream", "")) if "/_stcore/health" in r.url else None,
        )
        first = pg.goto(deployment.url + PATH)
        serving = deployment.replica_at(first.headers["x-scalelab-upstream"])
        other = next(r for r in deployment.replicas if r is not serving)
        wait_idle(pg)
        pg.wait_for_function(CHARTS, timeout=120_000)

        nudge_slider(pg, "Provisioned RCU", 5)  # 1000 + 5 steps of 10
        deadline = time.monotonic() + 20
        while "dynamodb.rcu=1050" not in pg.url and time.monotonic() < deadline:
            pg.wait_for_timeout(100)
        assert "dynamodb.rcu=1050" in pg.url, pg.url
        expect(slider_thumb(pg, "Provisioned RCU")).to_have_attribute("aria-valuetext", RCU)
        assert health and set(health) == {f"127.0.0.1:{serving.port}"}, health  # sticky so far

        # The frontend notices the closed websocket, probes health through the balancer (which
        # skips the stopped replica: $upstream_addr then lists both) and reconnects; the new
        # session on the other replica reruns the URL's scenario.
        moved = f"127.0.0.1:{other.port}"
        with pg.expect_response(
            lambda r: "/_stcore/health" in r.url and r.headers.get("x-scalelab-upstream", "").endswith(moved),
            timeout=120_000,
        ):
            serving.stop()
        pg.wait_for_function(CHARTS, timeout=120_000)
        wait_idle(pg, 60.0)
        expect(slider_thumb(pg, "Provisioned RCU")).to_have_attribute("aria-valuetext", RCU, timeout=30_000)
        assert "dynamodb.rcu=1050" in pg.url and "dynamodb.load=Flat" in pg.url, pg.url
        assert _error_boxes(pg) == 0
        assert pg.get_by_text("Connection error").count() == 0
        assert serving.proc.poll() is not None and other.proc.poll() is None
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "test_replicas.png"), full_page=True)
        raise
    finally:
        ctx.close()
