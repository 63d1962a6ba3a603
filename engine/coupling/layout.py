"""The synchronous chain kernel's arrays and events, declared once.

>>> OUTPUTS[:5]
('sync_served', 'sync_failed', 'sync_timed_out', 'sync_refused', 'sync_wasted')
>>> KINDS.tag(EV.SATURATED)
'saturated'
"""

from __future__ import annotations

from engine.kernel.events import EventKinds
from engine.kernel.layout import slot_names, slots

__all__ = ["EV", "KINDS", "MAX_EVENTS", "OUT", "OUTPUTS", "P"]

P = slots(
    "ChainParams",
    "DT_S WORKERS PROCESSING_S TIMEOUT_S TIMEOUT_STEPS WEB_THREADS OUTAGE_START_S OUTAGE_END_S SLOW_START_S "
    "SLOW_END_S SLOW_FACTOR",
)
"""The tight architecture's parameters (float64; ``TIMEOUT_STEPS`` in steps, times in seconds)."""

OUT = slots(
    "ChainOut", "SYNC_SERVED SYNC_FAILED SYNC_TIMED_OUT SYNC_REFUSED SYNC_WASTED SYNC_WAITING SYNC_LATENCY_S SYNC_LOST"
)
"""The kernel's output rows (``out[OUT.X, step]``), named as the frame columns they become."""
OUTPUTS: tuple[str, ...] = slot_names(OUT)

MAX_EVENTS = 200
"""Events one run records; past it the log says how many more were dropped."""

KINDS = EventKinds(
    "ChainEvent",
    TIMEOUTS=("timeout", ("failed",)),
    SATURATED=("saturated", ("failed",)),
    RECOVERED=("recovered", ("lost",)),
    LATE=("timeout", ("requests", "wait_s")),
)
"""What the kernel records; ``EV.NAME`` is the code it writes (times in steps)."""
EV = KINDS.codes
