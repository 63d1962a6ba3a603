"""The event log a learner reads: whole sentences, repeats rolled up, filtered by kind, linked to
the chart.

Rows are built once per (cached, shared) event frame and filter (:func:`log_rows`, memoised by
the caller with ``views.page.derived``) and drawn by one small components-v2 element in the page's
own DOM: every sentence is a ``.scalelab-event`` cell inside a ``.scalelab-event-log`` list,
wrapped, never cut, and the list is as tall as its rows (scrolling only past about twelve rows).
Clicking a row marks its moment on the page's main chart (:func:`highlight_for`, read by
``views.page.chart``); clicking it again clears the mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from engine.core import format_clock
from views.event_leads import kind_label, lead_for

__all__ = [
    "ROLLUP_MIN",
    "Highlight",
    "LogRow",
    "LogView",
    "draw_log",
    "highlight_for",
    "kinds_present",
    "log_rows",
    "log_view",
    "message_shape",
]

ROLLUP_MIN = 3
"""Consecutive events of one kind and one sentence shape rolled into one row from this many on."""
MAX_ROWS = 300
"""Rows drawn at most (the caption says how many more the filter hides)."""
MAX_LISTED = 40
"""Sentences listed inside one rolled-up row at most (first and last halves)."""

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


@dataclass(frozen=True)
class LogRow:
    """One row of the log: one event, or ``count`` consecutive events of the same kind and shape."""

    t0: float
    t1: float
    kind: str
    text: str
    count: int = 1
    listed: tuple[tuple[str, str], ...] = ()  # (clock, sentence) of each rolled-up event, maybe cut

    @property
    def time(self) -> str:
        """The row's clock time, or its span for a rolled-up row."""
        if self.count == 1:
            return format_clock(self.t0)
        return f"{format_clock(self.t0)}–{format_clock(self.t1)}"

    @property
    def lead(self) -> str:
        return lead_for(self.kind)

    @property
    def ident(self) -> str:
        """A stable name for the row (what a click sends back)."""
        return f"{self.kind}@{self.t0:g}-{self.t1:g}#{self.count}"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.ident,
            "time": self.time,
            "kind": kind_label(self.kind),
            "lead": self.lead,
            "text": self.text,
            "n": self.count,
            "listed": [list(x) for x in self.listed],
        }


@dataclass(frozen=True)
class Highlight:
    """A moment (or span) of the run to mark on a chart, with its label."""

    t0: float
    t1: float
    label: str


def message_shape(message: str) -> str:
    """A sentence with its numbers blanked: events whose sentences differ only in numbers repeat."""
    return _NUMBER.sub("#", str(message))


def kinds_present(events: pd.DataFrame) -> tuple[str, ...]:
    """The kinds of ``events``, in order of first appearance."""
    if events is None or events.empty:
        return ()
    return tuple(dict.fromkeys(str(k) for k in events["kind"]))


def _rolled(times: Sequence[float], kind: str, messages: Sequence[str]) -> LogRow:
    n = len(times)
    clocks = [format_clock(t) for t in times]
    pairs = list(zip(clocks, messages, strict=True))
    half = MAX_LISTED // 2
    listed = pairs if n <= MAX_LISTED else [*pairs[:half], ("…", f"{n - MAX_LISTED:,} more like these"), *pairs[-half:]]
    text = f"{n:,}× {kind_label(kind)} between {clocks[0]} and {clocks[-1]}. First: {messages[0]}"
    if messages[-1] != messages[0]:
        text += f". Last: {messages[-1]}"
    return LogRow(float(times[0]), float(times[-1]), kind, text, n, tuple(listed))


def log_rows(events: pd.DataFrame, kinds: tuple[str, ...] = ()) -> tuple[LogRow, ...]:
    """The log's rows: events of ``kinds`` (all when empty) in time order, each run of at least
    :data:`ROLLUP_MIN` consecutive events of one kind whose sentences differ only in their numbers
    rolled into one row that keeps every sentence. Never changes ``events``."""
    if events is None or events.empty:
        return ()
    ev = events if not kinds else events[events["kind"].isin(kinds)]
    ts = ev["t_s"].tolist()
    ks = [str(k) for k in ev["kind"]]
    ms = [str(m) for m in ev["message"]]
    rows: list[LogRow] = []
    i = 0
    while i < len(ts):
        shape = message_shape(ms[i])
        j = i + 1
        while j < len(ts) and ks[j] == ks[i] and message_shape(ms[j]) == shape:
            j += 1
        if j - i >= ROLLUP_MIN:
            rows.append(_rolled(ts[i:j], ks[i], ms[i:j]))
        else:
            rows.extend(LogRow(float(ts[k]), float(ts[k]), ks[k], ms[k]) for k in range(i, j))
        i = j
    return tuple(rows)


def rows_payload(rows: tuple[LogRow, ...]) -> tuple[list[dict[str, Any]], int]:
    """The rows as the element draws them (at most :data:`MAX_ROWS`) and how many were left out."""
    return [r.as_json() for r in rows[:MAX_ROWS]], max(0, len(rows) - MAX_ROWS)


@dataclass(frozen=True)
class LogView:
    """Everything a rerun needs to draw one log, computed once per event frame and filter."""

    rows: tuple[LogRow, ...]
    payload: list[dict[str, Any]]
    left_out: int
    by_id: dict[str, LogRow]
    events: int  # events in the rows

    @property
    def rolled(self) -> int:
        """Rows that stand for several events."""
        return sum(1 for r in self.rows if r.count > 1)


