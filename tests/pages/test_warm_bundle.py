"""Every page's sidebar warms the Plotly bundle (and so brings the page styles), not only Home."""

from __future__ import annotations

import pytest

from tests.pages.apptest import run_page
from views.catalog import HOME
from views.plotly_chart import CHART, decode_payload


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
