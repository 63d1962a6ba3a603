"""Horizontal vs vertical scaling on the same load: downtime, dropped requests, cost, ceiling."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.autoscaling import PRICES_AS_OF, SIZES, VerticalConfig, horizontal_equivalent, simulate
from engine.autoscaling.vertical import totals
from engine.core import Result, format_duration, format_number
from engine.load import LoadTrace
from views import compare, exports, page
from views.autoscaling.compare import VERTICAL_SPEC
from views.autoscaling.controls import vertical_controls
from views.autoscaling.figures import hv_figure
from views.autoscaling.knobs import VERTICAL_KNOBS
from views.autoscaling.presets import PRESETS
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls

P = "autoscaling_vertical"
DEFAULT = VerticalConfig()


@page.simulation_cache(max_entries=64, show_spinner=False)
def run(v: VerticalConfig, launch_s: float, max_size: int, trace: LoadTrace, seed: int) -> tuple[Result, Result]:
    """The vertical instance and the equivalent horizontal group on the same load (cached)."""
    h = horizontal_equivalent(v, max_size=max_size, launch_s=launch_s)
    return simulate(v, trace, seed=seed), simulate(h, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Horizontal vs vertical scaling",
        "**Scale up/down** (vertical) swaps the instance for a bigger or smaller one: stop, change type, "
        "start — capacity is zero meanwhile, and the largest size is a ceiling. **Scale out/in** "
        "(horizontal) adds or removes identical instances: no downtime, automated by Auto Scaling, "
        "theoretically unlimited, paid per instance (course notes: *Horizontal vs. Vertical Scaling*).",
        icon=":material/swap_horiz:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        choice = load_controls(ctrl, default_preset="Business day", default_peak=300, where=st.container())
        vk, hk = vertical_controls(ctrl)
        versus = compare.controls(ctrl, VERTICAL_KNOBS)
    ctrl.notices()
    try:
        v = VerticalConfig(**vk)
    except ValueError as exc:
        page.config_error(exc)
        v = DEFAULT
    rv, rh = run(v, hk["launch_s"], hk["max_size"], choice.trace, cfg.seed)
    guide.reveal(rv)
    sv, sh = rv.summary.iloc[0], totals(rh.frame, v.dt_s)
    offered = max(sv["served"] + sv["dropped"], 1e-9)
    with right:
        c = st.columns(4)
        # Each tile is vertical scaling's number; its note, in words and neutral grey, is horizontal's.
        c[0].metric("Dropped — vertical", f"{100 * sv['dropped'] / offered:.2f} %",
                    delta=f"horizontal: {100 * sh['dropped'] / offered:.2f} %", delta_color="off", delta_arrow="off",
                    help="Share of offered requests lost; below, the same for horizontal scaling.")  # fmt: skip
        c[1].metric("Zero capacity — vertical", format_duration(sv["zero_capacity_s"]),
                    delta=f"horizontal: {format_duration(sh['zero_capacity_s'])}", delta_color="off",
                    delta_arrow="off", help="Time with no capacity at all: resize downtime.")  # fmt: skip
        c[2].metric("Cost — vertical", f"${sv['cost_usd']:,.2f}", delta=f"horizontal: ${sh['cost_usd']:,.2f}",
                    delta_color="off", delta_arrow="off", help=f"Prices {PRICES_AS_OF}.")  # fmt: skip
        ops_v = int(rv.events["kind"].isin(["scale_up", "scale_down"]).sum()) if len(rv.events) else 0
        ops_h = int(rh.events["kind"].isin(["scale_out", "scale_in"]).sum()) if len(rh.events) else 0
        c[3].metric("Resizes — vertical", ops_v, delta=f"horizontal: {ops_h} scale-outs/ins", delta_color="off",
                    delta_arrow="off", help="Resizes of the one instance; below, horizontal's scaling activities.")  # fmt: skip
        page.chart(page.figure(hv_figure, rv, rh, reduced_motion=cfg.reduced_motion), f"{P}.chart")
        biggest = SIZES[v.n_sizes - 1]
        st.caption(
            f"{choice.label}. Vertical: one instance from {SIZES[v.start_size]} up to {biggest} "
            f"({v.capacity(v.n_sizes - 1):,.0f} req/s), {format_duration(v.downtime_s)} per resize. Horizontal: "
            f"{SIZES[0]} instances ({v.base_capacity_rps:.0f} req/s each), target tracking, "
            f"{format_duration(hk['launch_s'])} launch. Prices are {PRICES_AS_OF}."
        )
        compare.panel(versus, v, choice.trace, cfg.seed, lambda c, t, s: run(c, hk["launch_s"], hk["max_size"], t, s)[0],
                      VERTICAL_SPEC, result=rv, names=("Vertical A (your settings)", "Vertical B"))  # fmt: skip
        log = pd.concat(
            [rv.events.assign(kind="vertical · " + rv.events["kind"]),
             rh.events.assign(kind="horizontal · " + rh.events["kind"])] if len(rh.events) else [rv.events],
            ignore_index=True,
        ).sort_values("t_s", kind="stable")  # fmt: skip
        page.events_panel(log, title="Operations: scale up/down vs scale out/in", chart=f"{P}.chart")
        with st.expander("Size ladder (illustrative prices)"):
            st.table(
                pd.DataFrame({"size": SIZES[: v.n_sizes],
                              "capacity (req/s)": [format_number(v.capacity(k)) for k in range(v.n_sizes)],
                              "$/hour": [f"${v.price(k):,.3f}" for k in range(v.n_sizes)]}),
                hide_index=True,
            )  # fmt: skip
            st.caption(f"Capacity and price double per size. {PRICES_AS_OF}.")
        page.editions_panel("autoscaling", cfg.rules)
        exports.panel(P, ctrl, rv, choice.trace, more=(rh,))


main()
