"""Scaling options & predictive: maintain, manual, scheduled, dynamic and predictive scaling."""

from __future__ import annotations

import streamlit as st

from engine.autoscaling import GroupConfig, simulate
from engine.core import Result, format_duration
from engine.load import LoadTrace
from views import compare, exports, page
from views.autoscaling.compare import SPEC
from views.autoscaling.controls import group_kwargs, option_controls, services_panel
from views.autoscaling.figures import group_figure, history_figure
from views.autoscaling.knobs import OPTIONS_KNOBS
from views.autoscaling.presets import PRESETS
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls

P = "autoscaling_options"
DEFAULT = GroupConfig()
LESSONS = {
    "Maintain": "No policy: the group only holds desired capacity, replacing failed instances (health checks, "
    "then a new launch — never waiting for a cooldown). EC2 checks (the default) look at the instance only; "
    "ELB checks also fail while the application boots, and the grace period keeps the group from acting on "
    "them — too short and healthy-but-booting instances are killed in a loop.",
    "Manual": "You set desired capacity yourself (SetDesiredCapacity). HonorCooldown=false (the default) "
    "applies it at once; true makes it wait for a running cooldown.",
    "Scheduled": "Actions at fixed times (one-time or daily) set min, max and desired. They never wait for "
    "a cooldown — good for known peaks, blind to surprises.",
    "Dynamic": "A policy reacts to a CloudWatch metric (here target tracking on CPU): it follows any load, "
    "but always a few minutes late.",
    "Predictive": "The forecast (per hour of day, averaged over past days, with a trend; refreshed every 6 h "
    "from the history seen by then, 48 h ahead) is turned into capacity launched SchedulingBufferTime ahead "
    "of each hour; with target tracking, the larger wins.",
}


@page.simulation_cache(max_entries=64, show_spinner=False)
def run(config: GroupConfig, trace: LoadTrace, seed: int) -> Result:
    """One group (cached)."""
    return simulate(config, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "Scaling options & predictive",
        "EC2 Auto Scaling offers five ways to set capacity (course notes: *Amazon EC2 Auto-Scaling Options*): "
        "**maintain** a fixed count, **manual** changes, a **schedule**, **dynamic** policies and "
        "**predictive** scaling. Pick one and see what it does — and what it ignores: the cooldown, the "
        "health-check grace period and the warm-up are three different clocks.",
        icon=":material/calendar_month:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.6], gap="large")
    with left:
        choice = load_controls(ctrl, default_preset="Business day", default_peak=400, where=st.container())
        option, kw = option_controls(ctrl)
        cooldown = ctrl.slider("Cooldown (s)", "cooldown", 0, 1800, 300, 30)
        launch = ctrl.slider("Launch time (s)", "launch", 10, 900, 120, 10)
        warmup = ctrl.slider("Instance warm-up (s)", "warmup", 0, 1800, 120, 30, help="§1.5: TT and step only.")
        max_size = ctrl.slider("Max size", "max", 1, 100, 30)
        versus = compare.controls(ctrl, OPTIONS_KNOBS)
    ctrl.notices()
    try:
        config = GroupConfig(
            min_size=1, max_size=max_size, desired=min(2, max_size), cooldown_s=float(cooldown),
            launch_s=float(launch), warmup_s=float(warmup), rules=cfg.rules, **group_kwargs(kw),
        )  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        config = DEFAULT
    r = run(config, choice.trace, cfg.seed)
    guide.reveal(r)
    f, ev = r.frame, r.events
    with right:
        st.info(LESSONS[option], icon=":material/lightbulb:")
        offered = f["load_rps"].sum() * config.dt_s
        c = st.columns(4)
        c[0].metric("Dropped", f"{100 * f['dropped_rps'].sum() * config.dt_s / max(offered, 1e-9):.2f} %")
        c[1].metric("Peak instances", int(f["desired"].max()))
        c[2].metric("Cost (24 h)", f"${f['cost_usd'].iloc[-1]:,.2f}", help="Billed from launch (§1.8).")
        kinds = ev["kind"].value_counts() if len(ev) else {}
        c[3].metric(
            "Replacements",
            int(kinds.get("replace", 0)) + int(kinds.get("unhealthy", 0)),
            help="Failed or judged-unhealthy instances replaced (maintain).",
        )
        has_fc = config.predictive is not None
        page.chart(
            page.figure(group_figure, r, target=50.0 if config.policies else None, forecast=has_fc,
                        reduced_motion=cfg.reduced_motion),
            f"{P}.chart",
        )  # fmt: skip
        st.caption(
            f"{choice.label}. {config.health_check_type} health checks, grace period "
            f"{format_duration(config.effective_grace_s)} "
            f"({'set' if config.health_grace_s is not None else 'edition default'}), cooldown {format_duration(config.cooldown_s)}, "
            f"warm-up {format_duration(config.effective_warmup_s)} — three separate clocks."
        )
        if has_fc:
            st.subheader("Forecast from past days")
            page.chart(page.figure(history_figure, r), f"{P}.forecast")
            mode = config.predictive.mode
            st.caption(
                f"{mode}: {'capacity follows the forecast (dotted), launched ' if config.predictive.scales else 'drawn only; nothing scales — '}"
                f"{format_duration(config.predictive.buffer_s)} ahead of each hour. Predictive scaling only scales out (§1.9)."
            )
        compare.panel(versus, config, choice.trace, cfg.seed, run, SPEC, result=r)
        page.events_panel(ev, chart=f"{P}.chart")
        services_panel()
        page.editions_panel("autoscaling", cfg.rules)
        exports.panel(P, ctrl, r, choice.trace)


main()
