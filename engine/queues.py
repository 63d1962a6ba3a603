"""SQS queues: depth, visibility timeout, dead-letter queue, retention, FIFO, scaled consumers.

Facts (aws-facts.md §4 SQS, §1.6 target tracking, §6 Lambda SQS event source, §9 editions):

* standard queues deliver **at least once** (``duplicate_rate`` extra deliveries) in best-effort
  order; **FIFO** queues keep order per message group, allow **300 messages/s per action without
  batching, 3,000 with batches of 10**, deduplicate producer retries within **5 min**, keep one
  batch per group in flight, and have **no per-message delay**;
* **visibility timeout** default 30 s, 0-43,200 s: processing longer than it makes the message
  visible again and processed twice. AWS deletes only with the latest receipt handle, so the
  simulator takes the pessimistic reading: the overrunning consumer's late delete is ignored;
* a failed receive returns the message after the timeout; once its receive count reaches
  **maxReceiveCount** (1-1,000) it moves to the **dead-letter queue**;
* **retention** default 4 days, 60 s-14 days: older messages expire (lost);
* maximum message size 256 KB (course notes) or 1 MiB (AWS today); the **S3 pointer** (extended
  client) allows up to 2 GB;
* CloudWatch metrics: visible, not visible (in flight), age of oldest message; datapoints each 60 s;
* consumers: a fixed fleet, an Auto Scaling group on **backlog per instance** (visible ÷ in service,
  target = acceptable latency ÷ processing time: 1,500 / 10 = 150 vs 10 s / 0.1 s = 100 → 15), on
  raw queue depth (AWS advises against it), or Lambda's SQS poller (+60/min course, +300/min today,
  up to 1,000).

Simplifications: standard queues deliver oldest first (retries before new messages); in a FIFO
queue only the explicit poison message blocks its group (transient failures just retry); the
age of oldest follows the heads of the fresh and retry FIFOs; message size is validated, not timed.

Counts per step in one numba kernel (:mod:`engine.queues_kernel`); ``simulate_many`` runs a batch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import queues_parts as qk
from engine.core import (
    Column,
    EventLog,
    Result,
    Schema,
    TimeGrid,
    broadcast_loads,
    check_choice,
    check_int,
    check_range,
    stack_scenarios,
)
from engine.load import LoadTrace, as_load
from engine.queues_events import message as _message
from engine.queues_events import rollups
from engine.queues_kernel import run_queue
from engine.rules import check_edition

__all__ = [
    "FIFO_BATCH_TPS",
    "FIFO_TPS",
    "MAX_MESSAGE_KB",
    "SCHEMA",
    "QueueConfig",
    "backlog_per_instance_capacity",
    "max_message_kb",
    "simulate",
    "simulate_many",
    "warmup",
]

FIFO_TPS = 300.0  # §4: per API action without batching
FIFO_BATCH_TPS = 3000.0  # §4: with batches of 10
DEDUP_WINDOW_S = 300.0  # §4: FIFO deduplication interval
MAX_MESSAGE_KB = {"course": 256, "aws-today": 1024}  # §4, §9
S3_POINTER_MAX_KB = 2 * 1024 * 1024  # §4: extended client, 2 GB
LAMBDA_POLLER_RATE = {"course": 60.0, "aws-today": 300.0}  # §6, §9: per minute
LAMBDA_MAX_POLLERS = 1000
INFLIGHT_LIMIT = {"standard": 120_000, "fifo": 20_000}  # §4
MODES = ("fixed", "backlog", "depth", "lambda")
N_BINS = 8

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("load", "msg/s", "rate the producers try to send"),
    Column("sent", "messages", "messages accepted by the queue in the step"),
    Column("send_throttled", "messages", "sends refused over the FIFO throughput limit in the step"),
    Column("deduplicated", "messages", "producer retries a FIFO queue dropped within its 5-min window"),
    Column("received", "messages", "receives in the step (first deliveries and redeliveries)"),
    Column("deleted", "messages", "messages processed and deleted in the step"),
    Column("visible", "messages", "ApproximateNumberOfMessagesVisible at the end of the step"),
    Column("in_flight", "messages", "ApproximateNumberOfMessagesNotVisible: received, not yet deleted"),
    Column("delayed", "messages", "messages still inside the queue's delay"),
    Column("duplicates", "messages", "deliveries of a message already processed or being processed"),
    Column("dead_lettered", "messages", "messages in the dead-letter queue so far"),
    Column("expired", "messages", "messages deleted by retention so far (lost)"),
    Column("oldest_age_s", "s", "ApproximateAgeOfOldestMessage (visible messages)"),
    Column("consumers", "instances", "consumers in service (Lambda: concurrent pollers)"),
    Column("pending", "instances", "consumers launching"),
    Column("metric", "", "the scaling metric at the last 1-min datapoint (backlog/instance or depth)"),
    Column("out_of_order", "messages", "receives of a message after newer ones (redeliveries)"),
)


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
    """One SQS queue with its consumers. Times in seconds; see the module docstring for facts."""

    queue_type: str = "standard"
    visibility_timeout_s: float = 30.0
    retention_s: float = 345_600.0
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
    lambda_max_concurrency: int = 1000
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
        check_range("visibility_timeout_s", self.visibility_timeout_s, 0, 43_200, unit="s")
        check_range("retention_s", self.retention_s, 60, 1_209_600, unit="s")
        check_range("delay_s", self.delay_s, 0, 900, unit="s")
        check_int("max_receive_count", self.max_receive_count, 1, 1000)
        limit = max_message_kb(self.rules, self.s3_pointer)
        check_range("message_kb", self.message_kb, 0.001, S3_POINTER_MAX_KB, unit="KB")
        if self.message_kb > limit:
            raise ValueError(
                f"message_kb {self.message_kb:g} is over the SQS maximum message size of {limit:,} KB "
                f"({'course notes' if self.rules == 'course' else 'AWS today'}); "
                "switch on the S3 pointer (extended client, up to 2 GB) or send smaller messages"
            )
        if self.queue_type == "fifo" and self.per_message_delays:
            raise ValueError(
                "FIFO queues do not support per-message delays (DelaySeconds on a message); "
                "set the delay on the queue instead"
            )
        check_range("processing_s", self.processing_s, 0.001, 43_200, unit="s")
        check_range("processing_cv", self.processing_cv, 0, 3)
        check_range("failure_rate", self.failure_rate, 0, 1)
        check_range("duplicate_rate", self.duplicate_rate, 0, 0.5)
        check_range("producer_retry_rate", self.producer_retry_rate, 0, 0.5)
        check_int("batch_size", self.batch_size, 1, 10)
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
        check_int("lambda_max_concurrency", self.lambda_max_concurrency, 2, LAMBDA_MAX_POLLERS)
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
        from statistics import NormalDist

        z = np.array([NormalDist().inv_cdf((k + 0.5) / N_BINS) for k in range(N_BINS)])
        bins = np.exp(mu + sigma * z)
        return np.sort(bins * self.processing_s / bins.mean())

    def params(self) -> np.ndarray:
        """The kernel's parameter vector."""
        p = np.zeros(qk.N_PARAMS)
        p[qk.P_DT] = self.dt_s
        p[qk.P_FIFO] = float(self.fifo)
        p[qk.P_VIS] = self.visibility_timeout_s
        p[qk.P_RET] = self.retention_s
        p[qk.P_DELAY] = self.delay_s
        p[qk.P_MRC] = self.max_receive_count
        p[qk.P_DLQ] = float(self.dlq)
        p[qk.P_FAIL] = self.failure_rate
        p[qk.P_DUP] = 0.0 if self.fifo else self.duplicate_rate
        p[qk.P_PRETRY] = self.producer_retry_rate
        p[qk.P_FIFO_CAP] = self.fifo_limit
        p[qk.P_GROUPS] = self.message_groups
        p[qk.P_INFLIGHT_CAP] = min(
            INFLIGHT_LIMIT[self.queue_type], self.message_groups * self.batch_size if self.fifo else 10**12
        )
        p[qk.P_MODE] = MODES.index(self.scaling)
        p[qk.P_C0] = self.consumers
        p[qk.P_CMIN] = self.min_consumers
        p[qk.P_CMAX] = self.max_consumers
        p[qk.P_THREADS] = self.threads
        p[qk.P_TARGET] = self.backlog_target if self.scaling == "backlog" else self.depth_target
        p[qk.P_LAUNCH] = self.launch_s
        p[qk.P_WARM] = self.warmup_s
        p[qk.P_PERIOD] = 60.0
        p[qk.P_LAM_RATE] = LAMBDA_POLLER_RATE[self.rules]
        p[qk.P_LAM_MAX] = self.lambda_max_concurrency
        p[qk.P_OUT0] = self.outage_start_s
        p[qk.P_OUT1] = self.outage_start_s + self.outage_s
        p[qk.P_SLOW0] = self.slowdown_start_s
        p[qk.P_SLOW1] = self.slowdown_start_s + self.slowdown_s
        p[qk.P_SLOWF] = self.slowdown_factor
        p[qk.P_POISON] = -1.0 if self.poison_at_s is None else self.poison_at_s
        return p


