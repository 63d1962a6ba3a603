# ruff: noqa: RUF046  (numba needs explicit int())
"""The tight architecture's time-step kernel: a web tier that holds a thread per request while a
synchronous worker tier serves it (requests as cohorts by arrival step, never one by one).

The caller's timeout covers the whole response, queueing and processing: a request still waiting
for a worker after ``TIMEOUT_STEPS`` fails (504), and so does one a worker picks up too late to
finish in time (its wait + processing > ``TIMEOUT_S``). The caller gives up at the timeout, which
frees its web thread; the worker, which cannot know, still spends the processing time on it
(``SYNC_WASTED``). No request counted served took longer than the timeout.
Parameters, outputs and events are declared in :mod:`engine.coupling.layout`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.coupling.layout import EV, OUT, P
from engine.kernel.events import emit

__all__ = ["run_chain"]


@njit(cache=True, nogil=True)
def run_chain(p, load, ev):
    """Simulate the synchronous chain over ``len(load)`` steps (requests/s): ``(out, events recorded)``.

    ``p``: a :data:`~engine.coupling.layout.P` row; ``ev``: an event buffer ``[cap, EVENT_WIDTH]``
    (event times in steps); ``out[OUT.X, step]`` holds each output row.
    """
    n = load.shape[0]
    dt = p[P.DT_S]
    workers = p[P.WORKERS]
    proc = p[P.PROCESSING_S]
    timeout_s = p[P.TIMEOUT_S]
    timeout_steps = int(p[P.TIMEOUT_STEPS])
    web_threads = int(p[P.WEB_THREADS])
    out0 = p[P.OUTAGE_START_S]
    out1 = p[P.OUTAGE_END_S]
    slow0 = p[P.SLOW_START_S]
    slow1 = p[P.SLOW_END_S]
    slowf = p[P.SLOW_FACTOR]
    out = np.zeros((len(OUT), n))
    q_cnt = np.zeros(n + 1, np.int64)
    q_t = np.zeros(n + 1, np.int64)
    q_head = 0
    q_len = 0
    waiting = 0
    rmax = int(math.ceil(proc * max(1.0, slowf) / dt)) + 2
    release = np.zeros(rmax, np.int64)
    slots = np.zeros(rmax)
    busy = 0.0
    processing = 0
    late_ring = np.zeros(timeout_steps + 2, np.int64)  # picked too late: the step their caller gives up
    late = 0
    lost = 0
    acc = 0.0
    n_ev = 0
    failing = False
    wasting = False
    for i in range(n):
        t = i * dt
        slot = i % rmax
        processing -= release[slot]
        served = release[slot]
        release[slot] = 0
        busy = max(0.0, busy - slots[slot])
        slots[slot] = 0.0
        acc += load[i] * dt
        a = int(math.floor(acc + 1e-9))
        acc -= a
        # timeouts: callers of requests picked up too late give up now, then the oldest waiting ones
        lslot = i % late_ring.shape[0]
        timed_out = late_ring[lslot]
        late -= late_ring[lslot]
        late_ring[lslot] = 0
        while q_len > 0 and q_t[q_head] <= i - timeout_steps:
            timed_out += q_cnt[q_head]
            waiting -= q_cnt[q_head]
            q_head += 1
            q_len -= 1
        # the web tier: a thread per request in flight
        free_threads = web_threads - waiting - processing - late
        accepted = min(a, max(0, free_threads))
        refused = a - accepted
        failed = timed_out + refused
        if accepted > 0:
            q_cnt[q_head + q_len] = accepted
            q_t[q_head + q_len] = i
            q_len += 1
            waiting += accepted
        # the worker tier
        down = out0 <= t < out1
        pt = proc * (slowf if slow0 <= t < slow1 else 1.0)
        lat_sum = 0.0
        picked = 0
        wasted = 0
        late_wait = 0.0
        if not down:
            free = workers - busy
            cap = int(math.floor((free if pt >= dt else free * dt / pt) + 1e-9))
            d = max(1, int(math.ceil(pt / dt - 1e-9)))
            while cap > 0 and q_len > 0:
                take = min(cap, q_cnt[q_head])
                latency = (i - q_t[q_head]) * dt + pt
                if latency <= timeout_s + 1e-9:
                    lat_sum += take * latency
                    picked += take
                    if pt < dt:
                        served += take
                    else:
                        release[(i + d) % rmax] += take
                        processing += take
                else:  # the caller gives up at its timeout; the worker still does the work
                    late_ring[(q_t[q_head] + timeout_steps) % late_ring.shape[0]] += take
                    late += take
                    wasted += take
                    late_wait = max(late_wait, (i - q_t[q_head]) * dt)
                q_cnt[q_head] -= take
                waiting -= take
                cap -= take
                w = take * min(pt, dt) / dt
                busy += w
                slots[(i + d) % rmax] += w
                if q_cnt[q_head] == 0:
                    q_head += 1
                    q_len -= 1
        lost += failed
        if wasted > 0 and not wasting:
            n_ev = emit(ev, n_ev, i, EV.LATE, wasted, late_wait)
        wasting = wasted > 0
        if failed > 0 and not failing:
            n_ev = emit(ev, n_ev, i, EV.TIMEOUTS if refused == 0 else EV.SATURATED, failed)
        if failed == 0 and failing:
            n_ev = emit(ev, n_ev, i, EV.RECOVERED, lost)
        failing = failed > 0
        out[OUT.SYNC_SERVED, i] = served
        out[OUT.SYNC_FAILED, i] = failed
        out[OUT.SYNC_TIMED_OUT, i] = timed_out
        out[OUT.SYNC_REFUSED, i] = refused
        out[OUT.SYNC_WASTED, i] = wasted
        out[OUT.SYNC_WAITING, i] = waiting + processing + late
        out[OUT.SYNC_LATENCY_S, i] = lat_sum / picked if picked > 0 else 0.0
        out[OUT.SYNC_LOST, i] = lost
    return out, n_ev
