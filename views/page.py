"""Shared page furniture: global settings, the lesson header, the body fragment, presets,
editions, event log, charts; and (from :mod:`views.run_cache`) the caches pages read through.

Pages stay thin by calling these; none of them simulates anything.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine.core import format_clock
from engine.rules import EDITION_LABELS, differences
from views import event_leads, event_log
from views.controls import apply_preset, guarded, page_guard
from views.plotly_chart import plotly_chart
from views.presentation import EVENT_ROWS
from views.preset import Preset
from views.run_cache import derived, figure, shared_figures, shared_results, simulation_cache

__all__ = [
    "PLAY_KEY",
    "PLOTLY_CONFIG",
    "Settings",
    "body",
    "chart",
    "config_error",
    "derived",
    "editions_panel",
    "events_panel",
    "figure",
    "lazy_expander",
    "lesson",
    "presets",
    "settings",
    "shared_figures",
    "shared_results",
    "simulation_cache",
]

PLAY_KEY = "__chart.play"  # (lesson id, token) set by a lesson's Play: its page's animated charts start once
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


@dataclass(frozen=True)
class Settings:
    """The sidebar's global settings, shared by every page."""

    rules: str = "course"
    seed: int = 0
    reduced_motion: bool = False
    present: bool = False


def settings() -> Settings:
    """Read the global settings the sidebar (``app.py``) bound to the URL."""
    s = st.session_state
    return Settings(
        rules=str(s.get("rules", "course")),
        seed=int(s.get("seed", 0)),
        reduced_motion=bool(s.get("motion", False)),
        present=bool(s.get("present", False)),
    )


def lesson(title: str, text: str, *, icon: str | None = None) -> None:
    """The page title and its one-paragraph lesson."""
    st.title(f"{icon} {title}" if icon else title)
    st.markdown(text)


def body(lab: str, draw: Callable[..., None], /, *args: Any) -> None:
    """Draw a lab below its header (its controls, charts and panels) as a Streamlit fragment, so
    that moving one of its controls reruns only ``draw(*args)``: not the app shell (page config,
    navigation, the sidebar) nor the page's title and lesson. That is about a fifth of a cached
    rerun's server CPU, and less for the browser to redraw (issue 12).

    ``args`` are kept from the whole run that drew the fragment and passed again to its reruns:
    only what changes with the sidebar alone (:class:`Settings`), which reruns everything.

    Every run is a whole run while a panel that needs them is open (:func:`lazy_expander` with
    ``whole_runs``): the sidebar's share and instructor links, drawn outside the body, show what
    it drew (the address, the controls); a running sweep's Cancel must interrupt the run, and
    Streamlit lets a control inside a fragment interrupt nothing. A fragment rerun is not inside
    ``app.py``'s :func:`~views.controls.page_guard`, so it enters the guard itself (URL notices,
    the run that binds a refused control again).
    """

    def run(*a: Any) -> None:
        if guarded():  # a whole run: the router's guard is around this
            draw(*a)
            return
        if _whole_runs():  # such a panel was just opened inside the body
            st.rerun()
        with page_guard():
            draw(*a)

    if _whole_runs():
        with st.container():  # where the fragment draws: the same element tree either way
            draw(*args)
        return
    # Streamlit names a fragment by its function's module and qualified name and its place on
    # the page; every page file runs as ``__main__`` with its body at the same place, so the
    # lab's name keeps one lab's fragment from being taken for another's.
    run.__qualname__ = f"{lab}.body"
    st.fragment(run)(*args)


# Session keys of the lazy expanders that, while open, make every run a whole run (see body()):
# the sidebar's share and instructor links and each page's sweep panel, added as they are drawn
# (a small fixed set; the sidebar is drawn before any body).
_WHOLE_RUN_PANELS: set[str] = set()


def _whole_runs() -> bool:
    """Whether a panel that needs whole runs is open in this session."""
    return any(st.session_state.get(k) for k in _WHOLE_RUN_PANELS)


def presets(page: str, options: Mapping[str, Preset]) -> None:
    """Named scenarios as buttons, and "Reset to defaults": each sets every control of the page
    (a preset's values over the defaults), so the same button always gives the same run and URL.
    """
    st.markdown("**Presets** — each sets up a scenario that teaches one thing:")
    row = st.container(horizontal=True)  # one block, not a column block per button (cheaper per rerun)
    for name, preset in options.items():
        row.button(
            name,
            key=f"{page}.__preset.{name}",
            help=preset.why,
            width="content",
            on_click=apply_preset,
            args=(page, dict(preset.values)),
        )
    row.button(
        "Reset to defaults",
        key=f"{page}.__reset",
        help="Every control of this page back to its default (the global settings in the sidebar stay).",
        width="content",
        on_click=apply_preset,
        args=(page, {}),
    )


def editions_panel(lab: str, rules: str) -> None:
    """What the course notes and AWS today say differently for this lab, active edition marked."""
    diffs = differences(lab)
    if not diffs:
        return
    label = EDITION_LABELS.get(rules, rules)
    box = lazy_expander(
        f"Rules edition: **{label}** — {len(diffs)} point(s) where the course notes and AWS today differ",
        f"__editions.{lab}.open",
    )
    if box is None:  # closed: the table is not sent
        return
    with box:
        st.table(_editions_table(lab, rules), hide_index=True)
        st.caption("Switch the edition in the sidebar; the simulation follows the active one.")


