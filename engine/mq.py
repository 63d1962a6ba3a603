"""Amazon MQ vs SQS: a broker of fixed size saturating while a queue service keeps scaling.

The same producers (``load``, msg/s) and the same consumers (``consumer_rps``) are wired once to an
Amazon MQ broker and once to an SQS queue (tables and sources: ``engine.mq_profiles``):

* **Broker**: moves at most ``min(throughput of its instance type, consumers)`` msg/s. The rest
  waits in the broker (``broker_backlog``); past its store, producer flow control refuses sends
  (``broker_rejected``). Active/standby doubles the price, not the throughput (one broker is active).
* **SQS standard**: accepts any rate (aws-facts §4: nearly unlimited API calls); only the consumers
  bound delivery. **FIFO**: 300 msg/s per action without batching, 3,000 with batches of 10 (§4).
* Latency = base + backlog ÷ drain rate (Little's law). Cost: broker hours (× 2 for active/standby)
  vs SQS requests (send + receive + delete, ÷ batch size) — illustrative 2026 prices.

Conservation per side and step: arrivals = delivered + Δbacklog + rejected. One numba kernel runs
every scenario; :func:`recommend` encodes the course notes' decision (lift and shift vs new app).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from engine.core import (
    Column,
    EventLog,
    Result,
    Schema,
    TimeGrid,
    check_choice,
    check_int,
    check_range,
    format_clock,
)
from engine.load import LoadTrace, batch_loads
from engine.mq_profiles import (
    BROKER_LATENCY_MS,
    BROKERS,
    ENGINE_PROTOCOLS,
    PROTOCOLS,
    SQS_FIFO_BATCHED,
    SQS_FIFO_TPS,
    SQS_LATENCY_MS,
    SQS_PRICE_PER_M,
    sqs_max_message_kb,
)
from engine.rules import check_edition

__all__ = ["SCHEMA", "MqConfig", "recommend", "simulate", "simulate_many", "warmup"]

QUEUE_TYPES = ("standard", "fifo", "fifo-batched")
SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("sent", "msg/s", "producers' send rate (same for both)"),
    Column("broker_delivered", "msg/s", "delivered to consumers through the broker"),
    Column("broker_backlog", "messages", "waiting in the broker"),
    Column("broker_rejected", "msg/s", "sends refused by producer flow control (store full)"),
    Column("broker_latency_ms", "ms", "send-to-consume time through the broker"),
    Column("broker_util_pct", "%", "offered load / broker throughput"),
    Column("sqs_delivered", "msg/s", "delivered to consumers through SQS"),
    Column("sqs_backlog", "messages", "visible messages waiting in SQS"),
    Column("sqs_latency_ms", "ms", "send-to-consume time through SQS"),
    Column("broker_cost_usd", "USD", "broker cost so far"),
    Column("sqs_cost_usd", "USD", "SQS request cost so far"),
)


@dataclass(frozen=True)
class MqConfig:
    """The broker, the queue and the shared consumers."""

    instance: str = "mq.m5.large"
    engine: str = "activemq"
    active_standby: bool = True
    clients: int = 200
    protocol: str = "jms"
    queue_type: str = "standard"
    batch: int = 10
    consumer_rps: float = 20_000.0
    message_kb: float = 4.0
    horizon_s: float = 86_400.0
    dt_s: float = 60.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_choice("instance", self.instance, BROKERS)
        check_edition(self.rules)
        check_choice("engine", self.engine, ENGINE_PROTOCOLS)
        if self.engine == "rabbitmq" and self.rules == "course":
            raise ValueError(
                "engine 'rabbitmq' is not in the course notes (Amazon MQ = managed ActiveMQ); switch the rules edition to AWS today"
            )
        check_choice("protocol", self.protocol, PROTOCOLS)
        check_choice("queue_type", self.queue_type, QUEUE_TYPES)
        check_int("batch", self.batch, 1, 10)
        check_int("clients", self.clients, 1, 100_000)
        b = BROKERS[self.instance]
        if self.clients > b.connections:
            raise ValueError(
                f"clients {self.clients:,} exceed the {b.connections:,} wire-level connections per protocol of an "
                f"{self.instance} broker (Amazon MQ quota); choose a larger instance type or pool connections"
            )
        check_range("consumer_rps", self.consumer_rps, 1, 1e7, unit="msg/s")
        check_range("message_kb", self.message_kb, 0.1, 2_000_000, unit="KB")
        TimeGrid(self.horizon_s, self.dt_s)

    @property
    def broker(self):  # type: ignore[no-untyped-def]
        """The broker instance type."""
        return BROKERS[self.instance]

    @property
    def sqs_cap(self) -> float:
        """SQS throughput limit in msg/s (inf for standard, aws-facts §4 for FIFO)."""
        return {"standard": np.inf, "fifo": SQS_FIFO_TPS, "fifo-batched": SQS_FIFO_BATCHED}[self.queue_type]

    @property
    def broker_usd_per_day(self) -> float:
        """Broker cost per day: instance-hours (× 2 for active/standby), illustrative 2026 prices."""
        return self.broker.usd_per_hour * 24 * (2 if self.active_standby else 1)

    @property
    def cost_crossover_rps(self) -> float:
        """Steady msg/s above which SQS requests (send + receive + delete, ÷ batch) cost more per day
        than the broker's hours — below it SQS is cheaper (illustrative 2026 prices)."""
        per_msg = 3 / self.batch / 1e6 * SQS_PRICE_PER_M["standard" if self.queue_type == "standard" else "fifo"]
        return self.broker_usd_per_day / (86_400 * per_msg)

    @property
    def needs_extended_client(self) -> bool:
        """The message is over SQS's maximum size (§4, §9): it needs the S3-backed Extended Client."""
        return self.message_kb > sqs_max_message_kb(self.rules)

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)


