"""The EventBridge bus run: your rule and the team's rules matched against a seeded sample, over a day.

The learner's rule (an event pattern, :mod:`engine.eventbridge.pattern`) and optional built-in
rules are matched against a seeded batch of sample events (:mod:`engine.eventbridge.stream`) in one
vectorised pass. The rate over time follows from the load (events/s) and the event mix: the share
of each kind that a rule matches, measured on the sample, times that kind's rate at each step — no
per-event loop. A payment incident can multiply the "Payment Failed" rate for a while.

Facts: course notes (EventBridge: "ingest events from your own apps, SaaS and AWS services; set
up rules to filter and send events to targets"); targets per rule at most ``MAX_TARGETS``
(EventBridge quotas, docs); every target of a matching rule gets its own copy (fan-out).
Conservation: every event is matched by the learner's rule or not (``matched_rps + unmatched_rps = events_rps``);
every copy of your rule is delivered at once, delivered by a retry, dead-lettered, dropped or still
waiting for a retry when the run ends (retries: :mod:`engine.eventbridge.retry`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, broadcast_loads, stack_results
from engine.eventbridge.config import BUILTIN_RULES, TARGETS, BusConfig
from engine.eventbridge.explain import explain, share_matched
from engine.eventbridge.matching import EventTable, match
from engine.eventbridge.pattern import parse_pattern
from engine.eventbridge.retry import Retries, retry_outage
from engine.eventbridge.stream import KINDS, generate
from engine.load import LoadTrace, as_load

__all__ = ["SCHEMA", "SUMMARY", "routes", "sample_table", "simulate", "simulate_many"]

SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("events_rps", "events/s", "events put on the bus"),
    Column("matched_rps", "events/s", "events your rule matches"),
    Column("unmatched_rps", "events/s", "events your rule ignores"),
    Column("delivered_rps", "deliveries/s", "copies delivered to targets by every enabled rule (first try or retry)"),
    Column("failed_rps", "deliveries/s", "copies of your rule whose first try failed (target unavailable)"),
    Column("retried_rps", "deliveries/s", "copies of your rule delivered late by a retry"),
    Column("dlq_rps", "deliveries/s", "copies of your rule sent to the dead-letter queue after the retries ran out"),
    Column("lost_rps", "deliveries/s", "copies of your rule dropped after the retries ran out (no DLQ)"),
    Column("retrying", "deliveries", "copies of your rule waiting for a retry at the end of the step"),
)
SUMMARY = Schema(
    Column("total_events", "events", "events put on the bus over the run"),
    Column("matched_events", "events", "events your rule matches over the run"),
    Column("matched_pct", "%", "share of the run's events your rule matches"),
    Column("deliveries", "deliveries", "copies delivered to targets by every enabled rule over the run"),
    Column("retried", "deliveries", "copies of your rule delivered by a retry over the run"),
    Column("dead_lettered", "deliveries", "copies of your rule sent to the DLQ over the run"),
    Column("dropped", "deliveries", "copies of your rule dropped over the run"),
    Column("retrying_at_end", "deliveries", "copies of your rule still waiting for a retry when the run ends"),
)
UNITS: dict[str, str] = {
    "kind": "",
    "rule": "",
    "target": "",
    "delivered": "deliveries",
    "matched": "",  # sample_matched: whether your rule matches each sample event
    **{name: "" for name in ("your-rule", *(r[0] for r in BUILTIN_RULES))},  # sample_rules: matched or not
    **SCHEMA.units(),
    **SUMMARY.units(),
    "scenario": "",
}


def _mix(cfg: BusConfig) -> np.ndarray:
    """Share of each kind at each step, shape (steps, kinds)."""
    t = cfg.grid.t_s
    w = np.tile(np.array([k.weight for k in KINDS]), (len(t), 1))
    if cfg.incident_at_s is not None:
        on = (t >= cfg.incident_at_s) & (t < cfg.incident_at_s + cfg.incident_s)
        w[on, [k.name for k in KINDS].index("payment_failed")] *= cfg.incident_factor
    return w / w.sum(axis=1, keepdims=True)


def sample_table(n: int, seed: int) -> tuple[EventTable, np.ndarray]:
    """The sample batch and its kinds (kinds drawn from the base mix)."""
    rng = np.random.default_rng([seed, 7])
    p = np.array([k.weight for k in KINDS])
    kind_of = rng.choice(len(KINDS), size=n, p=p / p.sum())
    return generate(n, kind_of, rng), kind_of


def simulate_many(
    configs: Sequence[BusConfig],
    load: LoadTrace | float | np.ndarray | Sequence[Any],
    *,
    seed: int = 0,
    summary: bool = False,
) -> Result:
    """Run several buses (``load``: one for all or one per config); configs sharing ``n_sample``
    share one sample batch. Returns the stacked Result (``scenario(i)`` equals
    ``simulate(configs[i], load_i, seed=seed)``); ``summary=True`` keeps only the summary."""
    configs = list(configs)
    loads = broadcast_loads(load, len(configs))
    tables: dict[int, tuple[EventTable, np.ndarray]] = {}
    out = []
    for cfg, one in zip(configs, loads, strict=True):
        if cfg.n_sample not in tables:
            tables[cfg.n_sample] = sample_table(cfg.n_sample, seed)
        table, kind_of = tables[cfg.n_sample]
        out.append(_run(cfg, one, table, kind_of, seed))
    return stack_results(out, summary_only=summary)


def simulate(config: BusConfig, load: LoadTrace | float | np.ndarray, *, seed: int = 0) -> Result:
    """Run one bus on ``load`` (events/s put on the bus)."""
    table, kind_of = sample_table(config.n_sample, seed)
    return _run(config, load, table, kind_of, seed)


def _run(
    cfg: BusConfig, load: LoadTrace | float | np.ndarray, table: EventTable, kind_of: np.ndarray, seed: int
) -> Result:
    grid = cfg.grid
    rate = as_load(load, grid, seed)
    per_kind = rate[:, None] * _mix(cfg)  # events/s of each kind at each step
    mine = match(cfg.parsed, table)
    rules = [("your-rule", mine, cfg.targets)]
    if cfg.team_rules:
        rules += [(name, match(parse_pattern(p), table), tg) for name, p, tg in BUILTIN_RULES]
    matched_rate = per_kind @ share_matched(mine, kind_of)
    retries = _retries(cfg, grid.t_s, matched_rate * len(cfg.targets))
    delivered = np.zeros(len(rate))
    rows = []
    total = float(rate.sum() * grid.dt_s)
    for name, hits, tg in rules:
        r = per_kind @ share_matched(hits, kind_of)
        delivered += r * len(tg)
        for target in tg:
            rows.append((name, TARGETS[target], float(r.sum() * grid.dt_s)))
    delivered += retries.retried - retries.failed
    frame = SCHEMA.frame(
        {
            "t_s": grid.t_s,
            "events_rps": rate,
            "matched_rps": matched_rate,
            "unmatched_rps": rate - matched_rate,
            "delivered_rps": delivered,
            "failed_rps": retries.failed,
            "retried_rps": retries.retried,
            "dlq_rps": retries.dead_lettered,
            "lost_rps": retries.dropped,
            "retrying": retries.waiting,
        }
    )
    kinds = pd.DataFrame(
        {
            "t_s": np.repeat(grid.t_s, len(KINDS)),
            "kind": np.tile([k.detail_type for k in KINDS], len(rate)),
            "events_rps": per_kind.ravel(),
            "matched_rps": (per_kind * share_matched(mine, kind_of)).ravel(),
        }
    )
    targets = pd.DataFrame(rows, columns=["rule", "target", "delivered"])
    log = EventLog()
    explain(cfg, mine, kind_of, frame, total, rules, log, retries=retries)
    matched_events = float(matched_rate.sum() * grid.dt_s)
    summary = SUMMARY.frame(
        {
            "total_events": [total],
            "matched_events": [matched_events],
            "matched_pct": [100 * matched_events / max(total, 1e-12)],
            "deliveries": [float(delivered.sum() * grid.dt_s)],
            "retried": [float(retries.retried.sum() * grid.dt_s)],
            "dead_lettered": [float(retries.dead_lettered.sum() * grid.dt_s)],
            "dropped": [float(retries.dropped.sum() * grid.dt_s)],
            "retrying_at_end": [float(retries.waiting[-1])],
        }
    )
    return Result(
        frame,
        log.frame(),
        cfg,
        UNITS,
        {
            "kinds": kinds,
            "targets": targets,
            "sample_matched": pd.DataFrame({"matched": mine, "kind": kind_of}),
            "sample_rules": pd.DataFrame({name: hits for name, hits, _ in rules}),
        },
        summary,
    )


def _retries(cfg: BusConfig, t_s: np.ndarray, copies_rps: np.ndarray) -> Retries:
    """Your rule's copies through its targets' outage and retry policy (none without an outage)."""
    if cfg.outage_at_s is None or not cfg.targets:
        zero = np.zeros(len(t_s))
        return Retries(zero, zero, zero, zero, zero, 0.0, None)
    return retry_outage(
        t_s,
        cfg.dt_s,
        copies_rps,
        cfg.outage_at_s,
        cfg.outage_s,
        attempts=cfg.retry_attempts,
        max_age_s=cfg.retry_max_age_s,
        dlq=cfg.dlq,
    )


def routes(result: Result, indices: Sequence[int]) -> list[str]:
    """Where each listed sample event goes: every target of every rule that matches it."""
    cfg = result.config
    table = result.extra["sample_rules"]
    targets = {"your-rule": cfg.targets, **{name: tg for name, _, tg in BUILTIN_RULES}}
    out = []
    for i in indices:  # a handful of sample rows for display
        parts = [f"{TARGETS[t]} ({name})" for name in table.columns if table[name].iloc[i] for t in targets[name]]
        out.append("; ".join(parts) or "nowhere: no rule matches")
    return out
