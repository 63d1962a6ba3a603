"""The DynamoDB lab's config: one table and its traffic, validated at construction.

>>> DynamoConfig(wcu=2500, rcu=3000).initial_partitions   # 1 + 2.5 -> 4
4
>>> DynamoConfig(target_pct=95)
Traceback (most recent call last):
...
ValueError: target_pct must be between 20 and 90 %, got 95
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.core import TimeGrid, check_choice, check_int, check_range
from engine.dynamodb.capacity import (
    ON_DEMAND_INITIAL_PEAK,
    PARTITION_MAX_GB,
    POPULARITIES,
    TABLE_MAX_CU,
    on_demand_limit,
    partition_count,
    rcu_per_read,
    wcu_per_write,
)
from engine.dynamodb.dax import DEFAULT_TTL_S
from engine.dynamodb.layout import DIM, MAX_PARTITIONS
from engine.rules import check_edition

__all__ = ["MAX_FORMULA_PARTITIONS", "MAX_STORAGE_GB", "MODES", "TRICKLE_RPS", "DynamoConfig"]

MODES = ("provisioned", "on-demand")
TRICKLE_RPS = 1.0  # workaround 1 (course notes): a trickle of synthetic reads and writes per second
MAX_FORMULA_PARTITIONS = MAX_PARTITIONS // 2
"""The most partitions the formula may ask for from a config's capacity and stored data: halving
splits can need up to twice the formula's count (a partition's share over the limits splits
again), and the kernel has :data:`~engine.dynamodb.layout.MAX_PARTITIONS` slots."""
MAX_STORAGE_GB = MAX_FORMULA_PARTITIONS * PARTITION_MAX_GB
"""The most data a run may hold at its end (stored plus growth): the formula's partitions of
10 GB each (aws-facts §3.2)."""


@dataclass(frozen=True)
class DynamoConfig:
    """One table and its traffic. Load (``simulate``'s ``load``) is requests/s, split into reads
    (``read_fraction``) and writes. Capacities in RCU/WCU; times in seconds.

    ``capacity_changes``: manual UpdateTable calls ``(t_s, rcu, wcu)``. ``gsi``: one global
    secondary index that every write also writes, with its own ``gsi_wcu`` and, with
    ``gsi_autoscaling``, its own target tracking (``gsi_target_pct`` within
    [``gsi_min_wcu``, ``gsi_max_wcu``]). ``rules``: ``course``
    (capacity spread equally, no scale-in at zero traffic) or ``aws-today`` (adaptive capacity
    and split for heat; the zero-traffic note is gone, so zero counts as a low datapoint).
    """

    mode: str = "provisioned"
    rcu: float = 1000.0
    wcu: float = 500.0
    item_size_kb: float = 2.0
    read_fraction: float = 0.8
    consistency: str = "eventual"
    transactional_writes: bool = False
    storage_gb: float = 5.0
    growth_gb_per_h: float = 0.0
    n_keys: int = 10_000
    popularity: str = "zipf"
    zipf_s: float = 0.8
    hot_key_pct: float = 10.0
    burst: bool = True
    autoscaling: bool = False
    target_pct: float = 70.0
    min_rcu: float = 5.0
    max_rcu: float = TABLE_MAX_CU
    min_wcu: float = 5.0
    max_wcu: float = TABLE_MAX_CU
    update_delay_s: float = 180.0
    trickle: bool = False
    pin_max_to_min: bool = False
    capacity_changes: tuple[tuple[float, float, float], ...] = ()
    gsi: bool = False
    gsi_wcu: float = 500.0
    gsi_autoscaling: bool = False
    gsi_target_pct: float = 70.0
    gsi_min_wcu: float = 5.0
    gsi_max_wcu: float = TABLE_MAX_CU
    dax: bool = False
    dax_ttl_s: float = DEFAULT_TTL_S
    dax_items: int = 1000
    horizon_s: float = 86_400.0
    partition_bucket_s: int = 60
    rules: str = "course"

    def __post_init__(self) -> None:
        check_choice("mode", self.mode, MODES)
        check_range("rcu", self.rcu, 1, TABLE_MAX_CU, unit="RCU")
        check_range("wcu", self.wcu, 1, TABLE_MAX_CU, unit="WCU")
        rcu_per_read(self.item_size_kb, self.consistency)  # item size limit, consistency
        check_range("read_fraction", self.read_fraction, 0, 1)
        check_range("storage_gb", self.storage_gb, 0, 1000, unit="GB")
        check_range("growth_gb_per_h", self.growth_gb_per_h, 0, 50, unit="GB/h")
        check_int("n_keys", self.n_keys, 1, 100_000)
        check_choice("popularity", self.popularity, POPULARITIES)
        check_range("zipf_s", self.zipf_s, 0, 3)
        check_range("hot_key_pct", self.hot_key_pct, 0, 100, unit="%")
        check_range("target_pct", self.target_pct, 20, 90, unit="%")
        for dim in ("rcu", "wcu"):
            lo, hi = getattr(self, f"min_{dim}"), getattr(self, f"max_{dim}")
            check_range(f"min_{dim}", lo, 1, TABLE_MAX_CU)
            check_range(f"max_{dim}", hi, 1, TABLE_MAX_CU)
            if lo > hi:
                raise ValueError(f"min_{dim} {lo:g} must not exceed max_{dim} {hi:g}")
        check_range("update_delay_s", self.update_delay_s, 0, 3600, unit="s")
        check_range("gsi_wcu", self.gsi_wcu, 1, TABLE_MAX_CU, unit="WCU")
        check_range("gsi_target_pct", self.gsi_target_pct, 20, 90, unit="%")
        check_range("gsi_min_wcu", self.gsi_min_wcu, 1, TABLE_MAX_CU, unit="WCU")
        check_range("gsi_max_wcu", self.gsi_max_wcu, 1, TABLE_MAX_CU, unit="WCU")
        if self.gsi_min_wcu > self.gsi_max_wcu:
            raise ValueError(f"gsi_min_wcu {self.gsi_min_wcu:g} must not exceed gsi_max_wcu {self.gsi_max_wcu:g}")
        check_range("dax_ttl_s", self.dax_ttl_s, 0, 86_400, unit="s")
        check_int("dax_items", self.dax_items, 1, 10_000_000)
        check_range("horizon_s", self.horizon_s, 60, 7 * 86_400, unit="s")
        check_int("partition_bucket_s", self.partition_bucket_s, 1, 3600)
        check_edition(self.rules)
        if not isinstance(self.capacity_changes, tuple):
            object.__setattr__(self, "capacity_changes", tuple(tuple(c) for c in self.capacity_changes))
        for i, change in enumerate(self.capacity_changes):
            if len(change) != 3:
                raise ValueError(f"capacity_changes[{i}] must be (t_s, rcu, wcu), got {change}")
            check_range(f"capacity_changes[{i}] time", change[0], 0, self.horizon_s - 1, unit="s")
            check_range(f"capacity_changes[{i}] rcu", change[1], 1, TABLE_MAX_CU, unit="RCU")
            check_range(f"capacity_changes[{i}] wcu", change[2], 1, TABLE_MAX_CU, unit="WCU")
        final_gb = self.storage_gb + self.growth_gb_per_h * self.horizon_s / 3600
        if final_gb > MAX_STORAGE_GB:
            raise ValueError(
                f"storage_gb + growth_gb_per_h × horizon must be at most {MAX_STORAGE_GB:,.0f} GB "
                f"({MAX_FORMULA_PARTITIONS} partitions of {PARTITION_MAX_GB:g} GB, the most simulated), got "
                f"{self.storage_gb:g} GB + {self.growth_gb_per_h:g} GB/h × {self.horizon_s / 3600:g} h = {final_gb:,.0f} GB"
            )

    @property
    def rcu_per_read(self) -> float:
        """RCU one read costs (§3.1)."""
        return rcu_per_read(self.item_size_kb, self.consistency)

    @property
    def wcu_per_write(self) -> float:
        """WCU one write costs (§3.1)."""
        return wcu_per_write(self.item_size_kb, self.transactional_writes)

    @property
    def start_rcu(self) -> float:
        """Provisioned RCU at the start (auto scaling brings it into [min, max])."""
        return min(max(self.rcu, self.min_rcu), self.max_rcu) if self.autoscaling else self.rcu

    @property
    def start_wcu(self) -> float:
        """Provisioned WCU at the start (auto scaling brings it into [min, max])."""
        return min(max(self.wcu, self.min_wcu), self.max_wcu) if self.autoscaling else self.wcu

    @property
    def initial_partitions(self) -> int:
        """Partitions at creation by the course formula (§3.2); on demand, for its starting limit."""
        if self.mode == "on-demand":
            limit = [on_demand_limit(peak) for peak in ON_DEMAND_INITIAL_PEAK]
            return partition_count(limit[DIM.RCU], limit[DIM.WCU], self.storage_gb)
        return partition_count(self.start_rcu, self.start_wcu, self.storage_gb)

    @property
    def start_gsi_wcu(self) -> float:
        """The GSI's write capacity at the start (its auto scaling brings it into [min, max])."""
        if self.gsi_autoscaling:
            return min(max(self.gsi_wcu, self.gsi_min_wcu), self.gsi_max_wcu)
        return self.gsi_wcu

    @property
    def dax_effective(self) -> bool:
        """DAX caches only eventually consistent reads (§3.5)."""
        return self.dax and self.consistency == "eventual"

    @property
    def grid(self) -> TimeGrid:
        """One-second steps over the horizon."""
        return TimeGrid(self.horizon_s, 1.0)
