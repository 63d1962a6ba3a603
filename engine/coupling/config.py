"""The coupling lab's settings: the same web tier and worker tier, wired synchronously and through
an SQS queue (whose settings :class:`engine.queues.QueueConfig` validates)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.coupling.layout import P
from engine.kernel.layout import pack
from engine.queues import QueueConfig
from engine.queues.limits import DEFAULT_RETENTION_S, DEFAULT_VISIBILITY_S
from engine.rules import check_edition

__all__ = ["CouplingConfig"]


@dataclass(frozen=True)
class CouplingConfig:
    """The same web tier and worker tier, wired synchronously and through a queue."""

    worker: str = "ec2"
    workers: int = 10
    processing_s: float = 0.2
    web_threads: int = 200
    timeout_s: float = 10.0
    lambda_max_concurrency: int = 100
    retention_s: float = float(DEFAULT_RETENTION_S)
    visibility_timeout_s: float = float(DEFAULT_VISIBILITY_S)
    outage_start_s: float = 600.0
    outage_s: float = 600.0
    slowdown_start_s: float = 0.0
    slowdown_s: float = 0.0
    slowdown_factor: float = 1.0
    horizon_s: float = 3600.0
    dt_s: float = 1.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_choice("worker", self.worker, ("ec2", "lambda"))
        check_int("workers", self.workers, 1, 10_000)
        check_range("processing_s", self.processing_s, 0.001, 900, unit="s")
        check_int("web_threads", self.web_threads, 1, 100_000)
        check_range("timeout_s", self.timeout_s, 0.1, 900, unit="s")
        # the queue side validates the rest (Lambda concurrency, retention, visibility timeout, the outage
        # and slowdown, the grid) with SQS's ranges and the same field names
        self.queue_config  # noqa: B018

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def queue_config(self) -> QueueConfig:
        """The loose architecture's queue and worker tier (the producer is the same either way)."""
        return QueueConfig(
            scaling="lambda" if self.worker == "lambda" else "fixed",
            consumers=self.workers, processing_s=self.processing_s, retention_s=self.retention_s,
            visibility_timeout_s=self.visibility_timeout_s, lambda_max_concurrency=self.lambda_max_concurrency,
            outage_start_s=self.outage_start_s, outage_s=self.outage_s, slowdown_start_s=self.slowdown_start_s,
            slowdown_s=self.slowdown_s, slowdown_factor=self.slowdown_factor, horizon_s=self.horizon_s,
            dt_s=self.dt_s, rules=self.rules,
        )  # fmt: skip

    def params(self) -> np.ndarray:
        """The tight chain kernel's parameter row (:data:`engine.coupling.layout.P`)."""
        row = {
            "dt_s": self.dt_s,
            "workers": float(self.workers),
            "processing_s": self.processing_s,
            "timeout_s": self.timeout_s,
            "timeout_steps": max(1, math.ceil(self.timeout_s / self.dt_s - 1e-9)),
            "web_threads": self.web_threads,
            "outage_start_s": self.outage_start_s,
            "outage_end_s": self.outage_start_s + self.outage_s,
            "slow_start_s": self.slowdown_start_s,
            "slow_end_s": self.slowdown_start_s + self.slowdown_s,
            "slow_factor": self.slowdown_factor,
        }
        return pack(P, [row])[0]
