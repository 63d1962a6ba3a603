"""Kinesis event sentences: why each reshard started, finished or was refused, what throttled,
what expired.

The kernel records events as numbers (:data:`engine.kinesis.layout.KINDS`); after the kernel
:func:`build_events` reads them back by payload name through
:func:`engine.kernel.events.write_log` and adds what only Python sees: the consumers' share of
the read limits and the throttling bursts per shard (a loop over bursts, never over records).
Every limit a sentence states is formatted from :mod:`engine.kinesis.limits`. Durations read
through :func:`engine.core.format_duration`, except retention and UpdateShardCount's rolling
window, which read in hours as the controls and AWS state them ("24 h", "8,760 h").
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from engine.core import EventLog, format_clock, format_duration
from engine.kernel.events import Event, write_log
from engine.kinesis.hashing import top_key
from engine.kinesis.layout import BY, EV, KINDS, RESHARD, SHARD
from engine.kinesis.limits import (
    EDITION,
    MIB,
    READ_BYTES_PER_S,
    READ_CALLS_PER_S,
    USC_FACTOR,
    USC_WINDOW_S,
    WRITE_BYTES_PER_S,
    WRITE_RECORDS_PER_S,
)

__all__ = ["BURST_GAP_S", "MAX_THROTTLE_EVENTS", "build_events", "key_clause"]

MAX_THROTTLE_EVENTS = 60
"""Throttling bursts listed per run (the largest first)."""
BURST_GAP_S = 30.0
"""Throttled steps closer than this belong to one burst."""

_WHO = {BY.SCHEDULE: "scheduled", BY.RULE: "automatic rule", BY.ON_DEMAND: "on-demand mode"}
_OP = {RESHARD.SPLIT: "split", RESHARD.MERGE: "merge", RESHARD.UPDATE: "UpdateShardCount"}
_RECORDS_LIMIT = f"{WRITE_RECORDS_PER_S:,} rec/s"
_BYTES_LIMIT = f"{WRITE_BYTES_PER_S / MIB:g} MiB/s"
_READ_MB = f"{READ_BYTES_PER_S / MIB:g} MB/s"


def key_clause(key: str, share: float, whose: str = "its traffic") -> str:
    """'key user-000007 is 61 % of its traffic', or that no key dominates."""
    if share >= 0.05:
        return f"key {key} is {share * 100:.0f} % of {whose}"
    return f"no key dominates (the busiest, {key}, is {share * 100:.1f} % of {whose})"


def _limit(cfg: Any) -> str:
    """The per-shard write limit that binds at the config's record size, in words."""
    if cfg.binding_limit == "records":
        if cfg.aggregation:
            return f"{_RECORDS_LIMIT} limit ({cfg.records_per_kinesis_record} user records per aggregated record)"
        return f"{_RECORDS_LIMIT} limit"
    if cfg.bytes_per_record > WRITE_BYTES_PER_S:
        return (
            f"{_BYTES_LIMIT} limit: each {cfg.bytes_per_record / MIB:,.2f} MiB record (key included) is accepted "
            f"whole on a burst and uses {cfg.bytes_per_record / WRITE_BYTES_PER_S:,.1f} s of the shard's capacity, "
            "so records arriving before it refills are throttled whole"
        )
    return f"{_BYTES_LIMIT} limit ({cfg.bytes_per_record:,} B per record incl. key; whole records only)"


def _consumers(log: EventLog, cfg: Any) -> None:
    """What each consumer may read per shard: its share of the shared limits, or its own pipe."""
    if cfg.consumers and cfg.fan_out == "shared":
        each = READ_BYTES_PER_S / MIB / cfg.consumers
        log.add(0.0, "consumers", f"{cfg.consumers} shared-throughput consumer(s) split each shard's {_READ_MB} and "
                f"{READ_CALLS_PER_S} reads/s: {each:.2f} MB/s and {READ_CALLS_PER_S / cfg.consumers:.2f} calls/s "
                f"each, so each reads at most {cfg.read_records_per_s:,.3g} records/s per shard")  # fmt: skip
    elif cfg.consumers:
        log.add(0.0, "consumers", f"{cfg.consumers} enhanced fan-out consumer(s) get {_READ_MB} each per shard: "
                f"each reads at most {cfg.read_records_per_s:,.3g} records/s per shard")  # fmt: skip


