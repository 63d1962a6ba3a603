"""Auto scaling and UpdateTable rules of the DynamoDB kernel (:mod:`engine.dynamodb_kernel`), and
the event rows both write.

* The event row layout (``MAXEV`` rows of ``EV_W`` numbers: t, code, then 8 values), the event
  codes and :func:`_ev`, the row writer; :mod:`engine.dynamodb_events` turns rows into sentences.
* §3.3 (aws-facts.md) auto scaling: :func:`autoscale_minute`, one CloudWatch datapoint a minute per
  dimension — target tracking, 2 datapoints above target to scale up, 15 consecutive below
  (0.9 × target, §10) to scale down, the update takes minutes; zero consumption gives no datapoint,
  so no scale-in (course notes, 2017-2019 docs); workaround 2 pins max to min.
* §3.3 the decrease budget: :func:`decrease_ok` — 4 in the first hour of a UTC day, then 1 per
  hour if none in the previous hour, 27 a day (also applied to manual UpdateTable calls).

Called once a minute or on an event, never per step, so the cross-file calls cost nothing
measurable; :mod:`engine` keys numba's cache folder by a hash of every engine source file, so
``cache=True`` never keeps a stale copy of these helpers inside the kernel.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

MAXEV = 4000  # event rows per scenario
EV_W = 10  # event row: t, code, then 8 numbers
# event codes
EV_SPLIT, EV_SCALE, EV_DONE, EV_REFUSED, EV_ZERO_HOLD, EV_ZERO_COUNTED = 1, 2, 3, 4, 5, 6
EV_THROTTLE, EV_THROTTLE_END, EV_PIN, EV_UNPIN = 7, 8, 9, 10
SC_DAY, SC_LAST, SC_ZERO, SC_PIN = 0, 1, 2, 3  # sc[]: decreases today, last decrease t, zero minutes, pinned


@njit(cache=True)
def _ev(ev, ev_n, t, code, a=0.0, b=0.0, c=0.0, d=0.0, e=0.0, f=0.0, g=0.0, h=0.0):
    i = ev_n[0]
    if i >= MAXEV:
        return
    ev[i, 0], ev[i, 1], ev[i, 2], ev[i, 3], ev[i, 4] = t, code, a, b, c
    ev[i, 5], ev[i, 6], ev[i, 7], ev[i, 8], ev[i, 9] = d, e, f, g, h
    ev_n[0] = i + 1


@njit(cache=True)
def decrease_ok(t, sc):
    """0 if a decrease is allowed now, else the rule that refuses it (§3.3): 1: 4 in the first
    hour of the UTC day, 2: one per hour after a decrease in the previous hour, 3: 27 a day."""
    if sc[SC_DAY] >= 27:
        return 3
    if (t % 86400) < 3600:
        return 0 if sc[SC_DAY] < 4 else 1
    return 0 if t - sc[SC_LAST] >= 3600 else 2


@njit(cache=True)
def autoscale_minute(t, target, zero_hold, pin, delay, prov, minc, maxc, pend_val, pend_end, high, low, cons_min,
                     zlog, rlog, sc, ev, ev_n):  # fmt: skip
    """One CloudWatch datapoint per dimension (0 = RCU, 1 = WCU): alarms, then UpdateTable.

    ``cons_min``: capacity consumed in the minute; ``target``: utilisation fraction; ``zero_hold``:
    the course edition's no-datapoint-at-zero rule; ``pin``: workaround 2 (max = min).
    """
    both_zero = cons_min[0] == 0 and cons_min[1] == 0
    sc[SC_ZERO] = sc[SC_ZERO] + 1 if both_zero else 0.0
    if pin:
        if sc[SC_PIN] == 0.0 and sc[SC_ZERO] >= 15:
            sc[SC_PIN] = 1.0
            _ev(ev, ev_n, t, EV_PIN, minc[0], minc[1], prov[0], prov[1])
        elif sc[SC_PIN] == 1.0 and not both_zero:
            sc[SC_PIN] = 0.0
            _ev(ev, ev_n, t, EV_UNPIN, maxc[0], maxc[1])
    pinned = sc[SC_PIN] == 1.0
    for d in range(2):
        util = cons_min[d] / (prov[d] * 60.0)
        zero = cons_min[d] == 0
        top = minc[d] if pinned else maxc[d]
        if zero and zero_hold and not pinned:
            high[d] = 0
            low[d] = 0
            if zlog[d] == 0 and prov[d] > minc[d]:
                _ev(ev, ev_n, t, EV_ZERO_HOLD, d, prov[d], minc[d])
                zlog[d] = 1
        else:
            if zero and zlog[d] == 0 and prov[d] > minc[d] and not pinned:
                _ev(ev, ev_n, t, EV_ZERO_COUNTED, d, prov[d], minc[d])
                zlog[d] = 1
            elif not zero:
                zlog[d] = 0
            if util > target:
                high[d] += 1
                low[d] = 0
            elif util < 0.9 * target:
                low[d] += 1
                high[d] = 0
            else:
                high[d] = 0
                low[d] = 0
        if pend_end[d] != np.inf:
            continue
        desired = max(math.ceil(cons_min[d] / 60.0 / target - 1e-9), 1.0)
        desired = min(max(desired, minc[d]), top)
        if high[d] >= 2 and desired > prov[d]:
            pend_val[d] = desired
            pend_end[d] = t + delay
            high[d] = 0
            rlog[d] = 0
            _ev(ev, ev_n, t, EV_SCALE, d, prov[d], desired, util, 1.0, delay)
            continue
        if not ((low[d] >= 15 or (pinned and prov[d] > top)) and desired < prov[d]):
            rlog[d] = 0  # no decrease wanted: the next refusal starts a new streak and is logged
        else:
            why = decrease_ok(t, sc)
            if why:
                if rlog[d] == 0:
                    _ev(ev, ev_n, t, EV_REFUSED, d, prov[d], desired, why, 1.0, sc[SC_DAY])
                    rlog[d] = 1
                continue
            sc[SC_DAY] += 1
            sc[SC_LAST] = t
            pend_val[d] = desired
            pend_end[d] = t + delay
            low[d] = 0
            rlog[d] = 0
            _ev(ev, ev_n, t, EV_SCALE, d, prov[d], desired, util, 2.0 if pinned else 1.0, delay)
