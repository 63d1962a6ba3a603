# ruff: noqa: RUF046  (numba needs explicit int() and simple branches)
"""The Lambda time-step kernel: invocations, environments and throttles per step, for one function.

The ceiling on environments follows the scaling model (:data:`~engine.lambda_.layout.MODEL`,
aws-facts §6, §9): the course notes' model has none but the cap; AWS today keeps a bucket of
``BURST`` (1,000) new environments refilled at ``RATE_PER_S`` (100/s), so a function adds 1,000
at once and 1,000 more every 10 s; AWS's older model allows a Region burst, then +500/min. Starts
per step are also capped by the request-rate quota (``RPS_QUOTA``). Busy environments are a ring of releases by step; idle environments are kept for ``IDLE_STEPS``
(a sliding maximum of busy environments) and reused without a cold start; async events wait in a
FIFO of cohorts (count, arrival step) until they run or pass the maximum event age. Parameters,
outputs and events are declared in :mod:`engine.lambda_.layout`; events go through
:func:`engine.kernel.events.emit`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.kernel.events import emit
from engine.lambda_.layout import COLD_BURST_GAP_STEPS, COLD_BURST_MIN, EV, MODEL, OUT, THROTTLE_GAP_STEPS, P

__all__ = ["run_function"]


@njit(cache=True, nogil=True)
def run_function(p, load, ev):
    """Simulate one function over ``len(load)`` steps (requests/s): ``(out, events recorded)``.

    ``p``: a :data:`~engine.lambda_.layout.P` row; ``ev``: an event buffer ``[cap, EVENT_WIDTH]``
    (event times in steps); ``out[OUT.X, step]`` holds each output row.
    """
    n = load.shape[0]
    dt = p[P.DT_S]
    dur = p[P.DURATION_S]
    cold_s = p[P.COLD_START_S]
    cap = p[P.CAP]
    model = int(p[P.MODEL])
    burst = p[P.BURST]
    rate_per_s = p[P.RATE_PER_S]
    rps_quota = p[P.RPS_QUOTA]
    tokens = burst  # AWS today: new environments allowed now (a full bucket at the start)
    provisioned = p[P.PROVISIONED]
    idle_steps = int(p[P.IDLE_STEPS])
    sync = p[P.SYNC] > 0.5
    max_age_steps = int(p[P.MAX_AGE_STEPS])
    out = np.zeros((len(OUT), n))
    rmax = int(math.ceil(dur / dt)) + 2
    busy_ring = np.zeros(rmax)
    busy = 0.0
    envs = float(provisioned)
    dcap = idle_steps + 2
    dq_v = np.zeros(dcap)
    dq_t = np.zeros(dcap, np.int64)
    dq_head = 0
    dq_len = 0
    q_cnt = np.zeros(n + 1, np.int64)
    q_t = np.zeros(n + 1, np.int64)
    q_head = 0
    q_len = 0
    waiting = 0
    dropped = 0
    acc = 0.0
    n_ev = 0
    last_code = 0
    last_t = 0
    throttling = False
    at_limit = False
    prev_limit = 0.0
    at_cap = False
    at_rps = False
    episode = False
    ep_start = 0
    ep_last = 0
    ep_total = 0
    for i in range(n):
        slot = i % rmax
        busy = max(0.0, busy - busy_ring[slot])
        busy_ring[slot] = 0.0
        acc += load[i] * dt
        arrivals = int(math.floor(acc + 1e-9))
        acc -= arrivals
        # the ceiling: the cap, and how fast environments may be added
        if model == MODEL.UNLIMITED:
            limit = float(cap)
        elif model == MODEL.PER_FUNCTION:
            if i > 0:
                tokens = min(burst, tokens + rate_per_s * dt)  # unused rate does not accumulate
            limit = min(float(cap), max(envs + tokens, float(provisioned)))
        else:
            base = max(envs, prev_limit) if throttling or at_limit else envs  # keep fractional growth
            grow = max(float(burst), base + rate_per_s * dt)
            limit = min(float(cap), max(grow, float(provisioned)))
        d_eff = dur
        per_slot = dt / d_eff if d_eff < dt else 1.0
        room = max(0.0, limit - busy) * per_slot
        if sync:
            want = arrivals
        else:
            if arrivals > 0:
                q_cnt[q_len + q_head] = arrivals
                q_t[q_len + q_head] = i
                q_len += 1
                waiting += arrivals
            while q_len > 0 and q_t[q_head] <= i - max_age_steps:
                dropped += q_cnt[q_head]
                waiting -= q_cnt[q_head]
                q_head += 1
                q_len -= 1
                n_ev = emit(ev, n_ev, i, EV.DROP, dropped, max_age_steps * dt)
                last_code, last_t = EV.DROP, i
            want = waiting
        busy_before = busy
        fits = min(want, int(math.floor(room + 1e-9)))  # starts the environments allow
        started = fits
        rate_limited = 0
        if rps_quota >= 0.0:
            allowed = int(math.floor(rps_quota * dt + 1e-9))
            if started > allowed:
                rate_limited = started - allowed if sync else 0
                started = allowed
            if want > allowed and not at_rps:
                n_ev = emit(ev, n_ev, i, EV.RPS_CAP, rps_quota, want / dt)
                last_code, last_t = EV.RPS_CAP, i
                at_rps = True
        throttled = want - started if sync else (arrivals if started < want else 0)
        if not sync:
            left = started
            while left > 0 and q_len > 0:
                take = min(left, q_cnt[q_head])
                q_cnt[q_head] -= take
                left -= take
                waiting -= take
                if q_cnt[q_head] == 0:
                    q_head += 1
                    q_len -= 1
        # environments: busy slots after the starts; new ones beyond the warm pool are cold
        need = busy + started / per_slot
        cold = 0
        if need > envs + 1e-9:
            cold = int(math.ceil(need - envs - 1e-9))
            cold = min(cold, started)
            if model == MODEL.PER_FUNCTION:
                tokens = max(0.0, tokens - (need - envs))
            envs = need
        # Init adds latency to the cold invocations (duration_ms), not occupancy (a simplification)
        w = started / per_slot
        busy += w
        busy_ring[(i + max(1, int(math.ceil(dur / dt - 1e-9)))) % rmax] += w
        # idle environments are reclaimed after idle_steps without being needed (sliding max of busy)
        while dq_len > 0 and dq_v[(dq_head + dq_len - 1) % dcap] <= busy:
            dq_len -= 1
        dq_v[(dq_head + dq_len) % dcap] = busy
        dq_t[(dq_head + dq_len) % dcap] = i
        dq_len += 1
        while dq_t[dq_head] <= i - idle_steps:
            dq_head = (dq_head + 1) % dcap
            dq_len -= 1
        envs = max(float(provisioned), min(envs, math.ceil(dq_v[dq_head] - 1e-9)))
        # throttling episodes, rolled up: one event when one starts (after THROTTLE_GAP_STEPS without
        # throttling), one with its total when it has ended (or at the end of the run)
        if throttled > 0:
            if not episode:
                episode, ep_start, ep_total = True, i, 0
                n_ev = emit(ev, n_ev, i, EV.THROTTLE, throttled, limit, 1.0 if fits < want else 0.0)
                last_code, last_t = EV.THROTTLE, i
            ep_total += throttled
            ep_last = i
        if episode and (i - ep_last > THROTTLE_GAP_STEPS or i == n - 1):
            n_ev = emit(
                ev, n_ev, i, EV.THROTTLE_END, ep_total, (ep_last - ep_start + 1) * dt, 1.0 if i == ep_last else 0.0
            )
            last_code, last_t = EV.THROTTLE_END, i
            episode = False
        throttling = throttled > 0
        at_limit = want > started
        prev_limit = limit
        if limit >= cap and want > fits and not at_cap:
            n_ev = emit(ev, n_ev, i, EV.AT_CAP, cap, busy_before + want / per_slot)
            last_code, last_t = EV.AT_CAP, i
            at_cap = True
        if cold >= COLD_BURST_MIN and (n_ev == 0 or last_code != EV.COLD_BURST or i - last_t > COLD_BURST_GAP_STEPS):
            n_ev = emit(ev, n_ev, i, EV.COLD_BURST, cold, cold_s)
            last_code, last_t = EV.COLD_BURST, i
        out[OUT.INVOCATIONS, i] = started
        out[OUT.CONCURRENCY, i] = busy
        out[OUT.ENVIRONMENTS, i] = envs
        out[OUT.LIMIT, i] = limit
        out[OUT.THROTTLED, i] = throttled
        out[OUT.RATE_LIMITED, i] = rate_limited
        out[OUT.ASYNC_WAITING, i] = waiting
        out[OUT.ASYNC_DROPPED, i] = dropped
        out[OUT.COLD_STARTS, i] = cold
        out[OUT.DURATION_MS, i] = (dur + cold_s * cold / started) * 1000.0 if started > 0 else 0.0
    return out, n_ev
