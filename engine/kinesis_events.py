"""Kinesis results explained: event sentences, the shard table, sequence-number samples, key groups.

Built in Python after the kernel from its event codes and per-shard arrays (a loop over events,
never over records). Sequence numbers are a teaching model (aws-facts §2.1, course notes): each
shard counts its own records, so numbers grow within a shard and the same number appears in two
shards; real ones are 56-digit strings that also grow over time.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from engine import kinesis_steps as K
from engine.core import EventLog, format_clock
from engine.kinesis_hashing import key_name

__all__ = ["build_events", "key_groups", "sequence_samples", "shard_table"]

MAX_THROTTLE_EVENTS = 60
BURST_GAP_S = 30.0


def _top_key(ks: Any, w_sorted: np.ndarray, p0: int, p1: int) -> tuple[str, float]:
    """The most popular key of a shard's range and its share of the shard's traffic."""
    if p1 <= p0:
        return "(no key)", 0.0
    seg = w_sorted[p0:p1]
    j = int(np.argmax(seg))
    total = float(seg.sum())
    return key_name(int(ks.order[p0 + j]), ks.prefix), (float(seg[j]) / total if total > 0 else 0.0)


def _key_clause(key: str, share: float, whose: str = "its traffic") -> str:
    """'key user-000007 is 61 % of its traffic', or that no key dominates."""
    if share >= 0.05:
        return f"key {key} is {share * 100:.0f} % of {whose}"
    return f"no key dominates (the busiest, {key}, is {share * 100:.1f} % of {whose})"


def _fmt_limit(cfg: Any) -> str:
    if cfg.binding_limit == "records":
        if cfg.aggregation:
            return f"1,000 rec/s limit ({cfg.records_per_kinesis_record} user records per aggregated record)"
        return "1,000 rec/s limit"
    return f"1 MiB/s limit ({cfg.bytes_per_record:,} B per record incl. key)"


def _throttle_bursts(log: EventLog, cfg: Any, thr, inc, meta, ks, w_sorted, dt: float) -> None:  # type: ignore[no-untyped-def]
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
        key, share = _top_key(ks, w_sorted, int(meta[sh, 0]), int(meta[sh, 1]))
        span = (s1 - s0 + 1) * dt
        log.add(
            s0 * dt,
            "throttle",
            f"shard {sh} throttled {total:,.0f} record writes at {format_clock(s0 * dt)} over {span:,.0f} s "
            f"(peak {peak:,.0f}/s): {_fmt_limit(cfg)}, {_key_clause(key, share)}",
            shard=sh,
            records=round(total),
            top_key=key,
            top_share=share,
        )
    if len(rows) > MAX_THROTTLE_EVENTS:
        log.add(0.0, "throttle", f"{len(rows) - MAX_THROTTLE_EVENTS} smaller throttling bursts are not listed")


def build_events(cfg: Any, ev: np.ndarray, thr, inc, meta, ks, w_sorted, dt: float) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """The event log: reshards and why, refused reshards and why, throttling bursts, expiries."""
    log = EventLog()
    ed = "course notes" if cfg.rules == "course" else "AWS today"
    if cfg.consumers and cfg.fan_out == "shared":
        each = 2.0 / cfg.consumers
        log.add(0.0, "consumers", f"{cfg.consumers} shared-throughput consumer(s) split each shard's 2 MB/s and "
                f"5 reads/s: {each:.2f} MB/s and {5 / cfg.consumers:.2f} calls/s each, so each reads at most "
                f"{cfg.read_records_per_s:,.0f} records/s per shard")  # fmt: skip
    elif cfg.consumers:
        log.add(0.0, "consumers", f"{cfg.consumers} enhanced fan-out consumer(s) get 2 MB/s each per shard: "
                f"each reads at most {cfg.read_records_per_s:,.0f} records/s per shard")  # fmt: skip
    for row in ev:
        step, code, sh, a, b, c = int(row[0]), int(row[1]), int(row[2]), row[3], row[4], row[5]
        t = step * dt
        who = {0.0: "scheduled", 1.0: "automatic rule", 2.0: "on-demand mode"}.get(c, "")
        op = {1: "split", 2: "merge", 3: "UpdateShardCount"}.get(int(c), "reshard")
        if code == K.E_SPLIT_START:
            key, share = _top_key(ks, w_sorted, int(meta[sh, 0]), int(meta[sh, 1]))
            log.add(t, "split", f"split of shard {sh} started ({who}): it runs at {a:,.0f} % of its write limit, "
                    f"{_key_clause(key, share, 'it')}; the split takes {b:,.0f} s", shard=sh, utilization_pct=a)  # fmt: skip
        elif code == K.E_SPLIT_DONE:
            w = [float(w_sorted[meta[x, 0] : meta[x, 1]].sum()) for x in (int(a), int(b))]
            tot = sum(w) or 1.0
            log.add(t, "split", f"shard {sh} closed (readable until retention ends); children {int(a)} and {int(b)} "
                    f"now take {w[0] / tot:.0%} and {w[1] / tot:.0%} of its traffic", shard=sh)  # fmt: skip
        elif code == K.E_MERGE_START:
            log.add(t, "merge", f"merge of adjacent shards {sh} and {int(a)} started ({who}): together "
                    f"they run at {b:,.0f} % of one shard's limit", shards=(int(a), int(b)))  # fmt: skip
        elif code == K.E_MERGE_DONE:
            log.add(t, "merge", f"shards {sh} and {int(a)} closed (readable until retention ends); shard {int(b)} "
                    "now takes their keys")  # fmt: skip
        elif code == K.E_USC_START:
            log.add(t, "reshard", f"UpdateShardCount {a:,.0f} → {b:,.0f} shards started (call {c:.0f} of "
                    f"{2 if cfg.rules == 'course' else 10} allowed per 24 h, {ed})")  # fmt: skip
        elif code == K.E_USC_DONE:
            log.add(t, "reshard", f"UpdateShardCount done: {a:,.0f} shards closed, {b:,.0f} evenly split shards open")
        elif code == K.E_NO_QUOTA:
            what = f"{op} to {b:,.0f} shards" if int(c) == 3 else f"{op}"
            log.add(t, "refused", f"{what} refused: it would exceed the shard quota of {cfg.quota:,} "
                    f"({ed}; {a:,.0f} open now)", open_shards=a)  # fmt: skip
        elif code == K.E_BUSY:
            log.add(t, "refused", f"{op} refused: the stream is UPDATING (a reshard is still in progress)")
        elif code == K.E_NO_CALLS:
            log.add(t, "refused", f"UpdateShardCount to {b:,.0f} refused: "
                    f"{2 if cfg.rules == 'course' else 10} calls already in the last 24 h ({ed} limit)")  # fmt: skip
        elif code == K.E_BAD_FACTOR:
            log.add(t, "refused", f"UpdateShardCount to {b:,.0f} refused: from {a:,.0f} shards one call may go to "
                    f"{-(-int(a) // 2)}–{2 * int(a)} (×½ to ×2)")  # fmt: skip
        elif code == K.E_ONE_KEY:
            key, share = _top_key(ks, w_sorted, int(meta[sh, 0]), int(meta[sh, 1])) if sh >= 0 else ("?", 0)
            log.add(t, "refused", f"split of shard {sh} is no use: its range holds one key ({key}); one partition key "
                    "is capped at 1,000 rec/s and 1 MiB/s whatever the shard count")  # fmt: skip
        elif code == K.E_TABLE_FULL:
            log.add(t, "refused", f"reshard skipped: this simulator tracks at most {a:,.0f} shards per run")
        elif code == K.E_NO_PAIR:
            log.add(t, "refused", "merge refused: no two open shards have adjacent hash ranges")
        elif code == K.E_EXPIRY:
            log.add(t, "expiry", f"shard {sh}: records began to expire unread at {format_clock(t)} — the consumer "
                    f"is more than the {b / 3600:,.0f} h retention behind; {a:,.0f} records lost this step",
                    shard=sh)  # fmt: skip
        elif code == K.E_SHARD_EXPIRED:
            log.add(t, "expiry", f"closed shard {sh} expired: {a / 3600:,.0f} h retention passed since it closed")
    _throttle_bursts(log, cfg, thr, inc, meta, ks, w_sorted, dt)
    return log.frame()


def _hex(hi: int, lo: int) -> str:
    return str((int(hi) << 64) | int(lo))


def shard_table(cfg: Any, meta, hmeta, ks, w_sorted, dt: float) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Every shard of the run: state, exact hash range, keys and traffic share, lifetime, parents."""
    states = {K.OPEN: "OPEN", K.CLOSED: "CLOSED", K.EXPIRED: "EXPIRED"}
    rows = []
    for i in range(len(meta)):
        p0, p1 = int(meta[i, 0]), int(meta[i, 1])
        parents = [int(x) for x in meta[i, 5:7] if x >= 0]
        key, share = _top_key(ks, w_sorted, p0, p1)
        rows.append(
            {
                "shard": i,
                "state": states.get(int(meta[i, 2]), "?"),
                "starting_hash_key": _hex(hmeta[i, 0], hmeta[i, 1]),
                "ending_hash_key": _hex(hmeta[i, 2], hmeta[i, 3]),
                "range_start_frac": ((int(hmeta[i, 0]) << 64) | int(hmeta[i, 1])) / 2**128,
                "range_end_frac": (((int(hmeta[i, 2]) << 64) | int(hmeta[i, 3])) + 1) / 2**128,
                "keys": p1 - p0,
                "traffic_pct": 100.0 * float(w_sorted[p0:p1].sum()),
                "top_key": key,
                "top_key_pct": 100.0 * share,
                "opened_s": meta[i, 3] * dt,
                "closed_s": meta[i, 4] * dt if meta[i, 4] >= 0 else np.nan,
                "parents": ", ".join(map(str, parents)),
            }
        )
    return pd.DataFrame(rows)


