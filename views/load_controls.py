"""The load widget group every lab reuses: a named trace from the load lab, scaled, or a CSV.

Returns an engine :class:`~engine.load.LoadTrace`; nothing here simulates.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from engine.load import PRESETS, LoadTrace, retimed, scaled
from engine.trace_csv import TraceCsvError, parse_trace_csv
from views.controls import Controls

__all__ = ["LoadChoice", "load_controls", "read_upload"]


@dataclass(frozen=True)
class LoadChoice:
    """What the learner picked: the trace and a short description of it."""

    trace: LoadTrace
    label: str
    uploaded: bool = False


@st.cache_data(max_entries=16, show_spinner=False)
def _parse(data: bytes, name: str) -> LoadTrace:
    """Parse an uploaded CSV once per distinct file."""
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
        return None, f"`{name}` cannot be used as a trace: {exc}."


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
            box.error(problem + " Using the preset instead.", icon="📄")
        elif uploaded is not None:
            return LoadChoice(uploaded, f"uploaded {getattr(upload, 'name', 'trace')}", uploaded=True)
    return LoadChoice(trace, f"{name}, peak ≈ {peak:,} {unit}")
