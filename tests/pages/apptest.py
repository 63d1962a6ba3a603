"""Run the real app (router + sidebar) on one page, as Streamlit's AppTest sees it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

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


@contextmanager
def _router_runs() -> Iterator[None]:
    """Make AppTest run ``app.py`` for every page, as a running server does.

    With a ``pages/`` folder beside the script, Streamlit starts a session in its old
    folder-based mode and runs a page file by itself until ``st.navigation`` has been called in
    the process; AppTest resets that flag before every run, so its page runs skip the router and
    the sidebar. Here the flag is set as ``st.navigation`` sets it.
    """
    init = PagesManager.__init__

    def routed(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    with patch.object(PagesManager, "__init__", routed):
        yield


def run_routed(page_file: str, query: Sequence[tuple[str, str]] = (), *, timeout: float = 60) -> AppTest:
    """Open ``page_file`` as a fresh session following a shared link: through the real router
    (sidebar and all), with the URL parameters ``query`` (pairs, so a key may repeat)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in query:
        at.query_params.setdefault(key, []).append(value)
    # The hash st.navigation gives the page (its url_path's); AppTest's switch_page can only
    # find it after a first run, which would make this a page switch, not a first visit.
    at._page_hash = calc_hash(Path(page_file).stem.replace("_", "-"))
    with _router_runs():
        at.run()
    return at
