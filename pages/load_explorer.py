"""Load traces lab: build the demand curve every other lab runs on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.core import TimeGrid
from engine.load import Bursts, Constant, Diurnal, LoadTrace, Ramp, Spike, Step
from views import page
from views.animation import Panel, Trace, animated_figure
from views.controls import Controls
from views.load_controls import read_upload

P = "load"
PRESETS = {
    "Business day": (
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
    "Flash crowd": (
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
    "Bursty": (
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


@st.cache_data(max_entries=64, show_spinner=False)
def sample(trace: LoadTrace, horizon_s: float, dt_s: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sample a trace on a grid (cached: same trace and seed, same array)."""
    grid = TimeGrid(horizon_s, dt_s)
    return grid.t_s, trace.sample(grid, seed)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Load traces",
        "Every scaling decision answers a load. This lab builds one from shapes — a flat "
        "base, a daily cycle, a flash crowd, random bursts, noise — or from your own CSV. Watch how "
        "fast it rises: **a system scales only as fast as it can detect, decide and launch**, so the "
        "steepness of the curve, not its height, is what breaks autoscaling.",
        icon="📈",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS)
    left, right = st.columns([1, 2.4], gap="large")
    with left:
        horizon_h = ctrl.slider("Horizon (h)", "hours", 1, 72, 24)
        dt_s = ctrl.select("Step", "dt", [1, 10, 60, 300], 60, format_func=lambda s: f"{s} s", radio=True)
        comps: list = [Constant(float(ctrl.slider("Base level (req/s)", "base", 0, 5000, 50)))]
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
        noise = ctrl.slider("Noise (relative)", "noise", 0.0, 0.5, 0.0, 0.01)
        upload = st.file_uploader(
            "Or upload a trace (CSV with t_s,value or timestamp,value)", type=["csv", "txt"], key="load.csv"
        )
    ctrl.notices()
    trace = LoadTrace(tuple(comps), noise)
    uploaded, problem = read_upload(upload)
    if problem:
        st.error(problem + " Showing the shapes instead.", icon="📄")
    elif uploaded is not None:
        trace = uploaded
    t, y = sample(trace, horizon_h * 3600.0, float(dt_s), cfg.seed)
    with right:
        c = st.columns(4)
        c[0].metric("Mean", f"{y.mean():,.0f} req/s")
        c[1].metric("Peak", f"{y.max():,.0f} req/s")
        c[2].metric("Peak ÷ mean", f"{y.max() / max(y.mean(), 1e-9):.1f}×")
        steep = np.diff(y).max() / dt_s * 60 if len(y) > 1 else 0.0
        c[3].metric(
            "Steepest rise (req/s per min)",
            f"{steep:,.3g}",
            help="Largest rise in req/s within one minute: how fast capacity must follow.",
        )

        frame = pd.DataFrame({"t_s": t, "load": y})
        fig = animated_figure(
            frame,
            [Panel.of(Trace("load", style="area", agg="max"), title="Load (req/s)")],
            reduced_motion=cfg.reduced_motion,
            height=420,
        )
        page.chart(fig, "load.chart")
        st.caption(
            f"{len(y):,} steps of {dt_s} s. Press ▶ to watch the load unfold; the scrubber jumps in time. "
            "Use these shapes on every lab's *Load shape* menu, or download this one and upload it there."
        )
        st.download_button(
            "Download this trace as CSV",
            frame.rename(columns={"load": "value"}).to_csv(index=False),
            file_name="scalelab-trace.csv",
            mime="text/csv",
        )


main()
