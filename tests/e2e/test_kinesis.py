"""Kinesis lab in a real browser: raising the key skew turns a shard hot in the heat map; an old
link (``kds.`` keys) still opens its scenario."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from engine.kinesis import shard_for_key
from tests.e2e.conftest import open_page, slide_to

pytestmark = pytest.mark.e2e


def heat_rows(pg) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """The heat map's rows (shard label -> utilisation per column) as the browser holds them."""
    pg.wait_for_function(
        "() => { const el = document.querySelector('.js-plotly-plot');"
        " return el && el._fullData && el._fullData.some(t => t.type === 'heatmap'); }"
    )
    return pg.evaluate(
        """() => {
            const el = document.querySelectorAll('.js-plotly-plot')[0];
            const h = el._fullData.find(t => t.type === "heatmap");
            const out = {};
            Array.from(h.y).forEach((name, i) => { out[name] = Array.from(h.z[i]).map(Number); });
            return out;
        }"""
    )


def _slider(pg, label: str):  # type: ignore[no-untyped-def]
    """The range input of the slider labelled exactly ``label`` (its value is ``aria-valuetext``)."""
    return pg.locator(f'input[type=range][aria-label="{label}"]')


def test_raising_skew_turns_a_shard_hot(page) -> None:
    open_page(page, "/kinesis?kinesis.pop=hot&kinesis.hot=10&kinesis.peak=3000&kinesis.shards=4")
    hot = f"shard {shard_for_key('user-000000', 4)}"
    before = heat_rows(page)
    assert max(before[hot]) < 100, "at 10 % the hot key's shard is still under its limit"
    slide_to(page, "Hot key share", 45)
    page.wait_for_url("**kinesis.hot=45*")
    deadline = time.monotonic() + 20
    after = before
    while time.monotonic() < deadline:
        try:
            after = heat_rows(page)
        except Exception:  # the chart is being replaced by the rerun
            after = before
        if max(after[hot]) > 150:  # keyboard steps rerun on the way; wait for the final value
            break
        time.sleep(0.2)
    assert max(after[hot]) > 150, "at 45 % the hot key's shard runs far above its limit"
    others = [max(v) for name, v in after.items() if name != hot]
    assert max(others) < 100
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.console.errors == []


def test_an_old_link_still_opens_its_scenario(page) -> None:
    """A link shared before the rename (``kds.`` keys) opens the same scenario under ``kinesis.``."""
    open_page(page, "/kinesis?kds.shards=8&kds.pop=hot&kds.hot=45")
    page.wait_for_url("**kinesis.shards=8*")
    assert "kds." not in page.url
    expect(_slider(page, "Shards")).to_have_attribute("aria-valuetext", "8")
    expect(_slider(page, "Hot key share (%)")).to_have_attribute("aria-valuetext", "45")
    rows = heat_rows(page)
    assert len(rows) == 8
    assert max(rows[f"shard {shard_for_key('user-000000', 8)}"]) > 100
    assert page.console.errors == []
