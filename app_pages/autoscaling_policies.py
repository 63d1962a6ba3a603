"""Auto Scaling policies: target tracking, step and simple scaling; cooldown vs warm-up."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from engine.autoscaling import GroupConfig, simulate_many
from engine.core import Result, format_duration
from engine.kernel.target_tracking import HIGH_DATAPOINTS, LOW_DATAPOINTS
from engine.load import LoadTrace
from views import page
from views.autoscaling.controls import POLICY_KINDS, group_controls, policy_controls, policy_for
from views.autoscaling.figures import around_peak, compare_figure, group_figure
from views.autoscaling.knobs import KNOBS
from views.autoscaling.presets import PRESETS
from views.controls import Controls
from views.load_controls import load_controls
from views.sweep_panel import sweep_panel

P = "autoscaling_policies"
DEFAULT = GroupConfig()
WARM = "Same policy, 300 s warm-up"


@page.simulation_cache(max_entries=64, show_spinner=False)
def run(configs: tuple[GroupConfig, ...], trace: LoadTrace, seed: int) -> Result:
    """Both policies on the same load in one batched kernel call (cached)."""
    return simulate_many(list(configs), trace, seed=seed)


def _compare(result: Result, names: tuple[str, str]) -> go.Figure:
    """Both scenarios of the batched run, one line each."""
    return compare_figure([page.derived(Result.scenario, result, i) for i in (0, 1)], list(names))


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Auto Scaling policies",
        "An Auto Scaling group follows load only as fast as it can **detect** (CloudWatch datapoints, "
        f"alarms: {HIGH_DATAPOINTS} of {HIGH_DATAPOINTS} above target to scale out, {LOW_DATAPOINTS} of "
        f"{LOW_DATAPOINTS} below to scale in), **decide** (the policy) "
        "and **launch** (Pending → InService). Move the load, the policy, the cooldown and the warm-up and "
        "watch instance counts chase the demand; every scaling action, and every one *held back*, is "
        "explained in the log.",
        icon="⚖️",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        choice = load_controls(ctrl, default_preset="Flash crowd", default_peak=400, where=st.container())
        kind, values = policy_controls(ctrl)
        with st.expander("Group, launch, cooldown, warm-up", expanded=True):
            group = group_controls(ctrl)
        other = ctrl.select("Compare with", "compare", ["none", *POLICY_KINDS, WARM], "Step scaling")
        window = ctrl.select("Show", "window", ["4 h around the peak", "whole day"], "4 h around the peak", radio=True)
    ctrl.notices()
    try:
        a = GroupConfig(policies=policy_for(kind, values), rules=cfg.rules, **group)
        configs = [a]
        if other != "none":
            change = {"warmup_s": 300.0} if other == WARM else {"policies": policy_for(other, values)}
            configs.append(GroupConfig(**{**a.__dict__, **change}))
    except ValueError as exc:
        page.config_error(exc)
        a, configs = DEFAULT, [DEFAULT]
    result = run(tuple(configs), choice.trace, cfg.seed)
    mine = page.derived(Result.scenario, result, 0)
    f, ev = mine.frame, mine.events
    dt = a.dt_s
    shown = page.derived(around_peak, mine) if window != "whole day" else mine
    with right:
        offered = f["load_rps"].sum() * dt
        dropped = f["dropped_rps"].sum() * dt
        c = st.columns(5)
        c[0].metric("Dropped", f"{100 * dropped / max(offered, 1e-9):.2f} %", help="Share of offered requests lost.")
        c[1].metric("Peak instances", int(f["desired"].max()), help=f"Max size {a.max_size}.")
        c[2].metric("Cost (24 h)", f"${f['cost_usd'].iloc[-1]:,.2f}", help="Instance-hours × $/h, billed from launch.")
        lat = (f["latency_ms"] * f["load_rps"]).sum() / max(f["load_rps"].sum(), 1e-9)
        c[3].metric("Mean latency", format_duration(lat / 1000),
                    help="M/M/1 approximation per instance + backlog wait.")  # fmt: skip
        held = int((ev["kind"] == "suppressed").sum()) if len(ev) else 0
        acts = int(ev["kind"].isin(["scale_out", "scale_in"]).sum()) if len(ev) else 0
        c[4].metric("Scaling actions", acts, delta=f"{held} held back", delta_color="off",
                    help="Activities, and actions held back by a cooldown, a warm-up or another target-tracking policy.")  # fmt: skip
        pol = a.policies[0] if a.policies else None
        target = getattr(pol, "target", getattr(pol, "threshold", None))
        metric = pol.metric if pol is not None else "cpu"
        fig = page.figure(group_figure, shown, target=target, metric=metric, reduced_motion=cfg.reduced_motion)
        page.chart(fig, f"{P}.chart")
        st.caption(
            f"{choice.label}. {kind}: {acts} scaling activities, {held} held back. Triangles mark events; "
            "hover them for the reason. Dropped requests appear where demand (blue) rises above serving "
            "capacity (green) — the gap is detection + launch time."
        )
        if len(configs) > 1:
            st.subheader(f"{kind} vs {other}, same load")
            theirs = page.derived(Result.scenario, result, 1)
            other_f = theirs.frame
            names = (kind, f"{other} (compare)")
            page.chart(page.figure(_compare, result, names), f"{P}.compare_chart")
            d2 = other_f["dropped_rps"].sum() * dt
            st.caption(
                f"{kind}: {100 * dropped / max(offered, 1e-9):.2f} % dropped, ${f['cost_usd'].iloc[-1]:,.2f}. "
                f"{other}: {100 * d2 / max(offered, 1e-9):.2f} % dropped, ${other_f['cost_usd'].iloc[-1]:,.2f}."
            )
        sweep_panel(P, "autoscaling", a, choice.trace, cfg.seed, KNOBS)
        page.events_panel(ev)
        page.editions_panel("autoscaling", cfg.rules)


main()
