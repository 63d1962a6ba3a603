"""DynamoDB capacity arithmetic: capacity units, the partition formula, key popularity, prices.

Everything here is closed-form and cheap; the time-stepped simulation is in
:mod:`engine.dynamodb` (config, results) and :mod:`engine.dynamodb_kernel` (the compiled loop).

Facts used (aws-facts.md, the reference fact sheet):

* §3.1 — 1 RCU = one strongly consistent read/s of up to 4 KB; eventually consistent costs ½,
  transactional 2 per 4 KB; sizes round **up** to the next 4 KB. 1 WCU = one write/s of up to
  1 KB, transactional 2 per KB, sizes round up to the next 1 KB. Items are at most 400 KB.
  Table quota 40,000 RCU and 40,000 WCU; minimum 1 RCU / 1 WCU.
* §3.2 and §9 — the course formula: partitions = ceil(max(RCU/3000 + WCU/1000, GB/10)); each
  partition holds at most 3,000 RCU, 1,000 WCU and 10 GB.
* §3.4 — on-demand is billed per request unit, provisioned per capacity-hour; on-demand prices
  were halved on 1 Nov 2024.
"""

from __future__ import annotations

import math

import numpy as np

from engine.core import check_choice, check_int, check_range

__all__ = [
    "CONSISTENCIES",
    "MAX_ITEM_KB",
    "PARTITION_MAX_GB",
    "PARTITION_MAX_RCU",
    "PARTITION_MAX_WCU",
    "POPULARITIES",
    "PRICES",
    "TABLE_MAX_CU",
    "breakeven_utilisation",
    "key_popularity",
    "partition_count",
    "rcu_per_read",
    "read_capacity_units",
    "wcu_per_write",
    "write_capacity_units",
]

MAX_ITEM_KB = 400.0  # §3.1 item size limit
PARTITION_MAX_RCU = 3000.0  # §3.2 hard per-partition ceiling
PARTITION_MAX_WCU = 1000.0  # §3.2
PARTITION_MAX_GB = 10.0  # §3.2 course formula
TABLE_MAX_CU = 40_000.0  # §3.1 default per-table quota (both modes)
CONSISTENCIES: tuple[str, ...] = ("strong", "eventual", "transactional")
POPULARITIES: tuple[str, ...] = ("uniform", "zipf", "hot")

# Illustrative, us-east-1 list prices as of 2026 (after the 1 Nov 2024 on-demand price cut, §3.4).
PRICES: dict[str, float] = {
    "rcu_hour": 0.00013,  # USD per provisioned RCU-hour
    "wcu_hour": 0.00065,  # USD per provisioned WCU-hour
    "rru": 0.125e-6,  # USD per on-demand read request unit ($0.125 per million)
    "wru": 0.625e-6,  # USD per on-demand write request unit ($0.625 per million)
}
PRICES_NOTE = "illustrative us-east-1 list prices as of 2026 (on-demand after the Nov 2024 cut)"


def _check_item(item_size_kb: float) -> None:
    check_range("item_size_kb", item_size_kb, 0.001, None, unit="KB")
    if item_size_kb > MAX_ITEM_KB:
        raise ValueError(f"item_size_kb must be at most 400 KB (DynamoDB rejects larger items), got {item_size_kb:g}")


def rcu_per_read(item_size_kb: float, consistency: str = "strong") -> float:
    """Read capacity units one read of this item costs (§3.1): 4 KB blocks, rounded up,
    × 1 (strong), ½ (eventual) or 2 (transactional)."""
    _check_item(item_size_kb)
    check_choice("consistency", consistency, CONSISTENCIES)
    blocks = math.ceil(item_size_kb / 4.0 - 1e-9)
    return blocks * {"strong": 1.0, "eventual": 0.5, "transactional": 2.0}[consistency]


def wcu_per_write(item_size_kb: float, transactional: bool = False) -> float:
    """Write capacity units one write of this item costs (§3.1): 1 KB blocks rounded up, × 2 if
    transactional."""
    _check_item(item_size_kb)
    blocks = math.ceil(item_size_kb - 1e-9)
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
    by_capacity = rcu / PARTITION_MAX_RCU + wcu / PARTITION_MAX_WCU
    by_size = storage_gb / PARTITION_MAX_GB
    return max(1, math.ceil(max(by_capacity, by_size) - 1e-9))


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
