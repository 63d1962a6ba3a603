"""The Lambda page's controls that set one field of :class:`~engine.lambda_.LambdaConfig` (compare
and sweep panels); labels are the page's, concurrency ranges kept within the default account limit
so that every value is one the config accepts."""

from __future__ import annotations

from engine.lambda_.config import ACCOUNT_LIMIT, BURSTS, MAX_EVENT_AGE_S, MAX_INIT_S, MIN_EVENT_AGE_S
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("dur", "Duration (s)", "duration_s", 0.01, 30.0, 0.01, unit="s"),
    Knob("inv", "Invocation", "invocation", choices=("sync", "async")),
    Knob("mem", "Memory (MB)", "memory_mb", choices=(128, 256, 512, 1024, 2048, 4096, 10240), unit="MB"),
    Knob("acct", "Account concurrency limit", "account_limit", 100, 100_000, 100),
    Knob("res", "Reserved concurrency", "reserved", 0, ACCOUNT_LIMIT - 100, 10),
    Knob("prov", "Provisioned concurrency", "provisioned", 0, ACCOUNT_LIMIT - 100, 10),
    Knob("scaling", "Scaling model", "scaling", choices=("edition", "old-burst")),
    Knob("burst", "Region burst (older AWS model)", "burst", choices=tuple(BURSTS)),
    Knob("cold", "Cold start (Init, s)", "cold_start_s", 0.0, float(MAX_INIT_S), 0.1, unit="s"),
    Knob("age", "Max event age, async (s)", "max_event_age_s", MIN_EVENT_AGE_S, MAX_EVENT_AGE_S, 60, unit="s"),
)
