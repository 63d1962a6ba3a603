"""The load widget group every lab reuses: a named trace from the load lab, scaled, or a CSV.

Returns an engine :class:`~engine.load.LoadTrace`; nothing here simulates.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from engine.load import PRESETS, Bursts, Component, Constant, Diurnal, LoadTrace, Ramp, Spike, Step, retimed, scaled
from engine.trace_csv import TraceCsvError, parse_trace_csv
from views.controls import Controls
from views.preset import Preset

__all__ = ["SHAPE_PRESETS", "LoadChoice", "as_text", "load_controls", "read_upload", "shape_components"]


# The load lab's own presets: named settings of its shape controls.
SHAPE_PRESETS: dict[str, Preset] = {
    "Business day": Preset(
        "A daily sine peaking mid-afternoon: what predictive scaling learns.",
        {
            "base": 40,
            "diurnal": True,
            "mean": 100,
            "amp": 0.6,
            "peak_h": 14.0,
            "spike": False,
            "bursts": False,
            "noise": 0.05,
        },
    ),
    "Flash crowd": Preset(
        "A sudden 5x spike: faster than instances can launch.",
        {
            "base": 80,
            "diurnal": False,
            "spike": True,
            "spike_h": 10.0,
            "spike_height": 400,
            "spike_min": 30,
            "bursts": False,
            "noise": 0.03,
        },
    ),
    "Bursty": Preset(
        "Random bursts on a flat base: where cooldowns and alarms lag.",
        {
            "base": 60,
            "diurnal": False,
            "spike": False,
            "bursts": True,
            "burst_rate": 1.5,
            "burst_height": 150,
            "noise": 0.05,
        },
    ),
}


@dataclass(frozen=True)
class LoadChoice:
    """What the learner picked: the trace and a short description of it."""

    trace: LoadTrace
    label: str
    uploaded: bool = False


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~:$=&"})


def as_text(text: str) -> str:
    """``text`` with every Markdown, directive and HTML character escaped, so ``st.error`` shows it
    as typed: a file name or cell like ``![x](http://…)`` or ``<script>`` is never rendered or fetched."""
    return text.translate(_MARKDOWN)


@st.cache_resource(max_entries=16, show_spinner=False)
def _parse(data: bytes, name: str) -> LoadTrace:
    """Parse an uploaded CSV once per distinct file; the frozen trace is shared, not copied per rerun."""
    return LoadTrace((parse_trace_csv(data, name=name),))


def read_upload(upload: object | None) -> tuple[LoadTrace | None, str | None]:
    """Parse a ``st.file_uploader`` value: (trace, None) or (None, message for the learner)."""
    if upload is None:
        return None, None
    data = upload.getvalue()  # type: ignore[attr-defined]
    name = str(getattr(upload, "name", "uploaded"))
    try:
        return _parse(data, name), None
    except TraceCsvError as exc:
        return None, as_text(f"{name} cannot be used as a trace: {exc}.")


def load_controls(
    ctrl: Controls,
    *,
    unit: str = "req/s",
    default_preset: str = "Business day",
    default_peak: int = 200,
    max_peak: int = 5000,
    horizon_s: float = 86_400.0,
    allow_upload: bool = True,
    where: object = None,
) -> LoadChoice:
    """Preset + peak level (+ optional CSV upload), drawn into ``where`` (default: the page).

    Presets are daily shapes; for a shorter ``horizon_s`` their time axis is squeezed to fit.
    """
    box = where or st
    name = ctrl.select(
        "Load shape",
        "load",
        list(PRESETS),
        default_preset,
        where=box,
        help="Shapes from the Load traces lab; build your own there and upload it as CSV.",
    )
    peak = ctrl.slider(
        f"Peak load ({unit})",
        "peak",
        1,
        max_peak,
        default_peak,
        where=box,
        help="The shape is scaled so that its peak is about this level.",
    )
    base = PRESETS[name]
    trace = scaled(base, peak / max(base.peak_hint, 1e-9))
    if horizon_s != 86_400.0:
        trace = retimed(trace, horizon_s / 86_400.0)
    if allow_upload:
        upload = box.file_uploader(
            "…or upload a trace (CSV: t_s,value)",
            type=["csv", "txt"],
            key=ctrl.key("csv"),
            help="Uploaded traces are not part of the share link.",
        )
        uploaded, problem = read_upload(upload)
        if problem:
            box.error(problem + " Using the preset instead.", icon=":material/description:")
        elif uploaded is not None:
            return LoadChoice(uploaded, f"uploaded {getattr(upload, 'name', 'trace')}", uploaded=True)
    return LoadChoice(trace, f"{name}, peak ≈ {peak:,} {unit}")


def shape_components(ctrl: Controls) -> list[Component]:
    """The load lab's shape builder: a base level plus any of daily cycle, flash crowd, ramp,
    step and random bursts, each with its own URL-bound controls."""
    comps: list[Component] = [Constant(float(ctrl.slider("Base level (req/s)", "base", 0, 5000, 50)))]
    if ctrl.toggle("Daily cycle", "diurnal", True):
        comps.append(
            Diurnal(
                ctrl.slider("Daily mean (req/s)", "mean", 0, 5000, 100),
                ctrl.slider("Amplitude (fraction of mean)", "amp", 0.0, 1.0, 0.5, 0.05),
                ctrl.slider("Peak hour", "peak_h", 0.0, 24.0, 14.0, 0.5),
            )
        )
    if ctrl.toggle("Flash crowd", "spike", False):
        at_h = ctrl.slider("Spike at hour", "spike_h", 0.0, 72.0, 10.0, 0.25)
        comps.append(
            Spike(
                ctrl.slider("Spike height (req/s)", "spike_height", 0, 20000, 400),
                at_h * 3600,
                60.0,
                ctrl.slider("Spike lasts (min)", "spike_min", 1, 600, 30) * 60.0,
                900.0,
            )
        )
    if ctrl.toggle("Ramp", "ramp", False):
        r0 = ctrl.slider("Ramp from/to hour", "ramp_h", 0.0, 72.0, (7.0, 9.0), 0.25)
        comps.append(
            Ramp(ctrl.slider("Ramp adds (req/s)", "ramp_height", -5000, 5000, 150), r0[0] * 3600, r0[1] * 3600)
        )
    if ctrl.toggle("Step change", "step", False):
        comps.append(
            Step(
                ctrl.slider("Step size (req/s)", "step_height", -5000, 5000, 100),
                ctrl.slider("Step at hour", "step_h", 0.0, 72.0, 12.0, 0.25) * 3600,
            )
        )
    if ctrl.toggle("Random bursts", "bursts", False):
        comps.append(
            Bursts(
                ctrl.slider("Bursts per hour", "burst_rate", 0.0, 20.0, 1.0, 0.5),
                ctrl.slider("Burst height (req/s)", "burst_height", 0, 5000, 150),
                300.0,
            )
        )
    return comps
