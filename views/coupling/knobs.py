"""The coupling page's controls that set one field of :class:`~engine.coupling.CouplingConfig`
(compare and sweep panels); minute controls set second fields (``scale=60``)."""

from __future__ import annotations

from engine.queues.limits import MAX_RETENTION_S, MIN_RETENTION_S
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("worker", "Worker behind the queue", "worker", choices=("ec2", "lambda")),
    Knob("workers", "Workers (EC2)", "workers", 1, 200, 1),
    Knob("proc", "Work per request (s)", "processing_s", 0.01, 5.0, 0.01, unit="s"),
    Knob("threads", "Web tier threads", "web_threads", 10, 2000, 1),
    Knob("timeout", "Web tier timeout (s)", "timeout_s", 1, 60, 1, unit="s"),
    Knob("ret", "Queue retention (s)", "retention_s", MIN_RETENTION_S, MAX_RETENTION_S, 60, unit="s"),
    Knob("out_at", "Outage at minute", "outage_start_s", 0, 59, 1, scale=60.0, unit="min"),
    Knob("out_min", "Outage length (min; 0 = none)", "outage_s", 0, 50, 1, scale=60.0, unit="min"),
    Knob("slow_x", "Slowdown: times slower", "slowdown_factor", 1.0, 20.0, 0.5),
)
