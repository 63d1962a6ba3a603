"""The charts a page drew under AppTest, read back from ScaleLab's chart elements.

Pages draw through ``views.page.chart`` (a ``views.plotly_chart`` element, not ``st.plotly_chart``):
AppTest sees each as a ``bidi_component`` whose bytes hold the figure JSON.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from views.plotly_chart import CHART, decode_payload


def charts(at: AppTest) -> list[dict]:
    """The figures drawn, in page order, each as ``{"data": [...], "layout": {...}, ...}``."""
    found = []
    for el in at.get("bidi_component"):
        if el.proto.component_name != CHART:
            continue
        payload = decode_payload(el.proto.bytes)
        if "figure" in payload:  # not the bundle-warming element of the home page
            found.append(payload["figure"])
    return found
