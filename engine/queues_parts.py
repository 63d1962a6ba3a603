# ruff: noqa: RUF046  (numba needs explicit int())
"""Pieces of the SQS kernel (:mod:`engine.queues_kernel`): the parameter/output layout, event codes
and the small compiled steps it calls — cohort push, spreading a chunk over processing-time bins,
and one datapoint of the consumer group's target-tracking policy (the shared controller in
:mod:`engine.kernel.target_tracking`, aws-facts §1.6, §4).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.kernel.target_tracking import (
    EC2_LOW_FACTOR,
    HIGH_DATAPOINTS,
    LOW_DATAPOINTS,
    SCALE_IN,
    SCALE_OUT,
    alarm_counts,
    tt_decide,
)

# parameter vector layout (float64)
(
    P_DT, P_FIFO, P_VIS, P_RET, P_DELAY, P_MRC, P_DLQ, P_FAIL, P_DUP, P_PRETRY, P_FIFO_CAP, P_GROUPS,
    P_INFLIGHT_CAP, P_MODE, P_C0, P_CMIN, P_CMAX, P_THREADS, P_TARGET, P_LAUNCH, P_WARM, P_PERIOD,
    P_LAM_RATE, P_LAM_MAX, P_OUT0, P_OUT1, P_SLOW0, P_SLOW1, P_SLOWF, P_POISON, N_PARAMS,
) = range(31)  # fmt: skip

MODE_FIXED, MODE_BACKLOG, MODE_DEPTH, MODE_LAMBDA = 0, 1, 2, 3

# output columns (int64 counts unless noted)
(
    O_SENT, O_THROTTLED, O_DEDUP, O_RECEIVED, O_DELETED, O_VISIBLE, O_INFLIGHT, O_DELAYED, O_DUPS,
    O_DLQ, O_EXPIRED, O_OLDEST, O_CONSUMERS, O_PENDING, O_METRIC, O_OOO, N_OUT,
) = range(17)  # fmt: skip

# event codes; values: (a, b, c)
EV_SCALE_OUT, EV_SCALE_IN, EV_AT_MAX, EV_OVERRUN, EV_DLQ, EV_POISON_DLQ, EV_EXPIRY = 1, 2, 3, 4, 5, 6, 7
EV_OUTAGE_START, EV_OUTAGE_END, EV_SLOW_START, EV_SLOW_END, EV_FIFO_THROTTLE, EV_POISON_SENT = 8, 9, 10, 11, 12, 13
EV_LAMBDA_MAX = 14
MAX_EVENTS = 4000


@njit(cache=True)
def _ev(ev_t, ev_code, ev_val, n_ev, i, code, a, b, c):
    if n_ev < MAX_EVENTS:
        ev_t[n_ev] = i
        ev_code[n_ev] = code
        ev_val[n_ev, 0] = a
        ev_val[n_ev, 1] = b
        ev_val[n_ev, 2] = c
        return n_ev + 1
    return n_ev


@njit(cache=True)
def _push(ret_a, cnt_a, sent_a, rc_a, head, length, ret, cnt, sent, rc):
    """Append a cohort (return step, count, sent step, receive count) to a FIFO ring; new length."""
    k = (head + length) % ret_a.shape[0]
    ret_a[k] = ret
    cnt_a[k] = cnt
    sent_a[k] = sent
    rc_a[k] = rc
    return length + 1


@njit(cache=True)
def _place(n_ok, n_fail, n_over, proc_bins, slow, vis, dt, i, rot, busy_ring, done_ring, rmax):
    """Spread a chunk's outcomes over the processing-time bins (equal weights, rotating remainder).

    Every message occupies a consumer slot for its processing time; successes (bins within the
    visibility timeout) are deleted when done; overruns take the bins beyond it. Returns
    ``(slots added now, deleted now, in flight until deleted)``.
    """
    K = proc_bins.shape[0]
    n_k_over = 0
    for k in range(K):
        if proc_bins[k] * slow > vis:
            n_k_over += 1
    n_in = K - n_k_over
    w_add = 0.0
    del_add = 0
    inf_add = 0
    for part in range(3):
        m = n_ok if part == 0 else (n_fail if part == 1 else n_over)
        nb = n_k_over if part == 2 else n_in
        if m == 0 or nb == 0:
            continue
        base = m // nb
        rem = m - base * nb
        j = 0
        for k in range(K):
            pk = proc_bins[k] * slow
            if (part == 2) != (pk > vis):
                continue
            cnt = base + (1 if (j + rot) % nb < rem else 0)
            j += 1
            if cnt == 0:
                continue
            w = cnt * min(pk, dt) / dt
            w_add += w
            busy_ring[(i + max(1, int(math.ceil(pk / dt - 1e-9)))) % rmax] += w
            if part == 0:
                d = int(math.floor(pk / dt + 0.5))
                if d == 0:
                    del_add += cnt
                else:
                    done_ring[(i + d) % rmax] += cnt
                    inf_add += cnt
    return w_add, del_add, inf_add


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
