"""DynamoDB lab: capacity units, partitions that split and never merge, hot keys, burst and
adaptive capacity, auto scaling and its quirks, on-demand mode, GSI back-pressure and DAX.

One step per second (DynamoDB throttles per second, aws-facts §3.1). The package, by concern:

* :mod:`~engine.dynamodb.config`: :class:`DynamoConfig`, one table and its traffic.
* :mod:`~engine.dynamodb.capacity`: capacity units, the per-partition limits, the partition
  formula and the split rule, on-demand limits, key popularity, prices (the documented numbers).
* :mod:`~engine.dynamodb.scaling`: auto scaling and the decrease budget (§3.3).
* :mod:`~engine.dynamodb.dax`: the DAX item-cache hit model (§3.5).
* :mod:`~engine.dynamodb.layout`: the kernel's array slots and event kinds.
* :mod:`~engine.dynamodb.kernel`: the compiled per-second loop.
* :mod:`~engine.dynamodb.explain`: the event sentences.
* :mod:`~engine.dynamodb.results`: the frames, their schemas and the summary.
* :mod:`~engine.dynamodb.simulation`: :func:`simulate` and :func:`simulate_many`.

In a notebook:

>>> from engine import dynamodb as ddb
>>> ddb.partition_count(1000, 1800, 5)
3
>>> r = ddb.simulate(ddb.DynamoConfig(wcu=1000, capacity_changes=((600, 1000, 3000),), horizon_s=1800), 500)
>>> int(r.frame["partitions"].iloc[-1]), int(r.summary["final_partitions"].iloc[0])
(4, 4)
>>> many = ddb.simulate_many([ddb.DynamoConfig(horizon_s=600, wcu=w) for w in (100, 1000)], 500, summary=True)
>>> many.summary[["scenario", "final_partitions"]].values.tolist()
[[0, 1], [1, 2]]
"""

from __future__ import annotations

from engine.dynamodb.capacity import (
    CONSISTENCIES,
    MAX_ITEM_KB,
    PARTITION_FORMULA,
    PARTITION_MAX_GB,
    PARTITION_MAX_RCU,
    PARTITION_MAX_WCU,
    POPULARITIES,
    PRICES,
    PRICES_NOTE,
    TABLE_MAX_CU,
    breakeven_utilisation,
    key_popularity,
    partition_count,
    partition_limits,
    rcu_per_read,
    read_capacity_units,
    wcu_per_write,
    write_capacity_units,
)
from engine.dynamodb.config import MODES, DynamoConfig
from engine.dynamodb.results import PARTITION_SCHEMA, SCHEMA, SUMMARY
from engine.dynamodb.simulation import simulate, simulate_many, warmup

__all__ = [
    "CONSISTENCIES",
    "MAX_ITEM_KB",
    "MODES",
    "PARTITION_FORMULA",
    "PARTITION_MAX_GB",
    "PARTITION_MAX_RCU",
    "PARTITION_MAX_WCU",
    "PARTITION_SCHEMA",
    "POPULARITIES",
    "PRICES",
    "PRICES_NOTE",
    "SCHEMA",
    "SUMMARY",
    "TABLE_MAX_CU",
    "DynamoConfig",
    "breakeven_utilisation",
    "key_popularity",
    "partition_count",
    "partition_limits",
    "rcu_per_read",
    "read_capacity_units",
    "simulate",
    "simulate_many",
    "warmup",
    "wcu_per_write",
    "write_capacity_units",
]
