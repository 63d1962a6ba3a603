"""SNS subscription filter policies on message attributes or on the message body.

Facts (aws-facts §5: a JSON filter policy per subscription, scoped to attributes or to the body,
no policy = every message, at most 150 value combinations; SNS developer guide, "Amazon SNS
subscription filter policies", "Filter policy constraints", "Amazon SNS subscription filter
policy scope", "String value matching", "Numeric value matching"):

* ``FilterPolicyScope`` is ``MessageAttributes`` (the default) or ``MessageBody``; a body policy
  may nest objects like the JSON body, an attribute policy may not ("Amazon SNS doesn't accept a
  nested filter policy for attribute-based filtering").
* Operators: exact strings and numbers, ``prefix``, ``suffix``, ``equals-ignore-case``,
  ``anything-but`` (values, a prefix or suffix), ``numeric`` (``=`` and ranges), ``exists``, IP
  ``cidr`` and ``$or``: the same grammar as EventBridge patterns, so the lab parses policies with
  :func:`engine.eventbridge.pattern.parse_pattern` and refuses what SNS lacks (``wildcard``).
* Limits: at most 5 keys, at most 150 value combinations (the product of each key's number of
  values), numbers within -1e9..1e9.

:func:`sample_messages` builds a seeded batch of the lab's published messages (their attributes
and their body); :func:`accepted_share` is the share of that batch a policy accepts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from engine.eventbridge.matching import NUM, STR, Column, EventTable, match
from engine.eventbridge.pattern import Condition, Pattern, PatternError, parse_pattern

__all__ = [
    "MAX_COMBINATIONS",
    "MAX_KEYS",
    "NUMERIC_LIMIT",
    "SCOPES",
    "FilterPolicy",
    "accepted_share",
    "parse_policy",
    "sample_messages",
    "type_policy",
]

SCOPES: tuple[str, ...] = ("MessageAttributes", "MessageBody")
"""``FilterPolicyScope`` values; ``MessageAttributes`` is the default."""
MAX_KEYS = 5
"""Keys a filter policy may hold (SNS filter policy constraints)."""
MAX_COMBINATIONS = 150
"""Value combinations a filter policy may hold (aws-facts §5; SNS filter policy constraints)."""
NUMERIC_LIMIT = 1e9
"""Numeric matching works on values from -1e9 to 1e9 (SNS filter policy constraints)."""
SAMPLE = 4000
"""Messages in the seeded batch a policy is measured on."""


@dataclass(frozen=True)
class FilterPolicy:
    """A validated policy: its pattern and scope."""

    pattern: Pattern
    scope: str


def _combinations(p: Pattern) -> int:
    n = math.prod(len(leaf.conditions) for leaf in p.leaves)
    for alternatives in p.ors:
        n *= sum(_combinations(a) for a in alternatives)
    return n


def _conditions(p: Pattern) -> Iterator[tuple[str, Condition]]:
    for leaf in p.leaves:
        for c in leaf.conditions:
            yield leaf.path, c
    for alternatives in p.ors:
        for a in alternatives:
            yield from _conditions(a)


def parse_policy(text: str, scope: str = "MessageAttributes") -> FilterPolicy:
    """Parse and check a filter policy (``PatternError``, a ValueError, naming the place and rule)."""
    if scope not in SCOPES:
        raise PatternError("", f"filter_scope must be one of {', '.join(SCOPES)}, got {scope!r}")
    p = parse_pattern(text)
    keys = p.fields
    if scope == "MessageAttributes":
        nested = [k for k in keys if "." in k]
        if nested:
            raise PatternError(
                nested[0],
                "a MessageAttributes filter policy cannot nest objects (attributes are flat); "
                "use FilterPolicyScope MessageBody to filter on nested body properties",
            )
    if len(keys) > MAX_KEYS:
        raise PatternError("", f"a filter policy can have at most {MAX_KEYS} keys, got {len(keys)} ({', '.join(keys)})")
    n = _combinations(p)
    if n > MAX_COMBINATIONS:
        raise PatternError("", f"a filter policy can have at most {MAX_COMBINATIONS} value combinations, got {n}")
    for path, c in _conditions(p):
        if c.op in ("wildcard", "not-wildcard"):
            raise PatternError(path, "wildcard is an EventBridge operator; SNS filter policies do not support it")
        if c.op == "numeric" and max(abs(x) for x in (c.value[0], c.value[2]) if math.isfinite(x)) > NUMERIC_LIMIT:
            raise PatternError(path, "SNS numeric matching works on numbers from -1e9 to 1e9")
    return FilterPolicy(p, scope)


def _column(owner: np.ndarray, values: np.ndarray, n: int) -> Column:
    is_num = values.dtype.kind in "fi"
    k = len(owner)
    present = np.zeros(n, dtype=bool)
    present[owner] = True
    return Column(
        owner.astype(np.int64),
        np.full(k, NUM if is_num else STR, dtype=np.int8),
        np.full(k, "") if is_num else values.astype(str),
        values.astype(float) if is_num else np.full(k, np.nan),
        present,
    )


@lru_cache(maxsize=8)
def sample_messages(type_shares: tuple[tuple[str, float], ...], seed: int = 0) -> dict[str, EventTable]:
    """A seeded batch of published messages, as one table per scope.

    Attributes: ``type`` (drawn from ``type_shares``), ``store`` (``eu-shop-1`` ...), ``price_usd``
    (a number), ``channel`` (web/app/pos); ``coupon`` on a fifth. The body holds the same facts as
    JSON: ``{"type", "store", "order": {"price_usd", "currency"}, "customer": {"tier", "ip"}}``.
    """
    rng = np.random.default_rng([seed, 11])
    n = SAMPLE
    every = np.arange(n)
    names = np.array([t for t, _ in type_shares])
    p = np.array([s for _, s in type_shares])
    kind = names[rng.choice(len(names), size=n, p=p / p.sum())]
    store = np.array(["eu-shop-1", "eu-shop-2", "us-shop-1", "ap-shop-1"])[
        rng.choice(4, size=n, p=[0.3, 0.2, 0.4, 0.1])
    ]
    price = np.round(rng.lognormal(np.log(40), 0.9, n), 2)
    channel = np.array(["web", "app", "pos"])[rng.choice(3, size=n, p=[0.5, 0.35, 0.15])]
    coupon = every[rng.random(n) < 0.2]
    currency = np.where(np.char.startswith(store, "eu"), "EUR", "USD")
    tier = np.array(["gold", "silver", "bronze"])[rng.choice(3, size=n, p=[0.1, 0.3, 0.6])]
    ip = np.char.add("198.51.100.", rng.integers(1, 255, n).astype(str))
    attrs = {
        "type": _column(every, kind, n),
        "store": _column(every, store, n),
        "price_usd": _column(every, price, n),
        "channel": _column(every, channel, n),
        "coupon": _column(coupon, np.full(len(coupon), "SAVE10"), n),
    }
    body = {
        "type": attrs["type"],
        "store": attrs["store"],
        "order.price_usd": attrs["price_usd"],
        "order.currency": _column(every, currency, n),
        "customer.tier": _column(every, tier, n),
        "customer.ip": _column(every, ip, n),
    }
    return {"MessageAttributes": EventTable(n, attrs), "MessageBody": EventTable(n, body)}


def accepted_share(policy: FilterPolicy, type_shares: tuple[tuple[str, float], ...], seed: int = 0) -> float:
    """Share of the seeded batch of published messages that ``policy`` accepts."""
    table = sample_messages(tuple(type_shares), seed)[policy.scope]
    return float(match(policy.pattern, table).mean())


def type_policy(types: tuple[str, ...]) -> str:
    """The attribute policy a list of accepted ``type`` values stands for: ``{"type": [...]}``."""
    return json.dumps({"type": list(types)})
