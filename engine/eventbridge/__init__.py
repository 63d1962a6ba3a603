"""EventBridge & SAM lab: event patterns, a bus with your rule and the team's, and the SAM template.

* :mod:`~engine.eventbridge.pattern`: parse and validate an event pattern (:class:`PatternError`
  names the place and the rule).
* :mod:`~engine.eventbridge.matching`: match a parsed pattern against a batch of events held column
  by column.
* :mod:`~engine.eventbridge.stream`: a seeded stream of sample events (shop orders, payments, EC2,
  S3) in the EventBridge envelope.
* :mod:`~engine.eventbridge.config`: the bus settings (:class:`BusConfig`), targets and the team's rules.
* :mod:`~engine.eventbridge.retry`: a target outage through the retry policy (24 h / 185 retries by
  default), then the dead-letter queue or a drop.
* :mod:`~engine.eventbridge.bus`: the day on the bus (:func:`simulate`, :func:`simulate_many`) and
  where a sample event goes (:func:`routes`); :mod:`~engine.eventbridge.explain` its sentences.
* :mod:`~engine.eventbridge.sam`: the stack as a SAM template and back (short-form intrinsics,
  target permissions, logical-ID checks).

This package was ``engine.events`` (+ ``engine.events_bus``, ``engine.events_stream``,
``engine.sam``); ``import engine.events`` still works and warns once.

In a notebook::

    from engine.eventbridge import BusConfig, match, parse_pattern, sample_table, simulate
    from engine.load import preset

    table, kinds = sample_table(10_000, seed=0)
    match(parse_pattern('{"source": [{"prefix": "com.shop."}]}'), table).sum()
    r = simulate(BusConfig(pattern='{"source": ["aws.ec2"]}', targets=("sns",)), preset("Business day"))
    r.frame[["t_s", "events_rps", "matched_rps"]]
    r.summary
"""

from __future__ import annotations

from engine.eventbridge.bus import SCHEMA, SUMMARY, routes, sample_table, simulate, simulate_many
from engine.eventbridge.config import BUILTIN_RULES, MAX_TARGETS, TARGETS, BusConfig
from engine.eventbridge.matching import Column, EventTable, match
from engine.eventbridge.pattern import OPERATORS, Condition, Leaf, Pattern, PatternError, parse_pattern
from engine.eventbridge.stream import ARRAY_FIELDS, KINDS, Kind, generate, record

__all__ = [
    "ARRAY_FIELDS",
    "BUILTIN_RULES",
    "KINDS",
    "MAX_TARGETS",
    "OPERATORS",
    "SCHEMA",
    "SUMMARY",
    "TARGETS",
    "BusConfig",
    "Column",
    "Condition",
    "EventTable",
    "Kind",
    "Leaf",
    "Pattern",
    "PatternError",
    "generate",
    "match",
    "parse_pattern",
    "record",
    "routes",
    "sample_table",
    "simulate",
    "simulate_many",
    "warmup",
]


def warmup() -> None:
    """Nothing is compiled here; kept for the app's warm-up hook."""
