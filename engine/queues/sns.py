"""SNS fan-out: one topic, several subscriptions with filter policies, one queue per SQS subscriber.

Facts (aws-facts.md §5): a message published once is pushed to every subscription whose filter
policy matches its attributes (no policy: every message); SQS subscribers each get their own copy
in their own queue, so a slow subscriber's queue grows while the others stay flat; Lambda and
HTTP(S) subscribers are pushed to directly. SNS messages are at most 256 KB in both editions
(the extended client stores larger payloads in S3).

Filter policies (:mod:`engine.queues.sns_policy`): a subscription's ``filter_policy`` (JSON, with
prefix, suffix, numeric, anything-but, exists, cidr, ``$or``) applies to the message attributes
or, with ``filter_scope="MessageBody"``, to the body; the share it accepts is measured on a
seeded batch of the published messages. ``filter_types`` is the short form ``{"type": [...]}``.

HTTP/S delivery retries (SNS developer guide, "Amazon SNS message delivery retries" and "Set the
delivery policy for the Amazon SNS subscription"): by default a failed HTTP/S delivery is retried
**3 times, 20 s apart**; a custom delivery policy may change the count and the delay, but the
total retry time of an HTTP/S policy cannot exceed **3,600 s**; once the policy is exhausted the
message is discarded, unless the subscription has a dead-letter queue. An HTTP subscriber may be
down from ``down_at_s`` for ``down_s``; its copies then go through those retries
(:func:`engine.eventbridge.retry.retry_outage` with the SNS schedule).

Each SQS subscriber's queue runs through :func:`engine.queues.simulate_many` (one batch).
(This module was ``engine.sns``; that path still imports it, with a deprecation warning.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, TimeGrid, check_choice, check_int, check_range
from engine.eventbridge.retry import retry_outage
from engine.load import LoadTrace, as_load
from engine.queues.config import QueueConfig
from engine.queues.simulation import simulate_many
from engine.queues.sns_policy import SCOPES, accepted_share, parse_policy, type_policy
from engine.rules import check_edition

__all__ = [
    "FRAME_SCHEMA",
    "HTTP_RETRIES",
    "HTTP_RETRY_DELAY_S",
    "HTTP_RETRY_TOTAL_S",
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
HTTP_RETRIES = 3
"""Retries of a failed HTTP/S delivery under the default delivery policy (SNS developer guide)."""
HTTP_RETRY_DELAY_S = 20.0
"""Seconds between those retries by default (same source)."""
HTTP_RETRY_TOTAL_S = 3600.0
"""The most an HTTP/S delivery policy may spend retrying, a hard limit (same source)."""

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
    Column("failed", "messages", "copies whose first HTTP/S delivery failed (endpoint down)"),
    Column("retried", "messages", "copies delivered by an HTTP/S retry"),
    Column("dead_lettered", "messages", "copies sent to the subscription's dead-letter queue"),
    Column("discarded", "messages", "copies discarded after the retries (no dead-letter queue)"),
)


@dataclass(frozen=True)
class Subscription:
    """One subscription: its endpoint, filter (``filter_types``: accepted ``type`` values, or a JSON
    ``filter_policy`` on ``filter_scope``), for SQS its consumers, for HTTP/S an optional outage
    (``down_at_s``, ``down_s``), its delivery policy (``retries``, ``retry_delay_s``) and ``dlq``."""

    name: str
    protocol: str = "sqs"
    filter_types: tuple[str, ...] = ()
    consumers: int = 2
    processing_s: float = 0.1
    filter_policy: str | None = None
    filter_scope: str = "MessageAttributes"
    down_at_s: float | None = None
    down_s: float = 60.0
    retries: int = HTTP_RETRIES
    retry_delay_s: float = HTTP_RETRY_DELAY_S
    dlq: bool = False

    def __post_init__(self) -> None:
        check_choice("protocol", self.protocol, PROTOCOLS)
        check_int("consumers", self.consumers, 0, 10_000)
        check_range("processing_s", self.processing_s, 0.001, 3600, unit="s")
        object.__setattr__(self, "filter_types", tuple(self.filter_types))
        check_choice("filter_scope", self.filter_scope, SCOPES)
        if self.filter_policy is not None and self.filter_types:
            raise ValueError(f"subscription {self.name}: give filter_types or filter_policy, not both")
        if self.filter_policy is not None:
            parse_policy(self.filter_policy, self.filter_scope)  # PatternError names the place
        check_int("retries", self.retries, 0, 100)
        check_range("retry_delay_s", self.retry_delay_s, 1, HTTP_RETRY_TOTAL_S, unit="s")
        if self.retries * self.retry_delay_s > HTTP_RETRY_TOTAL_S:
            raise ValueError(
                f"retries x retry_delay_s must be at most {HTTP_RETRY_TOTAL_S:g} s (the HTTP/S delivery policy's "
                f"hard limit), got {self.retries} x {self.retry_delay_s:g} s"
            )
        check_range("down_s", self.down_s, 1, 86_400, unit="s")
        if self.down_at_s is not None and self.protocol != "http":
            raise ValueError(
                f"down_at_s: only an http subscription's endpoint can be taken down here, {self.name} is {self.protocol}"
            )

    @property
    def policy(self) -> str | None:
        """The subscription's filter policy as JSON text (None: every message)."""
        return type_policy(self.filter_types) if self.filter_types else self.filter_policy


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
            if sub.down_at_s is not None:
                check_range(f"down_at_s of {sub.name}", sub.down_at_s, 0, self.horizon_s - self.dt_s, unit="s")
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
        """Share of published messages the subscription's filter policy accepts (1 without one):
        exact for ``filter_types``, measured on the seeded message batch for a ``filter_policy``."""
        if sub.filter_types:
            return sum(s for t, s in self.type_shares if t in sub.filter_types)
        if sub.filter_policy is None:
            return 1.0
        return accepted_share(parse_policy(sub.filter_policy, sub.filter_scope), self.type_shares)


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
    log = EventLog()
    for sub in config.subscriptions:
        share = config.match_share(sub)
        if sub.policy is not None:
            scope = "attributes" if sub.filter_types or sub.filter_scope == "MessageAttributes" else "body"
            log.add(
                0.0,
                "filter_policy",
                f"{sub.name}: filter policy {sub.policy} on the message {scope} accepts {share:.1%} of published messages.",
                share=share,
            )
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
            if sub.down_at_s is not None:
                part = _http_outage(sub, part, grid.t_s, config.dt_s, log)
        for col in ("failed", "retried", "dead_lettered", "discarded"):
            if col not in part:
                part[col] = 0.0
        rows.append(SUBSCRIBER_SCHEMA.frame(part))
    frame = FRAME_SCHEMA.frame({"t_s": grid.t_s, "published": published * config.dt_s})
    events = log.frame()
    if qres is not None and len(qres.events):
        # A queue's sentences name their subscriber (scenario k is the k-th SQS subscription).
        queue_events = qres.events.assign(
            message=[
                f"{sqs[int(k)].name}: {m}" for k, m in zip(qres.events["scenario"], qres.events["message"], strict=True)
            ]
        )
        events = queue_events if not len(events) else pd.concat([queue_events, events], ignore_index=True)
        events = events.sort_values("t_s", kind="stable", ignore_index=True)
    return Result(
        frame=frame,
        events=events,
        config=config,
        units={**FRAME_SCHEMA.units(), **SUBSCRIBER_SCHEMA.units()},
        extra={"subscribers": pd.concat(rows, ignore_index=True)},
    )


