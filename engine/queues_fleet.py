"""The consumer side of the SQS kernel (:mod:`engine.queues_kernel`), as compiled steps it calls
once per time step: the outage and slowdown windows, launched consumers coming into service and
finishing their warm-up, and the scaling of the consumer group — the Lambda event source mapping's
ramp (aws-facts §6) or one datapoint of the target-tracking policy (the shared controller in
:mod:`engine.target_tracking`, aws-facts §1.6, §4).

Layout, event codes and the message-side steps are in :mod:`engine.queues_parts`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.queues_parts import (
    EV_AT_MAX,
    EV_LAMBDA_MAX,
    EV_OUTAGE_END,
    EV_OUTAGE_START,
    EV_SCALE_IN,
    EV_SCALE_OUT,
    EV_SLOW_END,
    EV_SLOW_START,
    MODE_BACKLOG,
    MODE_FIXED,
    MODE_LAMBDA,
    O_METRIC,
    P_CMAX,
    P_CMIN,
    P_DT,
    P_LAM_MAX,
    P_LAM_RATE,
    P_OUT0,
    P_OUT1,
    P_SLOW0,
    P_SLOW1,
    P_TARGET,
    _ev,
)
from engine.target_tracking import (
    EC2_LOW_FACTOR,
    HIGH_DATAPOINTS,
    LOW_DATAPOINTS,
    SCALE_IN,
    SCALE_OUT,
    alarm_counts,
    tt_decide,
)


@njit(cache=True)
def _disruptions(p, i, slowf, waiting, ev_t, ev_code, ev_val, n_ev):
    """The outage and slowdown windows at step ``i``: ``(consumers down, processing-time factor,
    n_ev)``; an event on each edge (``waiting``: visible messages, for the sentence)."""
    dt = p[P_DT]
    if p[P_OUT1] > p[P_OUT0]:
        if i == int(p[P_OUT0] / dt):
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_OUTAGE_START, waiting, 0.0, 0.0)
        if i == int(p[P_OUT1] / dt):
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_OUTAGE_END, waiting, 0.0, 0.0)
    if p[P_SLOW1] > p[P_SLOW0] and slowf > 1.0:
        if i == int(p[P_SLOW0] / dt):
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_SLOW_START, slowf, 0.0, 0.0)
        if i == int(p[P_SLOW1] / dt):
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_SLOW_END, waiting, 0.0, 0.0)
    t_s = i * dt
    down = p[P_OUT0] <= t_s < p[P_OUT1]
    slow = slowf if p[P_SLOW0] <= t_s < p[P_SLOW1] else 1.0
    return down, slow, n_ev


@njit(cache=True)
def _fleet_arrivals(i, warm_steps, pend_ring, warm_ring, in_service, pending, warming):
    """Launches that finish at step ``i`` go into service (and start warming up); warm-ups that
    finish end. ``pend_ring``/``warm_ring``: counts by step, same length. Returns
    ``(in_service, pending, warming)``."""
    fleet_ring = pend_ring.shape[0]
    fslot = i % fleet_ring
    ready = pend_ring[fslot]
    pend_ring[fslot] = 0
    pending -= ready
    in_service += ready
    warming += ready
    if ready > 0 and warm_steps > 0:
        warm_ring[(i + warm_steps) % fleet_ring] += ready
    elif ready > 0:
        warming -= ready
    done_warm = warm_ring[fslot]
    warm_ring[fslot] = 0
    warming = max(0, warming - done_warm)
    return in_service, pending, warming


@njit(cache=True)
def _tt_step(p, mode, i, visible, in_service, pending, warming, high, low, at_max_flag, pend_ring, ready_slot,
             out, ev_t, ev_code, ev_val, n_ev):  # fmt: skip
    """One 1-minute datapoint of the consumer group's target-tracking policy (shared controller,
    aws-facts §1.6, §4). Backlog per instance = visible / in service; raw depth = visible.
    Launching consumers count as already added (``tt_decide``'s ``warming``); scale-in waits until no
    consumer is warming up. After an action both alarm counters restart (a new breach is needed)."""
    metric = visible / in_service if in_service > 0 else np.nan
    if mode != MODE_BACKLOG:
        metric = float(visible)
    high, low = alarm_counts(metric, p[P_TARGET], EC2_LOW_FACTOR, high, low)
    out[O_METRIC, i] = metric
    action, desired = tt_decide(
        in_service, pending, metric, p[P_TARGET], high, low, warming == 0, HIGH_DATAPOINTS, LOW_DATAPOINTS
    )
    total = in_service + pending
    if action != 0:
        clamped = min(int(p[P_CMAX]), max(int(p[P_CMIN]), desired))
        if action == SCALE_OUT and clamped > total:
            pend_ring[ready_slot] += clamped - total
            pending += clamped - total
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_SCALE_OUT, total, clamped, metric)
            at_max_flag = False
        elif action == SCALE_OUT and not at_max_flag:
            at_max_flag = True
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_AT_MAX, total, desired, metric)
        elif action == SCALE_IN and clamped < total:
            in_service -= total - clamped
            n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_SCALE_IN, total, clamped, metric)
            at_max_flag = False
        high = 0
        low = 0
    return in_service, pending, high, low, at_max_flag, n_ev


@njit(cache=True)
def _scale_consumers(p, mode, i, period, launch_steps, visible, down, busy, lam, lam_max_seen, in_service, pending,
                     warming, high, low, at_max_flag, pend_ring, out, ev_t, ev_code, ev_val, n_ev):  # fmt: skip
    """The consumer group's size after step ``i``'s scaling decision. Lambda (§6): concurrency
    ``lam`` ramps by ``P_LAM_RATE`` a minute while messages wait, up to ``P_LAM_MAX``, and falls back
    to 5 pollers (or the busy slots) when the queue is empty. Target tracking: one datapoint every
    ``period`` steps (:func:`_tt_step`); launches land ``launch_steps`` later. Returns
    ``(in_service, pending, high, low, at_max_flag, lam, lam_max_seen, n_ev)``."""
    if mode == MODE_LAMBDA:
        if visible > 0 and not down:
            lam = min(p[P_LAM_MAX], lam + p[P_LAM_RATE] * p[P_DT] / 60.0)
            if lam >= p[P_LAM_MAX] and not lam_max_seen:
                lam_max_seen = True
                n_ev = _ev(ev_t, ev_code, ev_val, n_ev, i, EV_LAMBDA_MAX, lam, visible, 0.0)
        elif visible == 0:
            lam = max(min(5.0, p[P_LAM_MAX]), math.ceil(busy))
        in_service = int(lam)
    elif mode != MODE_FIXED and i % period == 0 and i > 0:
        in_service, pending, high, low, at_max_flag, n_ev = _tt_step(
            p, mode, i, visible, in_service, pending, warming, high, low, at_max_flag,
            pend_ring, (i + launch_steps) % pend_ring.shape[0], out, ev_t, ev_code, ev_val, n_ev,
        )  # fmt: skip
    elif mode != MODE_FIXED:
        out[O_METRIC, i] = out[O_METRIC, i - 1] if i > 0 else np.nan
    return in_service, pending, high, low, at_max_flag, lam, lam_max_seen, n_ev
