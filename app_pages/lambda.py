"""Lambda lab: concurrency = rate x duration, limits, the scaling rate by edition, cold starts, cost."""

from __future__ import annotations

import streamlit as st

from engine.core import format_duration, format_number
from engine.lambda_ import LambdaConfig, simulate
from engine.lambda_.config import (
    ACCOUNT_LIMIT,
    BURSTS,
    MAX_EVENT_AGE_S,
    MAX_INIT_S,
    MIN_EVENT_AGE_S,
    NEW_RATE_PER_10S,
    OLD_RATE_PER_MIN,
)
from engine.load import LoadTrace
from engine.queues.limits import LAMBDA_POLLER_RATE
from views import compare, exports, page
from views.controls import Controls
from views.lambda_.compare import SPEC
from views.lambda_.figures import lambda_figure
from views.lambda_.knobs import KNOBS
from views.lambda_.presets import PRESETS
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls
from views.sweep import sweep_panel

P = "lambda"


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(cfg: LambdaConfig, trace: LoadTrace, seed: int):
    """The engine call (cached on the frozen config, trace and seed)."""
    return simulate(cfg, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Lambda concurrency",
        "Lambda has no servers to size, but it has **concurrency**: requests per second × duration. It is capped "
        f"by the **account limit** (default {ACCOUNT_LIMIT:,}) or the function's **reserved concurrency**, and it "
        "can only grow so fast: the course notes say there are no limits to scaling, AWS today adds "
        f"{NEW_RATE_PER_10S:,.0f} environments per 10 s per function and caps requests at 10 × the account limit. "
        "Each new "
        "environment pays a **cold start**; **provisioned concurrency** pays to avoid it. Over the ceiling, "
        "synchronous callers get **429s** while asynchronous events wait and are retried for up to "
        f"{format_duration(MAX_EVENT_AGE_S)}.",
        icon=":material/bolt:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.4], gap="large")
    # fmt: off
    with left:
        hours = ctrl.select("Horizon", "hours", [1, 6, 24], 6, format_func=lambda h: f"{h} h", radio=True)
        choice = load_controls(ctrl, default_preset="Flash crowd", default_peak=3000, max_peak=50_000,
                               horizon_s=hours * 3600.0)
        inv = ctrl.select("Invocation", "inv", ["sync", "async"], "sync", radio=True,
                          format_func={"sync": "Synchronous", "async": "Asynchronous"}.get)
        dur = ctrl.slider("Duration (s)", "dur", 0.01, 30.0, 0.5, 0.01)
        mem = ctrl.select("Memory (MB)", "mem", [128, 256, 512, 1024, 2048, 4096, 10240], 512)
        acct = ctrl.number("Account concurrency limit", "acct", 100, 100_000, ACCOUNT_LIMIT,
                           help=f"Default {ACCOUNT_LIMIT:,} per Region.")
        other = ctrl.number("Reserved by other functions", "other", 0, 100_000, 0)
        reserve = ctrl.toggle("Reserve concurrency", "reserve", False, help="Reserve concurrency for this function.")
        res = ctrl.number("Reserved concurrency", "res", 0, 100_000, 100, help="A guarantee and a hard cap.")
        prov = ctrl.slider("Provisioned concurrency", "prov", 0, 5000, 0, help="Pre-initialised, charged.")
        scaling = ctrl.select("Scaling model", "scaling", ["edition", "old-burst"], "edition", radio=True,
                              format_func={"edition": "Rules edition", "old-burst": "AWS before Nov 2023"}.get,
                              help="AWS's older documented behaviour (docs to Oct 2023): a Region-wide burst, then "
                                   f"+{OLD_RATE_PER_MIN:,.0f} per minute. Neither the course notes nor AWS today.")
        burst = ctrl.select("Region burst (older AWS model)", "burst", list(BURSTS), BURSTS[-1], radio=True,
                            help=f"{BURSTS[2]:,} in us-east-1/us-west-2/eu-west-1; {BURSTS[1]:,} Tokyo/Frankfurt/Ohio; "
                                 f"{BURSTS[0]} elsewhere.")
        cold = ctrl.slider("Cold start (Init, s)", "cold", 0.0, float(MAX_INIT_S), 0.5, 0.1)
        age = ctrl.slider("Max event age, async (s)", "age", MIN_EVENT_AGE_S, MAX_EVENT_AGE_S, MAX_EVENT_AGE_S, 60)
        versus = compare.controls(ctrl, KNOBS)
    ctrl.notices()
    try:
        cfg = LambdaConfig(invocation=inv, duration_s=dur, memory_mb=mem, account_limit=acct, other_reserved=other,
                           reserved=res if reserve else None, provisioned=prov, scaling=scaling, burst=burst, cold_start_s=cold,
                           max_event_age_s=float(age), horizon_s=hours * 3600.0, rules=s.rules)
    except ValueError as exc:
        page.config_error(exc)
        cfg = LambdaConfig(horizon_s=hours * 3600.0, rules=s.rules)
    # fmt: on
    result = run(cfg, choice.trace, s.seed)
    guide.reveal(result)
    k = result.summary.iloc[0]
    with right:
        c = st.columns(5)
        c[0].metric(
            "Needed at peak", format_number(k["needed_at_peak"]), help="Peak requests/s × duration (Little's law)."
        )
        c[1].metric("Peak concurrency", format_number(k["peak_concurrency"]), help=f"Cap {cfg.cap:,}.")
        label = "Throttled (429s)" if cfg.invocation == "sync" else "Async dropped"
        lost = k["throttled_total"] if cfg.invocation == "sync" else k["async_dropped_total"]
        c[2].metric(label, format_number(lost), help="Sync: errors to callers. Async: events past the max age.")
        c[3].metric("Cold starts", format_number(k["cold_starts_total"]), help=f"Each adds {cfg.cold_start_s:g} s.")
        c[4].metric("Cost", f"${k['cost_total_usd']:,.2f}", help="Illustrative us-east-1 x86 list prices, 2026.")
        page.chart(page.figure(lambda_figure, result, reduced_motion=s.reduced_motion), f"{P}.chart")
        st.caption(
            f"{choice.label}. Scaling rule in force: {cfg.scaling_rule}. The dashed line is how far concurrency may "
            f"reach at each second; the cap is {cfg.cap:,}. Triangles mark throttling, caps and cold-start bursts."
        )
        poll = LAMBDA_POLLER_RATE
        st.info(f"Lambda reading from an SQS queue scales its pollers differently (+{poll['course']:.0f}/min course, "
                f"+{poll['aws-today']:.0f}/min today): try *Consumer scaling → Lambda poller* in the Queues lab.",
                icon=":material/mail:")  # fmt: skip
        compare.panel(versus, cfg, choice.trace, s.seed, run, SPEC, result=result)
    sweep_panel(P, "lambda_", cfg, choice.trace, s.seed, KNOBS)
    page.events_panel(result.events, chart=f"{P}.chart")
    page.editions_panel("lambda", s.rules)
    exports.panel(P, ctrl, result, choice.trace)


main()
