"""DynamoDB capacity: capacity units, the per-partition limits, the partition formula and how a
partition splits, burst and on-demand limits, key popularity, prices.

This is the one place the documented capacity numbers live (auto scaling's are in
:mod:`engine.dynamodb.scaling`, DAX's in :mod:`engine.dynamodb.dax`); the kernel, the event
sentences, the config's messages and the views read them from here. The rule for *when* a table
needs more partitions (:func:`partitions_needed`, :func:`over_limit`) and *how* a partition splits
(:func:`split_for_count`, :func:`key_median`; for heat :func:`heat_count`, :func:`heat_split_due`,
:func:`heat_split_at`; all through :func:`split_partition`) are compiled helpers the kernel calls,
so a change to the split rule is made here (and, if its sentence changes, in
:mod:`engine.dynamodb.explain`).

How a table reaches the partition count (§3.2): the table is created with the formula's count of
partitions, each holding an equal share of the keys (to one key) and so an equal share of the
capacity (course notes: "RCU and WCU will be equally allocated across partitions"). A partition's
share of the provisioned capacity is always its share of the table's keys
(:func:`key_share`): when the formula asks for more partitions, the partition holding the most
keys splits at its key median (:func:`key_median`), so each half takes half its keys and half its
capacity. Halving cannot always reach equal shares (1 → 3 leaves ½, ¼, ¼); where a partition's
share is then more than one partition supports (3,000 RCU, 1,000 WCU, 10 GB: :func:`over_limit`),
it splits again, as AWS adds partitions "when provisioned throughput exceeds what the existing
partitions support" (§3.2). So a uniform key space below 100 % of provisioned capacity never
throttles once the splits are made.

Facts used (aws-facts.md, the reference fact sheet):

* §3.1 — 1 RCU = one strongly consistent read/s of up to 4 KB; eventually consistent costs ½,
  transactional 2 per 4 KB; sizes round **up** to the next 4 KB. 1 WCU = one write/s of up to
  1 KB, transactional 2 per KB, sizes round up to the next 1 KB. Items are at most 400 KB.
  Table quota 40,000 RCU and 40,000 WCU; minimum 1 RCU / 1 WCU.
* §3.2 and §9 — the course formula: partitions = ceil(max(RCU/3000 + WCU/1000, GB/10)); each
  partition holds at most 3,000 RCU, 1,000 WCU and 10 GB. Partitions split, never merge; burst
  capacity banks up to 300 s of unused capacity; split for heat (AWS today) gives a hot key range
  its own partition.
* §3.4 — on-demand serves up to 2 × the previous peak at once; a new table behaves as if its
  previous peak were 2,000 WRU / 6,000 RRU, so it serves up to 4,000 writes/s and 12,000 reads/s
  at once; a new peak counts only after 30 min. On-demand is billed per request
  unit, provisioned per capacity-hour; on-demand prices were halved on 1 Nov 2024.

>>> PARTITION_FORMULA
'ceil(max(RCU/3000 + WCU/1000, GB/10))'
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.core import check_choice, check_int, check_range, format_number

__all__ = [
    "BURST_S",
    "CAPACITY_TERM",
    "CONSISTENCIES",
    "HEAT_S",
    "MAX_ITEM_KB",
    "ON_DEMAND_INITIAL_PEAK",
    "ON_DEMAND_PEAK_FACTOR",
    "ON_DEMAND_PEAK_WINDOW_S",
    "PARTITION_FORMULA",
    "PARTITION_MAX",
    "PARTITION_MAX_GB",
    "PARTITION_MAX_RCU",
    "PARTITION_MAX_WCU",
    "POPULARITIES",
    "PRICES",
    "PRICES_NOTE",
    "READ_BLOCK_KB",
    "TABLE_MAX_CU",
    "WRITE_BLOCK_KB",
    "breakeven_utilisation",
    "capacity_share",
    "heat_count",
    "heat_split_at",
    "heat_split_due",
    "initial_bounds",
    "key_median",
    "key_popularity",
    "key_share",
    "locate",
    "on_demand_limit",
    "over_limit",
    "partition_capacity",
    "partition_count",
    "partition_limits",
    "partition_terms",
    "partitions_needed",
    "rcu_per_read",
    "read_capacity_units",
    "split_for_count",
    "split_partition",
    "wcu_per_write",
    "write_capacity_units",
]

MAX_ITEM_KB = 400.0  # §3.1 item size limit
READ_BLOCK_KB = 4.0  # §3.1 one RCU reads up to 4 KB (strongly consistent)
WRITE_BLOCK_KB = 1.0  # §3.1 one WCU writes up to 1 KB
PARTITION_MAX_RCU = 3000.0  # §3.2 hard per-partition ceiling
PARTITION_MAX_WCU = 1000.0  # §3.2
PARTITION_MAX_GB = 10.0  # §3.2 course formula
PARTITION_MAX = (PARTITION_MAX_RCU, PARTITION_MAX_WCU)
"""The per-partition ceiling by dimension (reads, writes), as the kernel indexes it."""
TABLE_MAX_CU = 40_000.0  # §3.1 default per-table quota (both modes)
BURST_S = 300.0  # §3.2 burst capacity: seconds of unused capacity a partition banks
HEAT_S = 300  # seconds a partition must stay hot before a split for heat (an assumption, §3.2)
ON_DEMAND_INITIAL_PEAK = (6_000.0, 2_000.0)  # §3.4 a new table's previous peak: RRU, WRU (serves 2× at once)
ON_DEMAND_PEAK_FACTOR = 2.0  # §3.4 on demand serves up to 2 × the previous peak at once
ON_DEMAND_PEAK_WINDOW_S = 1800  # §3.4 a new peak counts only after 30 min
CONSISTENCIES: tuple[str, ...] = ("strong", "eventual", "transactional")
POPULARITIES: tuple[str, ...] = ("uniform", "zipf", "hot")

CAPACITY_TERM = f"RCU/{PARTITION_MAX_RCU:g} + WCU/{PARTITION_MAX_WCU:g}"
"""The capacity side of the course formula, as sentences show it."""
PARTITION_FORMULA = f"ceil(max({CAPACITY_TERM}, GB/{PARTITION_MAX_GB:g}))"
"""The course formula (§3.2, §9), as sentences and the calculator show it."""

# Illustrative, us-east-1 list prices as of 2026 (after the 1 Nov 2024 on-demand price cut, §3.4).
PRICES: dict[str, float] = {
    "rcu_hour": 0.00013,  # USD per provisioned RCU-hour
    "wcu_hour": 0.00065,  # USD per provisioned WCU-hour
    "rru": 0.125e-6,  # USD per on-demand read request unit ($0.125 per million)
    "wru": 0.625e-6,  # USD per on-demand write request unit ($0.625 per million)
}
PRICES_NOTE = "illustrative us-east-1 list prices as of 2026 (on-demand after the Nov 2024 cut)"


def partition_limits() -> str:
    """The per-partition limits as a learner reads them: ``3,000 RCU, 1,000 WCU and 10 GB``."""
    return (
        f"{format_number(PARTITION_MAX_RCU)} RCU, {format_number(PARTITION_MAX_WCU)} WCU "
        f"and {format_number(PARTITION_MAX_GB)} GB"
    )


def _check_item(item_size_kb: float) -> None:
    check_range("item_size_kb", item_size_kb, 0.001, None, unit="KB")
    if item_size_kb > MAX_ITEM_KB:
        raise ValueError(
            f"item_size_kb must be at most {MAX_ITEM_KB:g} KB (DynamoDB rejects larger items), got {item_size_kb:g}"
        )


def rcu_per_read(item_size_kb: float, consistency: str = "strong") -> float:
    """Read capacity units one read of this item costs (§3.1): 4 KB blocks, rounded up,
    × 1 (strong), ½ (eventual) or 2 (transactional)."""
    _check_item(item_size_kb)
    check_choice("consistency", consistency, CONSISTENCIES)
    blocks = math.ceil(item_size_kb / READ_BLOCK_KB - 1e-9)
    return blocks * {"strong": 1.0, "eventual": 0.5, "transactional": 2.0}[consistency]


def wcu_per_write(item_size_kb: float, transactional: bool = False) -> float:
    """Write capacity units one write of this item costs (§3.1): 1 KB blocks rounded up, × 2 if
    transactional."""
    _check_item(item_size_kb)
    blocks = math.ceil(item_size_kb / WRITE_BLOCK_KB - 1e-9)
    return blocks * (2.0 if transactional else 1.0)


def read_capacity_units(item_size_kb: float, reads_per_s: float, consistency: str = "strong") -> int:
    """RCU needed to serve ``reads_per_s`` reads of ``item_size_kb`` each (§3.1), rounded up.

    >>> read_capacity_units(6, 10)             # 6 KB -> two 4 KB blocks, strong
    20
    >>> read_capacity_units(6, 10, "eventual")
    10
    """
    check_range("reads_per_s", reads_per_s, 0, None)
    return math.ceil(rcu_per_read(item_size_kb, consistency) * reads_per_s - 1e-9)


def write_capacity_units(item_size_kb: float, writes_per_s: float, transactional: bool = False) -> int:
    """WCU needed to serve ``writes_per_s`` writes of ``item_size_kb`` each (§3.1), rounded up.

    >>> write_capacity_units(1.5, 10)   # 1.5 KB -> two 1 KB blocks
    20
    """
    check_range("writes_per_s", writes_per_s, 0, None)
    return math.ceil(wcu_per_write(item_size_kb, transactional) * writes_per_s - 1e-9)


# --- the partition formula and how a partition splits (compiled: the kernel calls these) ------


@njit(cache=True, nogil=True, inline="always")
def partition_terms(rcu, wcu, gb):
    """The two sides of the course formula: ``(RCU/3000 + WCU/1000, GB/10)``."""
    return rcu / PARTITION_MAX_RCU + wcu / PARTITION_MAX_WCU, gb / PARTITION_MAX_GB


@njit(cache=True, nogil=True, inline="always")
def partitions_needed(rcu, wcu, gb):
    """Partitions the course formula asks for: ``ceil(max(capacity term, size term))``, at least 1."""
    by_capacity, by_size = partition_terms(rcu, wcu, gb)
    return max(1, math.ceil(max(by_capacity, by_size) - 1e-9))


def partition_count(rcu: float, wcu: float, storage_gb: float) -> int:
    """The course formula (§3.2, §9 [SEC]): ceil(max(RCU/3000 + WCU/1000, GB/10)), at least 1.

    >>> partition_count(1000, 1000, 5)    # capacity dominates: 0.33 + 1 -> 2
    2
    >>> partition_count(100, 100, 95)     # storage dominates: 9.5 -> 10
    10
    """
    check_range("rcu", rcu, 0, None)
    check_range("wcu", wcu, 0, None)
    check_range("storage_gb", storage_gb, 0, None, unit="GB")
    return int(partitions_needed(float(rcu), float(wcu), float(storage_gb)))


@njit(cache=True, nogil=True, inline="always")
def on_demand_limit(peak):
    """What an on-demand table serves at once (§3.4): 2 × the previous peak, within the table quota.
    At the start the previous peak is :data:`ON_DEMAND_INITIAL_PEAK`."""
    return min(ON_DEMAND_PEAK_FACTOR * peak, TABLE_MAX_CU)


@njit(cache=True, nogil=True)
def locate(p, lo, hi, ilo, ihi, pop, hashes, cum):
    """Partition ``p``'s keys: the index range of ``hashes`` (sorted) inside ``[lo[p], hi[p])``
    and their popularity share (``cum`` is the prefix sum of popularity in hash order)."""
    ilo[p] = np.searchsorted(hashes, lo[p])
    ihi[p] = np.searchsorted(hashes, hi[p])
    pop[p] = cum[ihi[p]] - cum[ilo[p]]


@njit(cache=True, nogil=True)
def split_partition(p, at, n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum):
    """Split partition ``p`` at hash ``at``: ``p`` keeps the left half, new slot ``n`` the right;
    each keeps half of ``p``'s burst bank (``bank[dimension, partition]``) and starts cold.
    Returns the new slot."""
    q = n
    lo[q] = at
    hi[q] = hi[p]
    hi[p] = at
    for d in range(bank.shape[0]):
        bank[d, p] *= 0.5
        bank[d, q] = bank[d, p]
    hot[p] = 0
    hot[q] = 0
    locate(p, lo, hi, ilo, ihi, pop, hashes, cum)
    locate(q, lo, hi, ilo, ihi, pop, hashes, cum)
    return q


@njit(cache=True, nogil=True)
def initial_bounds(n, n_keys, lo, hi, ilo, ihi, pop, hashes, cum):
    """The table's ``n`` partitions at creation, each with an equal share of the ``n_keys`` keys
    (to one key): boundaries between the keys at the ``p / n`` quantiles. With fewer keys than
    partitions the hash space is cut into ``n`` equal ranges instead (some then hold no key)."""
    for p in range(n):
        lo[p] = p / n
        hi[p] = (p + 1) / n
        if n_keys >= n:
            if p > 0:
                j = (p * n_keys) // n
                lo[p] = 0.5 * (hashes[j - 1] + hashes[j])
            if p < n - 1:
                j = ((p + 1) * n_keys) // n
                hi[p] = 0.5 * (hashes[j - 1] + hashes[j])
        locate(p, lo, hi, ilo, ihi, pop, hashes, cum)


@njit(cache=True, nogil=True, inline="always")
def key_share(p, ilo, ihi, n_keys):
    """Partition ``p``'s share of the table's keys, which is its share of the provisioned capacity."""
    return (ihi[p] - ilo[p]) / n_keys


@njit(cache=True, nogil=True, inline="always")
def partition_capacity(p, d, prov, ilo, ihi, n_keys):
    """Partition ``p``'s provisioned capacity in dimension ``d`` (0 reads, 1 writes): its share of
    the keys of the table's ``prov[d]``, never above the partition ceiling (§3.2)."""
    return min(prov[d] * key_share(p, ilo, ihi, n_keys), PARTITION_MAX[d])


