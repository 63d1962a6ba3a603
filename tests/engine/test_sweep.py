"""engine.sweep: a grid of config values in batched chunks, the same result however it is run."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ProcessPoolExecutor

import pytest
from pandas.testing import assert_frame_equal

from engine.autoscaling import GroupConfig, TargetTrackingPolicy, simulate
from engine.load import preset
from engine.sweep import combinations, sweep, with_value

BASE = GroupConfig(policies=(TargetTrackingPolicy(target=50),))
GRID = {"cooldown_s": [0, 300, 900], "policies.0.target": [40.0, 70.0]}
LOAD = preset("Flash crowd")


def test_with_value_follows_a_dotted_path_into_tuples() -> None:
    cfg = with_value(BASE, "policies.0.target", 65.0)
    assert cfg.policies[0].target == 65.0 and BASE.policies[0].target == 50
    with pytest.raises(ValueError, match="has no field 'cooldown'"):
        with_value(BASE, "cooldown", 1)
    with pytest.raises(ValueError, match="not an index"):
        with_value(BASE, "policies.3.target", 1)


def test_combinations_vary_the_last_key_fastest_and_refuse_empty_or_huge_grids() -> None:
    assert combinations({"a": [1, 2], "b": ["x", "y"]}) == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"},
    ]  # fmt: skip
    with pytest.raises(ValueError, match="must not be empty"):
        combinations({"a": []})
    with pytest.raises(ValueError, match="at most"):
        combinations({"a": range(1001), "b": range(1001)})


def test_each_row_is_the_summary_of_simulating_that_combination() -> None:
    table = sweep("autoscaling", BASE, GRID, LOAD, seed=2, chunk_size=4)
    assert len(table) == 6
    assert list(table.columns[:2]) == ["cooldown_s", "policies.0.target"]
    row = table.iloc[3]  # cooldown 300, target 70
    cfg = dataclasses.replace(BASE, cooldown_s=300, policies=(TargetTrackingPolicy(target=70.0),))
    expected = simulate(cfg, LOAD, seed=2).summary.iloc[0]
    for column, value in expected.items():
        assert row[column] == pytest.approx(value), column


def test_chunking_and_a_process_pool_give_identical_results() -> None:
    one_chunk = sweep("autoscaling", BASE, GRID, LOAD, chunk_size=100)
    small_chunks = sweep("autoscaling", BASE, GRID, LOAD, chunk_size=1)
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = sweep("autoscaling", BASE, GRID, LOAD, chunk_size=2, executor=pool)
    assert_frame_equal(one_chunk, small_chunks)
    assert_frame_equal(one_chunk, pooled)


def test_progress_reports_and_can_cancel() -> None:
    seen: list[tuple[int, int]] = []
    table = sweep("autoscaling", BASE, GRID, LOAD, chunk_size=2, progress=lambda d, t: seen.append((d, t)) or d < 4)
    assert seen == [(2, 6), (4, 6)]
    assert len(table) == 4


def test_a_value_the_config_refuses_names_the_grid_point() -> None:
    with pytest.raises(ValueError, match=r"grid point \{'cooldown_s': -5\}: cooldown_s must be"):
        sweep("autoscaling", BASE, {"cooldown_s": [-5]}, LOAD)
    with pytest.raises(ValueError, match="no simulate_many"):
        sweep("rules", BASE, GRID, LOAD)
