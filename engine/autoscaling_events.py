"""Sentences for the Auto Scaling event log, built from the kernel's event codes afterwards."""

from __future__ import annotations

import numpy as np

from engine import autoscaling_kernel as K
from engine.autoscaling_config import GroupConfig
from engine.core import EventLog, format_clock

__all__ = ["explain"]


def _clock(t_s: float) -> str:
    """``10:09`` on whole minutes, ``10:09:30`` otherwise; ``d2 10:09`` past a day."""
    text = format_clock(t_s)
    return text[:-3] if t_s < 86_400 and text.endswith(":00") else text


def _why(cfg: GroupConfig, p: int, value: float, out: bool) -> str:
    """The alarm that fired, in AWS's words ("alarm CPU > 50 % for 3 of 3 datapoints (78 %)")."""
    pol = cfg.policies[p]
    unit = " %" if pol.metric == "cpu" else " req/s per instance"
    name = "CPU" if pol.metric == "cpu" else "requests"
    now = f"{value:.0f}{unit}"
    if pol.kind == "target tracking":
        if out:
            return f"alarm {name} > {pol.target:g}{unit} for 3 of 3 datapoints (last {now}) → target tracking"
        low = pol.low_factor * pol.target
        return f"alarm {name} < {low:.3g}{unit} for 15 of 15 datapoints (last {now}) → target tracking"
    sign = ">" if out else "<"
    n = pol.datapoints
    alarm = f"alarm {name} {sign} {pol.threshold:g}{unit} for {n} of {n} datapoint(s) ({now})"
    if pol.kind == "step scaling":
        return f"{alarm}, offset {value - pol.threshold:+.0f} → step scaling ({pol.adjustment_type})"
    return f"{alarm} → simple scaling ({pol.adjustment:+g}, {pol.adjustment_type})"


def explain(cfg: GroupConfig, ev: np.ndarray, n: int, log: EventLog, scenario: int = 0) -> None:
    """Append one sentence per kernel event (``ev`` rows: step, code, policy, a, b, c)."""
    dt = cfg.dt_s
    period = int(cfg.period_s)
    for row in ev[: min(n, len(ev))]:
        i, code, p = int(row[0]), int(row[1]), int(row[2])
        a, b, c = float(row[3]), float(row[4]), float(row[5])
        t = i * dt

        def add(kind: str, msg: str, _t: float = t, **d: object) -> None:
            log.add(_t, kind, msg, scenario=scenario, **d)

        if code in (K.E_OUT, K.E_IN):
            kind = "scale_out" if code == K.E_OUT else "scale_in"
            verb = "scale-out" if code == K.E_OUT else "scale-in"
            extra = f"; InService by {_clock(t + cfg.launch_s)}" if code == K.E_OUT and cfg.launch_s else ""
            why = _why(cfg, p, c, code == K.E_OUT)
            add(kind, f"{why}: {verb}, desired {a:.0f} → {b:.0f}{extra}", policy=p, frm=a, to=b, metric=c)
        elif code == K.E_HELD_COOL:
            verb = "scale-out" if c > 0 else "scale-in"
            pol = cfg.policies[p]
            why = (
                "simple scaling waits for its activity and cooldown"
                if pol.kind == "simple scaling"
                else ("course rules: the cooldown applies to dynamic scaling")
            )
            add(
                "suppressed",
                f"{verb} to {a:.0f} by {pol.kind} held by cooldown until {_clock(b * dt)} ({why})",
                policy=p, want=a, until_s=b * dt,
            )  # fmt: skip
        elif code == K.E_HELD_WARM:
            add(
                "suppressed",
                f"scale-in by {cfg.policies[p].kind} blocked: {b:.0f} instance(s) still launching or warming up "
                f"(warm-up {cfg.effective_warmup_s:.0f} s; §1.5 blocks scale-in during warm-up)",
                policy=p, warming=b,
            )  # fmt: skip
        elif code == K.E_CAP_MAX:
            who = "predictive scaling" if p == -2 else cfg.policies[p].kind
            add("capped", f"{who} wanted {a:.0f} instances; capped at max {b:.0f}", want=a, limit=b)
        elif code == K.E_CAP_MIN:
            add("capped", f"{cfg.policies[p].kind} wanted {a:.0f} instances; held at min {b:.0f}", want=a, limit=b)
        elif code == K.E_SCHED:
            act = cfg_scheduled(cfg)[p]
            parts = [f"{k} {v}" for k, v in (("min", act[1]), ("max", act[2]), ("desired", act[3])) if v >= 0]
            note = " — applied inside the cooldown: scheduled actions never wait for it" if c else ""
            add("scheduled", f"scheduled action sets {', '.join(parts)}: desired {a:.0f} → {b:.0f}{note}")
        elif code == K.E_MANUAL:
            m = cfg.manual[p]
            how = "HonorCooldown on, waited for the cooldown" if m.honor_cooldown else "HonorCooldown off"
            add("manual", f"manual SetDesiredCapacity {c:.0f} ({how}): desired {a:.0f} → {b:.0f}")
        elif code == K.E_MANUAL_HELD:
            add(
                "suppressed",
                f"manual SetDesiredCapacity {a:.0f} with HonorCooldown held by cooldown until {_clock(b * dt)}",
            )
        elif code == K.E_FAIL:
            add("failure", f"{a:.0f} instance(s) failed; health checks will notice in {b:.0f} s", n=a)
        elif code == K.E_REPLACE:
            add("replace", f"health check found {a:.0f} unhealthy instance(s): terminated and replaced (no cooldown)")
        elif code == K.E_GRACE:
            add(
                "unhealthy",
                f"{a:.0f} new instance(s) failed the first health check at the end of a {b:.0f} s grace period "
                f"(the application needs {c:.0f} s to start): terminated and replaced",
                n=a,
            )
        elif code == K.E_PRED:
            add(
                "predictive",
                f"predictive scaling: forecast needs {c:.0f} instances for the hour from "
                f"{_clock((i * dt + cfg.predictive.buffer_s) // 3600 * 3600)}; launched "
                f"{cfg.predictive.buffer_s:.0f} s ahead: desired {a:.0f} → {b:.0f}",
            )
        elif code == K.E_MAX_RAISED:
            add("max_raised", f"IncreaseMaxCapacity: max {a:.0f} → {b:.0f} for the forecast (never lowered back)")
    if n > len(ev):
        log.add(0.0, "note", f"{n - len(ev)} further events not recorded", scenario=scenario)
    _ = period


def cfg_scheduled(cfg: GroupConfig) -> list[tuple[int, int, int, int]]:
    """Scheduled actions expanded (daily ones repeated) as ``(step, min, max, desired)``, by time."""
    out = []
    for a in cfg.scheduled:
        times = [a.at_s]
        if a.daily:
            times = list(np.arange(a.at_s % 86_400, cfg.horizon_s, 86_400.0))
        for t in times:
            if t < cfg.horizon_s:
                out.append(
                    (
                        round(t / cfg.dt_s),
                        -1 if a.min_size is None else a.min_size,
                        -1 if a.max_size is None else a.max_size,
                        -1 if a.desired is None else a.desired,
                    )
                )
    return sorted(out)