_COLS = {
    "sent": qk.O_SENT,
    "send_throttled": qk.O_THROTTLED,
    "deduplicated": qk.O_DEDUP,
    "received": qk.O_RECEIVED,
    "deleted": qk.O_DELETED,
    "visible": qk.O_VISIBLE,
    "in_flight": qk.O_INFLIGHT,
    "delayed": qk.O_DELAYED,
    "duplicates": qk.O_DUPS,
    "dead_lettered": qk.O_DLQ,
    "expired": qk.O_EXPIRED,
    "oldest_age_s": qk.O_OLDEST,
    "consumers": qk.O_CONSUMERS,
    "pending": qk.O_PENDING,
    "metric": qk.O_METRIC,
    "out_of_order": qk.O_OOO,
}


def _frame(cfg: QueueConfig, load: np.ndarray, out: np.ndarray) -> dict[str, np.ndarray]:
    data: dict[str, np.ndarray] = {"t_s": cfg.grid.t_s, "load": load}
    for name, idx in _COLS.items():
        col = out[idx]
        data[name] = col if name in ("oldest_age_s", "metric") else col.astype(np.int64)
    return data


def _run_one(cfg: QueueConfig, load: np.ndarray, seed: int) -> tuple[dict[str, np.ndarray], list[tuple]]:
    rng = np.random.default_rng(seed)
    out, ev_t, ev_code, ev_val = run_queue(cfg.params(), np.ascontiguousarray(load), cfg.processing_bins, rng)
    events = [(ev_t[k] * cfg.dt_s, *_message(cfg, int(ev_code[k]), *ev_val[k])) for k in range(len(ev_t))]
    data = _frame(cfg, load, out)
    return data, events + rollups(cfg, data)


