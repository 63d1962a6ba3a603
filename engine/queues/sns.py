"""SNS fan-out: one topic, several subscriptions with filter policies, one queue per SQS subscriber.

Facts (aws-facts.md §5): a message published once is pushed to every subscription whose filter
policy matches its attributes (no policy: every message); SQS subscribers each get their own copy
in their own queue, so a slow subscriber's queue grows while the others stay flat; Lambda and
HTTP(S) subscribers are pushed to directly. SNS messages are at most 256 KB in both editions
(the extended client stores larger payloads in S3).

Each SQS subscriber's queue runs through :func:`engine.queues.simulate_many` (one batch).
(This module was ``engine.sns``; that path still imports it, with a deprecation warning.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, TimeGrid, check_choice, check_int, check_range
from engine.load import LoadTrace, as_load
from engine.queues.config import QueueConfig
from engine.queues.simulation import simulate_many
from engine.rules import check_edition

__all__ = [
    "FRAME_SCHEMA",
    "PROTOCOLS",
    "SNS_MAX_KB",
    "SUBSCRIBER_SCHEMA",
    "FanoutConfig",
    "Subscription",
    "simulate_fanout",
]

SNS_MAX_KB = 256
"""§5, §9: the SNS maximum message size, in both editions."""
PROTOCOLS = ("sqs", "lambda", "http")

FRAME_SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("published", "messages", "messages published to the topic in the step"),
)

SUBSCRIBER_SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("subscriber", "", "subscription name"),
    Column("matched", "messages", "copies delivered to this subscription in the step"),
    Column("visible", "messages", "messages waiting in the subscriber's queue (SQS only)"),
    Column("deleted", "messages", "messages the subscriber finished in the step"),
    Column("oldest_age_s", "s", "age of the oldest waiting message"),
)


@dataclass(frozen=True)
class Subscription:
    """One subscription: its endpoint, filter (attribute values it accepts) and, for SQS, consumers."""

    name: str
    protocol: str = "sqs"
    filter_types: tuple[str, ...] = ()
    consumers: int = 2
    processing_s: float = 0.1

    def __post_init__(self) -> None:
        check_choice("protocol", self.protocol, PROTOCOLS)
        check_int("consumers", self.consumers, 0, 10_000)
        check_range("processing_s", self.processing_s, 0.001, 3600, unit="s")


@dataclass(frozen=True)
class FanoutConfig:
    """A topic, the share of published messages per ``type`` attribute, and its subscriptions."""

    subscriptions: tuple[Subscription, ...] = (
        Subscription("orders (SQS)", "sqs", ("order",), 2, 0.05),
        Subscription("analytics (SQS)", "sqs", (), 2, 0.05),
        Subscription("refunds (Lambda)", "lambda", ("refund",)),
    )
    type_shares: tuple[tuple[str, float], ...] = (("order", 0.6), ("refund", 0.1), ("review", 0.3))
    message_kb: float = 4.0
    horizon_s: float = 3600.0
    dt_s: float = 1.0
    rules: str = "course"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        if not 1 <= len(self.subscriptions) <= 10:
            raise ValueError(f"a topic here takes 1 to 10 subscriptions, got {len(self.subscriptions)}")
        check_range("message_kb", self.message_kb, 0.001, SNS_MAX_KB, unit="KB (the SNS maximum message size)")
        total = sum(s for _, s in self.type_shares)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"type_shares must add up to 1, got {total:g}")
        known = {t for t, _ in self.type_shares}
        for sub in self.subscriptions:
            for t in sub.filter_types:
                check_choice(f"filter value of {sub.name}", t, sorted(known))
        TimeGrid(self.horizon_s, self.dt_s)

    @classmethod
    def example(cls, analytics_processing_s: float = 0.5, *, rules: str = "course") -> FanoutConfig:
        """The lab's topic: orders (SQS, type=order), analytics (SQS, no filter), refunds (Lambda)."""
        return cls(
            subscriptions=(
                Subscription("orders (SQS, type=order)", "sqs", ("order",), 2, 0.05),
                Subscription("analytics (SQS, no filter)", "sqs", (), 2, analytics_processing_s),
                Subscription("refunds (Lambda, type=refund)", "lambda", ("refund",)),
            ),
            rules=rules,
        )

    def match_share(self, sub: Subscription) -> float:
        """Share of published messages the subscription's filter policy accepts (1 without one)."""
        if not sub.filter_types:
            return 1.0
        return sum(s for t, s in self.type_shares if t in sub.filter_types)


def simulate_fanout(config: FanoutConfig, load: LoadTrace | np.ndarray | float, *, seed: int = 0) -> Result:
    """Publish ``load`` msg/s to the topic; ``frame``: published per step; ``extra['subscribers']``."""
    grid = TimeGrid(config.horizon_s, config.dt_s)
    published = as_load(load, grid, seed)
    sqs = [s for s in config.subscriptions if s.protocol == "sqs"]
    qcfgs = [
        QueueConfig(
            consumers=s.consumers,
            processing_s=s.processing_s,
            horizon_s=config.horizon_s,
            dt_s=config.dt_s,
            rules=config.rules,
            message_kb=config.message_kb,
        )
        for s in sqs
    ]
    qres = simulate_many(qcfgs, [published * config.match_share(s) for s in sqs], seed=seed) if sqs else None
    rows = []
    k = 0
    for sub in config.subscriptions:
        share = config.match_share(sub)
        if sub.protocol == "sqs" and qres is not None:
            f = qres.scenario(k).frame
            k += 1
            part = pd.DataFrame(
                {
                    "t_s": grid.t_s,
                    "subscriber": sub.name,
                    "matched": f["sent"].to_numpy(),
                    "visible": f["visible"].to_numpy(),
                    "deleted": f["deleted"].to_numpy(),
                    "oldest_age_s": f["oldest_age_s"].to_numpy(),
                }
            )
        else:
            pushed = np.floor(np.cumsum(published * share * config.dt_s) + 1e-9)
            per_step = np.diff(pushed, prepend=0.0).astype(np.int64)
            part = pd.DataFrame(
                {
                    "t_s": grid.t_s,
                    "subscriber": sub.name,
                    "matched": per_step,
                    "visible": 0,
                    "deleted": per_step,
                    "oldest_age_s": 0.0,
                }
            )
        rows.append(SUBSCRIBER_SCHEMA.frame(part))
    frame = FRAME_SCHEMA.frame({"t_s": grid.t_s, "published": published * config.dt_s})
    events = qres.events if qres is not None else EventLog().frame()
    return Result(
        frame=frame,
        events=events,
        config=config,
        units={**FRAME_SCHEMA.units(), **SUBSCRIBER_SCHEMA.units()},
        extra={"subscribers": pd.concat(rows, ignore_index=True)},
    )
