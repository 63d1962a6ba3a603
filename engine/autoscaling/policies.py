"""EC2 Auto Scaling policy kinds: their configs, arithmetic, kernel parameters and alarm sentences.

A policy kind lives here in full: its frozen config with validation, its code (:data:`KIND`),
the kernel parameters it packs (:meth:`params`, into the :data:`~engine.autoscaling.layout.PI`
and :data:`~engine.autoscaling.layout.PF` slots) and the words of its alarm in the event log
(:meth:`alarm`). Elsewhere a kind is named only by the group kernel's decision branch
(:mod:`engine.autoscaling.kernel`), the package's exports and the page's policy menu
(``views/autoscaling/controls.py``); adding one touches those four files.

Facts (aws-facts.md):

* §1.3 adjustment types ``ChangeInCapacity``, ``ExactCapacity``, ``PercentChangeInCapacity``;
  percentage results are truncated toward zero with a floor of magnitude 1 (12.7 -> 12,
  0.4 -> 1, -0.4 -> -1, -6.67 -> -6); ``MinAdjustmentMagnitude`` applies to percent only.
* §1.5 step bounds are relative to the alarm threshold; no overlaps or gaps; at most one null
  lower and one null upper bound; above the threshold the lower bound is inclusive, below it the
  upper bound is; warming instances count as already added.
* §1.4 simple scaling: one adjustment, then locked until the activity ends plus the cooldown.
* §1.6 target tracking: see :mod:`engine.kernel.target_tracking` (shared, used as is).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numba import njit

from engine.autoscaling.layout import PF, PI, ST
from engine.core import check_choice, check_int, check_range
from engine.kernel.layout import slot_names, slots
from engine.kernel.target_tracking import EC2_LOW_FACTOR, HIGH_DATAPOINTS, LOW_DATAPOINTS

__all__ = [
    "ADJUST",
    "ADJUSTMENT_TYPES",
    "KIND",
    "MAX_POLICIES",
    "MAX_STEPS",
    "METRIC",
    "METRICS",
    "POLICY_TYPES",
    "Policy",
    "SimpleScalingPolicy",
    "StepScalingPolicy",
    "TargetTrackingPolicy",
    "adjusted_capacity",
    "parse_steps",
    "percent_scale_out_needs_minimum",
    "pick_step",
    "policy_arrays",
    "step_scaling_capacity",
]

METRIC = slots("MetricCodes", "CPU REQUESTS")
"""Alarm metric codes in ``pi[s, p, PI.METRIC]``: average CPU, or requests per serving instance."""
METRICS = slot_names(METRIC)
"""The metric names a policy accepts (``"cpu"``, ``"requests"``), in code order."""
ADJUST = slots("AdjustmentCodes", "CHANGE EXACT PERCENT")
"""Adjustment type codes in ``pi[s, p, PI.ADJUSTMENT_TYPE]`` (§1.3), in :data:`ADJUSTMENT_TYPES` order."""
ADJUSTMENT_TYPES = ("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity")
MAX_STEPS = 20  # §1.1 quota: 20 step adjustments per step policy
MAX_POLICIES = 4
"""Policies one group may hold here (the kernel's policy axis)."""
KIND = slots("PolicyKinds", "NONE TARGET_TRACKING STEP SIMPLE")
"""Policy kind codes in ``pi[s, p, PI.KIND]``; ``NONE`` marks an unused policy row."""
_INF = math.inf


def _metric_words(metric: str) -> tuple[str, str]:
    """The alarm's metric name and unit in a sentence: ``("CPU", " %")``."""
    return ("CPU", " %") if metric == "cpu" else ("requests", " req/s per instance")


@njit(cache=True, nogil=True)
def adjusted_capacity(current: int, adj_type: int, value: float, min_mag: int) -> int:
    """Capacity after one adjustment (§1.3); ``adj_type`` is an :data:`ADJUST` code."""
    if adj_type == ADJUST.EXACT:
        return int(value)
    if adj_type == ADJUST.CHANGE:
        return current + int(value)
    raw = current * value / 100.0
    if raw > 1.0:
        delta = int(math.floor(raw + 1e-9))  # noqa: RUF046 (numba typing)
    elif raw > 0.0:
        delta = 1
    elif raw >= -1.0:
        delta = -1 if raw < 0.0 else 0
        if raw == 0.0 and value != 0.0 and min_mag > 0:  # percent of 0 instances: only the minimum moves it
            delta = min_mag if value > 0.0 else -min_mag
    else:
        delta = int(math.ceil(raw - 1e-9))  # noqa: RUF046 (numba typing)
    if min_mag > 0 and delta != 0 and abs(delta) < min_mag:
        delta = min_mag if delta > 0 else -min_mag
    return current + delta


@njit(cache=True, nogil=True)
def pick_step(offset: float, lower: np.ndarray, upper: np.ndarray, n: int) -> int:
    """Index of the step that holds ``offset`` (metric - threshold), or -1 (§1.5 inclusivity)."""
    for k in range(n):
        if offset >= 0.0:
            if lower[k] <= offset < upper[k]:
                return k
        elif lower[k] < offset <= upper[k]:
            return k
    return -1


def _bound(v: float | None, inf: float) -> float:
    return inf if v is None else float(v)


@dataclass(frozen=True)
class TargetTrackingPolicy:
    """Keep a metric near ``target`` (§1.6): average CPU (%) or requests/s per serving instance.

    ``low_factor`` sets the scale-in alarm at ``low_factor x target`` (EC2: ≈ 0.7, observed).
    """

    target: float = 50.0
    metric: str = "cpu"
    disable_scale_in: bool = False
    low_factor: float = EC2_LOW_FACTOR

    kind: ClassVar[str] = "target tracking"
    """Short name shown in events."""
    cooldown_rule: ClassVar[str] = "course rules: the cooldown applies to dynamic scaling"
    """Why a cooldown holds this kind back (the event log's words)."""

    def __post_init__(self) -> None:
        check_choice("metric", self.metric, METRICS)
        check_range("target", self.target, 1, 100 if self.metric == "cpu" else 1e6)
        check_range("low_factor", self.low_factor, 0.1, 0.99)

    def params(self, dt_s: float) -> dict[str, float]:
        """The kernel parameters of this policy, by slot name (unnamed slots are 0)."""
        return {
            "kind": KIND.TARGET_TRACKING,
            "metric": METRICS.index(self.metric),
            "no_scale_in": int(self.disable_scale_in),
            "target": self.target,
            "low_factor": self.low_factor,
        }

    def alarm(self, value: float, scale_out: bool) -> str:
        """The alarm that fired, in AWS's words (``alarm CPU > 50 % for 3 of 3 datapoints``)."""
        name, unit = _metric_words(self.metric)
        now = f"{value:.0f}{unit}"
        if scale_out:
            n, sign, level = HIGH_DATAPOINTS, ">", f"{self.target:g}"
        else:
            n, sign, level = LOW_DATAPOINTS, "<", f"{self.low_factor * self.target:.3g}"
        return f"alarm {name} {sign} {level}{unit} for {n} of {n} datapoints (last {now}) → target tracking"


@dataclass(frozen=True)
class StepScalingPolicy:
    """Scale by the step that holds ``metric - threshold`` (§1.5).

    ``steps`` is a tuple of ``(lower, upper, adjustment)`` with bounds relative to ``threshold``
    (``None`` = unbounded). Steps at or above 0 belong to the scale-out alarm (metric >
    threshold), steps at or below 0 to the scale-in alarm (metric < threshold).
    """

    threshold: float = 50.0
    steps: tuple[tuple[float | None, float | None, float], ...] = (
        (0.0, 10.0, 0.0),
        (10.0, 20.0, 10.0),
        (20.0, None, 30.0),
        (-10.0, 0.0, 0.0),
        (-20.0, -10.0, -10.0),
        (None, -20.0, -30.0),
    )
    adjustment_type: str = "PercentChangeInCapacity"
    min_adjustment_magnitude: int | None = None
    metric: str = "cpu"
    datapoints: int = 1

    def __post_init__(self) -> None:
        check_choice("metric", self.metric, METRICS)
        check_choice("adjustment_type", self.adjustment_type, ADJUSTMENT_TYPES)
        check_range("threshold", self.threshold, 0, 100 if self.metric == "cpu" else 1e6)
        check_int("datapoints", self.datapoints, 1, 60)
        if not isinstance(self.steps, tuple):
            object.__setattr__(self, "steps", tuple(tuple(s) for s in self.steps))
        _validate_steps(self.steps, self.adjustment_type)
        _check_min_adjustment(self.min_adjustment_magnitude, self.adjustment_type)

    kind: ClassVar[str] = "step scaling"
    """Short name shown in events."""
    cooldown_rule: ClassVar[str] = TargetTrackingPolicy.cooldown_rule
    """Why a cooldown holds this kind back (the event log's words)."""

    def params(self, dt_s: float) -> dict[str, float]:
        """The kernel parameters of this policy, by slot name (unnamed slots are 0)."""
        return {**_threshold_params(self, KIND.STEP), "n_steps": len(self.steps)}

    def alarm(self, value: float, scale_out: bool) -> str:
        """The alarm that fired and the step's offset."""
        return f"{_threshold_alarm(self, value, scale_out)}, offset {value - self.threshold:+.0f} → step scaling ({self.adjustment_type})"

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Lower bounds, upper bounds and adjustments as float arrays (``±inf`` for ``None``)."""
        lo = np.array([_bound(s[0], -_INF) for s in self.steps])
        hi = np.array([_bound(s[1], _INF) for s in self.steps])
        adj = np.array([float(s[2]) for s in self.steps])
        return lo, hi, adj


def _validate_steps(steps: tuple, adj_type: str) -> None:
    """§1.5 validation: no overlap, no gap, one open end each side, no step open at both ends."""
    if not 1 <= len(steps) <= MAX_STEPS:
        raise ValueError(f"steps must hold between 1 and {MAX_STEPS} steps (§1.1 quota), got {len(steps)}")
    for s in steps:
        if len(s) != 3:
            raise ValueError(f"each step must be (lower, upper, adjustment), got {s!r}")
        lo, hi, adj = s
        if lo is None and hi is None:
            raise ValueError("a step may not have both bounds null (§1.5)")
        for name, v in (("step lower bound", lo), ("step upper bound", hi)):
            if v is not None:
                check_range(name, v, -1e6, 1e6)
        check_range("step adjustment", adj, -1e6, 1e6)
        if lo is not None and hi is not None and not lo < hi:
            raise ValueError(f"step lower bound {lo} must be below its upper bound {hi}")
        if adj_type == "ExactCapacity" and adj < 0:
            raise ValueError(f"ExactCapacity adjustments must be at least 0, got {adj}")
        if lo is not None and hi is not None and lo < 0 < hi:
            raise ValueError(f"a step may not straddle the threshold: ({lo}, {hi}) contains 0")
    if sum(s[0] is None for s in steps) > 1 or sum(s[1] is None for s in steps) > 1:
        raise ValueError("steps: at most one step may have a null lower bound and one a null upper bound (§1.5)")
    ordered = sorted(steps, key=lambda s: _bound(s[0], -_INF))
    for a, b in itertools.pairwise(ordered):
        ahi, blo = _bound(a[1], _INF), _bound(b[0], -_INF)
        if ahi > blo:
            raise ValueError(f"steps overlap: ({a[0]}, {a[1]}) and ({b[0]}, {b[1]}) (§1.5)")
        if ahi < blo:
            raise ValueError(f"steps leave a gap between {a[1]} and {b[0]} (§1.5)")
    los = [s[0] for s in steps]
    his = [s[1] for s in steps]
    if any(v is not None and v < 0 for v in los) and None not in los:
        raise ValueError("steps: a negative lower bound needs a step with a null lower bound (§1.5)")
    if any(v is not None and v > 0 for v in his) and None not in his:
        raise ValueError("steps: a positive upper bound needs a step with a null upper bound (§1.5)")


def _check_min_adjustment(magnitude: int | None, adj_type: str) -> None:
    """``min_adjustment_magnitude``: 1 to 10,000, and only with PercentChangeInCapacity (§1.3)."""
    if magnitude is None:
        return
    check_int("min_adjustment_magnitude", magnitude, 1, 10_000)
    if adj_type != "PercentChangeInCapacity":
        raise ValueError(
            f"min_adjustment_magnitude applies to PercentChangeInCapacity only (§1.3), got adjustment_type {adj_type!r}"
        )


def parse_steps(text: str) -> tuple[tuple[float | None, float | None, float], ...]:
    """Parse the compact step notation ``"0:10=0, 10:20=10, 20:=30"`` (empty bound = null).

    Used by the page's URL-bound text box; raises ``ValueError`` naming the bad part.
    """
    out = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        try:
            bounds, adj = part.split("=")
            lo, hi = bounds.split(":")
            out.append(
                (float(lo) if lo.strip() else None, float(hi) if hi.strip() else None, float(adj)),
            )
        except ValueError:
            raise ValueError(f"step {part!r} is not of the form lower:upper=adjustment (e.g. 10:20=+10)") from None
    if not out:
        raise ValueError("steps must hold at least one step, got none")
    return tuple(out)


@dataclass(frozen=True)
class SimpleScalingPolicy:
    """One alarm, one adjustment, then a lock until the activity ends plus the cooldown (§1.4).

    ``comparison``: ``"above"`` (scale-out alarm, metric > threshold) or ``"below"``.
    ``cooldown_s`` overrides the group's default cooldown for this policy (§1.4); ``None`` uses it.
    """

    threshold: float = 70.0
    comparison: str = "above"
    adjustment: float = 1.0
    adjustment_type: str = "ChangeInCapacity"
    min_adjustment_magnitude: int | None = None
    cooldown_s: float | None = None
    metric: str = "cpu"
    datapoints: int = 1

    def __post_init__(self) -> None:
        check_choice("metric", self.metric, METRICS)
        check_choice("comparison", self.comparison, ("above", "below"))
        check_choice("adjustment_type", self.adjustment_type, ADJUSTMENT_TYPES)
        check_range("threshold", self.threshold, 0, 100 if self.metric == "cpu" else 1e6)
        check_range("adjustment", self.adjustment, -1e4, 1e4)
        check_int("datapoints", self.datapoints, 1, 60)
        if self.cooldown_s is not None:
            check_range("cooldown_s", self.cooldown_s, 0, 86_400, unit="s")
        if self.adjustment_type == "ExactCapacity" and self.adjustment < 0:
            raise ValueError(f"ExactCapacity adjustment must be at least 0, got {self.adjustment}")
        _check_min_adjustment(self.min_adjustment_magnitude, self.adjustment_type)

    kind: ClassVar[str] = "simple scaling"
    """Short name shown in events."""
    cooldown_rule: ClassVar[str] = (
        "simple scaling waits until the group's last activity has ended and the cooldown has run, group-wide"
    )
    """Why a cooldown holds this kind back (the event log's words)."""

    def params(self, dt_s: float) -> dict[str, float]:
        """The kernel parameters of this policy, by slot name (unnamed slots are 0)."""
        return {
            **_threshold_params(self, KIND.SIMPLE),
            "comparison": 1 if self.comparison == "above" else -1,
            "cooldown_steps": -1 if self.cooldown_s is None else round(self.cooldown_s / dt_s),
            "adjustment": self.adjustment,
        }

    def alarm(self, value: float, scale_out: bool) -> str:
        """The alarm that fired and the adjustment it makes."""
        return f"{_threshold_alarm(self, value, scale_out)} → simple scaling ({self.adjustment:+g}, {self.adjustment_type})"


def _threshold_params(policy: StepScalingPolicy | SimpleScalingPolicy, kind: int) -> dict[str, float]:
    """The kernel parameters every threshold-alarm policy (step, simple) has."""
    return {
        "kind": kind,
        "metric": METRICS.index(policy.metric),
        "adjustment_type": ADJUSTMENT_TYPES.index(policy.adjustment_type),
        "min_magnitude": policy.min_adjustment_magnitude or 0,
        "datapoints": policy.datapoints,
        "target": policy.threshold,
    }


def _threshold_alarm(policy: StepScalingPolicy | SimpleScalingPolicy, value: float, scale_out: bool) -> str:
    """``alarm CPU > 70 % for 1 of 1 datapoint(s) (78 %)``: a step or simple policy's alarm."""
    name, unit = _metric_words(policy.metric)
    n = policy.datapoints
    sign = ">" if scale_out else "<"
    return f"alarm {name} {sign} {policy.threshold:g}{unit} for {n} of {n} datapoint(s) ({value:.0f}{unit})"


POLICY_TYPES = (TargetTrackingPolicy, StepScalingPolicy, SimpleScalingPolicy)
"""Every policy kind a group accepts."""
Policy = TargetTrackingPolicy | StepScalingPolicy | SimpleScalingPolicy


_PARAM_SLOTS = {
    **{n: (0, i) for i, n in enumerate(slot_names(PI))},
    **{n: (1, i) for i, n in enumerate(slot_names(PF))},
}


def policy_arrays(
    policy_sets: Sequence[Sequence[Policy]], dt_s: Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The policies of each group (one set and one ``dt_s`` per scenario) as kernel arrays: ints
    ``[n, MAX_POLICIES, PI]``, floats ``[n, MAX_POLICIES, PF]`` and step tables
    ``[n, MAX_POLICIES, MAX_STEPS, ST]``; each value goes to the slot its name gives (unused
    slots and rows are 0, i.e. :data:`KIND` ``NONE``)."""
    n = len(policy_sets)
    pi = np.zeros((n, MAX_POLICIES, len(PI)), np.int64)
    pf = np.zeros((n, MAX_POLICIES, len(PF)))
    st = np.zeros((n, MAX_POLICIES, MAX_STEPS, len(ST)))
    for s, (policies, dt) in enumerate(zip(policy_sets, dt_s, strict=True)):
        for j, p in enumerate(policies):
            for name, value in p.params(dt).items():
                if name not in _PARAM_SLOTS:
                    raise KeyError(f"{type(p).__name__}.params names no policy slot: {name!r}")
                which, i = _PARAM_SLOTS[name]
                (pf if which else pi)[s, j, i] = value
            if isinstance(p, StepScalingPolicy):
                lo, hi, adj = p.arrays()
                k = len(lo)
                st[s, j, :k, ST.LOWER], st[s, j, :k, ST.UPPER], st[s, j, :k, ST.ADJUSTMENT] = lo, hi, adj
    return pi, pf, st


def percent_scale_out_needs_minimum(policy: Policy) -> bool:
    """Whether a percent policy adds capacity but has no MinAdjustmentMagnitude: from 0 instances
    it can never scale out (x % of 0 = 0, §1.3), so a group with min_size 0 needs one. Target
    tracking never does (it has no adjustment)."""
    if getattr(policy, "adjustment_type", None) != "PercentChangeInCapacity" or policy.min_adjustment_magnitude:
        return False
    if isinstance(policy, StepScalingPolicy):
        return any(s[2] > 0 for s in policy.steps)
    return policy.adjustment > 0


def step_scaling_capacity(current: int, metric: float, policy: StepScalingPolicy) -> int:
    """The capacity a step policy asks for at ``metric`` from ``current`` (§1.3, §1.5).

    >>> p = StepScalingPolicy()  # AWS worked example: threshold 50, +10 % / +30 % steps
    >>> step_scaling_capacity(10, 60, p), step_scaling_capacity(11, 70, p)
    (11, 14)
    """
    lo, hi, adj = policy.arrays()
    k = pick_step(float(metric) - policy.threshold, lo, hi, len(lo))
    if k < 0:
        return int(current)
    mag = policy.min_adjustment_magnitude or 0
    return int(adjusted_capacity(int(current), ADJUSTMENT_TYPES.index(policy.adjustment_type), float(adj[k]), mag))