@njit(cache=True)
def _kernel(rate, b_cap, b_store, s_cap, consumers, dt):  # pragma: no cover - compiled
    S, N = rate.shape
    out = np.zeros((S, 7, N))
    for s in range(S):
        qb = 0.0
        qs = 0.0
        drain_b = min(b_cap[s], consumers[s])
        drain_s = min(s_cap[s], consumers[s])
        for t in range(N):
            a = rate[s, t] * dt
            room = b_store[s] - qb + drain_b * dt
            acc = min(a, max(room, 0.0))
            qb += acc
            db = min(qb, drain_b * dt)
            qb -= db
            qs += a
            ds = min(qs, drain_s * dt)
            qs -= ds
            out[s, 0, t] = db / dt
            out[s, 1, t] = qb
            out[s, 2, t] = (a - acc) / dt
            out[s, 3, t] = qb / drain_b * 1000.0
            out[s, 4, t] = ds / dt
            out[s, 5, t] = qs
            out[s, 6, t] = qs / drain_s * 1000.0
    return out


def simulate_many(
    configs: Sequence[MqConfig], loads: Sequence[LoadTrace | float | np.ndarray], *, seed: int = 0
) -> list[Result]:
    """Run scenarios in one kernel call (all must share ``horizon_s`` and ``dt_s``)."""
    grid, rate = batch_loads(configs, loads, seed)
    if grid is None:
        return []
    out = _kernel(
        rate,
        np.array([c.broker.throughput for c in configs]),
        np.array([c.broker.store_msgs for c in configs]),
        np.array([c.sqs_cap for c in configs]),
        np.array([c.consumer_rps for c in configs]),
        float(grid.dt_s),
    )
    hours = (grid.t_s + grid.dt_s) / 3600.0
    results = []
    for i, c in enumerate(configs):
        o = out[i]
        price = c.broker.usd_per_hour * (2 if c.active_standby else 1)
        requests = np.cumsum(rate[i] * grid.dt_s) + np.cumsum(o[4] * grid.dt_s) * 2  # send + receive/delete
        sqs_key = "standard" if c.queue_type == "standard" else "fifo"
        frame = SCHEMA.frame(
            {
                "t_s": grid.t_s, "sent": rate[i], "broker_delivered": o[0], "broker_backlog": o[1],
                "broker_rejected": o[2], "broker_latency_ms": BROKER_LATENCY_MS + o[3],
                "broker_util_pct": 100 * rate[i] / c.broker.throughput, "sqs_delivered": o[4], "sqs_backlog": o[5],
                "sqs_latency_ms": SQS_LATENCY_MS + o[6], "broker_cost_usd": price * hours,
                "sqs_cost_usd": requests / c.batch / 1e6 * SQS_PRICE_PER_M[sqs_key],
            }
        )  # fmt: skip
        results.append(Result(frame, _events(c, frame), c, SCHEMA.units()))
    return results


def simulate(config: MqConfig, load: LoadTrace | float | np.ndarray, *, seed: int = 0) -> Result:
    """Run one comparison on ``load`` (msg/s from the producers)."""
    return simulate_many([config], [load], seed=seed)[0]


