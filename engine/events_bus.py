"""EventBridge lab: an event bus, your rule and the team's rules, targets and delivery counts.

The learner's rule (an event pattern, :mod:`engine.events`) and optional built-in rules are matched
against a seeded batch of sample events (:mod:`engine.events_stream`) in one vectorised pass. The
rate over time follows from the load (events/s) and the event mix: the share of each kind that a
rule matches, measured on the sample, times that kind's rate at each step — no per-event loop.
A payment incident can multiply the "Payment Failed" rate for a while.

Facts: course notes (EventBridge: "ingest events from your own apps, SaaS and AWS services; set
up rules to filter and send events to targets"); targets per rule at most 5 (EventBridge quotas,
docs); every target of a matching rule gets its own copy (fan-out). Conservation: every event is
matched by the learner's rule or not (``matched + unmatched = events``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.core import Column, EventLog, Result, Schema, TimeGrid, check_int, check_range, format_clock
from engine.events import Pattern, match, parse_pattern
from engine.events_stream import KINDS, generate
from engine.load import LoadTrace, as_load
from engine.rules import check_edition

__all__ = [
    "BUILTIN_RULES",
    "MAX_TARGETS",
    "SCHEMA",
    "TARGETS",
    "BusConfig",
    "routes",
    "sample_table",
    "simulate",
    "simulate_many",
]

TARGETS: dict[str, str] = {
    "lambda": "Lambda function",
    "sqs": "SQS queue",
    "sns": "SNS topic",
    "sfn": "Step Functions state machine",
}
MAX_TARGETS = 5  # EventBridge quotas: targets per rule
BUILTIN_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ops-instance-down", '{"source": ["aws.ec2"], "detail": {"state": ["stopped", "terminated"]}}', ("sns",)),
    ("audit-shop", '{"source": [{"prefix": "com.shop."}]}', ("sqs",)),
)
SCHEMA = Schema(
    Column("t_s", "s", "start of the step"),
    Column("events_rps", "events/s", "events put on the bus"),
    Column("matched", "events/s", "events your rule matches"),
    Column("unmatched_rps", "events/s", "events your rule ignores"),
    Column("delivered_rps", "deliveries/s", "copies sent to targets by every enabled rule"),
)


@dataclass(frozen=True)
class BusConfig:
    """The bus, the learner's rule and its targets. ``pattern`` is JSON text (validated here)."""

    pattern: str = '{"source": ["com.shop.orders"], "detail-type": ["Order Placed"]}'
    targets: tuple[str, ...] = ("lambda",)
    team_rules: bool = True
    incident_at_s: float | None = None
    incident_s: float = 1800.0
    incident_factor: float = 20.0
    n_sample: int = 10_000
    horizon_s: float = 86_400.0
    dt_s: float = 300.0
    rules: str = "course"

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", tuple(self.targets))
        self.parsed  # noqa: B018 - raises PatternError (a ValueError) naming the place
        for t in self.targets:
            if t not in TARGETS:
                raise ValueError(f"targets entry must be one of {', '.join(TARGETS)}, got {t!r}")
        if len(self.targets) > MAX_TARGETS:
            raise ValueError(
                f"a rule can have at most {MAX_TARGETS} targets (EventBridge quota), got {len(self.targets)}"
            )
        if len(set(self.targets)) != len(self.targets):
            raise ValueError(f"targets must not repeat a target, got {', '.join(self.targets)}")
        check_int("n_sample", self.n_sample, 100, 200_000)
        check_range("incident_s", self.incident_s, 60, 86_400, unit="s")
        check_range("incident_factor", self.incident_factor, 1, 1000)
        TimeGrid(self.horizon_s, self.dt_s)
        if self.incident_at_s is not None:
            check_range("incident_at_s", self.incident_at_s, 0, self.horizon_s, unit="s")
        check_edition(self.rules)

    @property
    def parsed(self) -> Pattern:
        """The validated pattern."""
        return parse_pattern(self.pattern)

    @property
    def grid(self) -> TimeGrid:
        """The time grid."""
        return TimeGrid(self.horizon_s, self.dt_s)


def _mix(cfg: BusConfig) -> np.ndarray:
    """Share of each kind at each step, shape (steps, kinds)."""
    t = cfg.grid.t_s
    w = np.tile(np.array([k.weight for k in KINDS]), (len(t), 1))
    if cfg.incident_at_s is not None:
        on = (t >= cfg.incident_at_s) & (t < cfg.incident_at_s + cfg.incident_s)
        w[on, 2] *= cfg.incident_factor
    return w / w.sum(axis=1, keepdims=True)


def sample_table(n: int, seed: int):  # type: ignore[no-untyped-def]
    """The sample batch and its kinds (kinds drawn from the base mix)."""
    rng = np.random.default_rng([seed, 7])
    p = np.array([k.weight for k in KINDS])
    kind_of = rng.choice(len(KINDS), size=n, p=p / p.sum())
    return generate(n, kind_of, rng), kind_of


def _share_matched(hits: np.ndarray, kind_of: np.ndarray) -> np.ndarray:
    counts = np.bincount(kind_of, minlength=len(KINDS))
    return np.bincount(kind_of, weights=hits.astype(float), minlength=len(KINDS)) / np.maximum(counts, 1)


