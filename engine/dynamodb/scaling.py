"""Auto scaling and the UpdateTable decrease budget of the DynamoDB kernel (compiled helpers).

* §3.3 (aws-facts.md) auto scaling: :func:`autoscale_minute`, one CloudWatch datapoint a minute per
  scalable dimension (the table's RCU and WCU, or a GSI's WCU: a GSI has its own target tracking,
  course notes "Supports Global Secondary Indexes") — target tracking, 2 datapoints above target to scale up, 15 consecutive below
  (0.9 × target, §10) to scale down, the update takes minutes; zero consumption gives no datapoint,
  so no scale-in (course notes, 2017-2019 docs); workaround 2 pins max to min.
* §3.3 the decrease budget: :func:`decrease_ok` and :func:`record_decrease` — up to 4 decreases
  in the first hour of the UTC day in which decreases are made (the hour starts with the day's
  first decrease), then 1 per hour if none in the previous hour, 27 a day. One UpdateTable call
  is one decrease however many of its values it lowers (a manual call lowering RCU and WCU
  together counts once); auto scaling's read and write targets are separate scalable targets,
  so each of their activities is its own call. The table and each GSI have separate budgets.

Called once a minute or on an event, never per step, so the cross-file calls cost nothing
measurable; :mod:`engine` keys numba's cache folder by a hash of every engine source file, so
``cache=True`` never keeps a stale copy of these helpers inside the kernel.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.dynamodb.layout import DIM, EV, RULE, SC
from engine.kernel.events import emit

__all__ = [
    "DATAPOINT_S",
    "DAY_S",
    "DECREASES_FIRST_HOUR",
    "DECREASES_PER_DAY",
    "HIGH_DATAPOINTS",
    "HOUR_S",
    "LOW_DATAPOINTS",
    "PIN_AFTER_ZERO_MIN",
    "SCALE_IN_FRACTION",
    "autoscale_minute",
    "decrease_ok",
    "new_day",
    "record_decrease",
]

DATAPOINT_S = 60  # §3.3 one CloudWatch datapoint a minute
DAY_S = 86_400  # the decrease budget counts per UTC day
HOUR_S = 3600
HIGH_DATAPOINTS = 2  # §3.3 datapoints above target before scaling up
LOW_DATAPOINTS = 15  # §3.3 consecutive datapoints below the scale-in threshold before scaling down
SCALE_IN_FRACTION = 0.9  # §10 the low alarm sits at 0.9 × target
DECREASES_FIRST_HOUR = 4  # §3.3 decreases allowed in the first hour of a UTC day
DECREASES_PER_DAY = 27  # §3.3 decreases allowed per UTC day
PIN_AFTER_ZERO_MIN = LOW_DATAPOINTS  # workaround 2: the operator sets max = min once the low alarm would fire


@njit(cache=True, nogil=True)
def decrease_ok(t, sc):
    """The :data:`~engine.dynamodb.layout.RULE` that refuses a decrease at ``t`` (§3.3), or
    ``RULE.ALLOWED``: the day's first decrease opens its first hour, which allows 4; after that
    hour one per hour, if none was made in the hour before; 27 a day."""
    made = sc[SC.DECREASES_TODAY]
    if made >= DECREASES_PER_DAY:
        return RULE.DAILY
    if made == 0:
        return RULE.ALLOWED
    if t - sc[SC.FIRST_DECREASE_T] < HOUR_S:
        return RULE.ALLOWED if made < DECREASES_FIRST_HOUR else RULE.FIRST_HOUR
    return RULE.ALLOWED if t - sc[SC.LAST_DECREASE_T] >= HOUR_S else RULE.HOURLY


@njit(cache=True, nogil=True)
def record_decrease(t, sc):
    """Count one decrease (one UpdateTable call) made at ``t``."""
    if sc[SC.DECREASES_TODAY] == 0:
        sc[SC.FIRST_DECREASE_T] = t
    sc[SC.DECREASES_TODAY] += 1
    sc[SC.LAST_DECREASE_T] = t


@njit(cache=True, nogil=True)
def new_day(sc):
    """A new UTC day: the decrease budget starts again."""
    sc[SC.DECREASES_TODAY] = 0.0
    sc[SC.FIRST_DECREASE_T] = -1e18


@njit(cache=True, nogil=True)
def autoscale_minute(t, target, zero_hold, pin, delay, prov, minc, maxc, pend_val, pend_end, high, low, cons_min,
                     zlog, rlog, sc, ev, n, first_dim):  # fmt: skip
    """One CloudWatch datapoint per scalable dimension: alarms, then UpdateTable.

    The arrays (``prov`` … ``rlog``) hold one entry per dimension of one resource: the table's
    ``DIM.RCU`` and ``DIM.WCU``, or a GSI's write capacity alone; events name entry ``i`` as
    dimension ``first_dim + i`` (:data:`~engine.dynamodb.layout.DIMENSION_NAMES`). ``sc`` is the
    resource's own state (decrease budget, zero minutes). ``cons_min``: capacity consumed in the
    minute; ``target``: utilisation fraction; ``zero_hold``: the course edition's
    no-datapoint-at-zero rule; ``pin``: workaround 2 (max = min). Events go to ``ev`` from row
    ``n``; returns the new event count.
    """
    both_zero = True
    for d in range(prov.shape[0]):
        both_zero = both_zero and cons_min[d] == 0
    sc[SC.ZERO_MINUTES] = sc[SC.ZERO_MINUTES] + 1 if both_zero else 0.0
    if pin:
        if sc[SC.PINNED] == 0.0 and sc[SC.ZERO_MINUTES] >= PIN_AFTER_ZERO_MIN:
            sc[SC.PINNED] = 1.0
            n = emit(ev, n, t, EV.PIN, minc[DIM.RCU], minc[DIM.WCU], prov[DIM.RCU], prov[DIM.WCU])
        elif sc[SC.PINNED] == 1.0 and not both_zero:
            sc[SC.PINNED] = 0.0
            n = emit(ev, n, t, EV.UNPIN, maxc[DIM.RCU], maxc[DIM.WCU])
    pinned = sc[SC.PINNED] == 1.0
    for d in range(prov.shape[0]):
        code = first_dim + d
        util = cons_min[d] / (prov[d] * DATAPOINT_S)
        zero = cons_min[d] == 0
        top = minc[d] if pinned else maxc[d]
        if zero and zero_hold and not pinned:
            high[d] = 0
            low[d] = 0
            if zlog[d] == 0 and prov[d] > minc[d]:
                n = emit(ev, n, t, EV.ZERO_HOLD, code, prov[d], minc[d])
                zlog[d] = 1
        else:
            if zero and zlog[d] == 0 and prov[d] > minc[d] and not pinned:
                n = emit(ev, n, t, EV.ZERO_COUNTED, code, prov[d], minc[d])
                zlog[d] = 1
            elif not zero:
                zlog[d] = 0
            if util > target:
                high[d] += 1
                low[d] = 0
            elif util < SCALE_IN_FRACTION * target:
                low[d] += 1
                high[d] = 0
            else:
                high[d] = 0
                low[d] = 0
        if pend_end[d] != np.inf:
            continue
        desired = max(math.ceil(cons_min[d] / DATAPOINT_S / target - 1e-9), 1.0)
        desired = min(max(desired, minc[d]), top)
        if high[d] >= HIGH_DATAPOINTS and desired > prov[d]:
            pend_val[d] = desired
            pend_end[d] = t + delay
            high[d] = 0
            rlog[d] = 0
            n = emit(ev, n, t, EV.SCALE, code, prov[d], desired, util, 0.0, delay)
            continue
        if not ((low[d] >= LOW_DATAPOINTS or (pinned and prov[d] > top)) and desired < prov[d]):
            rlog[d] = 0  # no decrease wanted: the next refusal starts a new streak and is logged
        else:
            why = decrease_ok(t, sc)
            if why != RULE.ALLOWED:
                if rlog[d] == 0:
                    n = emit(ev, n, t, EV.REFUSED, code, prov[d], desired, why, 1.0, sc[SC.DECREASES_TODAY])
                    rlog[d] = 1
                continue
            record_decrease(t, sc)
            pend_val[d] = desired
            pend_end[d] = t + delay
            low[d] = 0
            rlog[d] = 0
            n = emit(ev, n, t, EV.SCALE, code, prov[d], desired, util, 1.0 if pinned else 0.0, delay)
    return n
