"""The Lambda lab's settings: one function under load, validated against Lambda's documented
limits (aws-facts.md §6, §9), which are defined here once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.kernel.layout import pack
from engine.lambda_.layout import P
from engine.rules import check_edition

__all__ = [
    "ACCOUNT_LIMIT",
    "BURSTS",
    "MAX_DURATION_S",
    "MAX_EVENT_AGE_S",
    "MAX_INIT_S",
    "MIN_EVENT_AGE_S",
    "MIN_UNRESERVED",
    "NEW_RATE_PER_10S",
    "OLD_RATE_PER_MIN",
    "LambdaConfig",
    "steady_concurrency",
]

ACCOUNT_LIMIT = 1000
"""§6: the default concurrency limit per account and Region."""
MIN_UNRESERVED = 100
"""§6: concurrency that must stay unreserved."""
BURSTS = (500, 1000, 3000)
"""§6 [HIST]: the Region-wide burst of the course's scaling model."""
OLD_RATE_PER_MIN = 500.0
"""§6 [HIST]: after the burst, +500 environments per minute (account-wide)."""
NEW_RATE_PER_10S = 1000.0
"""§6: AWS today, +1,000 environments every 10 s per function."""
MAX_DURATION_S = 900
"""§6: the function timeout's maximum (15 min)."""
MAX_INIT_S = 10
"""§6: the Init phase's limit."""
MIN_EVENT_AGE_S = 60
"""§6: the shortest ``MaximumEventAgeInSeconds`` of async invocations."""
MAX_EVENT_AGE_S = 21_600
"""§6: the longest (and default) ``MaximumEventAgeInSeconds`` (6 h)."""


def steady_concurrency(rate_per_s: float, duration_s: float) -> float:
    """Concurrency a steady load needs: rate x duration (aws-facts §6, Little's law).

    >>> steady_concurrency(100, 0.5)
    50.0
    """
    check_range("rate_per_s", rate_per_s, 0, 1e9)
    check_range("duration_s", duration_s, 0, MAX_DURATION_S)
    return float(rate_per_s) * float(duration_s)


@dataclass(frozen=True)
class LambdaConfig:
    """One function under load. ``reserved=None``: the function draws from the unreserved pool."""

    invocation: str = "sync"
    duration_s: float = 0.5
    memory_mb: int = 512
    account_limit: int = ACCOUNT_LIMIT
    reserved: int | None = None
    other_reserved: int = 0
    provisioned: int = 0
    burst: int = BURSTS[-1]
    cold_start_s: float = 0.5
    idle_s: float = 600.0
    max_event_age_s: float = float(MAX_EVENT_AGE_S)
    horizon_s: float = 3600.0
    dt_s: float = 1.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_choice("invocation", self.invocation, ("sync", "async"))
        check_range("duration_s", self.duration_s, 0.001, MAX_DURATION_S, unit="s (the 15-min timeout)")
        check_int("memory_mb", self.memory_mb, 128, 10_240)
        check_int("account_limit", self.account_limit, MIN_UNRESERVED, 1_000_000)
        check_int("other_reserved", self.other_reserved, 0, 1_000_000)
        if self.reserved is not None:
            check_int("reserved", self.reserved, 0, 1_000_000)
            if self.reserved > self.account_limit:
                raise ValueError(
                    f"reserved concurrency {self.reserved:,} is above the account limit of {self.account_limit:,}"
                )
        unreserved = self.account_limit - (self.reserved or 0) - self.other_reserved
        if unreserved < MIN_UNRESERVED:
            raise ValueError(
                f"reserved + other_reserved ({(self.reserved or 0) + self.other_reserved:,}) of account_limit "
                f"{self.account_limit:,} leaves "
                f"{unreserved:,} unreserved; Lambda keeps at least {MIN_UNRESERVED} unreserved"
            )
        check_int("provisioned", self.provisioned, 0, 1_000_000)
        if self.provisioned > self.cap:
            raise ValueError(f"provisioned concurrency {self.provisioned:,} exceeds the function's cap of {self.cap:,}")
        check_choice("burst", self.burst, BURSTS)
        check_range("cold_start_s", self.cold_start_s, 0, MAX_INIT_S, unit="s (the Init limit)")
        check_range("idle_s", self.idle_s, 0, 7200, unit="s")
        check_range("max_event_age_s", self.max_event_age_s, MIN_EVENT_AGE_S, MAX_EVENT_AGE_S, unit="s")
        TimeGrid(self.horizon_s, self.dt_s)
        check_range("dt_s", self.dt_s, 0.1, 60, unit="s")

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def cap(self) -> int:
        """The function's ceiling: its reserved concurrency, else the unreserved pool (§6)."""
        if self.reserved is not None:
            return self.reserved
        return self.account_limit - self.other_reserved

    @property
    def per_function_scaling(self) -> bool:
        """AWS today scales each function separately; the course's burst is Region-wide."""
        return self.rules == "aws-today"

    @property
    def scale_rate_per_s(self) -> float:
        """New environments per second once past the burst: 500/60 (course) or 1,000/10 (today)."""
        return NEW_RATE_PER_10S / 10.0 if self.per_function_scaling else OLD_RATE_PER_MIN / 60.0

    @property
    def scaling_rule(self) -> str:
        """The scaling rule in force, in words."""
        if self.per_function_scaling:
            return f"+{NEW_RATE_PER_10S:,.0f} environments per 10 s per function"
        return f"a Region burst of {self.burst:,}, then +{OLD_RATE_PER_MIN:,.0f} per minute shared by all functions"

    def params(self) -> np.ndarray:
        """The kernel's parameter row (:data:`engine.lambda_.layout.P`)."""
        row = {
            "dt_s": self.dt_s,
            "duration_s": self.duration_s,
            "cold_start_s": self.cold_start_s,
            "cap": self.cap,
            "burst": self.burst,
            "rate_per_s": self.scale_rate_per_s,
            "per_function": float(self.per_function_scaling),
            "provisioned": self.provisioned,
            "idle_steps": max(1, int(self.idle_s / self.dt_s)),
            "sync": float(self.invocation == "sync"),
            "max_age_steps": max(1, int(self.max_event_age_s / self.dt_s)),
        }
        return pack(P, [row])[0]
