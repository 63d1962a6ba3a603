"""The queue lab's settings: one SQS queue and its consumers, validated against SQS's documented
ranges (:mod:`engine.queues.limits`), and the lab's two formulas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.kernel.layout import pack
from engine.queues.layout import MODES, N_BINS, P
from engine.queues.limits import (
    DATAPOINT_PERIOD_S,
    DEFAULT_RETENTION_S,
    DEFAULT_VISIBILITY_S,
    FIFO_TPS,
    INFLIGHT_LIMIT,
    LAMBDA_MAX_POLLERS,
    LAMBDA_MIN_MAX_CONCURRENCY,
    LAMBDA_MIN_POLLERS,
    LAMBDA_POLLER_RATE,
    MAX_BATCH,
    MAX_DELAY_S,
    MAX_MESSAGE_KB,
    MAX_RECEIVE_COUNT,
    MAX_RETENTION_S,
    MAX_VISIBILITY_S,
    MIN_RETENTION_S,
    S3_POINTER_MAX_KB,
)
from engine.rules import check_edition

__all__ = ["QueueConfig", "backlog_per_instance_capacity", "max_message_kb"]


def max_message_kb(rules: str, s3_pointer: bool) -> int:
    """The largest message the edition allows (KB): 256 / 1,024, or 2 GB through S3 (§4, §9)."""
    check_edition(rules)
    return S3_POINTER_MAX_KB if s3_pointer else MAX_MESSAGE_KB[rules]


def backlog_per_instance_capacity(
    visible: float, in_service: int, acceptable_latency_s: float, processing_time_s: float
) -> int:
    """Instances a backlog-per-instance policy asks for (aws-facts §4, §1.6).

    metric = visible / in_service, target = acceptable latency / processing time,
    capacity = ceil(in_service x metric / target).

    >>> backlog_per_instance_capacity(1500, 10, 10, 0.1)
    15
    """
    check_range("visible", visible, 0, 1e12)
    check_int("in_service", in_service, 1, 1_000_000)
    check_range("acceptable_latency_s", acceptable_latency_s, 1e-6, 1e7)
    check_range("processing_time_s", processing_time_s, 1e-6, 1e7)
    target = acceptable_latency_s / processing_time_s
    return math.ceil(in_service * (visible / in_service) / target - 1e-9)


@dataclass(frozen=True)
class QueueConfig:
    """One SQS queue with its consumers. Times in seconds; see :mod:`engine.queues` for the facts."""

    queue_type: str = "standard"
    visibility_timeout_s: float = float(DEFAULT_VISIBILITY_S)
    retention_s: float = float(DEFAULT_RETENTION_S)
    delay_s: float = 0.0
    per_message_delays: bool = False
    max_receive_count: int = 10
    dlq: bool = True
    message_kb: float = 16.0
    s3_pointer: bool = False
    processing_s: float = 0.1
    processing_cv: float = 0.0
    failure_rate: float = 0.0
    duplicate_rate: float = 0.0
    producer_retry_rate: float = 0.0
    batch_size: int = 1
    message_groups: int = 10
    poison_at_s: float | None = None
    scaling: str = "fixed"
    consumers: int = 2
    min_consumers: int = 1
    max_consumers: int = 20
    threads: int = 1
    acceptable_latency_s: float = 10.0
    depth_target: float = 100.0
    launch_s: float = 120.0
    warmup_s: float = 60.0
    lambda_max_concurrency: int = LAMBDA_MAX_POLLERS
    outage_start_s: float = 0.0
    outage_s: float = 0.0
    slowdown_start_s: float = 0.0
    slowdown_s: float = 0.0
    slowdown_factor: float = 1.0
    horizon_s: float = 3600.0
    dt_s: float = 1.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_choice("queue_type", self.queue_type, ("standard", "fifo"))
        check_range("visibility_timeout_s", self.visibility_timeout_s, 0, MAX_VISIBILITY_S, unit="s")
        check_range("retention_s", self.retention_s, MIN_RETENTION_S, MAX_RETENTION_S, unit="s")
        check_range("delay_s", self.delay_s, 0, MAX_DELAY_S, unit="s")
        check_int("max_receive_count", self.max_receive_count, 1, MAX_RECEIVE_COUNT)
        limit = max_message_kb(self.rules, self.s3_pointer)
        check_range("message_kb", self.message_kb, 0.001, S3_POINTER_MAX_KB, unit="KB")
        if self.message_kb > limit:
            raise ValueError(
                f"message_kb {self.message_kb:g} is over the SQS maximum message size of {limit:,} KB "
                f"({'course notes' if self.rules == 'course' else 'AWS today'}); switch on the S3 pointer "
                f"(extended client, up to {S3_POINTER_MAX_KB // 1024**2} GB) or send smaller messages"
            )
        if self.queue_type == "fifo" and self.per_message_delays:
            raise ValueError(
                "FIFO queues do not support per-message delays (DelaySeconds on a message); "
                "set the delay on the queue instead"
            )
        check_range("processing_s", self.processing_s, 0.001, MAX_VISIBILITY_S, unit="s")
        check_range("processing_cv", self.processing_cv, 0, 3)
        check_range("failure_rate", self.failure_rate, 0, 1)
        check_range("duplicate_rate", self.duplicate_rate, 0, 0.5)
        check_range("producer_retry_rate", self.producer_retry_rate, 0, 0.5)
        check_int("batch_size", self.batch_size, 1, MAX_BATCH)
        check_int("message_groups", self.message_groups, 1, 100_000)
        if self.poison_at_s is not None:
            check_range("poison_at_s", self.poison_at_s, 0, self.horizon_s, unit="s")
        check_choice("scaling", self.scaling, MODES)
        check_int("consumers", self.consumers, 0, 10_000)
        check_int("min_consumers", self.min_consumers, 1, 10_000)
        check_int("max_consumers", self.max_consumers, 1, 10_000)
        if self.min_consumers > self.max_consumers:
            raise ValueError(f"min_consumers {self.min_consumers} must not exceed max_consumers {self.max_consumers}")
        if self.scaling in ("backlog", "depth") and not (self.min_consumers <= self.consumers <= self.max_consumers):
            raise ValueError(
                f"consumers {self.consumers} must be between min_consumers {self.min_consumers} "
                f"and max_consumers {self.max_consumers}"
            )
        check_int("threads", self.threads, 1, 1000)
        check_range("acceptable_latency_s", self.acceptable_latency_s, 0.01, 86_400, unit="s")
        check_range("depth_target", self.depth_target, 1, 1e9)
        check_range("launch_s", self.launch_s, 0, 3600, unit="s")
        check_range("warmup_s", self.warmup_s, 0, 3600, unit="s")
        check_int("lambda_max_concurrency", self.lambda_max_concurrency, LAMBDA_MIN_MAX_CONCURRENCY, LAMBDA_MAX_POLLERS)
        for name in ("outage_start_s", "outage_s", "slowdown_start_s", "slowdown_s"):
            check_range(name, getattr(self, name), 0, 366 * 86_400, unit="s")
        check_range("slowdown_factor", self.slowdown_factor, 1, 100)
        TimeGrid(self.horizon_s, self.dt_s)
        check_range("dt_s", self.dt_s, 0.1, 60, unit="s")

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)

    @property
    def fifo(self) -> bool:
        """Whether this is a FIFO queue."""
        return self.queue_type == "fifo"

    @property
    def backlog_target(self) -> float:
        """Backlog-per-instance target: acceptable latency ÷ processing time x threads (§4)."""
        return self.acceptable_latency_s / self.processing_s * self.threads

    @property
    def scaling_target(self) -> float:
        """The target of the scaling metric in force: the backlog target, else the depth target."""
        return self.backlog_target if self.scaling == "backlog" else self.depth_target

    @property
    def fifo_limit(self) -> float:
        """FIFO messages per second per action: 300, or 300 x batch size (3,000 with 10) (§4)."""
        return FIFO_TPS * self.batch_size

    @property
    def max_message_kb(self) -> int:
        """The size limit in force."""
        return max_message_kb(self.rules, self.s3_pointer)

    @property
    def processing_bins(self) -> np.ndarray:
        """``N_BINS`` equal-weight quantiles of a lognormal with the mean and CV (s)."""
        if self.processing_cv == 0:
            return np.full(N_BINS, float(self.processing_s))
        sigma = math.sqrt(math.log1p(self.processing_cv**2))
        mu = math.log(self.processing_s) - sigma**2 / 2
        z = np.array([NormalDist().inv_cdf((k + 0.5) / N_BINS) for k in range(N_BINS)])
        bins = np.exp(mu + sigma * z)
        return np.sort(bins * self.processing_s / bins.mean())

    def params(self) -> np.ndarray:
        """The kernel's parameter row (:data:`engine.queues.layout.P`)."""
        fifo_inflight = self.message_groups * self.batch_size if self.fifo else 10**12
        row = {
            "dt_s": self.dt_s,
            "fifo": float(self.fifo),
            "visibility_s": self.visibility_timeout_s,
            "retention_s": self.retention_s,
            "delay_s": self.delay_s,
            "max_receives": self.max_receive_count,
            "dlq": float(self.dlq),
            "failure_rate": self.failure_rate,
            "duplicate_rate": 0.0 if self.fifo else self.duplicate_rate,
            "retry_rate": self.producer_retry_rate,
            "fifo_limit": self.fifo_limit,
            "groups": self.message_groups,
            "inflight_limit": min(INFLIGHT_LIMIT[self.queue_type], fifo_inflight),
            "mode": MODES.index(self.scaling),
            "consumers": self.consumers,
            "min_consumers": self.min_consumers,
            "max_consumers": self.max_consumers,
            "threads": self.threads,
            "target": self.scaling_target,
            "launch_s": self.launch_s,
            "warmup_s": self.warmup_s,
            "period_s": DATAPOINT_PERIOD_S,
            "lambda_rate": LAMBDA_POLLER_RATE[self.rules],
            "lambda_max": self.lambda_max_concurrency,
            "lambda_min": LAMBDA_MIN_POLLERS,
            "outage_start_s": self.outage_start_s,
            "outage_end_s": self.outage_start_s + self.outage_s,
            "slow_start_s": self.slowdown_start_s,
            "slow_end_s": self.slowdown_start_s + self.slowdown_s,
            "slow_factor": self.slowdown_factor,
            "poison_at_s": -1.0 if self.poison_at_s is None else self.poison_at_s,
        }
        return pack(P, [row])[0]
