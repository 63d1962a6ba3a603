"""The Lambda kernel's arrays and events, declared once: the parameter row, the output rows (named
as the frame columns they become) and the event kinds.

>>> OUTPUTS[:3]
('invocations', 'concurrency', 'environments')
>>> KINDS.tag(EV.COLD_BURST), KINDS.payload(EV.COLD_BURST)
('cold_start', ('environments', 'init_s'))
"""

from __future__ import annotations

from engine.kernel.events import EventKinds
from engine.kernel.layout import slot_names, slots

__all__ = [
    "COLD_BURST_GAP_STEPS",
    "COLD_BURST_MIN",
    "EV",
    "INT_OUTPUTS",
    "KINDS",
    "MAX_EVENTS",
    "MODEL",
    "OUT",
    "OUTPUTS",
    "P",
]

P = slots(
    "LambdaParams",
    "DT_S DURATION_S COLD_START_S CAP MODEL BURST RATE_PER_S RPS_QUOTA PROVISIONED IDLE_STEPS SYNC MAX_AGE_STEPS",
)
"""One function's parameters (float64): ``CAP`` its concurrency ceiling; ``MODEL`` the scaling model
(:data:`MODEL`); ``BURST`` the environments it may add at once (the old model's Region burst, or
today's 1,000), ``RATE_PER_S`` environments per second it refills; ``RPS_QUOTA`` invocations/s
allowed (−1: none); ``SYNC`` a flag (1 or 0); ``IDLE_STEPS`` how long an idle environment is kept,
``MAX_AGE_STEPS`` the async maximum event age, both in steps."""

MODEL = slots("ScalingModel", "UNLIMITED PER_FUNCTION OLD_BURST")
"""Scaling-model codes, in the order of :data:`engine.lambda_.config.MODELS`."""

OUT = slots(
    "LambdaOut",
    "INVOCATIONS CONCURRENCY ENVIRONMENTS LIMIT THROTTLED RATE_LIMITED ASYNC_WAITING ASYNC_DROPPED COLD_STARTS "
    "DURATION_MS",
)
"""The kernel's output rows (``out[OUT.X, step]``)."""
OUTPUTS: tuple[str, ...] = slot_names(OUT)
INT_OUTPUTS = ("invocations", "throttled", "rate_limited", "async_waiting", "async_dropped", "cold_starts")
"""Outputs that are whole counts."""

MAX_EVENTS = 400
"""Events one run records; past it the log says how many more were dropped."""
COLD_BURST_MIN = 100
"""Cold starts in one step that make a ``cold_start`` event."""
COLD_BURST_GAP_STEPS = 60
"""A cold-start burst right after another (within this many steps) is not logged again."""
THROTTLE_GAP_STEPS = 60
"""Steps without throttling that end a throttling episode (shorter lulls are part of it)."""

KINDS = EventKinds(
    "LambdaEvent",
    COLD_BURST=("cold_start", ("environments", "init_s")),
    THROTTLE=("throttle", ("over", "ceiling", "by_ceiling")),
    THROTTLE_END=("throttle_end", ("throttled", "duration_s", "ongoing")),
    AT_CAP=("at_cap", ("cap", "demand")),
    RPS_CAP=("rate_limit", ("quota", "demand")),
    DROP=("dropped", ("dropped", "max_age_s")),
)
"""What the kernel records; ``EV.NAME`` is the code it writes (times in steps)."""
EV = KINDS.codes
