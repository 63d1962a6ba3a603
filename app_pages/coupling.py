"""Loose vs tight coupling lab: one outage, a synchronous chain and a queue side by side."""

from __future__ import annotations

import streamlit as st

from engine.core import Result, format_duration, format_number
from engine.coupling import CouplingConfig, simulate
from engine.load import LoadTrace
from engine.queues.limits import DEFAULT_RETENTION_S, LAMBDA_MIN_MAX_CONCURRENCY, MAX_RETENTION_S, MIN_RETENTION_S
from views import compare, exports, page
from views.controls import Controls
from views.coupling.compare import SPEC
from views.coupling.figures import coupling_figure
from views.coupling.knobs import KNOBS
from views.coupling.presets import PRESETS
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls

P = "coupling"


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(cfg: CouplingConfig, trace: LoadTrace, seed: int):
    """The engine call (cached on the frozen config, trace and seed)."""
    return simulate(cfg, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Loose vs tight coupling",
        "The same requests, the same workers, the same outage — wired two ways. **Tightly coupled**, the web "
        "tier waits on the worker tier: when workers stop, requests fail and the web tier's threads pile up, so "
        "the failure spreads upstream. **Loosely coupled** through a queue, the web tier only drops a message "
        "and moves on: the queue absorbs the outage and the backlog drains afterwards. The price is delay, "
        "not loss — as long as the outage is shorter than the queue's retention.",
        icon=":material/link:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    # The two charts come first, right under the presets (so a 1280 × 720 screen shows both), and the
    # settings under them: the charts' container is made now and filled once the run is known.
    charts_area = st.container()
    st.markdown("**Settings** — the load, the worker, the outage; presets above set them for you.")
    # fmt: off
    c1, c2, c3 = st.columns(3)
    with c1:
        choice = load_controls(ctrl, default_preset="Flat", default_peak=30, max_peak=2000, horizon_s=3600.0,
                               allow_upload=False)
    with c2:
        worker = ctrl.select("Worker behind the queue", "worker", ["ec2", "lambda"], "ec2", radio=True,
                             format_func={"ec2": "EC2 fleet", "lambda": "Lambda"}.get)
        outage, slow = ctrl.toggle("Worker outage", "outage", True), ctrl.toggle("Worker slowdown", "slow", False)
    with c3:
        ret = ctrl.number("Queue retention (s)", "ret", 1, 2_000_000, DEFAULT_RETENTION_S,
                          help=f"SQS: {format_duration(MIN_RETENTION_S)} to {format_duration(MAX_RETENTION_S)}.")
    with ctrl.group("More settings: workers, web tier, when the trouble starts") as more:
        c1, c2, c3 = more.columns(3)
        with c1:
            workers = ctrl.slider("Workers (EC2) / max concurrency (Lambda)", "workers", 1, 200, 10)
            proc = ctrl.slider("Work per request (s)", "proc", 0.01, 5.0, 0.2, 0.01)
        with c2:
            threads = ctrl.slider("Web tier threads", "threads", 10, 2000, 200)
            timeout = ctrl.slider("Web tier timeout (s)", "timeout", 1, 60, 10)
            out_at, out_min = ctrl.slider("Outage at minute", "out_at", 0, 59, 10), ctrl.slider("…for minutes", "out_min", 1, 50, 10)
        with c3:
            slow_x = ctrl.slider("Slowdown: times slower", "slow_x", 1.0, 20.0, 4.0, 0.5)
            slow_at, slow_min = ctrl.slider("…from minute", "slow_at", 0, 59, 10), ctrl.slider("…for min", "slow_min", 1, 50, 15)
    versus = compare.controls(ctrl, KNOBS)
    ctrl.notices()
    try:
        cfg = CouplingConfig(
            worker=worker, workers=workers, processing_s=proc, web_threads=threads, timeout_s=float(timeout),
            lambda_max_concurrency=max(LAMBDA_MIN_MAX_CONCURRENCY, workers), retention_s=ret, outage_start_s=out_at * 60.0,
            outage_s=out_min * 60.0 if outage else 0.0, slowdown_start_s=slow_at * 60.0,
            slowdown_s=slow_min * 60.0 if slow else 0.0, slowdown_factor=slow_x, rules=s.rules)
    except ValueError as exc:
        page.config_error(exc)
        cfg = CouplingConfig(rules=s.rules)
    # fmt: on
    result = run(cfg, choice.trace, s.seed)
    guide.reveal(result)
    with charts_area:
        tight_and_loose(result, cfg, s.reduced_motion)
        st.caption(
            f"{choice.label}; {cfg.workers} {'EC2 workers' if cfg.worker == 'ec2' else 'Lambda pollers at most'}, "
            f"{cfg.processing_s:g} s each. The producer code is identical on the right whichever worker reads the "
            "queue."
        )
    compare.panel(versus, cfg, choice.trace, s.seed, run, SPEC, result=result)
    page.events_panel(result.events, chart=f"{P}.tight")
    page.editions_panel("coupling", s.rules)
    exports.panel(P, ctrl, result, choice.trace)


def tight_and_loose(result: Result, cfg: CouplingConfig, reduced_motion: bool) -> None:
    """The two wirings side by side, each chart with its numbers under it (the charts start at the
    same height, right under their titles)."""
    k = result.summary.iloc[0]
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Tight: web → worker")
        page.chart(page.figure(coupling_figure, result, "tight", reduced_motion=reduced_motion), f"{P}.tight")
        a, b = st.columns(2)
        a.metric("Requests lost", format_number(k["sync_lost_total"]), help="Timed out (504) or refused (503).")
        b.metric(
            "Worst latency",
            format_duration(k["sync_worst_latency_s"]),
            help="Of the requests that were answered: never above the timeout.",
        )
        c, d = st.columns(2)
        c.metric(
            "Timed out (504)",
            format_number(k["sync_timeouts_total"]),
            help=f"No answer within the {format_duration(cfg.timeout_s)} timeout, waiting and work together. "
            f"{format_number(k['sync_wasted_total'])} of them were still worked on after the caller gave up.",
        )
        d.metric("Refused (503)", format_number(k["sync_refused_total"]), help="Every web thread was held.")
    with right:
        st.subheader("Loose: web → SQS → worker")
        page.chart(page.figure(coupling_figure, result, "loose", reduced_motion=reduced_motion), f"{P}.loose")
        a, b = st.columns(2)
        a.metric("Messages lost", format_number(k["queue_lost_total"]), help="Expired: older than the retention.")
        b.metric("Worst delay", format_duration(k["queue_worst_delay_s"]), help="Peak age of the oldest message.")


main()
