"""The CloudFront kernel called directly on hand-made arrays, read back through the layout's names."""

from __future__ import annotations

import numpy as np
import pytest

from engine.cloudfront.kernel import advance, kernel
from engine.cloudfront.layout import BUCKET, MODE, OUT, PRM, REGION_IN, REGION_OUT, RTT
from engine.kernel.layout import pack


def run(steps: int = 5, *, rate: float = 1.0, ttl: float = 9.0, allowed: float = 1.0, **params: float):
    """One scenario, one region holding every viewer, one object: ``rate`` req/s, TTL ``ttl``."""
    prm = pack(
        PRM,
        [
            {"dynamic": 0.0, "ttl": ttl, "shield": 0.0, "fetch_s": 0.0, "capacity": 1e9, "base_ms": 30.0,
             "deploy_step": -1.0, "mode": float(MODE.NONE), "warm": 1.0} | params
        ],
    )  # fmt: skip
    rgn = np.zeros((1, len(REGION_IN), 1))
    rgn[0, REGION_IN.SHARE] = 1.0
    rgn[0, REGION_IN.ALLOWED] = allowed
    bk = np.zeros((1, len(BUCKET), 1))
    bk[0, BUCKET.OBJECTS] = 1.0
    bk[0, BUCKET.SHARE] = 1.0
    rtt = np.zeros((len(RTT), 1))
    rtt[RTT.EDGE_MS] = 10.0
    rtt[RTT.ORIGIN_MS] = 50.0
    return kernel(np.full((1, steps), rate), prm, rgn, bk, rtt, 60.0)


def test_warm_single_object_sits_at_rT_over_1_plus_rT() -> None:
    """aws-facts §7 TTL: one object, r = 1 req/s, T = 9 s: 90 % hits, 0.1 req/s to the origin."""
    out, reg = run()
    assert out[0, OUT.HIT_RATIO] == pytest.approx(90.0)
    assert out[0, OUT.ORIGIN_RPS] == pytest.approx(0.1)
    assert out[0, OUT.EDGE_HITS_RPS] == pytest.approx(0.9)
    assert out[0, OUT.OFFLOAD_PCT] == pytest.approx(90.0)
    assert reg[0, 0, REGION_OUT.ALLOWED_RPS] == pytest.approx(1.0)
    assert reg[0, 0, REGION_OUT.EDGE_HITS_RPS] == pytest.approx(0.9)


def test_latency_is_the_edge_trip_plus_the_origin_trip_for_misses() -> None:
    """Hits pay the 10 ms edge trip; misses add 50 ms to the origin and its 30 ms first byte."""
    out, reg = run()
    assert out[0, OUT.LATENCY_MS] == pytest.approx(10 + 0.1 * (50 + 30))
    assert reg[0, 0, REGION_OUT.LATENCY_MS] == pytest.approx(out[0, OUT.LATENCY_MS])


def test_geo_restriction_blocks_its_share_and_invalidate_all_empties_the_cache() -> None:
    out, _ = run(allowed=0.25, rate=4.0)
    assert out[0, OUT.BLOCKED_RPS] == pytest.approx(3.0)
    assert out[0, OUT.REQUESTS] == pytest.approx(4.0)
    out, _ = run(deploy_step=2.0, mode=float(MODE.ALL))
    hits = out[0, OUT.EDGE_HITS_RPS]
    assert hits[1] == pytest.approx(0.9) and hits[2] < hits[1]


def test_ttl_zero_forwards_everything_and_over_capacity_fails() -> None:
    out, _ = run(ttl=0.0, rate=10.0, capacity=4.0)
    assert out[0, OUT.ORIGIN_RPS] == pytest.approx(10.0)
    assert out[0, OUT.ORIGIN_ERRORS_RPS] == pytest.approx(6.0)
    assert out[0, OUT.ORIGIN_UTIL_PCT] == pytest.approx(250.0)


def test_advance_reaches_the_steady_state() -> None:
    u, hits = advance(0.0, 1.0, 9.0, 1e6)
    assert u == pytest.approx(0.9) and hits == pytest.approx(0.9e6, rel=1e-5)
