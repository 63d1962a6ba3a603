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
    "MEMORY_MB",
    "MIN_EVENT_AGE_S",
    "MIN_UNRESERVED",
    "MODELS",
    "NEW_RATE_PER_10S",
    "OLD_RATE_PER_MIN",
    "RPS_PER_CONCURRENCY",
    "SCALING_CHOICES",
    "LambdaConfig",
    "steady_concurrency",
]

ACCOUNT_LIMIT = 1000
"""§6: the default concurrency limit per account and Region."""
MIN_UNRESERVED = 100
"""§6: concurrency that must stay unreserved."""
BURSTS = (500, 1000, 3000)
"""§6 [HIST]: the Region-wide initial burst of AWS's older documented scaling model (to Oct 2023)."""
OLD_RATE_PER_MIN = 500.0
"""§6 [HIST]: after that burst, +500 environments per minute (account-wide)."""
NEW_RATE_PER_10S = 1000.0
"""§6: AWS today, +1,000 environments every 10 s per function; unused rate does not accumulate, so
at most 1,000 at once (a bucket of 1,000 refilled at 100 per second)."""
RPS_PER_CONCURRENCY = 10
"""§6: invocations per second are capped at 10 x the account concurrency quota (10,000 for 1,000)."""
SCALING_CHOICES = ("edition", "old-burst")
"""``LambdaConfig.scaling``: follow the rules edition, or AWS's older documented burst model (§6 [HIST])."""
MODELS = ("unlimited", "per-function", "old-burst")
"""The scaling model in force (:attr:`LambdaConfig.model`), in kernel code order: the course notes'
"no limits to scaling", AWS today's per-function rate, AWS's pre-Nov-2023 Region burst."""
MAX_DURATION_S = 900
"""§6: the function timeout's maximum (15 min)."""
MAX_INIT_S = 10
"""§6: the Init phase's limit."""
MEMORY_MB: tuple[int, int] = (128, 10_240)
"""A function's memory range in MB (aws-facts §6: 128 MB-10,240 MB for standard functions)."""
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
    """One function under load. ``reserved=None``: the function draws from the unreserved pool.

    ``scaling="edition"`` follows ``rules``: the course notes say there are "no limits to scaling a
    function since AWS dynamically allocates capacity" (course notes, Lambda; aws-facts §9), so the
    course edition adds environments as fast as demand asks and has no request-rate quota; AWS today
    adds at most 1,000 environments per 10 s per function and caps invocations at 10 x the account
    concurrency quota (§6). ``scaling="old-burst"`` is neither edition but AWS's older documented
    behaviour (docs to Oct 2023, §6 [HIST]): a Region burst of ``burst``, then +500 per minute, with
    the same request-rate quota. In every model concurrency stays within the function's cap (the
    account concurrency limit less other reservations, or its reserved concurrency): that is a
    setting of the account, not a scaling rule.
    """

    invocation: str = "sync"
    duration_s: float = 0.5
    memory_mb: int = 512
    account_limit: int = ACCOUNT_LIMIT
    reserved: int | None = None
    other_reserved: int = 0
    provisioned: int = 0
    scaling: str = "edition"
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
        check_int("memory_mb", self.memory_mb, *MEMORY_MB)
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
        check_choice("scaling", self.scaling, SCALING_CHOICES)
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
    def model(self) -> str:
        """The scaling model in force (one of :data:`MODELS`)."""
        if self.scaling == "old-burst":
            return "old-burst"
        return "unlimited" if self.rules == "course" else "per-function"

    @property
    def scale_rate_per_s(self) -> float:
        """New environments per second the model refills: 1,000/10 s (today), 500/min (old burst);
        0 for the course notes' model, which has no rate."""
        return {"unlimited": 0.0, "per-function": NEW_RATE_PER_10S / 10.0, "old-burst": OLD_RATE_PER_MIN / 60.0}[
            self.model
        ]

    @property
    def rps_quota(self) -> float | None:
        """Invocations per second allowed: 10 x the account concurrency quota (§6), or ``None`` in
        the course notes' model (no limits)."""
        return None if self.model == "unlimited" else float(RPS_PER_CONCURRENCY * self.account_limit)

    @property
    def scaling_rule(self) -> str:
        """The scaling rule in force, in words."""
        if self.model == "unlimited":
            return "course notes: no limits to scaling, environments are added as fast as demand asks"
        rps = f"; at most {self.rps_quota:,.0f} invocations/s ({RPS_PER_CONCURRENCY} x the account quota)"
        if self.model == "per-function":
            return f"+{NEW_RATE_PER_10S:,.0f} environments per 10 s per function, at most that many at once" + rps
        return (
            f"AWS before Nov 2023: a Region burst of {self.burst:,}, then +{OLD_RATE_PER_MIN:,.0f} per minute "
            "shared by all functions" + rps
        )

    def params(self) -> np.ndarray:
        """The kernel's parameter row (:data:`engine.lambda_.layout.P`)."""
        row = {
            "dt_s": self.dt_s,
            "duration_s": self.duration_s,
            "cold_start_s": self.cold_start_s,
            "cap": self.cap,
            "model": float(MODELS.index(self.model)),
            # today's bucket holds 1,000 per 10 s (more per step when a step is longer than 10 s)
            "burst": self.burst if self.model == "old-burst" else NEW_RATE_PER_10S * max(1.0, self.dt_s / 10.0),
            "rate_per_s": self.scale_rate_per_s,
            "rps_quota": self.rps_quota if self.rps_quota is not None else -1.0,
            "provisioned": self.provisioned,
            "idle_steps": max(1, int(self.idle_s / self.dt_s)),
            "sync": float(self.invocation == "sync"),
            "max_age_steps": max(1, int(self.max_event_age_s / self.dt_s)),
        }
        return pack(P, [row])[0]
