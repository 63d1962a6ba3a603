"""Real-browser check of the URL guard: links with numbers no control can take open their page
with a notice naming the parameter, never Streamlit's error box."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_page
from tests.pages import fuzz
from views.catalog import available

pytestmark = pytest.mark.e2e
PAGES = available()


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