@njit(cache=True, nogil=True, inline="always")
def capacity_share(p, prov, ilo, ihi, n_keys):
    """Partition ``p``'s share of the table's provisioned capacity: its share of the keys, less
    where the partition ceiling caps it (a partition of a single key cannot split further)."""
    s = 1.0
    for d in range(prov.shape[0]):
        if prov[d] > 0:
            s = min(s, partition_capacity(p, d, prov, ilo, ihi, n_keys) / prov[d])
    return s


@njit(cache=True, nogil=True)
def key_median(p, lo, hi, ilo, ihi, hashes):
    """Where partition ``p`` splits in two: between its keys at the median, so each half holds half
    of them (one key more on the right when odd); a partition of fewer than two keys splits its
    hash range at the middle."""
    k = ihi[p] - ilo[p]
    if k < 2:
        return 0.5 * (lo[p] + hi[p])
    m = ilo[p] + k // 2
    return 0.5 * (hashes[m - 1] + hashes[m])


@njit(cache=True, nogil=True)
def split_for_count(n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum):
    """A split because the formula asks for more partitions: the partition holding the most keys
    (the first of equals; if none holds two, the widest hash range) splits at its key median.
    Returns ``(the split slot, the new slot)``."""
    best = 0
    for p in range(1, n):
        if ihi[p] - ilo[p] > ihi[best] - ilo[best]:
            best = p
    if ihi[best] - ilo[best] < 2:
        for p in range(n):
            if hi[p] - lo[p] > hi[best] - lo[best] + 1e-15:
                best = p
    at = key_median(best, lo, hi, ilo, ihi, hashes)
    return best, split_partition(best, at, n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum)


