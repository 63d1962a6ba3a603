"""Real-browser checks of the foundation: pages load clean, charts draw and move, URLs restore."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chart_data, nudge_slider, open_page, wait_chart_change, wait_chart_until, wait_idle
from views.catalog import available

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lab", available(), ids=[p.url_path for p in available()])
def test_every_page_loads_without_console_errors(page, lab) -> None:
    path = "/" if lab.file == "app_pages/home.py" else f"/{lab.url_path}"
    open_page(page, path, charts=0 if lab.file == "app_pages/home.py" or lab.lab == "classroom" else 1)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("h1").first.inner_text().strip()
    assert page.console.errors == []
    assert page.console.external == [], "the app fetched something from outside this machine"


def test_slider_changes_chart_and_url(page) -> None:
    open_page(page, "/load")
    before = chart_data(page)
    nudge_slider(page, "Base level", 5)
    page.wait_for_url("**load.base=*")
    after = wait_chart_change(page, before)
    assert "load.base=" in page.url
    assert max(after[0]["y"]) > max(before[0]["y"])


def test_play_animates(page) -> None:
    open_page(page, "/load")
    chart = page.locator(".js-plotly-plot").first
    page.get_by_text("▶ Play").first.click()
    time.sleep(0.5)
    first = chart.screenshot()
    time.sleep(1.5)
    second = chart.screenshot()
    assert first != second, "the chart did not change while playing"


def test_shared_url_restores_scenario_in_fresh_context(page, browser) -> None:
    open_page(page, "/load?load.base=500&load.diurnal=false")
    shared = page.url
    y = chart_data(page)[0]["y"]
    assert min(y) == pytest.approx(500, rel=1e-3)
    ctx = browser.new_context()
    fresh = ctx.new_page()
    fresh.base_url = page.base_url
    open_page(fresh, shared.removeprefix(page.base_url))
    assert chart_data(fresh)[0]["y"] == y
    ctx.close()


def test_page_switch_and_back_keeps_scenario(page) -> None:
    open_page(page, "/load?load.base=300")
    page.locator("[data-testid=stSidebarNav] a").filter(has_text="Home").click()
    wait_idle(page)
    page.go_back()
    wait_idle(page)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1")
    assert "load.base=300" in page.url
    assert min(chart_data(page)[0]["y"]) >= 300


def test_bad_url_value_gives_notice_not_traceback(page) -> None:
    open_page(page, "/load?load.hours=9999")
    assert page.locator("[data-testid=stException]").count() == 0
    assert "load.hours=9999" in page.locator("[data-testid=stAlert]").first.inner_text()


def test_sidebar_settings_bound_to_url(page) -> None:
    open_page(page, "/load?rules=AWS+today&seed=5")
    assert page.get_by_role("radio", name="AWS today").is_checked()
    page.locator("[data-testid=stSidebarNav] a").filter(has_text="Home").click()
    wait_idle(page)
    page.wait_for_url("**rules=AWS+today**", timeout=10_000)
    expect(page.get_by_role("radio", name="AWS today")).to_be_checked()


def test_share_link_is_the_full_scenario_url(page) -> None:
    open_page(page, "/load?load.base=120&load.noise=0.1")
    page.locator("[data-testid=stSidebar]").get_by_text("Share this scenario").click()
    code = page.locator("[data-testid=stSidebar] [data-testid=stCode]").first
    code.wait_for()
    link = code.inner_text().strip()
    assert link.startswith(page.base_url + "/load?")
    assert "load.base=120" in link and "load.noise=0.1" in link


def test_a_link_to_an_old_address_opens_the_renamed_page_with_its_scenario(page) -> None:
    """The load-traces page moved from /load-explorer to /load: an old shared link still works."""
    open_page(page, "/load-explorer?load.base=500&load.diurnal=false")
    page.wait_for_url("**/load?*")
    assert "load.base=500" in page.url and "load-explorer" not in page.url
    y = wait_chart_until(page, lambda d: min(d[0]["y"]) == pytest.approx(500, rel=1e-3))[0]["y"]
    assert min(y) == pytest.approx(500, rel=1e-3)
    assert page.locator("[data-testid=stException]").count() == 0
