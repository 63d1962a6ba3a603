"""ScaleLab's Plotly chart element: a Streamlit components-v2 element (no iframe) that updates a
figure in place with ``Plotly.react`` instead of rebuilding it.

Why (measured, issue "fast for a whole class"): ``st.plotly_chart`` hashes the figure into the
element's identity even with a ``key``, so every change unmounts the chart and draws it from
scratch (purge, newPlot, every frame added again): 500-620 ms per slider move for three animated
figures. This element is mounted with its ``key`` as its identity, so a rerun sends new data to
the same element and the browser updates the drawn chart in place.

What is sent: bytes, a 32-character digest, a newline, then the figure as JSON. The browser skips a
payload whose digest is the one it drew last (an unchanged figure costs nothing but the bytes), and
an animated figure from :mod:`views.animation` is sent without its frames: only the cut points, from
which the browser builds the same frames out of the arrays it already has.

A chart drawn with ``on_click`` reports a click on a data point back as the element's ``click``
trigger (``{"curve", "point", "x", "y"}``, read in the callback as ``st.session_state[key].click``).
The callback runs before the rerun, as a button's ``on_click`` does, so the session-state values it
sets for URL-bound controls reach the address bar as a preset's do: Streamlit moves a bound
widget's query parameter when the run that draws it holds a value set from code (a callback's or
the script's, set before the widget) for a widget drawn in an earlier run.

The Plotly bundle is ``bundle/plotly-scalelab.min.js``: the plotly.js release of the pinned
``plotly`` package with only the trace types ScaleLab draws (1.3 MB against the full 4.7 MB, which
took 1.1-1.7 s of a direct load's main thread to evaluate; this one about 0.2 s), built
reproducibly by ``build/build.js`` (``npm ci && npm run build``) and kept in the repository, so the
set-up needs no Node.js. It is served by the app's own server as the asset of a second component,
``scalelab.plotly_bundle``; :func:`warm_bundle`
loads it from the sidebar of every page while the page is idle, so the first chart of the next
lab opened draws at once; the page styles (``views.style.PAGE_CSS``) come with the element.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import plotly.io.json as pio_json
import streamlit as st
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager
from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest
from streamlit.components.v2.types import ComponentRenderer

from views.payload import AnimatedFigure, encoded
from views.style import PAGE_CSS

__all__ = [
    "BUNDLE",
    "BUNDLE_FILE",
    "CHART",
    "chart_payload",
    "decode_payload",
    "marked",
    "plotly_chart",
    "share",
    "warm_bundle",
]

CHART = "scalelab.chart"  # the element; its asset folder holds index.js
BUNDLE = "scalelab.plotly_bundle"  # its asset folder, bundle/, holds plotly-scalelab.min.js
BUNDLE_FILE = "plotly-scalelab.min.js"
_HERE = Path(__file__).resolve().parent
_DIGEST_CHARS = 32


def _register_assets(manager: BidiComponentManager) -> None:
    """Declare both components' asset folders on ``manager`` (once per Streamlit runtime).

    Streamlit finds asset folders of installed packages through their ``pyproject.toml``; ScaleLab
    is run from its checkout, so the same manifests are registered here, through the manager's own
    ``register_from_manifest``, with the same path checks (an asset folder must lie inside its root).
    """
    if manager.get_component_asset_root(CHART) is not None and manager.get(BUNDLE) is not None:
        return
    manager.register_from_manifest(
        ComponentManifest(name="scalelab", version="1", components=[ComponentConfig("chart", "frontend")]), _HERE
    )
    manager.register_from_manifest(
        ComponentManifest(name="scalelab", version="1", components=[ComponentConfig("plotly_bundle", "bundle")]), _HERE
    )


@functools.cache
def _mounter() -> ComponentRenderer:
    """The element's mount command, made once (on the runtime that first draws a chart)."""
    _register_assets(get_bidi_component_manager())
    return st.components.v2.component(CHART, js="index.js", css=PAGE_CSS, isolate_styles=False)


