"""Compare on every lab: a scenario B that differs from the page's scenario A in chosen controls,
run on the same load and seed, drawn beside A and summarised in the lab's own terms.

A page calls :func:`controls` among its controls (before ``Controls.notices``: B's controls are
URL-bound like the page's own, so a bad value in a link gets the same notice and fallback), then,
once it has built A's config, :func:`panel` with that config, the load, the seed and its cached
engine call. A page that runs A and B in one batched call builds B with :func:`scenario_b` and
draws with :func:`show`.

URL keys (page prefix ``p``): ``p.compare`` (on/off, or the page's named variant), ``p.vary`` (the
chosen controls, by label, one parameter each) and ``p.b.<knob>`` (B's value of each). B's control
starts at A's value, so a link that omits ``p.b.<knob>`` means "as in A".

What each lab compares is declared once in ``views/<lab>/compare.py`` as a :class:`Spec`: the
summary figures (columns of the engine's ``Result.summary``) and the series the figure overlays.
Tables and figures are memoised on the shared cached Results (:func:`views.page.derived`,
:func:`views.page.figure`), so a cached rerun rebuilds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.core import Result, format_duration, format_number
from views import page
from views.controls import Controls
from views.knobs import Knob, apply
from views.payload import downsample, time_axis
from views.style import PALETTE, axis_title, color_for, label_for

__all__ = ["LAST", "Choice", "Compared", "Metric", "Spec", "controls", "panel", "scenario_b", "show", "summary_table"]

Format = Literal["number", "pct", "duration", "ms", "usd"]
LAST = "__compare.last"
"""Session key of what each page compared on its last run: ``{page: Compared}`` (for tests and exports)."""
NONE = "none"
_POINTS = 360


@dataclass(frozen=True)
class Metric:
    """One row of the difference summary: a summary column (as a share of ``per`` if given)."""

    label: str
    column: str
    fmt: Format = "number"
    per: str | tuple[str, ...] | None = None
    """Shown as ``100 × column / per`` percent (dropped of offered); several columns are summed."""
    scale: float = 1.0
    help: str = ""

    def value(self, summary: pd.Series) -> float:
        """The figure for one scenario's summary row."""
        v = float(summary[self.column]) * self.scale
        if self.per is not None:
            per = (self.per,) if isinstance(self.per, str) else self.per
            return 100.0 * v / max(sum(float(summary[c]) for c in per), 1e-12)
        return v

    def text(self, value: float) -> str:
        """``value`` written as the lab writes it."""
        if self.fmt == "pct":
            return f"{value:,.2f} %"
        if self.fmt == "duration":
            return format_duration(value)
        if self.fmt == "ms":
            return format_duration(value / 1000.0)
        if self.fmt == "usd":
            return f"${value:,.2f}"
        return format_number(value)


@dataclass(frozen=True)
class Spec:
    """What a lab's comparison shows: summary rows and the frame columns overlaid (one panel each)."""

    metrics: tuple[Metric, ...]
    series: tuple[str, ...]
    figure: Callable[[Result, Result, tuple[str, str]], go.Figure] | None = None
    """The lab's own comparison figure, if it has one (else the overlay of ``series``)."""


@dataclass(frozen=True)
class Choice:
    """What the learner chose for B: on or off (or a named variant), and B's control values."""

    page: str
    knobs: tuple[Knob, ...]
    on: bool
    variant: str | None
    values: tuple[tuple[str, Any], ...]
    """``(knob name, B's control value)`` for every chosen knob."""


@dataclass(frozen=True)
class Compared:
    """What a page compared on its last run (kept in the session under :data:`LAST`)."""

    a: Any
    b: Any
    load: Any
    seed: int