def _episodes(values: np.ndarray, enter: float, leave: float) -> list[tuple[int, bool]]:
    """Steps where ``values`` rises above ``enter`` and later falls to ``leave`` (hysteresis, no chatter)."""
    out, on = [], False
    for j, v in enumerate(values):  # a scan over the result, after the kernel
        if not on and v > enter:
            out.append((j, True))
            on = True
        elif on and v <= leave:
            out.append((j, False))
            on = False
    return out


def _events(c: MqConfig, f) -> object:  # type: ignore[no-untyped-def]
    log = EventLog()
    t = f["t_s"].to_numpy()
    b = c.broker
    mode = "active/standby pair" if c.active_standby else "single-instance broker"
    log.add(
        0.0,
        "setup",
        f"{c.instance} {mode}: about {b.throughput:,.0f} msg/s (illustrative), {b.connections:,} connections per protocol; consumers can take {c.consumer_rps:,.0f} msg/s.",
    )
    if c.needs_extended_client:
        log.add(
            0.0,
            "message_size",
            f"{c.message_kb:,.0f} KB messages exceed SQS's {sqs_max_message_kb(c.rules):,.0f} KB maximum ({c.rules} edition): SQS needs the Extended Client Library (payload in S3, up to 2 GB).",
        )
    backlog = f["broker_backlog"].to_numpy()
    for j, up in _episodes(backlog, b.throughput * 10, 0.0)[:12]:
        if up:
            log.add(
                t[j],
                "broker_saturated",
                f"Producers send {f['sent'].iloc[j]:,.0f} msg/s, over the broker's {b.throughput:,.0f} msg/s: its queue passes {b.throughput * 10:,.0f} messages (10 s of work) and latency climbs. A bigger instance type means a broker restart.",
            )
        else:
            log.add(
                t[j],
                "broker_ok",
                "The broker has drained its backlog: latency is back to normal.",
            )
    for j, up in _episodes(backlog, b.store_msgs * 0.999, b.store_msgs * 0.5)[:6]:
        if up:
            log.add(
                t[j],
                "flow_control",
                f"Broker store full ({b.store_msgs:,.0f} messages): producer flow control refuses {f['broker_rejected'].iloc[j]:,.0f} msg/s.",
            )
    if c.queue_type != "standard":
        for j, up in _episodes(f["sqs_backlog"].to_numpy(), c.sqs_cap * 10, 0.0)[:6]:
            if up:
                log.add(
                    t[j],
                    "fifo_limit",
                    f"SQS FIFO limit reached: {c.sqs_cap:,.0f} msg/s ({'batches of 10' if c.queue_type == 'fifo-batched' else 'no batching'}, aws-facts §4); the FIFO queue backs up too.",
                )
    peak = int(np.argmax(f["sent"].to_numpy()))
    log.add(
        t[peak],
        "peak",
        f"Peak {f['sent'].iloc[peak]:,.0f} msg/s at {format_clock(t[peak])}: broker latency {f['broker_latency_ms'].iloc[peak]:,.0f} ms, SQS {f['sqs_latency_ms'].iloc[peak]:,.0f} ms.",
    )
    return log.frame()


def recommend(protocol: str, new_app: bool, rules: str = "course") -> tuple[str, list[str]]:
    """The course notes' decision: ("Amazon MQ" | "SQS", reasons)."""
    check_choice("protocol", protocol, PROTOCOLS)
    check_edition(rules)
    name = PROTOCOLS[protocol]
    if protocol == "sqs":
        return "SQS", ["The app already speaks the SQS API.", "SQS scales without sizing a broker."]
    if new_app:
        return "SQS", [
            "Course notes: use SQS (with SNS for pub/sub) when building a new application from scratch.",
            f"A new app need not speak {name}: the SQS API scales without brokers to size, patch or fail over.",
        ]
    engines = [e for e, ps in ENGINE_PROTOCOLS.items() if protocol in ps and (e == "activemq" or rules == "aws-today")]
    return "Amazon MQ", [
        f"The existing app speaks {name}: Amazon MQ ({' or '.join(e.replace('mq', 'MQ').replace('active', 'Active').replace('rabbit', 'Rabbit') for e in engines)}) is a drop-in replacement — lift and shift "
        "without rewriting the messaging code (course notes).",
        "You still choose an instance size: throughput is bounded by it, unlike SQS.",
    ]


def warmup() -> None:
    """Compile the kernel on a tiny input."""
    simulate(MqConfig(horizon_s=600, dt_s=60), 10.0)
