"""The DAX item-cache hit model (aws-facts §3.5)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.dynamodb import dax


def test_dax_hit_model_hand_computed() -> None:
    """§3.5 item cache: TTL bound λT/(1+λT) (one key at 1 read/s, TTL 300 s -> 300/301); LRU
    bound by Che's approximation: uniform keys, cache of 10 % of them -> 10 % hits."""
    one = dax.hit_probabilities(np.ones(1), 1.0, 300.0, 10)
    assert one[0, 0] == pytest.approx(300 / 301)
    uniform = np.full(1000, 1e-3)
    h = dax.hit_probabilities(uniform, 1e6, 86_400.0, 100)
    assert h.mean() == pytest.approx(0.1, rel=1e-6)
    assert dax.hit_probabilities(uniform, 1e6, 0.0, 2000).min() == 1.0  # TTL 0: LRU/write-through only
    tables = dax.miss_tables(uniform, 300.0, 100)
    assert tables.shape == (dax.GRID_POINTS, 1001)
    assert np.all(np.diff(tables, axis=1) >= 0)
