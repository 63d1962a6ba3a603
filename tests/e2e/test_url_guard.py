"""Real-browser check of the URL guard: links with numbers no control can take open their page
with a notice naming the parameter, never Streamlit's error box; Back to such a link shows the
default the notice names."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import nudge_slider, open_page, wait_idle
from tests.pages import fuzz
from views.catalog import available

pytestmark = pytest.mark.e2e
PAGES = available()
SLOW = 60_000  # ms: a rerun on a loaded 2-core machine


def _opens_with_notice(page, path: str, key: str, raw: str) -> None:  # type: ignore[no-untyped-def]
    open_page(page, f"{path}?{key}={raw}", charts=0)
    notice = page.locator("[data-testid=stAlert]").filter(has_text=f"{key}={raw}")
    notice.first.wait_for(timeout=30_000)
    assert "not usable" in notice.first.inner_text()
    assert page.locator("[data-testid=stException]").count() == 0
    assert f"{key}=" not in page.url, "the unusable value stayed in the address"


@pytest.mark.parametrize(
    ("path", "key", "raw"), [("/dynamodb", "seed", "1e309"), ("/mq", "mq.size_kb", "-inf"), ("/emr", "emr.min", "-inf")]
)
def test_the_reported_links_open_with_a_notice(page, path, key, raw) -> None:
    _opens_with_notice(page, path, key, raw)


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_a_whole_number_control_given_inf_opens_with_a_notice(page, lab) -> None:
    """The page's first whole-number control of its own (the sidebar's seed on Home)."""
    ints = [c.key for c in fuzz.page_controls(lab.file) if c.kind == fuzz.NUMBER and c.integer]
    key = next((k for k in ints if k.startswith(f"{lab.prefix}.")), "seed")
    _opens_with_notice(page, "/" if lab.file == "app_pages/home.py" else f"/{lab.url_path}", key, "inf")


def test_back_to_a_refused_value_shows_the_default_the_notice_names(page) -> None:  # type: ignore[no-untyped-def]
    """Opened with ``dynamodb.wcu=inf``, the guard names it and removes it (a new history entry);
    the learner moves the slider 500 -> 600 (the address follows); Back returns to the entry that carried ``inf``.
    Found here: the slider kept the learner's value while the notice said "the default 500 is
    used". Now the slider, the notice, the address and the share link all say the default, and
    Forward brings 600 back."""
    open_page(page, "/dynamodb?dynamodb.wcu=inf", charts=0)
    slider = page.locator("[data-testid=stSlider]").filter(has_text="Provisioned WCU")
    shown = slider.locator("[data-testid=stSliderThumbValue]")
    notice = page.locator("[data-testid=stAlert]").filter(has_text="dynamodb.wcu=inf")
    expect(notice.first).to_contain_text("the default 500 is used instead", timeout=SLOW)
    # The slider sits at the fold of the test's viewport; bring its group into view so the
    # browser draws it.
    page.locator("[data-testid=stExpander]").filter(has_text="Table and items").scroll_into_view_if_needed()
    expect(shown).to_have_text("500", timeout=SLOW)
    # The first move after a refused value must reach the address (the slider was unbound in
    # the refusing run; the guard's immediate rerun binds it again). One step first: a press
    # sent while that rerun is still on its way to the browser is not written to the address.
    nudge_slider(page, "Provisioned WCU", 1)
    page.wait_for_url("**dynamodb.wcu=510*", timeout=SLOW)
    nudge_slider(page, "Provisioned WCU", 9)
    page.wait_for_url("**dynamodb.wcu=600*", timeout=SLOW)
    expect(shown).to_have_text("600", timeout=SLOW)
    expect(notice).to_have_count(0, timeout=SLOW)

    page.go_back()
    expect(notice.first).to_contain_text("the default 500 is used instead", timeout=SLOW)
    wait_idle(page)
    expect(shown).to_have_text("500", timeout=SLOW)
    expect(page).not_to_have_url(re.compile(r"dynamodb\.wcu="), timeout=SLOW)
    page.locator("[data-testid=stSidebar]").get_by_text("Share this scenario").click()
    expect(page.locator("[data-testid=stSidebar] [data-testid=stCode]").first).not_to_contain_text(
        "dynamodb.wcu", timeout=SLOW
    )
    assert page.locator("[data-testid=stException]").count() == 0

    page.go_forward()
    page.wait_for_url("**dynamodb.wcu=600*", timeout=SLOW)
    expect(shown).to_have_text("600", timeout=SLOW)
    expect(notice).to_have_count(0, timeout=SLOW)