def simulate_many(
    configs: Sequence[QueueConfig],
    loads: Sequence[LoadTrace | np.ndarray | float] | LoadTrace | float,
    *,
    seed: int = 0,
) -> Result:
    """Run a batch of queues; the frame gets a ``scenario`` column. Same kernel as :func:`simulate`.

    Every scenario uses a generator made from ``seed``, so scenario ``i`` of a batch equals
    ``simulate(configs[i], loads[i], seed=seed)``.
    """
    loads = broadcast_loads(loads, len(configs))
    if not configs:
        return Result(
            frame=SCHEMA.frame({n: [] for n in SCHEMA.names}),
            events=EventLog().frame(),
            config=[],
            units=SCHEMA.units(),
        )
    runs = (_run_one(cfg, as_load(ld, cfg.grid, seed), seed) for cfg, ld in zip(configs, loads, strict=True))
    frame, events = stack_scenarios((SCHEMA.frame(data), ev) for data, ev in runs)
    return Result(frame=frame, events=events, config=list(configs), units=SCHEMA.units())


def simulate(config: QueueConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Simulate one queue and its consumers under ``load`` (messages/s)."""
    arr = as_load(load, config.grid, seed)
    if arr.ndim != 1:
        raise ValueError("simulate takes one scenario; use simulate_many for a batch")
    data, events = _run_one(config, arr, seed)
    log = EventLog()
    for t, kind, msg in events:
        log.add(t, kind, msg)
    return Result(frame=SCHEMA.frame(data), events=log.frame(), config=config, units=SCHEMA.units())


def summary(result: Result) -> dict[str, float]:
    """Key numbers of a single-scenario run, for metrics on a page."""
    f = result.frame
    return {
        "sent": float(f["sent"].sum()),
        "deleted": float(f["deleted"].sum()),
        "duplicates": float(f["duplicates"].sum()),
        "dead_lettered": float(f["dead_lettered"].iloc[-1]),
        "expired": float(f["expired"].iloc[-1]),
        "peak_visible": float(f["visible"].max()),
        "peak_age_s": float(f["oldest_age_s"].max()),
        "peak_consumers": float(f["consumers"].max()),
        "throttled": float(f["send_throttled"].sum()),
    }


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    for scaling in ("fixed", "backlog", "lambda"):
        simulate(QueueConfig(horizon_s=120, scaling=scaling, consumers=1, processing_cv=0.5), 5.0)