def log_view(events: pd.DataFrame, kinds: tuple[str, ...] = ()) -> LogView:
    """:func:`log_rows` and the element's payload, for memoising with ``views.page.derived``
    (shared read-only, like the events frame it comes from)."""
    rows = log_rows(events, kinds)
    payload, left_out = rows_payload(rows)
    by_id = {r.ident: r for r in rows[:MAX_ROWS]}
    return LogView(rows, payload, left_out, by_id, int(sum(r.count for r in rows)))


# ---- the element -------------------------------------------------------------------------------

_CSS = """
.scalelab-event-log { max-height: min(34rem, 75vh); overflow-y: auto; border: 1px solid rgba(128,128,128,.3);
  border-radius: .5rem; font-size: .95rem; line-height: 1.4; }
.scalelab-event-row { display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: .75rem;
  padding: .45rem .75rem; border-bottom: 1px solid rgba(128,128,128,.18); cursor: pointer; }
.scalelab-event-row:last-child { border-bottom: none; }
.scalelab-event-row:hover { background: rgba(128,128,128,.08); }
.scalelab-event-row.selected { background: rgba(34,34,34,.08); box-shadow: inset 4px 0 0 #222222; }
.scalelab-event-time { display: block; font-variant-numeric: tabular-nums; opacity: .85; }
.scalelab-event-kind { display: block; font-weight: 600; overflow-wrap: anywhere; }
.scalelab-event { min-width: 0; white-space: normal; overflow-wrap: anywhere; }
.scalelab-event-lead { display: block; font-weight: 600; }
.scalelab-event details { margin-top: .2rem; }
.scalelab-event summary { cursor: pointer; opacity: .8; }
.scalelab-event ol { margin: .2rem 0 0 1.2rem; padding: 0; }
"""

_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  if (!data) return;
  let root = parentElement.querySelector(':scope > .scalelab-event-log');
  if (!root) {
    root = document.createElement('div');
    root.className = 'scalelab-event-log';
    root.setAttribute('role', 'list');
    parentElement.appendChild(root);
  }
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  root.replaceChildren();
  for (const r of data.rows) {
    const row = el('div', 'scalelab-event-row' + (r.id === data.selected ? ' selected' : ''));
    row.setAttribute('role', 'listitem');
    row.tabIndex = 0;
    row.dataset.id = r.id;
    row.title = r.id === data.selected ? 'Click to clear the mark on the chart' : 'Click to mark this moment on the chart';
    const when = el('div', 'scalelab-event-when');
    when.append(el('span', 'scalelab-event-time', r.time.replace('–', '–\u200b')), el('span', 'scalelab-event-kind', r.kind));
    row.append(when);
    const cell = el('div', 'scalelab-event');
    if (r.lead) cell.append(el('span', 'scalelab-event-lead', r.lead));
    cell.append(document.createTextNode(r.text));
    if (r.listed.length) {
      const det = el('details');
      det.append(el('summary', null, `All ${r.n} events`));
      const ol = el('ol');
      for (const [clock, text] of r.listed) ol.append(el('li', null, `${clock} · ${text}`));
      det.append(ol);
      det.addEventListener('click', (e) => e.stopPropagation());
      cell.append(det);
    }
    row.append(cell);
    const pick = () => setTriggerValue('pick', r.id === data.selected ? '' : r.id);
    row.addEventListener('click', pick);
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
    root.append(row);
  }
}
"""

NAME = "scalelab.event_log"


def _state_key(chart_key: str) -> str:
    return f"scalelab.highlight.{chart_key}"


def highlight_for(chart_key: str) -> Highlight | None:
    """The moment the event log asked to mark on the chart keyed ``chart_key`` (None: no mark)."""
    value = st.session_state.get(_state_key(chart_key))
    return value if isinstance(value, Highlight) else None


def _on_pick(element_key: str, chart_key: str, rows_key: str) -> None:
    """A row was clicked: remember its moment for the chart (an unknown or empty pick clears it)."""
    picked = getattr(st.session_state.get(element_key), "pick", None) or ""
    rows: dict[str, LogRow] = st.session_state.get(rows_key, {})
    row = rows.get(picked)
    if row is None:
        st.session_state.pop(_state_key(chart_key), None)
        return
    label = f"{row.time} · {kind_label(row.kind)}"
    st.session_state[_state_key(chart_key)] = Highlight(row.t0, row.t1, label)


def draw_log(view: LogView, *, key: str, chart_key: str | None) -> None:
    """Draw ``view`` as the clickable log keyed ``key``; clicks mark the chart ``chart_key``."""
    selected = ""
    if chart_key is not None:
        st.session_state[f"{key}.rows"] = view.by_id  # what the click callback resolves ids against
        mark = highlight_for(chart_key)
        if mark is not None:
            match = next((r for r in view.by_id.values() if (r.t0, r.t1) == (mark.t0, mark.t1)), None)
            if match is None:  # the scenario changed: the marked event is gone
                st.session_state.pop(_state_key(chart_key), None)
            else:
                selected = match.ident
    mount = st.components.v2.component(NAME, css=_CSS, js=_JS, isolate_styles=False)
    kwargs: dict[str, Any] = {}
    if chart_key is not None:
        kwargs["on_pick_change"] = lambda: _on_pick(key, chart_key, f"{key}.rows")
    mount(key=key, data={"rows": view.payload, "selected": selected}, width="stretch", height="content", **kwargs)
    if view.left_out:
        st.caption(
            f"The first {len(view.payload):,} rows are shown; {view.left_out:,} more follow. "
            "Filter by kind to see them."
        )
