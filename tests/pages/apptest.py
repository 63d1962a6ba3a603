"""Run the real app (router + sidebar) on one page, as Streamlit's AppTest sees it."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_page(
    page_file: str,
    query: dict[str, str] | None = None,
    *,
    rules: str | None = None,
    seed: int | None = None,
    timeout: float = 60,
) -> AppTest:
    """Run ``page_file`` (relative to the project root) with URL ``query``.

    AppTest runs a switched-to page without the router's sidebar, so the global settings the
    sidebar would hold (``rules``, ``seed``) are given directly.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    if rules is not None:
        at.session_state["rules"] = rules
    if seed is not None:
        at.session_state["seed"] = seed
    at.switch_page(page_file)
    at.run()
    return at


def metric(at: AppTest, label: str) -> str:
    """The shown value of the metric labelled ``label``."""
    return next(m.value for m in at.metric if m.label == label)
