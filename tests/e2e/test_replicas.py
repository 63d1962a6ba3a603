"""Two replicas behind nginx (deploy/): a learner whose replica stops carries on on the other.

The balancer pins a browser to one replica (its own ``scalelab_route`` cookie, hashed). The test
opens the DynamoDB lab through it, moves a slider (the URL now holds the scenario), stops the
replica that served the page, and checks that the page reconnects through the balancer to the
other replica, redraws the same scenario from its URL, and shows no error box.
"""

from __future__ import annotations

import time

import pytest

from deploy.start import nginx_path, start
from tests.e2e.conftest import nudge_slider, slider_thumb, wait_idle

pytestmark = pytest.mark.e2e

PATH = "/dynamodb?dynamodb.load=Flat&dynamodb.rcu=1000"
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
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(30_000)
        health: list[str] = []  # which replica answered each health probe, in order
        pg.on(
            "response",
            lambda r: health.append(r.headers.get("x-scalelab-upstream", "")) if "/_stcore/health" in r.url else None,
        )
        first = pg.goto(deployment.url + PATH)
        serving = deployment.replica_at(first.headers["x-scalelab-upstream"])
        other = next(r for r in deployment.replicas if r is not serving)
        wait_idle(pg)
        pg.wait_for_function(CHARTS, timeout=60_000)

        nudge_slider(pg, "Provisioned RCU", 5)  # 1000 + 5 steps of 10
        deadline = time.monotonic() + 20
        while "dynamodb.rcu=1050" not in pg.url and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "dynamodb.rcu=1050" in pg.url, pg.url
        assert health and set(health) == {f"127.0.0.1:{serving.port}"}, health  # sticky so far

        health.clear()
        serving.stop()
        # The frontend notices the closed websocket, probes health through the balancer (which
        # skips the stopped replica) and reconnects; the new session reruns the URL's scenario.
        deadline = time.monotonic() + 60
        while f"127.0.0.1:{other.port}" not in health and time.monotonic() < deadline:
            time.sleep(0.2)
        assert f"127.0.0.1:{other.port}" in health, f"no health probe reached the other replica: {health}"
        pg.wait_for_function(CHARTS, timeout=60_000)
        wait_idle(pg, 60.0)
        thumb = slider_thumb(pg, "Provisioned RCU")
        deadline = time.monotonic() + 30
        while thumb.get_attribute("aria-valuenow") != "1050" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert thumb.get_attribute("aria-valuenow") == "1050"
        assert "dynamodb.rcu=1050" in pg.url and "dynamodb.load=Flat" in pg.url, pg.url
        assert _error_boxes(pg) == 0
        assert pg.get_by_text("Connection error").count() == 0
        assert serving.proc.poll() is not None and other.proc.poll() is None
    finally:
        ctx.close()
