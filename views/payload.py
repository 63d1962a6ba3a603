"""Keeping figures small and fast: point reduction, time-axis units, frames sent unvalidated.

Used by :mod:`views.animation` and by any lab figure that animates or plots long series.
"""

from __future__ import annotations

from base64 import b64encode
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.utils import to_typed_array_spec

__all__ = ["AnimatedFigure", "FramePrefixes", "downsample", "encoded", "time_axis"]


_SKIPPED = frozenset(("geojson", "layer", "layers", "range"))  # keys Plotly never sends as typed arrays
_SHORT = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4", "uint32": "u4"}
_SHORT.update({"float32": "f4", "float64": "f8"})


def _typed(values: np.ndarray) -> Any:
    """A numeric array as Plotly's base64 typed-array spec, as ``to_dict`` sends it (64-bit
    integers narrowed by Plotly's own rule); anything else unchanged."""
    short = _SHORT.get(values.dtype.name)
    if short is None or values.size == 0 or values.ndim != 1:  # 64-bit ints, 2-D (a heatmap's z)
        return to_typed_array_spec(values) if values.dtype.kind in "iuf" else values
    return {"dtype": short, "bdata": b64encode(np.ascontiguousarray(values).data).decode("ascii")}


def encoded(value: Any, key: str = "") -> Any:
    """A copy of the dict/list structure of ``value``, keys sorted (so a figure's JSON does not
    depend on the order it was built in), numeric numpy arrays as base64 typed arrays: what
    Plotly's ``to_dict`` sends, in one walk.

    Where ``copy + plotly's convert_to_base64`` took two walks, and that one tested every value of
    the layout for being an array (about 7 % of a class's server time on a scenario each).
    """
    if isinstance(value, dict):
        return {k: encoded(value[k], k) for k in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [encoded(v) for v in value]
    if isinstance(value, np.ndarray) and key not in _SKIPPED:
        return _typed(value)
    return value


@dataclass(frozen=True)
class FramePrefixes:
    """Frames that are prefixes of the base figure's arrays, described by their cut points.

    Frame ``k`` shows the first ``cuts[k]`` points of the ``traces`` (their ``y``) and, when there is
    an ``event`` trace, its first ``keeps[k]`` markers (its ``x``). The browser builds the frames
    from this and the arrays already in the figure, so they are not sent as copies.
    """

    traces: tuple[int, ...]
    cuts: tuple[int, ...]
    event: int | None = None
    keeps: tuple[int, ...] = ()

    def frames(self, data: list[dict]) -> list[dict]:
        """The frames these cut points stand for, over the base traces ``data``."""
        out = []
        for k, cut in enumerate(self.cuts):
            fdata = [{"y": data[i]["y"][:cut]} for i in self.traces]
            idx = list(self.traces)
            if self.event is not None:
                fdata.append({"x": data[self.event]["x"][: self.keeps[k]]})
                idx.append(self.event)
            out.append({"name": str(k), "data": fdata, "traces": idx})
        return out

    def to_json(self) -> dict:
        """The form :mod:`views.plotly_chart`'s browser code reads."""
        return {"prefix": list(self.traces), "cuts": list(self.cuts), "event": self.event, "keeps": list(self.keeps)}


class AnimatedFigure:
    """A figure kept as the plain dicts Plotly draws (``data``, ``layout``) and its frames' cut
    points, with its ``go.Figure`` built only when something reads it as one.

    Why: a page sends a figure as JSON (:mod:`views.plotly_chart` reads :meth:`plotly_spec`), and
    building the ``go.Figure`` (its Layout objects and a deep copy of the spec, even unvalidated)
    was about a tenth of the server's time for a class on a scenario each. Tests and notebooks
    read ``.data``/``.layout``/``.frames`` as Plotly objects; those, and every other public
    ``go.Figure`` attribute (``update_layout``, ``show``, ``to_json`` ...), are the built figure's.
    Once it is built, the figure is the truth: what a caller changed on it is what is sent.
    """

    def __init__(self, spec: dict, *, prefixes: FramePrefixes | None = None) -> None:
        self._spec = {"data": spec["data"], "layout": spec["layout"]}
        self._prefixes = prefixes
        self._figure: go.Figure | None = None
        self._frame_dicts: list[dict] | None = None  # built from the cut points on first use

    @property
    def figure(self) -> go.Figure:
        """The ``go.Figure`` of data and layout (built on first use, unvalidated, then kept)."""
        if self._figure is None:
            self._figure = go.Figure(self._spec, _validate=False)
        return self._figure

    def plotly_spec(self) -> dict:
        """``{"data": [...], "layout": {...}}`` as the browser draws them, arrays as numpy arrays:
        the spec itself, or the built figure's current state. Shared: never mutate it."""
        if self._figure is None:
            return self._spec
        return {"data": self._figure._data, "layout": self._figure._layout}

    @property
    def data(self) -> tuple:
        """The traces as Plotly objects."""
        return self.figure.data

    @property
    def layout(self) -> go.Layout:
        """The layout as a Plotly object."""
        return self.figure.layout

    @property
    def prefixes(self) -> FramePrefixes | None:
        """The frames as cut points into the base arrays (None for a still figure)."""
        return self._prefixes

    def _frames(self) -> list[dict]:
        """The frames as plain dicts (never mutated, so shared by every caller)."""
        if self._frame_dicts is None:
            self._frame_dicts = [] if self._prefixes is None else self._prefixes.frames(self._spec["data"])
        return self._frame_dicts

    @property
    def frames(self) -> tuple[go.Frame, ...]:
        """The frames as validated Plotly objects (built on each access)."""
        return tuple(go.Frame(f) for f in self._frames())

    def to_dict(self) -> dict:
        """Data, layout and frames, arrays base64-encoded as Plotly's ``to_dict`` sends them."""
        res = self.figure.to_dict()
        if self._frames():
            res["frames"] = encoded(self._frames())
        return res

    def __getattr__(self, name: str) -> object:
        # only for names not found on this instance or class: the rest of go.Figure's public interface
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.figure, name)


def time_axis(horizon_s: float) -> tuple[float, str]:
    """The divisor and unit name for showing a time axis of this length."""
    if horizon_s >= 3 * 3600:
        return 3600.0, "h"
    if horizon_s >= 600:
        return 60.0, "min"
    return 1.0, "s"


def downsample(values: np.ndarray, n_buckets: int, agg: Literal["max", "mean", "last", "sum"] = "max") -> np.ndarray:
    """Reduce ``values`` to ``n_buckets`` equal buckets (the last may be shorter)."""
    n = len(values)
    if n <= n_buckets:
        return values
    size = int(np.ceil(n / n_buckets))
    pad = size * int(np.ceil(n / size)) - n
    v = np.asarray(values, dtype=np.float64)
    if agg == "last":
        idx = np.minimum(np.arange(size - 1, n + pad, size), n - 1)
        return v[idx]
    # Pad the last bucket with NaN and reduce ignoring NaN (a series may have gaps, e.g. alarm
    # datapoints once a minute); an all-NaN bucket stays NaN, without a RuntimeWarning.
    padded = np.concatenate([v, np.full(pad, np.nan)]).reshape(-1, size)
    if agg == "max":
        return np.fmax.reduce(padded, axis=1)
    present = ~np.isnan(padded)
    counts = present.sum(axis=1)
    sums = np.where(present, padded, 0.0).sum(axis=1)
    if agg == "sum":
        return np.where(counts > 0, sums, np.nan)
    return np.divide(sums, counts, out=np.full(len(sums), np.nan), where=counts > 0)
