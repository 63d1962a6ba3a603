"""One 1-minute datapoint of the consumer group's target-tracking policy, compiled for the queue
kernel: the shared controller (:mod:`engine.kernel.target_tracking`, aws-facts §1.6) on the
queue's metric (§4). It runs once a datapoint, not every step, so calling it costs nothing
measurable (the per-step fleet steps stay inside the kernel: see :mod:`engine.queues.kernel`).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kernel.events import emit
from engine.kernel.target_tracking import (
    EC2_LOW_FACTOR,
    HIGH_DATAPOINTS,
    LOW_DATAPOINTS,
    SCALE_IN,
    SCALE_OUT,
    alarm_counts,
    tt_decide,
)
from engine.queues.layout import EV, MODE, OUT, P

__all__ = ["consumer_datapoint"]


@njit(cache=True, nogil=True)
def consumer_datapoint(p, mode, i, visible, in_service, pending, warming, high, low, at_max_flag, pend_ring,
                       ready_slot, out, ev, n_ev):  # fmt: skip
    """Evaluate the policy at step ``i``: backlog per instance = visible / in service; raw depth =
    visible. Launching consumers count as already added (``tt_decide``'s ``warming``); scale-in
    waits until no consumer is warming up. After an action both alarm counters restart (a new
    breach is needed). Returns the updated ``(in_service, pending, high, low, at_max_flag, n_ev)``."""
    metric = visible / in_service if in_service > 0 else np.nan
    if mode != MODE.BACKLOG:
        metric = float(visible)
    high, low = alarm_counts(metric, p[P.TARGET], EC2_LOW_FACTOR, high, low)
    out[OUT.METRIC, i] = metric
    action, desired = tt_decide(
        in_service, pending, metric, p[P.TARGET], high, low, warming == 0, HIGH_DATAPOINTS, LOW_DATAPOINTS
    )
    total = in_service + pending
    if action != 0:
        clamped = min(int(p[P.MAX_CONSUMERS]), max(int(p[P.MIN_CONSUMERS]), desired))
        if action == SCALE_OUT and clamped > total:
            pend_ring[ready_slot] += clamped - total
            pending += clamped - total
            n_ev = emit(ev, n_ev, i, EV.SCALE_OUT, total, clamped, metric)
            at_max_flag = False
        elif action == SCALE_OUT and not at_max_flag:
            at_max_flag = True
            n_ev = emit(ev, n_ev, i, EV.AT_MAX, total, desired, metric)
        elif action == SCALE_IN and clamped < total:
            in_service -= total - clamped
            n_ev = emit(ev, n_ev, i, EV.SCALE_IN, total, clamped, metric)
            at_max_flag = False
        high = 0
        low = 0
    return in_service, pending, high, low, at_max_flag, n_ev