def _mount(key: str, data: bytes, on_click: Callable[[], None] | None = None) -> None:
    """Mount the element on the running script's runtime (AppTest makes a new one per test)."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        _register_assets(Runtime.instance().bidi_component_registry)
    events = {} if on_click is None else {"on_click_change": on_click}
    _mounter()(key=key, data=data, width="stretch", height="content", **events)


def _figure_dict(fig: go.Figure | dict) -> dict:
    """The figure as the browser draws it, arrays as base64 typed arrays (as ``to_dict`` sends them).

    Read from the figure's own current state, so a caller's later ``update_layout`` is honoured,
    without the deep copy of every array that ``to_dict`` makes. An animated figure from
    :mod:`views.animation` goes as its base arrays plus cut points (``anim``), not frame copies,
    and without building its ``go.Figure`` unless something has (:class:`AnimatedFigure`).
    """
    if isinstance(fig, dict):
        return _named_template(encoded(fig))
    spec = fig.plotly_spec() if isinstance(fig, AnimatedFigure) else {"data": fig._data, "layout": fig._layout}
    out = encoded(spec)
    prefixes = getattr(fig, "prefixes", None)
    if prefixes is not None:
        out["anim"] = prefixes.to_json()
    elif fig.frames:
        out["frames"] = encoded([f.to_plotly_json() for f in fig.frames])
    return _named_template(out)


def _named_template(out: dict) -> dict:
    """``out`` with a template named by string replaced by what the name stands for."""
    template = out.get("layout", {}).get("template")
    if isinstance(template, str):  # a named template is Python-side only: send what it stands for
        out["layout"]["template"] = _template(template)
    return out


@functools.cache
def _template(name: str) -> dict:
    return pio.templates[name].to_plotly_json()


def chart_payload(
    fig: go.Figure | dict, config: dict[str, Any], *, clicks: bool = False, play: str | None = None
) -> bytes:
    """The bytes sent to the browser: digest, newline, JSON ``{"figure": ..., "config": ...}``
    (with ``"clicks": true`` when the browser is to report clicks on points).

    Deterministic: the same figure and config give the same bytes (so the same digest), which is
    what lets the browser skip a figure that did not change. ``play``: a token; the browser starts
    the figure's animation (its Replay button) once for each new token it is sent.
    """
    spec: dict[str, Any] = {"figure": _figure_dict(fig), "config": config}
    if clicks:
        spec["clicks"] = True
    if play:
        spec["play"] = play
    return _with_digest(pio_json.to_json_plotly(spec).encode())


def _with_digest(body: bytes) -> bytes:
    digest = hashlib.blake2b(body, digest_size=_DIGEST_CHARS // 2).hexdigest().encode()
    return digest + b"\n" + body


def decode_payload(data: bytes) -> dict:
    """The JSON part of a payload (for tests and benchmarks reading what a page sends)."""
    import json

    if data[_DIGEST_CHARS : _DIGEST_CHARS + 1] != b"\n":
        raise ValueError("not a ScaleLab chart payload")
    return json.loads(data[_DIGEST_CHARS + 1 :])


# Payloads of shared figures, encoded once: figure id -> (weak ref, {config JSON: payload bytes}).
_PAYLOADS: dict[int, tuple[weakref.ref, dict[str, bytes]]] = {}
_PAYLOADS_LOCK = threading.Lock()


def _forget(ident: int, ref: weakref.ref) -> None:
    with _PAYLOADS_LOCK:
        entry = _PAYLOADS.get(ident)
        if entry is not None and entry[0] is ref:
            del _PAYLOADS[ident]


def share(fig: go.Figure) -> go.Figure:
    """Mark ``fig`` as shared read-only (memoised by ``views.page.figure``): its payload is then
    encoded once per config and the same bytes, digest included, are sent on every later rerun.
    A shared figure must not be changed afterwards (its old payload would still be sent)."""
    ident = id(fig)
    with _PAYLOADS_LOCK:
        entry = _PAYLOADS.get(ident)
        if entry is None or entry[0]() is not fig:
            _PAYLOADS[ident] = (weakref.ref(fig, lambda r, i=ident: _forget(i, r)), {})
    return fig


Mark = tuple[float, float, str]
"""A moment to mark on a chart: start and end in seconds of the run (equal for one moment), label."""
MARK_COLOR = "#222222"  # drawn dashed across every panel, with its label: unlike any plotted series
_MARKED_PER_FIGURE = 4  # marked payloads kept per shared figure (the latest clicks)
_TIME_TITLE = re.compile(r"^Time \((s|min|h)\)$")
_TIME_UNITS = {"s": 1.0, "min": 60.0, "h": 3600.0}


def _time_scale(layout: dict) -> float | None:
    """Seconds per x unit of a ScaleLab time axis ("Time (h)" ...), None if the figure has none."""
    for name, axis in layout.items():
        if name.startswith("xaxis") and isinstance(axis, dict):
            title = axis.get("title")
            text = title.get("text") if isinstance(title, dict) else title
            m = _TIME_TITLE.match(str(text or ""))
            if m:
                return _TIME_UNITS[m.group(1)]
    return None


def marked(fig: go.Figure | dict, mark: Mark) -> dict:
    """The figure as a dict with ``mark`` drawn on it: a vertical line (a band for a span) across
    every panel and its label on top. The figure itself is not changed (its dict/list structure is
    copied; arrays are shared). A figure without a time axis comes back unmarked."""
    out = _figure_dict(fig)
    layout = out.setdefault("layout", {})
    scale = _time_scale(layout)
    if scale is None:
        return out
    t0, t1, label = mark
    x0, x1 = float(t0) / scale, float(t1) / scale
    shape = {"type": "line" if x0 == x1 else "rect", "xref": "x", "yref": "paper", "x0": x0, "x1": x1}
    shape.update({"y0": 0, "y1": 1, "line": {"color": MARK_COLOR, "width": 2, "dash": "dash"}, "layer": "above"})
    if x0 != x1:
        shape.update({"fillcolor": MARK_COLOR, "opacity": 0.18})
    layout["shapes"] = [*layout.get("shapes", []), {**shape, "name": "scalelab-mark"}]
    # the label reads away from the nearer edge of the time axis, so it is never cut at the chart's end
    span = next(
        (a["range"] for a in (layout.get("xaxis"), *layout.values()) if isinstance(a, dict) and a.get("range")), None
    )
    right = span is not None and x1 > (float(span[0]) + float(span[1])) / 2
    note = {"xref": "x", "yref": "paper", "x": x1 if right else x0, "y": 1.0, "yanchor": "bottom", "showarrow": False}
    note.update({"xanchor": "right" if right else "left", "xshift": -3 if right else 3})
    note.update({"text": label, "font": {"color": MARK_COLOR, "size": 12}, "bgcolor": "rgba(255,255,255,0.8)"})
    layout["annotations"] = [*layout.get("annotations", []), {**note, "name": "scalelab-mark"}]
    return out


def _payload(
    fig: go.Figure | dict,
    config: dict[str, Any],
    mark: Mark | None = None,
    *,
    clicks: bool = False,
    play: str | None = None,
) -> bytes:
    """``chart_payload(fig, config)`` (with ``mark`` drawn), from the memo when ``fig`` is shared."""
    make = (
        (lambda: chart_payload(fig, config, clicks=clicks, play=play))
        if mark is None
        else (lambda: chart_payload(marked(fig, mark), config, clicks=clicks, play=play))
    )
    with _PAYLOADS_LOCK:
        entry = _PAYLOADS.get(id(fig))
    if entry is None or entry[0]() is not fig:
        return make()
    conf = (
        json.dumps(config, sort_keys=True)
        + (" clicks" if clicks else "")
        + ("" if mark is None else "\n" + json.dumps(list(mark)))
        + ("" if not play else "\t" + play)
    )
    data = entry[1].get(conf)
    if data is None:
        data = make()
        with _PAYLOADS_LOCK:
            memo = entry[1]
            data = memo.setdefault(conf, data)
            marks = [k for k in memo if "\n" in k or "\t" in k]  # marked or playing: the latest few
            for old in marks[:-_MARKED_PER_FIGURE]:
                del memo[old]
    return data


def plotly_chart(
    fig: go.Figure | dict,
    key: str,
    config: dict[str, Any],
    *,
    mark: Mark | None = None,
    on_click: Callable[[], None] | None = None,
    play: str | None = None,
) -> None:
    """Draw ``fig`` in the element keyed ``key``, updating it in place on later reruns (the
    payload of a :func:`share`-d figure is encoded once, not on every rerun). ``mark``: a moment
    to draw on it (:func:`marked`). ``on_click``: called before the rerun a click on a point
    starts; the point is ``st.session_state[key].click`` (see the module docstring). ``play``:
    start its animation once per new token (a lesson's Play, a class room's reveal)."""
    _mount(key, _payload(fig, config, mark, clicks=on_click is not None, play=play), on_click)


_WARM = _with_digest(b'{"warm": true}')


def warm_bundle(key: str = "scalelab.warm_bundle") -> None:
    """Load the Plotly bundle in the browser while the page is idle (an element of no height)."""
    _mount(key, _WARM)
