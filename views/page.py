"""Shared page furniture: global settings, the lesson header, presets, editions, event log, charts.

Pages stay thin by calling these; none of them simulates anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.core import format_clock
from engine.rules import EDITION_LABELS, differences
from views.controls import apply_preset
from views.plotly_chart import plotly_chart

__all__ = [
    "PLOTLY_CONFIG",
    "Settings",
    "chart",
    "config_error",
    "editions_panel",
    "events_panel",
    "lesson",
    "presets",
    "settings",
]

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


def settings() -> Settings:
    """Read the global settings the sidebar (``app.py``) bound to the URL."""
    s = st.session_state
    return Settings(
        rules=str(s.get("rules", "course")),
        seed=int(s.get("seed", 0)),
        reduced_motion=bool(s.get("motion", False)),
    )


def lesson(title: str, text: str, *, icon: str | None = None) -> None:
    """The page title and its one-paragraph lesson."""
    st.title(f"{icon} {title}" if icon else title)
    st.markdown(text)


def presets(page: str, options: Mapping[str, tuple[str, Mapping[str, Any]]]) -> None:
    """Named scenarios as buttons: each sets several controls at once (and so the URL).

    ``options`` maps a preset name to ``(what it teaches, {control name: value})``.
    """
    st.markdown("**Presets** — each sets up a scenario that teaches one thing:")
    cols = st.columns(len(options))
    for col, (name, (why, values)) in zip(cols, options.items(), strict=True):
        col.button(
            name,
            key=f"{page}.__preset.{name}",
            help=why,
            width="stretch",
            on_click=apply_preset,
            args=(page, dict(values)),
        )


def editions_panel(lab: str, rules: str) -> None:
    """What the course notes and AWS today say differently for this lab, active edition marked."""
    diffs = differences(lab)
    if not diffs:
        return
    label = EDITION_LABELS.get(rules, rules)
    with st.expander(f"Rules edition: **{label}** — {len(diffs)} point(s) where the course notes and AWS today differ"):
        table = pd.DataFrame(
            {
                "Topic": [d.topic for d in diffs],
                "Course notes" + (" ✅ active" if rules == "course" else ""): [d.course for d in diffs],
                "AWS today" + (" ✅ active" if rules == "aws-today" else ""): [d.aws_today for d in diffs],
                "Source": [d.source for d in diffs],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption("Switch the edition in the sidebar; the simulation follows the active one.")


def events_panel(events: pd.DataFrame, *, title: str = "What happened, and why", height: int = 320) -> None:
    """The event log as a readable table: clock time, kind, explanation."""
    st.subheader(title)
    if events is None or events.empty:
        st.info("No events: nothing scaled, split, throttled or expired in this run.")
        return
    shown = pd.DataFrame(
        {
            "time": [format_clock(t) for t in events["t_s"]],
            "what": events["kind"].str.replace("_", " "),
            "why": events["message"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=height)
    st.caption(f"{len(events):,} event(s). Triangles on the chart mark the same events; hover for detail.")


def config_error(exc: ValueError) -> None:
    """A settings combination the engine refused: say what is wrong and what happens instead."""
    st.error(
        f"These settings cannot be simulated: {exc}. The chart shows the defaults instead; "
        "change the setting named above to continue.",
        icon="🚫",
    )


def chart(fig: go.Figure, key: str) -> None:
    """Draw a figure with ScaleLab's Plotly config, updated in place on later reruns.

    The element keyed ``key`` stays mounted across reruns: a changed figure is redrawn with
    ``Plotly.react`` in the same chart, an unchanged one is skipped (see :mod:`views.plotly_chart`).
    """
    plotly_chart(fig, key, PLOTLY_CONFIG)
