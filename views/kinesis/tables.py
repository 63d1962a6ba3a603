"""The Kinesis page's two small tables, as a learner reads them: plain headers, times in the run's
clock, shares in per cent; drawn with ``st.table`` (static, no data grid to load)."""

from __future__ import annotations

import pandas as pd

from engine.core import format_duration, format_number

__all__ = ["sequence_table", "shard_table"]


def sequence_table(samples: pd.DataFrame) -> pd.DataFrame:
    """A few records of two busy shards (``extra["sequence_samples"]``): when, where, which key
    and the sequence number, as text so the numbers are shown whole (no float formatting)."""
    return pd.DataFrame(
        {
            "written at": [format_duration(t) for t in samples["t_s"]],
            "shard": samples["shard"].astype(str),
            "partition key": samples["partition_key"],
            "sequence number": samples["sequence_number"].astype(str),
        }
    )


def shard_table(shards: pd.DataFrame) -> pd.DataFrame:
    """Every shard of the run (``extra["shards"]``): its state, keys, share of the traffic, its
    busiest key and the shards it came from."""
    return pd.DataFrame(
        {
            "shard": shards["shard"].astype(str),
            "state": shards["state"],
            "keys": [format_number(k) for k in shards["keys"]],
            "traffic": [format_number(p, "%") for p in shards["traffic_pct"]],
            "busiest key": shards["top_key"],
            "parents": [p or "—" for p in shards["parents"]],
        }
    )
