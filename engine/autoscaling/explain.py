"""Sentences for the Auto Scaling event log, written from the kernel's events after the run.

Each kernel event (:data:`engine.autoscaling.layout.KINDS`) becomes one sentence that names what
happened and why; a policy's alarm is worded by the policy itself (``policy.alarm``).
"""

from __future__ import annotations

import numpy as np

from engine.autoscaling.config import GroupConfig
from engine.autoscaling.layout import EV, KINDS
from engine.core import EventLog, format_clock, format_duration
from engine.kernel.events import Event, write_log

__all__ = ["explain"]


def explain(cfg: GroupConfig, ev: np.ndarray, n: int, log: EventLog, scenario: int = 0) -> None:
    """Append one sentence per kernel event of one scenario (``ev``: its event buffer, ``n``
    events recorded) to ``log``, and a ``truncated`` event if the buffer overflowed."""
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: _sentence(cfg, e), scenario=scenario)


def _sentence(cfg: GroupConfig, e: Event) -> str:
    code = e.kind
    t = e.t * cfg.dt_s
    if code in (EV.SCALE_OUT, EV.SCALE_IN):
        out = code == EV.SCALE_OUT
        verb = "scale-out" if out else "scale-in"
        ready = f"; InService by {format_clock(t + cfg.launch_s)}" if out and cfg.launch_s else ""
        why = cfg.policies[int(e["policy"])].alarm(e["metric"], out)
        return f"{why}: {verb}, desired {e['frm']:.0f} → {e['to']:.0f}{ready}"
    if code == EV.HELD_COOLDOWN:
        verb = "scale-out" if e["direction"] > 0 else "scale-in"
        pol = cfg.policies[int(e["policy"])]
        until = format_clock(e["until_s"])
        return f"{verb} to {e['want']:.0f} by {pol.kind} held by cooldown until {until} ({pol.cooldown_rule})"
    if code == EV.HELD_WARMUP:
        return (
            f"scale-in by {cfg.policies[int(e['policy'])].kind} blocked: {e['warming']:.0f} instance(s) still "
            f"launching or warming up (warm-up {format_duration(cfg.effective_warmup_s)}; §1.5 blocks scale-in "
            "during warm-up)"
        )
    if code == EV.CAPPED_MAX:
        kind = cfg.policies[int(e["policy"])].kind
        return f"{kind} wanted {e['want']:.0f} instances; capped at max {e['limit']:.0f}"
    if code == EV.PREDICTIVE_CAPPED:
        return f"predictive scaling wanted {e['want']:.0f} instances; capped at max {e['limit']:.0f}"
    if code == EV.CAPPED_MIN:
        kind = cfg.policies[int(e["policy"])].kind
        return f"{kind} wanted {e['want']:.0f} instances; held at min {e['limit']:.0f}"
    if code == EV.SCHEDULED:
        act = cfg.scheduled_steps()[int(e["action"])]
        sets = (("min", act.min_size), ("max", act.max_size), ("desired", act.desired))
        parts = [f"{k} {v}" for k, v in sets if v >= 0]
        note = " — applied inside the cooldown: scheduled actions never wait for it" if e["in_cooldown"] else ""
        return f"scheduled action sets {', '.join(parts)}: desired {e['frm']:.0f} → {e['to']:.0f}{note}"
    if code == EV.MANUAL:
        m = cfg.manual[int(e["change"])]
        how = "HonorCooldown on, waited for the cooldown" if m.honor_cooldown else "HonorCooldown off"
        return f"manual SetDesiredCapacity {e['requested']:.0f} ({how}): desired {e['frm']:.0f} → {e['to']:.0f}"
    if code == EV.MANUAL_HELD:
        until = format_clock(e["until_s"])
        return f"manual SetDesiredCapacity {e['requested']:.0f} with HonorCooldown held by cooldown until {until}"
    if code == EV.FAILURE:
        return f"{e['n']:.0f} instance(s) failed; health checks will notice in {format_duration(e['detect_s'])}"
    if code == EV.REPLACE:
        return f"health check found {e['n']:.0f} unhealthy instance(s): terminated and replaced (no cooldown)"
    if code == EV.UNHEALTHY:
        return (
            f"{e['n']:.0f} new instance(s) failed the first health check at the end of a "
            f"{format_duration(e['grace_s'])} grace period (the application needs {format_duration(e['boot_s'])} "
            "to start): terminated and replaced"
        )
    if code == EV.PREDICTIVE:
        buffer_s = cfg.predictive.buffer_s
        hour = format_clock((t + buffer_s) // 3600 * 3600)
        return (
            f"predictive scaling: forecast needs {e['needed']:.0f} instances for the hour from {hour}; launched "
            f"{format_duration(buffer_s)} ahead: desired {e['frm']:.0f} → {e['to']:.0f}"
        )
    if code == EV.MAX_RAISED:
        return f"IncreaseMaxCapacity: max {e['frm']:.0f} → {e['to']:.0f} for the forecast (never lowered back)"
    raise AssertionError(f"no sentence for event kind {code.name}")
