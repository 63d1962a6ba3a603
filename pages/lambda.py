"""Lambda lab: concurrency = rate x duration, limits, the scaling rate by edition, cold starts, cost."""

from __future__ import annotations

import streamlit as st

from engine.load import LoadTrace
from engine.serverless import LambdaConfig, simulate, steady_concurrency
from views import page
from views.controls import Controls
from views.load_controls import load_controls
from views.queues_figures import compact
from views.serverless_figures import lambda_figure

P = "lam"
# fmt: off
BASE = {"hours": 6, "inv": "sync", "dur": 0.5, "mem": 512, "acct": 1000, "reserve": False, "prov": 0, "burst": 3000,
        "cold": 0.5, "other": 0}
PRESETS = {
    "Flash sale": (
        "8,000 req/s x 0.5 s needs 4,000 environments. In a Region with a 500 burst the course model adds "
        "+500/min; AWS today adds 1,000 per 10 s per function. Switch the edition and compare the throttles.",
        {**BASE, "load": "Flash crowd", "peak": 8000, "acct": 10_000, "burst": 500, "hours": 1}),
    "Reserved concurrency as a cap": (
        "Reserving 100 guarantees this function 100 environments and caps it there: at the afternoon peak "
        "(~200 needed) callers get 429s. Switch to async: events wait instead of failing.",
        {**BASE, "load": "Business day", "peak": 400, "reserve": True, "res": 100, "hours": 24}),
    "Provisioned concurrency for a slow start": (
        "A Java-style 3 s Init on every new environment. 600 provisioned environments take the morning ramp "
        "without cold starts; compare the cost with provisioned at 0.",
        {**BASE, "load": "Morning ramp", "peak": 1000, "dur": 1.0, "cold": 3.0, "prov": 600, "hours": 24}),
}
# fmt: on


@st.cache_data(max_entries=32, show_spinner=False)
def run(cfg: LambdaConfig, trace: LoadTrace, seed: int):
    """The engine call (cached on the frozen config, trace and seed)."""
    return simulate(cfg, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Lambda concurrency",
        "Lambda has no servers to size, but it has **concurrency**: requests per second × duration. It is capped "
        "by the **account limit** (default 1,000) or the function's **reserved concurrency**, and it can only "
        "grow so fast — the **scaling rate** differs between the course notes and AWS today. Each new "
        "environment pays a **cold start**; **provisioned concurrency** pays to avoid it. Over the ceiling, "
        "synchronous callers get **429s** while asynchronous events wait and are retried for up to 6 h.",
        icon="⚡",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS)
    left, right = st.columns([1, 2.4], gap="large")
    # fmt: off
    with left:
        hours = ctrl.select("Horizon", "hours", [1, 6, 24], 6, format_func=lambda h: f"{h} h", radio=True)
        choice = load_controls(ctrl, default_preset="Flash crowd", default_peak=2000, max_peak=50_000,
                               horizon_s=hours * 3600.0)
        inv = ctrl.select("Invocation", "inv", ["sync", "async"], "sync", radio=True,
                          format_func={"sync": "Synchronous", "async": "Asynchronous"}.get)
        dur = ctrl.slider("Duration (s)", "dur", 0.01, 30.0, 0.5, 0.01)
        mem = ctrl.select("Memory (MB)", "mem", [128, 256, 512, 1024, 2048, 4096, 10240], 512)
        acct = ctrl.number("Account concurrency limit", "acct", 100, 100_000, 1000, help="Default 1,000 per Region.")
        other = ctrl.number("Reserved by other functions", "other", 0, 100_000, 0)
        reserve = ctrl.toggle("Reserve concurrency for this function", "reserve", False)
        res = ctrl.number("Reserved concurrency", "res", 0, 100_000, 100, help="A guarantee and a hard cap.")
        prov = ctrl.slider("Provisioned concurrency", "prov", 0, 5000, 0, help="Pre-initialised, charged.")
        burst = ctrl.select("Region burst (course model)", "burst", [500, 1000, 3000], 3000, radio=True,
                            help="3,000 in us-east-1/us-west-2/eu-west-1; 1,000 Tokyo/Frankfurt/Ohio; 500 elsewhere.")
        cold = ctrl.slider("Cold start (Init, s)", "cold", 0.0, 10.0, 0.5, 0.1)
        age = ctrl.slider("Max event age, async (s)", "age", 60, 21_600, 21_600, 60)
    ctrl.notices()
    try:
        cfg = LambdaConfig(invocation=inv, duration_s=dur, memory_mb=mem, account_limit=acct, other_reserved=other,
                           reserved=res if reserve else None, provisioned=prov, burst=burst, cold_start_s=cold,
                           max_event_age_s=float(age), horizon_s=hours * 3600.0, rules=s.rules)
    except ValueError as exc:
        page.config_error(exc)
        cfg = LambdaConfig(horizon_s=hours * 3600.0, rules=s.rules)
    # fmt: on
    result = run(cfg, choice.trace, s.seed)
    f = result.frame
    peak_need = steady_concurrency(float(f["load"].max()), cfg.duration_s)
    with right:
        c = st.columns(5)
        c[0].metric("Needed at peak", compact(peak_need), help="Peak requests/s × duration (Little's law).")
        c[1].metric("Peak concurrency", compact(f["concurrency"].max()), help=f"Cap {cfg.cap:,}.")
        label = "Throttled (429s)" if cfg.invocation == "sync" else "Async dropped"
        lost = f["throttled"].sum() if cfg.invocation == "sync" else f["async_dropped"].iloc[-1]
        c[2].metric(label, compact(lost), help="Sync: errors to callers. Async: events past the max age.")
        c[3].metric("Cold starts", compact(f["cold_starts"].sum()), help=f"Each adds {cfg.cold_start_s:g} s.")
        c[4].metric("Cost", compact(f["cost_usd"].iloc[-1], "$"), help="Illustrative us-east-1 x86 list prices, 2026.")
        fig = lambda_figure(f, result.events, cap=cfg.cap, asynchronous=cfg.invocation == "async",
                            reduced_motion=s.reduced_motion)  # fmt: skip
        page.chart(fig, "lam.chart")
        rule = "+1,000 environments per 10 s per function" if cfg.per_function_scaling else (
            f"a Region burst of {cfg.burst:,}, then +500 per minute shared by all functions")  # fmt: skip
        st.caption(
            f"{choice.label}. Scaling rule in force: {rule}. The dashed line is how far concurrency may reach at "
            f"each second; the cap is {cfg.cap:,}. Triangles mark throttling, caps and cold-start bursts."
        )
        st.info("Lambda reading from an SQS queue scales its pollers differently (+60/min course, +300/min today): "
                "try *Consumer scaling → Lambda poller* in the Queues lab.", icon="📬")  # fmt: skip
    page.events_panel(result.events)
    page.editions_panel("serverless", s.rules)


main()