def _http_outage(sub: Subscription, part: pd.DataFrame, t_s: np.ndarray, dt_s: float, log: EventLog) -> pd.DataFrame:
    """An HTTP/S endpoint down for ``down_s``: its copies go through the delivery policy's retries
    (``retries`` times, ``retry_delay_s`` apart), then to the DLQ or discarded."""
    offsets = sub.retry_delay_s * np.arange(1, sub.retries + 1)
    copies = part["matched"].to_numpy(dtype=float) / dt_s
    r = retry_outage(
        t_s,
        dt_s,
        copies,
        float(sub.down_at_s or 0.0),
        sub.down_s,
        attempts=sub.retries,
        max_age_s=np.inf,
        dlq=sub.dlq,
        offsets=offsets,
    )
    failed, retried = r.failed * dt_s, r.retried * dt_s
    part = part.assign(
        deleted=part["matched"] - failed + retried,
        failed=failed,
        retried=retried,
        dead_lettered=r.dead_lettered * dt_s,
        discarded=r.dropped * dt_s,
    )
    t0 = float(sub.down_at_s or 0.0)
    lost = float(part["dead_lettered"].sum() + part["discarded"].sum())
    where = "sent to the subscription's dead-letter queue" if sub.dlq else "discarded (no dead-letter queue)"
    log.add(
        t0,
        "endpoint_down",
        f"{sub.name}: the HTTP endpoint is down for {sub.down_s:g} s; SNS retries each failed delivery "
        f"{sub.retries} times, {sub.retry_delay_s:g} s apart: {float(retried.sum()):,.0f} copies arrive by a retry, "
        f"{lost:,.0f} are {where}.",
        failed=float(failed.sum()),
        retried=float(retried.sum()),
        lost=lost,
    )
    return part
