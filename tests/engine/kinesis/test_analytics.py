"""Kinesis Data Analytics windows and their SQL (aws-facts §2.3)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import kinesis as k
from engine.kinesis import analytics_sql, windowed


def test_tumbling_windows_partition_the_records_and_sliding_ones_overlap() -> None:
    """§2.3: tumbling windows do not overlap (each record in one); sliding windows overlap."""
    res = k.simulate(k.KinesisConfig(horizon_s=600, popularity="hot", hot_pct=30, shards=2), 1000.0)
    groups = res.extra["key_groups"]
    tumbling = windowed(groups, "tumbling", 60)
    assert tumbling["records"].sum() == pytest.approx(res.frame["accepted_records"].sum())
    assert tumbling["window_end_s"].nunique() == 10
    sliding = windowed(groups, "sliding", 60, slide_s=10)
    assert sliding["window_end_s"].nunique() == 55
    assert sliding["records"].sum() > tumbling["records"].sum()
    hot = tumbling[tumbling["key_group"] == "user-000000"]["records"]
    assert np.allclose(hot, 0.3 * 1000 * 60)


def test_sql_text_matches_the_window_kind() -> None:
    assert "STEP(" in analytics_sql("tumbling", 60) and "INTERVAL '60' SECOND" in analytics_sql("tumbling", 60)
    assert "RANGE INTERVAL '30' SECOND PRECEDING" in analytics_sql("sliding", 30)
    with pytest.raises(ValueError, match="kind"):
        analytics_sql("hopping", 10)