@njit(cache=True, nogil=True)
def over_limit(n, ilo, ihi, n_keys, rcu, wcu, gb):
    """The first partition (of at least two keys) whose share of the table is more than one
    partition supports (§3.2: 3,000 RCU, 1,000 WCU, 10 GB), or -1: it has to split again."""
    for p in range(n):
        if ihi[p] - ilo[p] < 2:
            continue
        s = key_share(p, ilo, ihi, n_keys)
        if s * rcu > PARTITION_MAX_RCU + 1e-9 or s * wcu > PARTITION_MAX_WCU + 1e-9 or s * gb > PARTITION_MAX_GB + 1e-9:
            return p
    return -1


@njit(cache=True, nogil=True, inline="always")
def heat_count(hot_s, demand_r, demand_w, share_r, share_w):
    """Split for heat (AWS today), each second: how many seconds in a row a partition has been
    hot, counting this one. It is hot while its read or write demand is above its share."""
    return hot_s + 1 if (demand_r > share_r + 1e-9 or demand_w > share_w + 1e-9) else 0


@njit(cache=True, nogil=True, inline="always")
def heat_split_due(hot_s, n_keys):
    """A partition splits for heat once it has been hot for :data:`HEAT_S` seconds in a row and
    holds at least two keys (one key cannot be split)."""
    return hot_s >= HEAT_S and n_keys >= 2