@functools.cache
def _editions_table(lab: str, rules: str) -> pd.DataFrame:
    """The editions table of ``lab`` with the active edition marked (fixed per process; shared)."""
    diffs = differences(lab)
    return pd.DataFrame(
        {
            "Topic": [d.topic for d in diffs],
            "Course notes" + (" (active)" if rules == "course" else ""): [d.course for d in diffs],
            "AWS today" + (" (active)" if rules == "aws-today" else ""): [d.aws_today for d in diffs],
            "Source": [d.source for d in diffs],
        }
    )


def _events_table(events: pd.DataFrame) -> pd.DataFrame:
    """The event log as a plain table: clock time, kind, explanation (for exports and tests)."""
    return pd.DataFrame(
        {
            "time": [format_clock(t) for t in events["t_s"]],
            "what": events["kind"].str.replace("_", " "),
            "why": events["message"],
        }
    )


def events_panel(
    events: pd.DataFrame,
    *,
    title: str = "What happened, and why",
    height: int | None = None,
    chart: str | None = None,
) -> None:
    """The event log as readable rows: clock time, kind, a plain-language lead and the engine's
    whole sentence; repeats rolled up, filterable by kind (:mod:`views.event_log`).

    ``chart``: the key of the page's main chart; clicking a row marks that moment on it.
    ``height`` is no longer used (the log is as tall as its rows).
    """
    del height
    st.subheader(title)
    if events is None or events.empty:
        st.info("No events: nothing scaled, split, throttled or expired in this run.", icon=":material/info:")
        return
    shown = derived(_events_table, events)  # once per (cached, shared) event log
    if settings().present:  # large print for a projector: a plain table, the first lines
        st.table(shown.head(EVENT_ROWS), hide_index=True)
        if len(shown) > EVENT_ROWS:
            st.caption(f"The first {EVENT_ROWS} of {len(events):,} events; the full log is in normal mode.")
        return
    key = f"events.{chart or title}"
    present = derived(event_log.kinds_present, events)
    picked: tuple[str, ...] = ()
    if len(present) > 1:
        chosen = st.multiselect(
            "Show only these kinds",
            present,
            format_func=event_leads.kind_label,
            placeholder="All kinds: pick some to see only those",
            key=f"{key}.kinds",
        )
        picked = tuple(k for k in present if k in (chosen or ()))
    view = derived(event_log.log_view, events, picked)  # once per (cached, shared) event log and filter
    event_log.draw_log(view, key=key, chart_key=chart)
    what = f"{view.events:,} of {len(events):,} event(s)" if picked else f"{len(events):,} event(s)"
    note = (
        f" in {len(view.rows):,} rows ({view.rolled:,} rolled up: open one to see every event)" if view.rolled else ""
    )
    link = " Click a row to mark its moment on the chart (click again to clear)." if chart else ""
    st.caption(f"{what}{note}.{link} Triangles on the chart mark the events; hover one for its sentence.")


def lazy_expander(
    label: str,
    key: str,
    *,
    icon: str | None = None,
    expanded: bool = False,
    opened: bool = False,
    where: Any = None,
    whole_runs: bool = False,
) -> DeltaGenerator | None:
    """An expander whose contents are drawn only while it is open: the container when it is open,
    else ``None`` (draw nothing into it).

    Why: a collapsed ``st.expander`` still runs and sends everything in it on every rerun, and each
    element and widget costs server CPU (issue 12's budget per cached rerun). This one tracks its
    state under ``key`` (``on_change="rerun"``), so opening or closing it reruns the page once.
    ``expanded``: open on the first run; ``opened``: kept open while true (its contents are in use,
    e.g. controls a link sets). Widgets drawn in it lose their state while it is closed, as any
    widget not drawn does. ``whole_runs``: while it is open, the page's body is no fragment
    (:func:`body`).
    """
    if whole_runs:
        _WHOLE_RUN_PANELS.add(key)
    if opened and not st.session_state.get(key):
        st.session_state[key] = True
    box = (where or st).expander(label, expanded, key=key, icon=icon, on_change="rerun")
    return box if box.open else None


def config_error(exc: ValueError) -> None:
    """A settings combination the engine refused: say what is wrong and what happens instead."""
    st.error(
        f"These settings cannot be simulated: {exc}. The chart shows the defaults instead; "
        "change the setting named above to continue.",
        icon=":material/block:",
    )


def chart(fig: go.Figure, key: str, *, play: str | None = None) -> None:
    """Draw a figure with ScaleLab's Plotly config, updated in place on later reruns.

    The element keyed ``key`` stays mounted across reruns: a changed figure is redrawn with
    ``Plotly.react`` in the same chart, an unchanged one is skipped (see :mod:`views.plotly_chart`).
    A moment picked in the event log for this chart (``events_panel(..., chart=key)``) is drawn on
    a copy of the figure's layout; the shared figure is never changed. ``play``: a token that
    starts the chart's animation once when it is new (default: the Play token of the lesson open
    on this page, :data:`PLAY_KEY`, so a lesson's Play starts the page's animated charts).
    """
    mark = event_log.highlight_for(key)
    token = play if play is not None else _lesson_play()
    plotly_chart(fig, key, PLOTLY_CONFIG, mark=None if mark is None else (mark.t0, mark.t1, mark.label), play=token)


def _lesson_play() -> str | None:
    """The token of the last Play pressed in the lesson this page has open (``?lesson=``), if any."""
    held = st.session_state.get(PLAY_KEY)
    return held[1] if held and st.query_params.get("lesson") == held[0] else None
