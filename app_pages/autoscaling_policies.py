"""Auto Scaling policies: target tracking, step and simple scaling; cooldown vs warm-up."""

from __future__ import annotations

import streamlit as st

from engine.autoscaling import GroupConfig, simulate_many
from engine.core import Result, format_duration
from engine.kernel.target_tracking import HIGH_DATAPOINTS, LOW_DATAPOINTS
from engine.load import LoadTrace
from views import compare, exports, page
from views.autoscaling.compare import SPEC
from views.autoscaling.controls import POLICY_KINDS, group_controls, policy_controls, policy_for
from views.autoscaling.figures import around_peak, group_figure
from views.autoscaling.knobs import KNOBS
from views.autoscaling.presets import PRESETS
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls
from views.sweep import sweep_panel

P = "autoscaling_policies"
DEFAULT = GroupConfig()
WARM = "Same policy, 300 s warm-up"
NO_COOLDOWN = "Same policy, no cooldown"
SAME = "Same policy"
VARIANTS = (*POLICY_KINDS, WARM, NO_COOLDOWN, SAME)
ABOUT = {
    NO_COOLDOWN: "B has cooldown 0 s instead of {cooldown}, everything else A's: the difference is what the "
    "cooldown costs or saves. Course notes: every dynamic scaling action waits for the cooldown; AWS today: only "
    "simple scaling does, step and target tracking use the instance warm-up instead (§1.7; switch the rules "
    "edition in the sidebar).",
    WARM: "B's instances count as added for 300 s after launch, and scale-in waits while any warm up (§1.5).",
}


@page.simulation_cache(max_entries=64, show_spinner=False)
def run(configs: tuple[GroupConfig, ...], trace: LoadTrace, seed: int) -> Result:
    """Both policies on the same load in one batched kernel call (cached)."""
    return simulate_many(list(configs), trace, seed=seed)


def variant(name: str, a: GroupConfig, values: dict) -> GroupConfig:
    """Scenario B before its own control values: A with another policy, a 300 s warm-up, no cooldown."""
    same_policy = {WARM: {"warmup_s": 300.0}, NO_COOLDOWN: {"cooldown_s": 0.0}, SAME: {}}
    change = same_policy[name] if name in same_policy else {"policies": policy_for(name, values)}
    return GroupConfig(**{**a.__dict__, **change})


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
        icon=":material/balance:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        choice = load_controls(ctrl, default_preset="Flash crowd", default_peak=400, where=st.container())
        kind, values = policy_controls(ctrl)
        with st.expander("Group, launch, cooldown, warm-up", expanded=True):
            group = group_controls(ctrl)
        versus = compare.controls(
            ctrl,
            KNOBS,
            variants=VARIANTS,
            default="Step scaling",
            help=f"*{NO_COOLDOWN}* answers the cooldown question: the same policy with cooldown 0 s. "
            f"*{SAME}*: change only the controls chosen below.",
        )
        other = versus.variant
        window = ctrl.select("Show", "window", ["4 h around the peak", "whole day"], "4 h around the peak", radio=True)
    ctrl.notices()
    try:
        a = GroupConfig(policies=policy_for(kind, values), rules=cfg.rules, **group)
        configs = [a]
        b = compare.scenario_b(versus, variant(other, a, values)) if versus.on else None
        if b is not None:
            configs.append(b)
    except ValueError as exc:
        page.config_error(exc)
        a, configs = DEFAULT, [DEFAULT]
    result = run(tuple(configs), choice.trace, cfg.seed)
    mine = page.derived(Result.scenario, result, 0)
    guide.reveal(mine)
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
        c[4].metric("Scaling actions", acts, delta=f"{held} action{'s' * (held != 1)} held back", delta_color="off",
                    delta_arrow="off",
                    help="Activities, and actions held back by a cooldown, a warm-up or another target-tracking policy.")  # fmt: skip
        pol = a.policies[0] if a.policies else None
        target = getattr(pol, "target", getattr(pol, "threshold", None))
        metric = pol.metric if pol is not None else "cpu"
        low = getattr(pol, "low_factor", None)  # target tracking: its scale-in alarm sits below the target
        scale_in = low * target if low is not None and not pol.disable_scale_in else None
        fig = page.figure(group_figure, shown, target=target, metric=metric, scale_in=scale_in,
                          reduced_motion=cfg.reduced_motion)  # fmt: skip
        page.chart(fig, f"{P}.chart")
        st.caption(
            f"{choice.label}. {kind}: {acts} scaling activities, {held} held back. Triangles mark events; "
            "hover them for the reason. Dropped requests appear where demand (blue) rises above serving "
            "capacity (green) — the gap is detection + launch time."
            + (
                f" The lower dashed line is the scale-in alarm at {100 * low:.0f} % of the target: the metric must stay "
                f"below it for {LOW_DATAPOINTS} datapoints before an instance is removed."
                if scale_in is not None
                else ""
            )
        )
        if len(configs) > 1:
            theirs = page.derived(Result.scenario, result, 1)
            names = (kind, f"{other} (B)" if other != SAME else f"{kind} (B)")
            about = ABOUT.get(other, "").format(cooldown=format_duration(a.cooldown_s))
            compare.show(versus, mine, theirs, SPEC, names=names, load=choice.trace, seed=cfg.seed, about=about)
        sweep_panel(P, "autoscaling", a, choice.trace, cfg.seed, KNOBS)
        page.events_panel(ev, chart=f"{P}.chart")
        page.editions_panel("autoscaling", cfg.rules)
        exports.panel(P, ctrl, mine, choice.trace)


main()