@njit(cache=True, nogil=True)
def heat_split_at(p, ilo, ihi, pop, hashes, cum):
    """Where partition ``p`` splits for heat: between the keys around its popularity median."""
    half = cum[ilo[p]] + 0.5 * pop[p]
    j = ilo[p]
    while j < ihi[p] - 2 and cum[j + 1] < half:
        j += 1
    return 0.5 * (hashes[j] + hashes[j + 1])


# --- keys and prices ------------------------------------------------------------------------


def key_popularity(
    n_keys: int, popularity: str = "uniform", *, zipf_s: float = 1.0, hot_pct: float = 10.0
) -> np.ndarray:
    """Share of requests per partition-key value, most popular first (sums to 1).

    ``uniform``: 1/K each. ``zipf``: ∝ 1/rank^s. ``hot``: key 1 gets ``hot_pct`` %, the rest
    share the remainder equally. (The course notes: choose high-cardinality keys so load spreads.)
    """
    check_int("n_keys", n_keys, 1, 1_000_000)
    check_choice("popularity", popularity, POPULARITIES)
    if popularity == "uniform":
        return np.full(n_keys, 1.0 / n_keys)
    if popularity == "zipf":
        check_range("zipf_s", zipf_s, 0.0, 3.0)
        w = 1.0 / np.arange(1, n_keys + 1, dtype=np.float64) ** zipf_s
        return w / w.sum()
    check_range("hot_pct", hot_pct, 0.0, 100.0, unit="%")
    if n_keys == 1:
        return np.ones(1)
    p = np.full(n_keys, (1.0 - hot_pct / 100.0) / (n_keys - 1))
    p[0] = hot_pct / 100.0
    return p


def breakeven_utilisation(kind: str = "write") -> float:
    """Average utilisation (0-1) of provisioned capacity below which on-demand is cheaper.

    One provisioned unit-hour can serve 3,600 request units at 100 % utilisation, so provisioned
    costs ``unit_hour / (3600 u)`` per request unit at utilisation ``u``; on-demand costs the
    request-unit price. With the illustrative 2026 prices: writes ≈ 29 %, reads ≈ 29 %.
    """
    check_choice("kind", kind, ("read", "write"))
    if kind == "read":
        return PRICES["rcu_hour"] / 3600.0 / PRICES["rru"]
    return PRICES["wcu_hour"] / 3600.0 / PRICES["wru"]
