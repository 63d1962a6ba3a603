"""Run the real app (router + sidebar) on one page, as Streamlit's AppTest sees it."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from views.catalog import LABS, available
from views.control_group import state_key
from views.event_log import NAME as EVENT_LOG

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# The session keys of the sidebar's lazy Share and Instructor-link expanders (app.py).
RUN_PAGES = [lab for lab in available() if lab.prefix != "home" and lab.lab != "classroom"]
"""Every page that draws a run (the catalogue less Home and the class rooms)."""

SIDEBAR_OPEN = ("__sidebar.share.open", "__sidebar.instructor.open")


def page_hash(page_file: str) -> str:
    """The script hash ``st.navigation`` gives the page in ``page_file``: the hash of its address.

    AppTest's ``switch_page`` can only find a page registered by ``st.navigation`` after a first
    run, which would make every test a page switch rather than a first visit; with this hash the
    very first run opens the page, as a shared link does.
    """
    lab = next((lab for lab in LABS if lab.file == page_file), None)
    if lab is None:
        known = ", ".join(lab.file for lab in LABS)
        raise ValueError(f"{page_file!r} is no page of the catalogue (views/catalog.py); the pages are {known}")
    return calc_hash(lab.url_path)


@functools.cache
def _components() -> BidiComponentManager:
    """The registry of installed Streamlit components, built once per process as a server does.

    A fresh AppTest scans every installed package's metadata for components on its first run
    (about 1.5 s, two thirds of a page test's time); the installed packages do not change
    between sessions, so every AppTest here shares one scan.
    """
    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


def _opened(page_file: str, query: Sequence[tuple[str, str]], timeout: float) -> AppTest:
    """An app about to open ``page_file`` as its first run (a fresh session), with the URL
    parameters ``query``."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at._bidi_component_manager = _components()
    for key, value in query:
        at.query_params.setdefault(key, []).append(value)
    at._page_hash = page_hash(page_file)
    return at


def run_page(
    page_file: str,
    query: Mapping[str, str | list[str]] | None = None,
    *,
    rules: str | None = None,
    seed: int | None = None,
    groups: Sequence[str] = (),
    sidebar: bool = False,
    timeout: float = 60,
) -> AppTest:
    """Run ``page_file`` (relative to the project root, as the catalogue names it) through the
    router with URL ``query`` (a list value repeats its key).

    ``rules`` and ``seed`` set the sidebar's global settings as a learner would (by their
    widgets' state), not through the URL. ``groups``: the labels (or keys) of the page's lazy
    control groups to open first, as a learner clicking them would (:func:`open_groups`);
    ``sidebar``: open the sidebar's Share and Instructor-link expanders too.
    """
    pairs = [(k, v) for k, vs in (query or {}).items() for v in ([vs] if isinstance(vs, str) else vs)]
    at = _opened(page_file, pairs, timeout)
    open_groups(at, page_file, *groups)
    if sidebar:
        open_sidebar(at)
    if rules is not None:
        at.session_state["rules"] = rules
    if seed is not None:
        at.session_state["seed"] = seed
    at.run()
    return at


def open_groups(at: AppTest, page_file: str, *groups: str) -> AppTest:
    """Open lazy control groups (:meth:`views.controls.Controls.group`, by label or key) of
    ``page_file`` for the next run, so that their widgets are drawn; returns ``at``."""
    page = Path(page_file).stem
    for group in groups:
        at.session_state[state_key(page, group)] = True
    return at


def open_sidebar(at: AppTest) -> AppTest:
    """Open the sidebar's Share and Instructor-link expanders for the next run (drawn only while
    open); returns ``at``."""
    for key in SIDEBAR_OPEN:
        at.session_state[key] = True
    return at


def metric(at: AppTest, label: str) -> str:
    """The shown value of the metric labelled ``label``."""
    return next(m.value for m in at.metric if m.label == label)


def run_routed(
    page_file: str, query: Sequence[tuple[str, str]] = (), *, sidebar: bool = False, timeout: float = 60
) -> AppTest:
    """Open ``page_file`` as a fresh session following a shared link: through the real router
    (sidebar and all), with the URL parameters ``query`` (pairs, so a key may repeat);
    ``sidebar``: with the sidebar's Share and Instructor-link expanders open."""
    at = _opened(page_file, query, timeout)
    return (open_sidebar(at) if sidebar else at).run()


def event_logs(at: AppTest) -> list[pd.DataFrame]:
    """Every event log the page drew (``views.event_log``), one row per event: ``time``, ``what``,
    ``why`` (a rolled-up row gives back each event it lists) and ``row`` (its row in the log)."""
    logs = []
    for el in at.main.get("bidi_component"):
        proto = getattr(el, "proto", None)
        if proto is None or proto.component_name != EVENT_LOG:
            continue
        rows = []
        for i, r in enumerate(json.loads(proto.json)["rows"]):
            if r["listed"]:
                rows.extend({"time": c, "what": r["kind"], "why": m, "row": i} for c, m in r["listed"] if c != "…")
            else:
                rows.append({"time": r["time"], "what": r["kind"], "why": r["text"], "row": i})
        logs.append(pd.DataFrame(rows, columns=["time", "what", "why", "row"]))
    return logs


def event_log(at: AppTest) -> pd.DataFrame:
    """The page's (first) event log, as :func:`event_logs` reads it."""
    logs = event_logs(at)
    if not logs:
        raise AssertionError("the page drew no event log")
    return logs[0]