def sequence_samples(cfg: Any, acc, meta, ks, w_sorted, dt: float, rng: np.random.Generator) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """A few records of two busy shards: numbers grow within a shard, and one repeats across them."""
    counts = np.cumsum(acc.astype(np.float64) * dt, axis=0)
    busiest = [int(i) for i in np.argsort(-counts[-1])[:2] if counts[-1, i] >= 1]
    rows = []
    base = 49_600_000_000
    if len(busiest) == 2:
        shared = int(min(counts[-1, busiest[0]], counts[-1, busiest[1]]) // 2)
    for sh in busiest:
        p0, p1 = int(meta[sh, 0]), int(meta[sh, 1])
        seg = w_sorted[p0:p1]
        total = counts[-1, sh]
        picks = sorted({*np.linspace(1, total, 4).astype(np.int64).tolist(), *([shared] if len(busiest) == 2 else [])})
        for n in picks:
            step = int(np.searchsorted(counts[:, sh], n))
            j = p0 + int(rng.choice(len(seg), p=seg / seg.sum())) if seg.sum() > 0 else p0
            rows.append(
                {
                    "t_s": min(step, len(counts) - 1) * dt,
                    "shard": sh,
                    "partition_key": key_name(int(ks.order[j]), ks.prefix),
                    "sequence_number": str(base + int(n)),
                    "in_both_shards": len(busiest) == 2 and n == shared,
                }
            )
    return pd.DataFrame(rows, columns=["t_s", "shard", "partition_key", "sequence_number", "in_both_shards"])


def key_groups(cfg: Any, acc, meta, ks, w_sorted, t: np.ndarray, top: int = 3) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Accepted records/s per key group (the top keys by popularity, then "other keys"), per step.

    A shard's accepted records are shared among its keys in proportion to their popularity.
    """
    weights = cfg.weights()
    top_idx = list(np.argsort(-weights, kind="stable")[: min(top, len(weights) - 1)])
    names = [key_name(int(i), ks.prefix) for i in top_idx] + ["other keys"]
    group_of = np.full(ks.n, len(top_idx))
    for g, i in enumerate(top_idx):
        group_of[int(i)] = g
    g_sorted = group_of[ks.order]
    frac = np.zeros((len(meta), len(names)))
    for i in range(len(meta)):
        p0, p1 = int(meta[i, 0]), int(meta[i, 1])
        tot = float(w_sorted[p0:p1].sum())
        if tot > 0:
            frac[i] = np.bincount(g_sorted[p0:p1], weights=w_sorted[p0:p1], minlength=len(names)) / tot
    per_group = acc.astype(np.float64) @ frac
    n = len(t)
    return pd.DataFrame(
        {
            "t_s": np.repeat(t, len(names)),
            "key_group": pd.Categorical.from_codes(np.tile(np.arange(len(names)), n), categories=names),
            "records": per_group.reshape(-1),
        }
    )
