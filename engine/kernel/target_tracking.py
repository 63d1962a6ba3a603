"""Target tracking, as EC2 Auto Scaling evaluates it: shared by every lab that scales a fleet.

The rules (aws-facts.md §1.6, §10):

* two alarms per policy: scale out after **3 of 3** one-minute datapoints above the target;
  scale in after **15 of 15** datapoints below ``low_factor x target`` (≈ 0.7 for EC2 Auto Scaling,
  observed; 0.9 for Application Auto Scaling, documented);
* new capacity is **proportional**: ``current x metric / target``, rounded **up** when adding and
  conservatively (removing fewer) when removing — both are ``ceil`` of the proportional value
  (AWS: adding 1.5 -> add 2; removing 1.5 -> remove 1; 10 instances at 150 vs target 100 -> 15);
* instances still **warming up** count as already added, and scale-in is blocked while any warm;
* ``INSUFFICIENT_DATA`` (no datapoint) evaluates neither alarm;
* several policies on one group (§1.6): out if **any** wants out, in only if **all** with scale-in
  enabled agree, to the largest capacity any asks for (the group kernel combines them);
* "more aggressive in adding capacity than in removing it" (§1.6; AWS publishes no exact rule).
  **Approximation, ours** (:func:`gradual_scale_in`): one scale-in removes at most
  :data:`SCALE_IN_MAX_FRACTION` of the current capacity, rounded up (so at least 1 instance), and
  the next needs a fresh 15 of 15 low datapoints, taken after the previous scale-in.

Everything here is a numba-compiled scalar function, callable from other kernels, plus the
plain-Python :func:`target_tracking_capacity` for notebooks.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = [
    "AAS_LOW_FACTOR",
    "EC2_LOW_FACTOR",
    "HIGH_DATAPOINTS",
    "LOW_DATAPOINTS",
    "NO_CHANGE",
    "SCALE_IN",
    "SCALE_IN_MAX_FRACTION",
    "SCALE_OUT",
    "alarm_counts",
    "gradual_scale_in",
    "proportional_capacity",
    "target_tracking_capacity",
    "tt_decide",
]

HIGH_DATAPOINTS = 3
LOW_DATAPOINTS = 15
EC2_LOW_FACTOR = 0.7
AAS_LOW_FACTOR = 0.9
NO_CHANGE, SCALE_OUT, SCALE_IN = 0, 1, 2
SCALE_IN_MAX_FRACTION = 0.1
"""Largest share of the group one target-tracking scale-in removes (an approximation: §1.6 says only
that scale-in is more gradual than scale-out)."""
_EPS = 1e-9


@njit(cache=True, nogil=True)
def gradual_scale_in(current: int, want: int) -> int:
    """The capacity one target-tracking scale-in goes to: ``want``, but removing at most
    ``ceil(SCALE_IN_MAX_FRACTION x current)`` instances (approximation of §1.6, see the module).

    >>> int(gradual_scale_in(20, 2)), int(gradual_scale_in(18, 2)), int(gradual_scale_in(5, 2)), int(gradual_scale_in(9, 8))
    (18, 16, 4, 8)
    """
    step = int(math.ceil(SCALE_IN_MAX_FRACTION * current - _EPS))  # noqa: RUF046 (numba typing)
    return max(want, current - max(step, 1))


@njit(cache=True, nogil=True)
def proportional_capacity(current: int, metric: float, target: float) -> int:
    """``ceil(current x metric / target)``: up when adding, fewer removed when removing."""
    if target <= 0.0:
        return current
    return int(math.ceil(current * metric / target - _EPS))  # noqa: RUF046 (numba typing)


def target_tracking_capacity(current: int, metric: float, target: float) -> int:
    """The capacity a target-tracking policy asks for (aws-facts §1.6).

    >>> target_tracking_capacity(10, 150, 100)
    15
    >>> target_tracking_capacity(10, 85, 100)  # proportional 8.5: remove 1, not 2
    9
    """
    if current < 0:
        raise ValueError(f"current must be at least 0, got {current}")
    if not (target > 0):
        raise ValueError(f"target must be greater than 0, got {target}")
    if not (metric >= 0) or not math.isfinite(metric):
        raise ValueError(f"metric must be a finite number at least 0, got {metric}")
    return int(proportional_capacity(int(current), float(metric), float(target)))


@njit(cache=True, nogil=True)
def alarm_counts(metric: float, target: float, low_factor: float, high_count: int, low_count: int) -> tuple[int, int]:
    """Update the consecutive-datapoint counters of the high and low alarms with one datapoint.

    A NaN metric is INSUFFICIENT_DATA: both counters reset (no alarm can fire on missing data).
    """
    if np.isnan(metric):
        return 0, 0
    high = high_count + 1 if metric > target else 0
    low = low_count + 1 if metric < low_factor * target else 0
    return high, low


@njit(cache=True, nogil=True)
def tt_decide(
    in_service: int,
    warming: int,
    metric: float,
    target: float,
    high_count: int,
    low_count: int,
    scale_in_enabled: bool,
    high_needed: int,
    low_needed: int,
) -> tuple[int, int]:
    """One evaluation of a target-tracking policy: ``(action, desired)``.

    ``in_service`` counts instances past warm-up (their metric is what the alarm sees);
    ``warming`` are launched but not yet counted in the metric. The answer is
    ``proportional(in_service)``; warming instances count as already added (§1.5), so a
    scale-out happens only if that exceeds in-service + warming — repeated breaches while
    instances warm add only the difference, never the same instances twice. Scale-in needs no
    instance warming. (§10's note writes "plus warming"; taken literally it would add the
    warming instances a second time, so this module follows §1.5's statement instead.)
    """
    total = in_service + warming
    if high_count >= high_needed:
        want = proportional_capacity(in_service, metric, target)
        if want > total:
            return SCALE_OUT, want
        return NO_CHANGE, total
    if low_count >= low_needed and scale_in_enabled and warming == 0:
        want = proportional_capacity(in_service, metric, target)
        if want < total:
            return SCALE_IN, want
    return NO_CHANGE, total
