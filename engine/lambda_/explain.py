"""The sentences of the Lambda lab's event log: each kernel event, its payload read by name."""

from __future__ import annotations

import numpy as np

from engine.core import EventLog, format_duration, format_number
from engine.kernel.events import Event, write_log
from engine.lambda_.config import LambdaConfig
from engine.lambda_.layout import EV, KINDS

__all__ = ["explain", "totals", "write_events"]


def explain(cfg: LambdaConfig, e: Event) -> str:
    """The sentence for one kernel event of a run of ``cfg``."""
    kind = int(e.kind)
    if kind == EV.THROTTLE:
        what = "callers get 429 TooManyRequestsException" if cfg.invocation == "sync" else "events wait to be retried"
        if e["by_ceiling"] < 0.5:
            why = f"the request-rate quota of {format_number(cfg.rps_quota or 0)} invocations/s"
        elif e["ceiling"] >= cfg.cap:
            why = f"the cap of {format_number(cfg.cap)} environments"
        else:
            why = f"a scaling ceiling of {format_number(e['ceiling'])} environments ({cfg.scaling_rule})"
        return f"Throttling starts: {format_number(e['over'])} over {why}; {what}."
    if kind == EV.THROTTLE_END:
        lost = "429s returned" if cfg.invocation == "sync" else "events made to wait"
        state = "still throttling when the run ends" if e["ongoing"] > 0.5 else "then it stopped"
        return f"{format_number(e['throttled'])} {lost} over {format_duration(e['duration_s'])} of throttling; {state}."
    if kind == EV.AT_CAP:
        cap = "reserved concurrency" if cfg.reserved is not None else "the unreserved account pool"
        return (
            f"Demand of {format_number(e['demand'])} concurrent hits the cap of {format_number(e['cap'])} ({cap}): "
            "the rest is throttled."
        )
    if kind == EV.RPS_CAP:
        what = "the excess calls get 429s" if cfg.invocation == "sync" else "the excess events wait"
        return (
            f"Requests of {format_number(e['demand'])}/s exceed the request-rate quota of "
            f"{format_number(e['quota'])} invocations/s (10 x the account concurrency limit of "
            f"{cfg.account_limit:,}): {what}, however many environments are free."
        )
    if kind == EV.COLD_BURST:
        return (
            f"{format_number(e['environments'])} new environments initialise at once: each first request waits "
            f"{format_duration(e['init_s'])}."
        )
    return (
        f"Async events older than {format_duration(e['max_age_s'])} are dropped to the on-failure target "
        f"({format_number(e['dropped'])} so far)."
    )


def write_events(log: EventLog, cfg: LambdaConfig, ev: np.ndarray, n: int, *, scenario: int = 0) -> None:
    """The kernel's events of one scenario as sentences."""
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: explain(cfg, e), scenario=scenario)


def totals(log: EventLog, cfg: LambdaConfig, summary: dict[str, float], t_end: float, *, scenario: int = 0) -> None:
    """One ``totals`` line for the run whenever anything was throttled, dropped or cold-started: the
    counts the page's metrics show, so the log reports them even where no single burst was logged."""
    if not (summary["throttled_total"] or summary["async_dropped_total"] or summary["cold_starts_total"]):
        return
    sync = cfg.invocation == "sync"
    throttled = "429s returned" if sync else "events made to wait"
    rate = f" ({format_number(summary['rate_limited_total'])} over the request-rate quota)" if sync else ""
    dropped = "" if sync else f", {format_number(summary['async_dropped_total'])} dropped past the maximum event age"
    log.add(
        t_end,
        "totals",
        f"Over the run: {format_number(summary['invocations_total'])} invocations, "
        f"{format_number(summary['throttled_total'])} {throttled}{rate}{dropped}, "
        f"{format_number(summary['cold_starts_total'])} cold starts; peak concurrency "
        f"{format_number(summary['peak_concurrency'])} of a cap of {cfg.cap:,}.",
        scenario=scenario,
    )
