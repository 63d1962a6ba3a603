"""CloudFront simulation: the single-object hit ratio, invalidations, shield, geo, conservation, batching."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.cloudfront import COUNTRIES, ORIGINS, CloudFrontConfig, simulate, simulate_many
from engine.load import Constant, LoadTrace, Spike
from tests.engine.public_shape import check_simulate_many

SHORT = {"horizon_s": 3600.0, "dt_s": 60.0}


def only_us(**kw) -> CloudFrontConfig:
    """All traffic but the US (and unknown-country viewers, always served) is blocked."""
    return CloudFrontConfig(geo_mode="allow", geo_countries=("US",), dynamic_pct=0.0, **SHORT, **kw)


def deterministic_hit_ratio(rate: float, ttl: float, n: int = 10_000) -> float:
    """Reference: evenly spaced requests, a copy aged <= ttl is fresh (a request loop, test only)."""
    hits = 0
    expires = -1.0
    for k in range(n):
        t = k / rate
        if t <= expires:
            hits += 1
        else:
            expires = t + ttl
    return hits / n


@pytest.mark.parametrize(("rate", "ttl"), [(1.0, 9.0), (0.5, 4.0), (2.0, 30.0)])
def test_single_object_hit_ratio_is_rT_over_1_plus_rT(rate: float, ttl: float) -> None:
    """Single object, rate r, TTL T: each cycle = 1 miss + r·T hits, so hit ratio = 1 − 1/(1 + r·T).

    (aws-facts §7 TTL.) Evenly spaced arrivals with r·T whole reproduce it exactly (reference
    loop); the engine's expected-state kernel gives it in steady state.
    """
    expected = 1 - 1 / (1 + rate * ttl)
    assert deterministic_hit_ratio(rate, ttl) == pytest.approx(expected, abs=2e-3)
    share = sum(c.share for c in COUNTRIES if c.code in ("US", "??"))  # what the allow list lets in
    cfg = only_us(n_objects=1, origin_max_age_s=ttl, min_ttl_s=0.0)
    r = simulate(cfg, rate / share)
    assert r.frame["hit_ratio"].to_numpy() == pytest.approx(100 * expected, rel=1e-9)
    assert r.frame["origin_rps"].to_numpy() == pytest.approx(rate / (1 + rate * ttl), rel=1e-9)


@pytest.mark.parametrize(
    ("headers", "hit_pct"),
    [
        ({"origin_s_maxage_s": 9.0, "origin_max_age_s": 1000.0}, 90.0),  # s-maxage 9 s: r·T = 9 -> 9/10
        ({"origin_expires_in_s": 4.0}, 80.0),  # Expires 4 s ahead: r·T = 4 -> 4/5
        ({"origin_directive": "no-store", "origin_max_age_s": 9.0}, 0.0),  # MinTTL 0: nothing cached
        ({"origin_directive": "private", "min_ttl_s": 9.0, "default_ttl_s": 60.0}, 90.0),  # MinTTL 9 s still caches
    ],
)
def test_headers_drive_the_single_object_hit_ratio(headers: dict, hit_pct: float) -> None:
    """One object at 1 req/s: hit ratio = r·T / (1 + r·T) with T the header's TTL (see
    tests/engine/cloudfront/test_config.py for the rules and their sources): s-maxage 9 s beats
    max-age 1000 s -> 90 %; Expires 4 s -> 80 %; no-store with MinTTL 0 -> 0 %; private with
    MinTTL 9 s -> cached 9 s -> 90 %."""
    share = sum(c.share for c in COUNTRIES if c.code in ("US", "??"))
    kw = {"min_ttl_s": 0.0, **headers}
    r = simulate(only_us(n_objects=1, **kw), 1.0 / share)
    assert r.frame["hit_ratio"].to_numpy() == pytest.approx(hit_pct, abs=1e-9)
    assert r.events["message"].str.contains("Static objects are cached").any()


def test_cold_cache_converges_to_the_same_hit_ratio() -> None:
    """A cold edge starts at 0 hits and approaches r·T/(1 + r·T)."""
    share = sum(c.share for c in COUNTRIES if c.code in ("US", "??"))
    r = simulate(only_us(n_objects=1, origin_max_age_s=9.0, warm_start=False), 1.0 / share)
    hr = r.frame["hit_ratio"].to_numpy()
    assert hr[0] < hr[-1]
    assert hr[-1] == pytest.approx(90.0, abs=1e-6)


def test_ttl_zero_caches_nothing() -> None:
    """TTL 0 (MinTTL 0, §7): every request goes to the origin."""
    r = simulate(CloudFrontConfig(default_ttl_s=0.0, **SHORT), 200.0)
    assert r.frame["hit_ratio"].max() == 0
    assert r.frame["origin_rps"].to_numpy() == pytest.approx(200.0)


def test_longer_ttl_means_higher_hit_ratio() -> None:
    hrs = [
        simulate(CloudFrontConfig(origin_max_age_s=t, **SHORT), 500.0).frame["hit_ratio"].mean() for t in (5, 60, 3600)
    ]
    assert hrs[0] < hrs[1] < hrs[2]


def test_invalidate_all_empties_every_cache_at_the_chosen_time() -> None:
    """§7: `/*` counts as one path and drops every object; the origin load jumps."""
    cfg = CloudFrontConfig(deploy_at_s=1800.0, mode="all", **SHORT)
    f = simulate(cfg, 500.0).frame
    assert cfg.invalidation_paths == 1 and cfg.invalidation_cost_usd == 0
    assert f["origin_rps"].iloc[30] > 2 * f["origin_rps"].iloc[29]
    assert f["hit_ratio"].iloc[30] < f["hit_ratio"].iloc[29]


def test_invalidation_costs_and_limits() -> None:
    """§7: first 1,000 paths a month free; more than 3,000 paths in progress are rejected."""
    paid = CloudFrontConfig(deploy_at_s=600.0, mode="paths", changed=1500, **SHORT)
    assert paid.invalidation_cost_usd == pytest.approx(500 * 0.005)
    over = CloudFrontConfig(deploy_at_s=600.0, mode="paths", changed=4000, **SHORT)
    assert over.invalidation_rejected
    r = simulate(over, 500.0)
    assert "invalidation_rejected" in set(r.events["kind"])
    assert r.frame["stale_rps"].iloc[10] > 0  # stale copies keep being served


def test_versioned_names_cold_like_path_invalidation_but_free() -> None:
    """Versioned names make the changed objects cold without an invalidation or its charge."""
    kw = {"deploy_at_s": 600.0, "changed": 2000, **SHORT}
    paths = CloudFrontConfig(mode="paths", **kw)
    ver = CloudFrontConfig(mode="versioned", **kw)
    many = simulate_many([paths, ver], [500.0, 500.0])
    a, b = many.scenario(0), many.scenario(1)
    assert np.allclose(a.frame["origin_rps"], b.frame["origin_rps"])
    assert paths.invalidation_cost_usd > 0 and ver.invalidation_cost_usd == 0


def test_no_invalidation_serves_stale_until_ttl() -> None:
    cfg = CloudFrontConfig(deploy_at_s=600.0, mode="none", origin_max_age_s=600.0, **SHORT)
    s = simulate(cfg, 500.0).frame["stale_rps"].to_numpy()
    assert s[:10].max() == 0 and s[10] > 0 and s[-1] < s[10] / 5


def test_origin_shield_reduces_origin_load() -> None:
    """§7: Origin Shield raises the hit ratio at the origin and collapses misses."""
    base = {"n_objects": 100_000, "origin_max_age_s": 300.0, "dynamic_pct": 0.0, **SHORT}
    many = simulate_many([CloudFrontConfig(**base), CloudFrontConfig(origin_shield=True, **base)], [1000.0, 1000.0])
    a, b = many.scenario(0), many.scenario(1)
    assert b.frame["origin_rps"].mean() < 0.8 * a.frame["origin_rps"].mean()
    assert b.frame["shield_hits_rps"].mean() > 0


def test_geo_block_counts_blocked_and_serves_unknown() -> None:
    """§7: a country block list refuses those viewers; unknown countries are served."""
    cfg = CloudFrontConfig(geo_mode="block", geo_countries=("US", "CN"), **SHORT)
    r = simulate(cfg, 1000.0)
    assert r.frame["blocked_rps"].to_numpy() == pytest.approx(1000.0 * 0.36)
    c = r.extra["countries"].set_index("code")
    assert c.loc["??", "blocked_requests"] == 0
    assert c.loc["US", "blocked_requests"] == pytest.approx(c.loc["US", "total_requests"])


def test_origin_saturation_produces_errors_and_an_event() -> None:
    cfg = CloudFrontConfig(default_ttl_s=0.0, origin="web", **SHORT)
    r = simulate(cfg, 1000.0)
    assert r.frame["origin_errors_rps"].to_numpy() == pytest.approx(1000.0 - ORIGINS["web"].capacity_rps)
    assert "origin_saturated" in set(r.events["kind"])


CONFIGS = st.builds(
    CloudFrontConfig,
    n_objects=st.integers(1, 200_000),
    zipf_s=st.floats(0, 2),
    dynamic_pct=st.floats(0, 100),
    origin_max_age_s=st.one_of(st.none(), st.floats(0, 1e6)),
    origin=st.sampled_from(sorted(ORIGINS)),
    origin_shield=st.booleans(),
    warm_start=st.booleans(),
    geo_mode=st.sampled_from(["none", "block"]),
    geo_countries=st.just(("DE", "JP")),
    deploy_at_s=st.one_of(st.none(), st.floats(0, 3540)),
    changed=st.integers(0, 1),
    mode=st.sampled_from(["none", "paths", "all", "versioned"]),
    horizon_s=st.just(3600.0),
    dt_s=st.just(60.0),
)


@given(CONFIGS, st.floats(0, 5000))
def test_conservation_and_bounds_every_step(cfg: CloudFrontConfig, level: float) -> None:
    """requests = blocked + edge hits + shield hits + origin (served + errors), at every step."""
    f = simulate(cfg, LoadTrace((Constant(level), Spike(level, 1200.0)))).frame
    total = f["blocked_rps"] + f["edge_hits_rps"] + f["shield_hits_rps"] + f["origin_rps"]
    assert np.allclose(total, f["requests"], rtol=1e-9, atol=1e-6)
    assert (f["hit_ratio"].between(-1e-9, 100 + 1e-9)).all()
    assert (f["stale_rps"] <= f["edge_hits_rps"] + 1e-9).all()
    assert (f["origin_errors_rps"] <= f["origin_rps"] + 1e-9).all()
    for col in f.columns:
        assert (f[col] >= -1e-6).all() and np.isfinite(f[col]).all(), col


@given(st.lists(CONFIGS, min_size=1, max_size=3))
def test_batched_equals_one_by_one(cfgs: list[CloudFrontConfig]) -> None:
    load = LoadTrace((Constant(300.0),), noise=0.2)
    many = simulate_many(cfgs, [load] * len(cfgs), seed=3)
    for i, cfg in enumerate(cfgs):
        one, res = simulate(cfg, load, seed=3), many.scenario(i)
        assert one.frame.equals(res.frame)
        assert one.events.drop(columns="scenario").equals(res.events.drop(columns="scenario"))
        for name, frame in one.extra.items():
            assert frame.equals(res.extra[name]), name


def test_same_seed_same_result() -> None:
    load = LoadTrace((Constant(300.0),), noise=0.3)
    a = simulate(CloudFrontConfig(**SHORT), load, seed=7).frame
    b = simulate(CloudFrontConfig(**SHORT), load, seed=7).frame
    c = simulate(CloudFrontConfig(**SHORT), load, seed=8).frame
    assert a.equals(b) and not a.equals(c)
    assert not math.isnan(a["latency_ms"].mean())


def test_warmup_compiles_and_runs() -> None:
    from engine.cloudfront import warmup

    warmup()


def test_ttl_sweep_follows_rT_over_1_plus_rT_for_one_object() -> None:
    """One object, r = 1 req/s at the edge: the swept day-average hit ratio is r·T/(1 + r·T)."""
    from engine.cloudfront import ttl_sweep

    share = sum(c.share for c in COUNTRIES if c.code in ("US", "??"))
    sw = ttl_sweep(only_us(n_objects=1, warm_start=True), 1.0 / share, [0, 1, 4, 9, 99])
    assert sw["hit_ratio"].to_numpy() == pytest.approx([0, 50, 80, 90, 99], abs=1e-6)
    assert sw["origin_rps"].is_monotonic_decreasing


def test_without_ttl_resets_only_ttl_fields() -> None:
    cfg = CloudFrontConfig(origin_max_age_s=10.0, min_ttl_s=5.0, default_ttl_s=60.0, max_ttl_s=3600.0, zipf_s=1.3)
    n = cfg.without_ttl
    assert n.ttl_s == 86_400 and n.zipf_s == 1.3 and n == CloudFrontConfig(zipf_s=1.3)


def test_origin_shield_collapse_hand_computed() -> None:
    """§7 Origin Shield: edge misses (rate m = r/(1 + rT)) meet one shield cache; a fetch taking L
    (S3: 35 ms, illustrative) absorbs the misses that arrive meanwhile, so origin fetches = m/(1 + m(T + L))."""
    share = sum(c.share for c in COUNTRIES if c.code in ("US", "??"))
    r, ttl, fetch = 2.0, 9.0, ORIGINS["s3"].base_ms / 1000
    f = simulate(only_us(n_objects=1, origin_max_age_s=ttl, origin_shield=True), r / share).frame
    m = r / (1 + r * ttl)
    assert f["origin_rps"].to_numpy() == pytest.approx(m / (1 + m * (ttl + fetch)), rel=1e-9)
    assert f["shield_hits_rps"].to_numpy() == pytest.approx(m - m / (1 + m * (ttl + fetch)), rel=1e-9)


def test_simulate_many_returns_one_stacked_result_and_a_summary() -> None:
    """The one public shape: a Result with a scenario column; scenario(i) == simulate(config_i);
    summary=True keeps the summary (same values) and empties the frames, keeping their columns."""
    cfgs = [CloudFrontConfig(**SHORT), CloudFrontConfig(origin_shield=True, deploy_at_s=600.0, mode="all", **SHORT)]
    many = check_simulate_many(simulate, simulate_many, cfgs, LoadTrace((Constant(300.0),), noise=0.2), 5)
    assert many.frame.columns[-1] == "scenario"


def test_summary_hit_ratio_is_the_whole_run_ratio() -> None:
    r = simulate(CloudFrontConfig(**SHORT), 500.0)
    f = r.frame
    assert r.summary["hit_ratio"].iloc[0] == pytest.approx(
        100 * f["edge_hits_rps"].sum() / (f["requests"] - f["blocked_rps"]).sum()
    )
    assert r.summary["peak_origin_rps"].iloc[0] == f["origin_rps"].max()


def test_default_run_explains_its_ttl() -> None:
    """The page's default scenario: the log says which TTL applies and why (no header: DefaultTTL)."""
    from engine.load import preset

    ev = simulate(CloudFrontConfig(), preset("Business day")).events
    assert "DefaultTTL applies" in ev.loc[ev["kind"] == "ttl", "message"].iloc[0]
