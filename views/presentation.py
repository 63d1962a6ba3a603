"""Presentation mode: large type, high contrast, one chart per screen, the event log in large print.

For a projector: the sidebar toggle (bound to the URL as ``present=true``) injects this style; a
link with ``present=true``, or switching the toggle on, also collapses the sidebar (``app.py``). Charts read
``--scalelab-chart-fill`` (pixels to leave free) and draw as tall as the window
(``views/plotly_chart/frontend/index.js``).
"""

from __future__ import annotations

import streamlit as st

__all__ = ["CSS", "EVENT_ROWS", "apply", "in_url"]

EVENT_ROWS = 25
"""Event-log lines shown in large print (the full log is in normal mode)."""

CSS = """<style>
:root {--scalelab-chart-fill: 60;}
[data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stHeader"] {background: #ffffff !important; color: #000000 !important;}
.stMainBlockContainer {max-width: 100% !important; padding: 0.75rem 2rem 3rem !important;}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p, [data-testid="stMain"] [data-testid="stMarkdownContainer"] li,
[data-testid="stMain"] label p, [data-testid="stMain"] [data-testid="stCaptionContainer"] {
  font-size: 1.5rem !important; line-height: 1.45 !important; color: #000000 !important;}
[data-testid="stMain"] h1 {font-size: 2.8rem !important; color: #000000 !important;}
[data-testid="stMain"] h2, [data-testid="stMain"] h3 {font-size: 2.1rem !important; color: #000000 !important;}
[data-testid="stMetricValue"] {font-size: 3rem !important; color: #000000 !important;}
[data-testid="stMetricLabel"] p {font-size: 1.35rem !important;}
[data-testid="stHorizontalBlock"]:has(.scalelab-chart) {flex-direction: column !important;}
[data-testid="stHorizontalBlock"]:has(.scalelab-chart) > [data-testid="stColumn"] {width: 100% !important; flex: 1 1 100% !important;}
.scalelab-chart {margin-bottom: 1.5rem;}
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] th {
  font-size: 1.35rem !important; line-height: 1.4 !important; color: #000000 !important; padding: 0.5rem 0.75rem !important;}
[data-testid="stMain"] [data-testid="stTable"] td:last-child {width: 62%;}
[data-testid="stMain"] [data-testid="stTable"] td, [data-testid="stMain"] [data-testid="stTable"] td * {max-width: none !important;}
a {color: #003d99 !important;}
</style>"""


def in_url() -> bool:
    """Whether presentation mode is asked for, read before the sidebar exists (``app.py`` then
    collapses the sidebar): the sidebar toggle's state in this session if it has one (so switching
    it on collapses the sidebar in the very rerun the switch causes), else the address."""
    held = st.session_state.get("present")
    if isinstance(held, bool):
        return held
    return str(st.query_params.get("present", "")).lower() == "true"


HINT = (
    ":material/fullscreen: Presentation mode collapses this sidebar. If it stays open (it was opened or "
    "closed by hand on this device before, and the browser keeps that choice), close it with the « at its top."
)


def apply(on: bool) -> None:
    """Inject the presentation style when ``on``, and say how to close the sidebar by hand.

    Streamlit 1.67 collapses the sidebar when the page config's ``initial_sidebar_state`` changes,
    unless the learner has opened or closed it by hand on this device (the browser remembers
    that choice, and it wins): then only the learner can close it.
    """
    if on:
        st.html(CSS)
        st.sidebar.caption(HINT)