def _sentences(cfg: Any, meta: np.ndarray, ks: Any, w_sorted: np.ndarray):  # type: ignore[no-untyped-def]
    """The sentence function for :func:`write_log`: one kernel event in words."""
    ed = "course notes" if cfg.rules == "course" else "AWS today"
    calls = EDITION[cfg.rules].usc_calls
    window = f"{USC_WINDOW_S / 3600:g} h"

    def shard_key(sh: int, whose: str) -> str:
        return key_clause(*top_key(ks, w_sorted, int(meta[sh, SHARD.KEY_START]), int(meta[sh, SHARD.KEY_END])), whose)

    def explain(e: Event) -> str:
        code, v = e.kind, e.values
        sh = int(v.get("shard", -1))
        if code == EV.SPLIT_START:
            return (f"split of shard {sh} started ({_WHO[int(v['by'])]}): it runs at {v['utilization_pct']:,.0f} % "
                    f"of its write limit, {shard_key(sh, 'it')}; the split takes {format_duration(v['duration_s'])}")  # fmt: skip
        if code == EV.SPLIT_DONE:
            a, b = int(v["child"]), int(v["child2"])
            w = [float(w_sorted[meta[x, SHARD.KEY_START] : meta[x, SHARD.KEY_END]].sum()) for x in (a, b)]
            tot = sum(w) or 1.0
            return (f"shard {sh} closed (readable until retention ends); children {a} and {b} "
                    f"now take {w[0] / tot:.0%} and {w[1] / tot:.0%} of its traffic")  # fmt: skip
        if code == EV.MERGE_START:
            return (f"merge of adjacent shards {sh} and {int(v['other'])} started ({_WHO[int(v['by'])]}): together "
                    f"they run at {v['utilization_pct']:,.0f} % of one shard's limit")  # fmt: skip
        if code == EV.MERGE_DONE:
            return (f"shards {sh} and {int(v['other'])} closed (readable until retention ends); shard "
                    f"{int(v['child'])} now takes their keys")  # fmt: skip
        if code == EV.USC_START:
            return (f"UpdateShardCount {v['from_shards']:,.0f} → {v['to_shards']:,.0f} shards started (call "
                    f"{v['call']:.0f} of {calls} allowed per {window}, {ed})")  # fmt: skip
        if code == EV.USC_DONE:
            return (
                f"UpdateShardCount done: {v['closed']:,.0f} shards closed, {v['opened']:,.0f} evenly split shards open"
            )
        if code == EV.TABLE_FULL:
            return f"reshard skipped: this simulator tracks at most {v['max_shards']:,.0f} shards per run"
        if code == EV.EXPIRY:
            return (f"shard {sh}: records began to expire unread at {format_clock(e.t * cfg.dt_s)} — the consumer "
                    f"is more than the {v['retention_s'] / 3600:,.0f} h retention behind; {v['records']:,.0f} "
                    "records lost this step")  # fmt: skip
        if code == EV.SHARD_EXPIRED:
            return f"closed shard {sh} expired: {v['retention_s'] / 3600:,.0f} h retention passed since it closed"
        return _refusal(cfg, e, ed, calls, window, ks, w_sorted, meta)

    return explain