def _shown(knob: Knob, value: Any) -> str:
    """A knob's control value as B's control and the caption show it."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else (f"{value:g}" if isinstance(value, float) else str(value))
    return f"{text} {knob.unit}" if knob.unit and f"{knob.unit})" not in knob.label else text


def _start(knob: Knob, value: Any) -> Any:
    """A's control value as a valid starting value of B's control (in range, of the control's type)."""
    if knob.choices:
        return value if value in knob.choices else knob.choices[0]
    integer = all(isinstance(v, int) for v in (knob.lo, knob.hi, knob.step or 1))
    try:
        v = min(max(float(value), float(knob.lo)), float(knob.hi))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        v = float(knob.lo)  # type: ignore[arg-type]
    return round(v) if integer else v


def _b_control(ctrl: Controls, knob: Knob, start: Any) -> Any:
    """B's URL-bound control for one knob, drawn like the page's (a toggle, a choice, a slider)."""
    name, label = f"b.{knob.name}", f"B: {knob.label}"
    if knob.choices and set(knob.choices) == {False, True}:
        return ctrl.toggle(label, name, bool(start))
    if knob.choices:
        return ctrl.select(label, name, list(knob.choices), start, format_func=lambda v: _shown(knob, v))
    integer = isinstance(start, int)
    lo, hi = (int(knob.lo), int(knob.hi)) if integer else (float(knob.lo), float(knob.hi))  # type: ignore[arg-type]
    step = knob.step if knob.step is not None else (1 if integer else (hi - lo) / 100)
    step = int(step) if integer else float(step)
    if (hi - lo) / step > 20_000:  # too fine for a slider: a number box, as the page has
        return ctrl.number(label, name, lo, hi, start, step)
    return ctrl.slider(label, name, lo, hi, start, step)


def controls(
    ctrl: Controls,
    knobs: Sequence[Knob],
    *,
    variants: Sequence[str] = (),
    default: str = NONE,
    help: str | None = None,
    where: Any = None,
) -> Choice:
    """Scenario B's controls, in an expander of the page's control column, drawn while it is open
    or any of them is set (by the learner or a link; :func:`views.page.lazy_expander`).

    Without ``variants``: a switch "Compare with a scenario B". With them (the page's named
    alternatives, such as another policy): a choice "Compare with" of ``none`` and the variants,
    defaulting to ``default``. Then the controls B differs in, and B's value of each; B's control
    starts at A's current value. Call it after the page's own controls and before ``ctrl.notices()``.
    """
    key = ctrl.key("compare")
    opened = default != NONE or any(
        _in_use(ctrl, k) for k in (key, ctrl.key("vary"), *(ctrl.key(f"b.{k.name}") for k in knobs))
    )
    box = page.lazy_expander(
        "Compare with a scenario B", f"{ctrl.page}.__compare.open", expanded=bool(variants), opened=opened, where=where
    )
    if box is None:  # closed and unused: B is off, its controls are not drawn (cheap on a rerun)
        return Choice(ctrl.page, tuple(knobs), False, None, ())
    with box:
        if variants:
            variant = ctrl.select("Compare with", "compare", [NONE, *variants], default, help=help)
            on = variant != NONE
        else:
            on = ctrl.toggle(
                "Compare with a scenario B",
                "compare",
                False,
                help=help or "B runs on the same load and seed as A and differs only in the controls you choose.",
            )
            variant = None
        by_name = {k.name: k for k in knobs}
        chosen = ctrl.multiselect(
            "…and B differs from A in" if variants else "B differs from A in",
            "vary",
            list(by_name),
            [],
            format_func=lambda n: by_name[n].label,
            help="Each chosen control gets a B value below; everything else is A's.",
        )
        values = []
        for name in chosen:
            knob = by_name[name]
            a_value = st.session_state.get(ctrl.key(name))
            start = _start(knob, a_value if a_value is not None else ctrl.default(name, knob.lo))
            values.append((name, _b_control(ctrl, knob, start)))
    return Choice(ctrl.page, tuple(knobs), on, variant, tuple(values))


def _in_use(ctrl: Controls, key: str) -> bool:
    """Whether B's control ``key`` is set: in the address, or away from off in the session."""
    return key in st.query_params or st.session_state.get(key) not in (None, False, NONE, [], ())


def scenario_b(choice: Choice, base: Any) -> Any | None:
    """B's config: ``base`` (A's config, or the page's variant of it) with B's control values; or
    ``None`` when compare is off or B cannot be simulated (then a notice says why)."""
    if not choice.on:
        return None
    by_name = {k.name: k for k in choice.knobs}
    config = base
    for name, value in choice.values:
        try:
            config = apply(config, choice.knobs, {name: value})
        except ValueError as exc:
            st.warning(
                f"Scenario B cannot be simulated: B's *{by_name[name].label}* = {_shown(by_name[name], value)} "
                f"does not fit this scenario ({exc}). Only A is shown; change B's controls to continue.",
                icon=":material/warning:",
            )
            return None
    return config


def panel(
    choice: Choice,
    config: Any,
    load: Any,
    seed: int,
    run: Callable[..., Result],
    spec: Spec,
    *,
    result: Result,
    names: tuple[str, str] = ("A (your settings)", "B"),
) -> None:
    """B built from A's ``config``, run through the page's cached ``run`` on the same ``load`` (``None``
    for a lab without one) and ``seed``, and drawn beside A's ``result``."""
    b_config = scenario_b(choice, config)
    if b_config is None:
        return
    b = run(b_config, load, seed) if load is not None else run(b_config, seed)
    show(choice, result, b, spec, names=names, load=load, seed=seed)


def show(
    choice: Choice,
    a: Result,
    b: Result,
    spec: Spec,
    *,
    names: tuple[str, str] = ("A (your settings)", "B"),
    load: Any = None,
    seed: int = 0,
    about: str = "",
) -> None:
    """A and B side by side: what B changes, both runs' key series and the difference summary.

    ``a`` and ``b`` ran on ``load`` (``None``: a lab without one) and ``seed``; ``about`` is the
    page's sentence on what its chosen variant teaches."""
    last = dict(st.session_state.get(LAST, {}))
    last[choice.page] = Compared(a.config, b.config, load, seed)
    st.session_state[LAST] = last
    st.subheader(f"{names[0]} vs {names[1]}: same load, same seed")
    st.caption(" ".join(t for t in (_what_b_changes(choice, a.config, b.config), about) if t))
    if a.config == b.config:
        st.info(
            "B is the same scenario as A: choose the controls B differs in and set B's values.",
            icon=":material/info:",
        )
        return
    fig = page.figure(spec.figure, a, b, names) if spec.figure else page.figure(_overlay_figure, a, b, spec, names)
    page.chart(fig, f"{choice.page}.compare.chart")
    table = page.derived(summary_table, a, b, spec, names)
    st.table(table, hide_index=True)
    if (table["B − A"] == "same").all():
        st.info(
            "Every figure is the same: what B changes does not act in this scenario (under these rules). "
            "Try a larger change, another control, or the other rules edition.",
            icon=":material/info:",
        )


def _what_b_changes(choice: Choice, a_config: Any, b_config: Any) -> str:
    """``B is A with Provisioned RCU = 3,000 (A: 1,000)``: each chosen control whose field differs,
    A's value read from A's config (a control can be set while its feature is off)."""
    by_name = {k.name: k for k in choice.knobs}
    changes = []
    for name, _ in choice.values:
        knob = by_name[name]
        va, vb = _field(a_config, knob.field), _field(b_config, knob.field)
        if va != vb:
            changes.append(f"{knob.label} = {_shown(knob, _control(knob, vb))} (A: {_shown(knob, _control(knob, va))})")
    head = f"B is “{choice.variant}”" if choice.variant else "B is A"
    if not changes:
        return f"{head}." if choice.variant else "B is A unchanged so far."
    return f"{head} with {'; '.join(changes)}. Everything else, the load and the seed are A's."


def _field(config: Any, path: str) -> Any:
    """The value at a dotted field path (``None`` where the path does not reach)."""
    for part in path.split("."):
        if isinstance(config, tuple):
            config = config[int(part)] if part.isdigit() and int(part) < len(config) else None
        else:
            config = getattr(config, part, None)
        if config is None:
            return None
    return config


def _control(knob: Knob, value: Any) -> Any:
    """A config field's value as the knob's control shows it (``None``: not set)."""
    return None if value is None else knob.from_config(value)


def summary_table(a: Result, b: Result, spec: Spec, names: tuple[str, str]) -> pd.DataFrame:
    """The difference summary: one row per metric, A's and B's value and B − A, as the lab writes them."""
    sa, sb = a.summary.iloc[0], b.summary.iloc[0]
    rows = []
    for m in spec.metrics:
        va, vb = m.value(sa), m.value(sb)
        diff = vb - va
        if abs(diff) <= 1e-9 * max(abs(va), abs(vb), 1.0):
            change = "same"
        else:
            sign = "+" if diff > 0 else "−"
            change = f"{sign}{abs(diff):,.2f} points" if m.fmt == "pct" else sign + m.text(abs(diff))
            if abs(va) > 1e-12 and m.fmt != "pct":
                change += f" ({100 * diff / abs(va):+,.0f} %)".replace("-", "−")
        rows.append({"": m.label, names[0]: m.text(va), names[1]: m.text(vb), "B − A": change})
    return pd.DataFrame(rows)


def _overlay_figure(a: Result, b: Result, spec: Spec, names: tuple[str, str]) -> go.Figure:
    """One stacked panel per series: A solid, B dashed, in the quantity's colour; time shared. The
    legend names the two scenarios once (solid, dashed); each panel's axis names its quantity."""
    t = a.frame["t_s"].to_numpy(dtype=float)
    scale, unit = time_axis(float(t[-1] - t[0]) + (t[1] - t[0] if len(t) > 1 else 1.0))
    data: list[dict] = []
    layout: dict[str, Any] = {
        "template": "plotly_white",
        "height": 150 + 170 * len(spec.series),
        "margin": {"l": 70, "r": 20, "t": 40, "b": 40},
        "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        "hovermode": "x unified",
    }
    n = len(spec.series)
    used: set[str] = set()
    for name, dash in ((names[0], "solid"), (names[1], "dash")):  # the legend: one neutral line per scenario
        data.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "name": name,
                "legendgroup": name,
                "line": {"color": PALETTE["black"], "dash": dash, "width": 2},
                "hoverinfo": "skip",
            }
        )
    gap = 0.06
    height = (1.0 - gap * (n - 1)) / n
    for i, column in enumerate(spec.series):
        axis = "" if i == 0 else str(i + 1)
        top = 1.0 - i * (height + gap)
        color = color_for(column)
        if color in used:  # one colour per quantity within the figure
            spare = [PALETTE[k] for k in ("blue", "green", "orange", "vermillion", "purple", "sky")]
            color = next((c for c in spare if c not in used), color)
        used.add(color)
        for result, name, dash in ((a, names[0], "solid"), (b, names[1], "dash")):
            tr = result.frame["t_s"].to_numpy(dtype=float)
            xs = (downsample(tr, _POINTS, "mean") / scale).astype(np.float32)
            ys = downsample(result.frame[column].to_numpy(dtype=float), _POINTS, "max").astype(np.float32)
            data.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "name": name,
                    "legendgroup": name,
                    "showlegend": False,
                    "hovertemplate": f"{label_for(column)}: %{{y:,.4~g}}<extra>{name}</extra>",
                    "xaxis": f"x{axis}",
                    "yaxis": f"y{axis}",
                    "line": {"color": color, "dash": dash, "width": 2 if dash == "solid" else 2.5},
                    "opacity": 1.0 if dash == "solid" else 0.85,
                }
            )
        layout[f"yaxis{axis}"] = {
            "domain": [max(top - height, 0.0), top],
            "title": {"text": axis_title(column, a.units), "font": {"size": 12}},
            "rangemode": "tozero",
        }
        layout[f"xaxis{axis}"] = {
            "anchor": f"y{axis}",
            "showticklabels": i == n - 1,
            "range": [float(t[0] / scale), float(t[-1] / scale)],
            **({"matches": "x"} if i else {}),
            **({"title": {"text": f"Time ({unit})"}} if i == n - 1 else {}),
        }
    return go.Figure({"data": data, "layout": layout}, _validate=False)
