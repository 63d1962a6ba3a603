"""What a room's reveal shows beside the answers: the lesson scenario's own chart (animated, it
starts playing), the lines of its event log that explain the answer, and the course-notes
statement; read from the scene the server stored on the question (:mod:`views.classroom.answers`).

Cheap for a whole class: each scene is read from the database and parsed once per process, and
its chart payload encoded once (a shared figure), for every student's page.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

import pandas as pd
import streamlit as st

from engine.rules import EDITION_LABELS
from views import page
from views.classroom.links import service
from views.plotly_chart import share

__all__ = ["draw", "scene"]

_KEEP = 64
_LOCK = threading.Lock()
_SCENES: OrderedDict[tuple[str, int], dict[str, Any]] = OrderedDict()


class _Figure(dict):
    """A stored figure as the browser draws it; a dict that can be shared (weakly referenced)."""


def scene(code: str, step: int) -> dict[str, Any] | None:
    """The scene of revealed question ``step`` of room ``code``, or ``None`` (not revealed, or
    stored without one)."""
    with _LOCK:
        if (code, step) in _SCENES:
            _SCENES.move_to_end((code, step))
            return _SCENES[(code, step)]
    raw = service().scene(code, step)
    if raw is None:
        return None
    found = json.loads(raw)
    if found.get("figure"):
        found["figure"] = share(_Figure(found["figure"]))  # type: ignore[arg-type]
    if found.get("events"):
        found["events"] = pd.DataFrame(found["events"])
    with _LOCK:
        found = _SCENES.setdefault((code, step), found)
        while len(_SCENES) > _KEEP:
            _SCENES.popitem(last=False)
    return found


def draw(found: dict[str, Any], *, key: str, play: str) -> None:
    """The scene's chart (playing once for ``play``), its explanation and event-log lines, the
    course notes, and how it was computed."""
    if found.get("figure") is not None:
        st.markdown("**The scenario, played** — press ↺ Replay to watch it again.")
        page.chart(found["figure"], key, play=play)
    if found.get("explain"):
        st.markdown(found["explain"])
    events = found.get("events")
    if isinstance(events, pd.DataFrame) and len(events):
        st.markdown("**What the event log says**")
        st.table(events, hide_index=True)
    if found.get("notes"):
        st.markdown(f"> {found['notes']}\n>\n> — *the course notes*")
    rules = EDITION_LABELS.get(str(found.get("rules")), str(found.get("rules")))
    st.caption(
        f"The answer was computed by the engine from the lesson's scenario ({rules} rules, seed "
        f"{found.get('seed', 0)}), the same run as the lesson's page: [open it]({found.get('link', '')})."
    )
