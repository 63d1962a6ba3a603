"""Sentences for the Auto Scaling event log, written from the kernel's events after the run.

Each kernel event kind (:data:`engine.autoscaling.layout.KINDS`) has one sentence function here
that reads the event's payload by name and says what happened and why; a policy's alarm is
worded by the policy itself (``policy.alarm``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from engine.autoscaling.config import GroupConfig
from engine.autoscaling.layout import EV, KINDS
from engine.autoscaling.policies import TargetTrackingPolicy
from engine.core import EventLog, format_clock, format_duration, format_number
from engine.kernel.events import Event, write_log
from engine.kernel.target_tracking import LOW_DATAPOINTS, SCALE_IN_MAX_FRACTION

__all__ = ["DROP_GAP_S", "drop_rollups", "explain"]

DROP_GAP_S = 300.0
"""Dropped-request bursts closer than this are reported as one (the log stays readable)."""


def explain(cfg: GroupConfig, ev: np.ndarray, n: int, log: EventLog, scenario: int = 0) -> None:
    """Append one sentence per kernel event of one scenario (``ev``: its event buffer, ``n``
    events recorded) to ``log``, and a ``truncated`` event if the buffer overflowed."""
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: _SENTENCES[e.kind](cfg, e), scenario=scenario)


def drop_rollups(frame: pd.DataFrame, log: EventLog, *, dt_s: float, queue: bool, scenario: int = 0) -> None:
    """One ``dropped`` event per burst of dropped requests (steps with drops, gaps under
    :data:`DROP_GAP_S` joined), the figure the pages' *Dropped* metric counts: how many, when, and
    the largest shortfall of serving capacity against demand (``frame``: a group's or a vertically
    scaled instance's, with ``t_s``, ``load_rps``, ``capacity_rps`` and ``dropped_rps``)."""
    dropped = frame["dropped_rps"].to_numpy()
    steps = np.flatnonzero(dropped > 0)
    if len(steps) == 0:
        return
    gap = max(1, round(DROP_GAP_S / dt_s))
    cuts = np.flatnonzero(np.diff(steps) > gap)
    firsts, lasts = np.r_[steps[0], steps[cuts + 1]], np.r_[steps[cuts], steps[-1]]
    t, load, cap = frame["t_s"].to_numpy(), frame["load_rps"].to_numpy(), frame["capacity_rps"].to_numpy()
    for a, b in zip(firsts, lasts, strict=True):
        n = float(dropped[a : b + 1].sum() * dt_s)
        offered = float(load[a : b + 1].sum() * dt_s)
        k = a + int(np.argmax(load[a : b + 1] - cap[a : b + 1]))
        end = t[b] + dt_s
        why = "serving capacity below demand" + ("; the queue was full" if queue else " (no queue)")
        log.add(
            float(t[a]),
            "dropped",
            f"{format_number(n)} requests dropped from {format_clock(t[a])} to {format_clock(end)} "
            f"({100 * n / max(offered, 1e-12):.1f} % of those offered then): {why}; at worst {format_number(load[k])} "
            f"req/s offered to {format_number(cap[k])} req/s of serving capacity",
            scenario=scenario,
            requests=n,
            until_s=float(end),
        )


def _scaled(cfg: GroupConfig, e: Event) -> str:
    out = e.kind == EV.SCALE_OUT
    verb = "scale-out" if out else "scale-in"
    ready = f"; InService by {format_clock(e.t * cfg.dt_s + cfg.launch_s)}" if out and cfg.launch_s else ""
    pol = cfg.policies[int(e["policy"])]
    why = pol.alarm(e["metric"], out)
    gradual = ""
    if not out and isinstance(pol, TargetTrackingPolicy) and e["asked"] < e["to"]:
        gradual = (
            f" (asked for {e['asked']:.0f}; at most {SCALE_IN_MAX_FRACTION:.0%} per scale-in, then "
            f"{LOW_DATAPOINTS} fresh low datapoints: an approximation of AWS's gradual scale-in, §1.6)"
        )
    return f"{why}: {verb}, desired {e['frm']:.0f} → {e['to']:.0f}{ready}{gradual}"


def _held_by_cooldown(cfg: GroupConfig, e: Event) -> str:
    verb = "scale-out" if e["direction"] > 0 else "scale-in"
    pol = cfg.policies[int(e["policy"])]
    until = format_clock(e["until_s"])
    return f"{verb} to {e['want']:.0f} by {pol.kind} held by cooldown until {until} ({pol.cooldown_rule})"


def _held_by_warmup(cfg: GroupConfig, e: Event) -> str:
    return (
        f"scale-in by {cfg.policies[int(e['policy'])].kind} blocked: {e['warming']:.0f} instance(s) still "
        f"launching or warming up (warm-up {format_duration(cfg.effective_warmup_s)}; §1.5 blocks scale-in "
        "during warm-up)"
    )


def _held_by_others(cfg: GroupConfig, e: Event) -> str:
    return (
        f"scale-in to {e['want']:.0f} by {cfg.policies[int(e['policy'])].kind} (policy {int(e['policy']) + 1}) "
        f"waits: {e['not_ready']:.0f} other target-tracking policy(ies) not ready to scale in (§1.6: in only "
        "when every target-tracking policy with scale-in enabled agrees)"
    )


def _capped_max(cfg: GroupConfig, e: Event) -> str:
    kind = cfg.policies[int(e["policy"])].kind
    return f"{kind} wanted {e['want']:.0f} instances; capped at max {e['limit']:.0f}"


def _capped_min(cfg: GroupConfig, e: Event) -> str:
    kind = cfg.policies[int(e["policy"])].kind
    return f"{kind} wanted {e['want']:.0f} instances; held at min {e['limit']:.0f}"


def _predictive_capped(cfg: GroupConfig, e: Event) -> str:
    return f"predictive scaling wanted {e['want']:.0f} instances; capped at max {e['limit']:.0f}"


def _scheduled(cfg: GroupConfig, e: Event) -> str:
    act = cfg.scheduled_steps()[int(e["action"])]
    sets = (("min", act.min_size), ("max", act.max_size), ("desired", act.desired))
    parts = [f"{k} {v}" for k, v in sets if v >= 0]
    note = " — applied inside the cooldown: scheduled actions never wait for it" if e["in_cooldown"] else ""
    return f"scheduled action sets {', '.join(parts)}: desired {e['frm']:.0f} → {e['to']:.0f}{note}"


def _manual(cfg: GroupConfig, e: Event) -> str:
    m = cfg.manual[int(e["change"])]
    how = "HonorCooldown on, waited for the cooldown" if m.honor_cooldown else "HonorCooldown off"
    return f"manual SetDesiredCapacity {e['requested']:.0f} ({how}): desired {e['frm']:.0f} → {e['to']:.0f}"


def _manual_refused(cfg: GroupConfig, e: Event) -> str:
    return (
        f"manual SetDesiredCapacity {e['requested']:.0f} refused: outside [min, max] = [{e['min']:.0f}, "
        f"{e['max']:.0f}] when it ran (the API refuses, it does not clamp, §1.1)"
    )


def _manual_held(cfg: GroupConfig, e: Event) -> str:
    until = format_clock(e["until_s"])
    return f"manual SetDesiredCapacity {e['requested']:.0f} with HonorCooldown held by cooldown until {until}"


def _failure(cfg: GroupConfig, e: Event) -> str:
    return f"{e['n']:.0f} instance(s) failed; health checks will notice in {format_duration(e['detect_s'])}"


def _replace(cfg: GroupConfig, e: Event) -> str:
    return f"health check found {e['n']:.0f} unhealthy instance(s): terminated and replaced (no cooldown)"


def _unhealthy(cfg: GroupConfig, e: Event) -> str:
    checks = f"{cfg.elb_unhealthy_threshold} failed ELB checks {format_duration(cfg.elb_interval_s)} apart"
    return (
        f"{e['n']:.0f} new instance(s) marked unhealthy {format_duration(e['check_s'])} after InService "
        f"({checks}, grace period {format_duration(cfg.effective_grace_s)} over) while the application "
        f"still needed {format_duration(e['boot_s'])} to start: terminated and replaced (ELB health checks, §1.7)"
    )


def _predictive(cfg: GroupConfig, e: Event) -> str:
    buffer_s = cfg.predictive.buffer_s
    hour = format_clock((e.t * cfg.dt_s + buffer_s) // 3600 * 3600)
    return (
        f"predictive scaling: forecast needs {e['needed']:.0f} instances for the hour from {hour}; launched "
        f"{format_duration(buffer_s)} ahead: desired {e['frm']:.0f} → {e['to']:.0f}"
    )


def _max_raised(cfg: GroupConfig, e: Event) -> str:
    return f"IncreaseMaxCapacity: max {e['frm']:.0f} → {e['to']:.0f} for the forecast (never lowered back)"


_SENTENCES: dict[int, Callable[[GroupConfig, Event], str]] = {
    EV.SCALE_OUT: _scaled,
    EV.SCALE_IN: _scaled,
    EV.HELD_COOLDOWN: _held_by_cooldown,
    EV.HELD_WARMUP: _held_by_warmup,
    EV.HELD_OTHERS: _held_by_others,
    EV.CAPPED_MAX: _capped_max,
    EV.CAPPED_MIN: _capped_min,
    EV.PREDICTIVE_CAPPED: _predictive_capped,
    EV.SCHEDULED: _scheduled,
    EV.MANUAL: _manual,
    EV.MANUAL_HELD: _manual_held,
    EV.MANUAL_REFUSED: _manual_refused,
    EV.FAILURE: _failure,
    EV.REPLACE: _replace,
    EV.UNHEALTHY: _unhealthy,
    EV.PREDICTIVE: _predictive,
    EV.MAX_RAISED: _max_raised,
}
"""The sentence of each event kind (one entry per :data:`KINDS` kind)."""
