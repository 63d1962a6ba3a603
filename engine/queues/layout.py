"""The queue kernel's arrays and events, declared once: the parameter row it reads, the output
rows it writes (one per frame column), the consumer-scaling modes and the event kinds.

:mod:`engine.queues.config` packs a config into a :data:`P` row by slot name,
:mod:`engine.queues.kernel` indexes ``p[P.VISIBILITY_S]`` and ``out[OUT.VISIBLE, i]``, the frame
is built from :data:`OUT`'s names, and :mod:`engine.queues.explain` reads event payloads by name.

>>> MODES
('fixed', 'backlog', 'depth', 'lambda')
>>> OUTPUTS[:3]
('sent', 'send_throttled', 'deduplicated')
>>> KINDS.tag(EV.OVERRUN), KINDS.payload(EV.OVERRUN)
('redelivery', ('messages', 'visibility_s', 'processing_s'))
"""

from __future__ import annotations

from engine.kernel.events import EventKinds
from engine.kernel.layout import slot_names, slots

__all__ = ["EV", "FLOAT_OUTPUTS", "KINDS", "MAX_EVENTS", "MODE", "MODES", "N_BINS", "OUT", "OUTPUTS", "POISON", "P"]

P = slots(
    "QueueParams",
    "DT_S FIFO VISIBILITY_S RETENTION_S DELAY_S MAX_RECEIVES DLQ FAILURE_RATE DUPLICATE_RATE RETRY_RATE "
    "FIFO_LIMIT GROUPS INFLIGHT_LIMIT MODE CONSUMERS MIN_CONSUMERS MAX_CONSUMERS THREADS TARGET LAUNCH_S "
    "WARMUP_S PERIOD_S LAMBDA_RATE LAMBDA_MAX LAMBDA_MIN OUTAGE_START_S OUTAGE_END_S SLOW_START_S SLOW_END_S "
    "SLOW_FACTOR POISON_AT_S",
)
"""One scenario's parameters (float64): times in seconds, rates per second (``LAMBDA_RATE``: per
minute), ``MODE`` a :data:`MODE` code, ``POISON_AT_S`` -1 for none."""

MODE = slots("ScalingMode", "FIXED BACKLOG DEPTH LAMBDA")
"""How consumers scale: a fixed fleet, target tracking on backlog per instance or on raw depth,
or Lambda's SQS poller."""
MODES: tuple[str, ...] = slot_names(MODE)
"""The ``scaling`` choices of :class:`~engine.queues.config.QueueConfig`, in code order."""

POISON = slots("PoisonState", "NONE VISIBLE IN_FLIGHT GONE")
"""Where the poison message is: not sent yet, visible, being received, dead-lettered or expired."""

OUT = slots(
    "QueueOut",
    "SENT SEND_THROTTLED DEDUPLICATED RECEIVED DELETED VISIBLE IN_FLIGHT DELAYED DUPLICATES DEAD_LETTERED "
    "EXPIRED OLDEST_AGE_S CONSUMERS PENDING METRIC OUT_OF_ORDER",
)
"""The kernel's output rows (``out[OUT.X, step]``), named as the frame columns they become."""
OUTPUTS: tuple[str, ...] = slot_names(OUT)
FLOAT_OUTPUTS = ("oldest_age_s", "metric")
"""Outputs that are not whole message or consumer counts."""

N_BINS = 8
"""Equal-weight processing-time quantiles the kernel splits received messages over."""
MAX_EVENTS = 4000
"""Events one run records; past it the log says how many more were dropped."""

KINDS = EventKinds(
    "QueueEvent",
    SCALE_OUT=("scale_out", ("frm", "to", "metric")),
    SCALE_IN=("scale_in", ("frm", "to", "metric")),
    AT_MAX=("at_max", ("current", "desired", "metric")),
    OVERRUN=("redelivery", ("messages", "visibility_s", "processing_s")),
    DLQ=("dead_letter", ("messages", "receives")),
    POISON_DLQ=("dead_letter", ("receives", "released", "held_s")),
    EXPIRY=("expired", ("messages", "retention_s")),
    OUTAGE_START=("outage", ("visible",)),
    OUTAGE_END=("recovered", ("visible",)),
    SLOW_START=("slowdown", ("factor",)),
    SLOW_END=("recovered", ("visible",)),
    FIFO_THROTTLE=("throttle", ("tried_per_s", "limit_per_s")),
    POISON_SENT=("poison", ("blocks_group", "groups")),
    LAMBDA_MAX=("at_max", ("pollers", "visible")),
)
"""What the kernel records; ``EV.NAME`` is the code it writes (times in steps)."""
EV = KINDS.codes