def _refusal(cfg: Any, e: Event, ed: str, calls: int, window: str, ks: Any, w_sorted: np.ndarray,
             meta: np.ndarray) -> str:  # fmt: skip
    """Why a reshard was refused (every refusal kind shares one payload)."""
    code, v = e.kind, e.values
    op, sh, n_open, target = _OP.get(int(v["op"]), "reshard"), int(v["shard"]), v["open_shards"], v["target"]
    if code == EV.NO_QUOTA:
        what = f"{op} to {target:,.0f} shards" if int(v["op"]) == RESHARD.UPDATE else op
        return f"{what} refused: it would exceed the shard quota of {cfg.quota:,} ({ed}; {n_open:,.0f} open now)"
    if code == EV.BUSY:
        return f"{op} refused: the stream is UPDATING (a reshard is still in progress)"
    if code == EV.NO_CALLS:
        return f"UpdateShardCount to {target:,.0f} refused: {calls} calls already in the last {window} ({ed} limit)"
    if code == EV.BAD_FACTOR:
        lo, hi = -(-int(n_open) // USC_FACTOR), USC_FACTOR * int(n_open)
        return (f"UpdateShardCount to {target:,.0f} refused: from {n_open:,.0f} shards one call may go to "
                f"{lo}–{hi} (×1/{USC_FACTOR} to ×{USC_FACTOR})")  # fmt: skip
    if code == EV.ONE_KEY:
        key = top_key(ks, w_sorted, int(meta[sh, SHARD.KEY_START]), int(meta[sh, SHARD.KEY_END]))[0] if sh >= 0 else "?"
        return (f"split of shard {sh} is no use: its range holds one key ({key}); one partition key is capped at "
                f"{_RECORDS_LIMIT} and {_BYTES_LIMIT} whatever the shard count")  # fmt: skip
    return "merge refused: no two open shards have adjacent hash ranges"


def _throttle_bursts(log: EventLog, cfg: Any, thr: np.ndarray, meta: np.ndarray, ks: Any, w_sorted: np.ndarray,
                     dt: float) -> None:  # fmt: skip
    """One event per throttling burst of a shard (the largest :data:`MAX_THROTTLE_EVENTS`)."""
    rows = []
    gap = max(1, round(BURST_GAP_S / dt))
    for sh in np.nonzero(thr.max(axis=0) > 0.5)[0]:
        steps = np.nonzero(thr[:, sh] > 0.5)[0]
        cuts = np.nonzero(np.diff(steps) > gap)[0]
        starts = np.concatenate([[0], cuts + 1])
        ends = np.concatenate([cuts, [len(steps) - 1]])
        for a, b in zip(starts, ends, strict=True):
            s0, s1 = steps[a], steps[b]
            total = float(thr[s0 : s1 + 1, sh].sum()) * dt
            rows.append((total, int(sh), int(s0), int(s1), float(thr[s0 : s1 + 1, sh].max())))
    rows.sort(key=lambda r: -r[0])
    for total, sh, s0, s1, peak in rows[:MAX_THROTTLE_EVENTS]:
        key, share = top_key(ks, w_sorted, int(meta[sh, SHARD.KEY_START]), int(meta[sh, SHARD.KEY_END]))
        span = (s1 - s0 + 1) * dt
        log.add(
            s0 * dt,
            "throttle",
            f"shard {sh} throttled {total:,.0f} record writes at {format_clock(s0 * dt)} over "
            f"{format_duration(span)} (peak {peak:,.0f}/s): {_limit(cfg)}, {key_clause(key, share)}",
            shard=sh,
            records=round(total),
            top_key=key,
            top_share=share,
        )
    if len(rows) > MAX_THROTTLE_EVENTS:
        log.add(0.0, "throttle", f"{len(rows) - MAX_THROTTLE_EVENTS} smaller throttling bursts are not listed")


def _totals(log: EventLog, cfg: Any, one: pd.Series) -> None:
    """One ``totals`` line for the run whenever records were throttled, lost or expired: the counts
    the page's metrics show, so the log reports each of them even when no single burst is large."""
    if not (one.throttled_records_total or one.lost_records_total or one.expired_records_total):
        return
    log.add(
        cfg.horizon_s - cfg.dt_s,
        "totals",
        f"Over the run: {one.accepted_records_total:,.0f} of {one.produced_records_total:,.0f} records accepted "
        f"({one.accepted_pct:.1f} %); {one.throttled_records_total:,.0f} writes throttled (tries included), "
        f"{one.lost_records_total:,.0f} records lost after the producer's last try, "
        f"{one.expired_records_total:,.0f} expired unread",
        lost=float(one.lost_records_total),
        throttled=float(one.throttled_records_total),
        expired=float(one.expired_records_total),
    )


def build_events(cfg: Any, ev: np.ndarray, n_ev: int, thr: np.ndarray, meta: np.ndarray, ks: Any,
                 w_sorted: np.ndarray, one: pd.DataFrame | None = None, *, scenario: int = 0) -> pd.DataFrame:  # fmt: skip
    """The event log of one scenario: the consumers' read share, then the kernel's events
    (``ev``: ``[cap, EVENT_WIDTH]``, ``n_ev`` recorded), then the throttling bursts (``thr``:
    records/s per step and shard), then the run's totals from its summary ``one``."""
    log = EventLog()
    _consumers(log, cfg)
    write_log(log, KINDS, ev, n_ev, dt_s=cfg.dt_s, explain=_sentences(cfg, meta, ks, w_sorted), scenario=scenario)
    _throttle_bursts(log, cfg, thr, meta, ks, w_sorted, cfg.dt_s)
    if one is not None:
        _totals(log, cfg, one.iloc[0])
    return log.frame()
