"""Every page's sidebar warms the Plotly bundle (and so brings the page styles), not only Home."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.pages.apptest import run_page
from views.catalog import HOME
from views.plotly_chart import BUNDLE, CHART, decode_payload

FRONTEND = Path(__file__).resolve().parents[2] / "views" / "plotly_chart" / "frontend" / "index.js"


@pytest.mark.parametrize("page_file", [HOME, "app_pages/queues.py"])
def test_the_sidebar_warms_the_chart_bundle(page_file: str) -> None:
    at = run_page(page_file)
    assert not at.exception
    warm = [
        el
        for el in at.sidebar.get("bidi_component")
        if el.proto.component_name == CHART and decode_payload(el.proto.bytes) == {"warm": True}
    ]
    assert len(warm) == 1


def test_the_sidebar_preloads_the_bundle_from_where_the_chart_loads_it() -> None:
    """One preload link in the sidebar, at the address index.js computes for the bundle (its
    BUNDLE_URL, relative to the chart element's own script), so the chart reuses the download."""
    at = run_page("app_pages/queues.py")
    links = [m.value for m in at.sidebar.markdown if 'rel="preload"' in m.value]
    assert len(links) == 1, links
    href = re.search(r'href="([^"]+)"', links[0]).group(1)  # type: ignore[union-attr]
    relative = re.search(r'new URL\("([^"]+)", import\.meta\.url\)', FRONTEND.read_text()).group(1)  # type: ignore[union-attr]
    assert href == urljoin(f"/_stcore/bidi-components/{CHART}/index.js", relative)
    assert href.endswith(f"/{BUNDLE}/plotly.min.js")