def simulate_many(
    configs: Sequence[BusConfig], loads: Sequence[LoadTrace | float | np.ndarray], *, seed: int = 0
) -> list[Result]:
    """Run several buses; configs sharing ``n_sample`` share one sample batch."""
    if len(configs) != len(loads):
        raise ValueError(f"configs and loads must have the same length, got {len(configs)} and {len(loads)}")
    tables: dict[int, tuple] = {}
    out = []
    for cfg, load in zip(configs, loads, strict=True):
        if cfg.n_sample not in tables:
            tables[cfg.n_sample] = sample_table(cfg.n_sample, seed)
        table, kind_of = tables[cfg.n_sample]
        out.append(_run(cfg, load, table, kind_of, seed))
    return out


def simulate(config: BusConfig, load: LoadTrace | float | np.ndarray, *, seed: int = 0) -> Result:
    """Run one bus on ``load`` (events/s put on the bus)."""
    return simulate_many([config], [load], seed=seed)[0]


def _run(cfg: BusConfig, load: LoadTrace | float | np.ndarray, table, kind_of: np.ndarray, seed: int) -> Result:  # type: ignore[no-untyped-def]
    grid = cfg.grid
    rate = as_load(load, grid, seed)
    per_kind = rate[:, None] * _mix(cfg)  # events/s of each kind at each step
    mine = match(cfg.parsed, table)
    rules = [("your-rule", mine, cfg.targets)]
    if cfg.team_rules:
        rules += [(name, match(parse_pattern(p), table), tg) for name, p, tg in BUILTIN_RULES]
    matched_rate = per_kind @ _share_matched(mine, kind_of)
    delivered = np.zeros(len(rate))
    rows = []
    total = float(rate.sum() * grid.dt_s)
    for name, hits, tg in rules:
        r = per_kind @ _share_matched(hits, kind_of)
        delivered += r * len(tg)
        for target in tg:
            rows.append((name, TARGETS[target], float(r.sum() * grid.dt_s)))
    frame = SCHEMA.frame(
        {
            "t_s": grid.t_s,
            "events_rps": rate,
            "matched": matched_rate,
            "unmatched_rps": rate - matched_rate,
            "delivered_rps": delivered,
        }
    )
    kinds = pd.DataFrame(
        {
            "t_s": np.repeat(grid.t_s, len(KINDS)),
            "kind": np.tile([k.detail_type for k in KINDS], len(rate)),
            "events_rps": per_kind.ravel(),
            "matched": (per_kind * _share_matched(mine, kind_of)).ravel(),
        }
    )
    targets = pd.DataFrame(rows, columns=["rule", "target", "delivered"])
    log = _events(cfg, mine, kind_of, frame, total, rules)
    return Result(
        frame,
        log,
        cfg,
        SCHEMA.units(),
        {
            "kinds": kinds,
            "targets": targets,
            "sample_matched": pd.DataFrame({"matched": mine, "kind": kind_of}),
            "sample_rules": pd.DataFrame({name: hits for name, hits, _ in rules}),
        },
    )


def _events(
    cfg: BusConfig, mine: np.ndarray, kind_of: np.ndarray, frame: pd.DataFrame, total: float, rules: list
) -> pd.DataFrame:  # type: ignore[type-arg]
    log = EventLog()
    share = _share_matched(mine, kind_of)
    parts = [f"{k.detail_type} {s:.0%}" for k, s in zip(KINDS, share, strict=True) if s > 0]
    frac = float(frame["matched"].sum() / max(frame["events_rps"].sum(), 1e-12))
    if mine.any():
        log.add(
            0.0,
            "rule",
            f"Your rule matches {mine.sum():,} of {len(mine):,} sample events ({frac:.1%} of the day's traffic): "
            + ", ".join(parts)
            + ".",
            share=frac,
        )
    else:
        log.add(
            0.0,
            "no_match",
            f"Your rule matches none of the {len(mine):,} sample events: check field names, nesting and exact spelling (matching is case-sensitive).",
        )
    if not cfg.targets:
        log.add(0.0, "no_targets", "Your rule has no targets: matched events are dropped silently.")
    for name, hits, tg in rules[1:]:
        both = int((hits & mine).sum())
        log.add(
            0.0,
            "fan_out",
            f"Team rule {name} → {', '.join(TARGETS[t] for t in tg)} also matches {hits.mean():.0%} of events; {both:,} sample events go to both rules (each rule delivers its own copy).",
        )
    if cfg.incident_at_s is not None:
        t0 = cfg.incident_at_s
        log.add(
            t0,
            "incident",
            f"Payment incident: 'Payment Failed' events ×{cfg.incident_factor:g} for {cfg.incident_s / 60:g} min (from {format_clock(t0)}).",
        )
        i = min(int(t0 // cfg.dt_s), len(frame) - 1)
        log.add(
            t0,
            "incident",
            f"Your rule now matches {frame['matched'].iloc[i]:,.1f} events/s of {frame['events_rps'].iloc[i]:,.1f}.",
        )
        log.add(t0 + cfg.incident_s, "incident_over", "Incident over: the event mix returns to normal.")
    log.add(
        0.0,
        "volume",
        f"{total:,.0f} events on the bus over {cfg.horizon_s / 3600:g} h; {frame['delivered_rps'].sum() * cfg.dt_s:,.0f} deliveries to targets in all.",
    )
    return log.frame()


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


def warmup() -> None:
    """Nothing is compiled here; kept for the app's warm-up hook."""
