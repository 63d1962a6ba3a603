"""Load traces lab: build the demand curve every other lab runs on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from engine.core import TimeGrid
from engine.load import UNITS, LoadTrace
from views import exports, page
from views.animation import Panel, Trace, animated_figure
from views.controls import Controls
from views.load_controls import SHAPE_PRESETS, read_upload, shape_components

P = "load"


@page.simulation_cache(max_entries=64, show_spinner=False)
def sample(trace: LoadTrace, horizon_s: float, dt_s: float, seed: int) -> pd.DataFrame:
    """Sample a trace on a grid, as a frame ``t_s``, ``load`` (cached: same trace and seed, the same
    shared frame)."""
    grid = TimeGrid(horizon_s, dt_s)
    return pd.DataFrame({"t_s": grid.t_s, "load": trace.sample(grid, seed)})


def load_figure(frame: pd.DataFrame, reduced_motion: bool) -> go.Figure:
    """The sampled load as one animated area panel."""
    return animated_figure(
        frame,
        [Panel.of(Trace("load", style="area", agg="max"))],
        units=UNITS,
        reduced_motion=reduced_motion,
        height=420,
    )


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Load traces",
        "Every scaling decision answers a load. This lab builds one from shapes — a flat "
        "base, a daily cycle, a flash crowd, random bursts, noise — or from your own CSV. Watch how "
        "fast it rises: **a system scales only as fast as it can detect, decide and launch**, so the "
        "steepness of the curve, not its height, is what breaks autoscaling.",
        icon=":material/show_chart:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    page.presets(P, SHAPE_PRESETS)
    left, right = st.columns([1, 2.4], gap="large")
    with left:
        horizon_h = ctrl.slider("Horizon (h)", "hours", 1, 72, 24)
        dt_s = ctrl.select("Step", "dt", [1, 10, 60, 300], 60, format_func=lambda s: f"{s} s", radio=True)
        comps = shape_components(ctrl)
        noise = ctrl.slider("Noise (relative)", "noise", 0.0, 0.5, 0.0, 0.01)
        upload = st.file_uploader(
            "Or upload a trace (CSV with t_s,value or timestamp,value)", type=["csv", "txt"], key="load.csv"
        )
    ctrl.notices()
    trace = LoadTrace(tuple(comps), noise)
    uploaded, problem = read_upload(upload)
    if problem:
        st.error(problem + " Showing the shapes instead.", icon=":material/description:")
    elif uploaded is not None:
        trace = uploaded
    frame = sample(trace, horizon_h * 3600.0, float(dt_s), cfg.seed)
    y = frame["load"].to_numpy()
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

        page.chart(page.figure(load_figure, frame, cfg.reduced_motion), "load.chart")
        st.caption(
            f"{len(y):,} steps of {dt_s} s. Press ▶ to watch the load unfold; the scrubber jumps in time. "
            "Use these shapes on every lab's *Load shape* menu, or download this one and upload it there."
        )
        exports.download(
            "Download this trace as CSV",
            lambda: frame.rename(columns={"load": "value"}).to_csv(index=False),
            "scalelab-trace.csv",
            "text/csv",
            "load.__export.trace",
        )
        exports.load_test("load", trace, horizon_h * 3600.0, cfg.seed)


main()
