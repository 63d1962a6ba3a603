"""engine.sweep past one machine: a process pool and a Dask distributed cluster give the in-process
result bit for bit, whatever the chunk size; a progress callback returning False cancels."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from engine.autoscaling import GroupConfig, TargetTrackingPolicy
from engine.dynamodb import DynamoConfig
from engine.load import preset
from engine.sweep import sweep

BASE = GroupConfig(policies=(TargetTrackingPolicy(target=50),))
GRID = {"cooldown_s": [0, 120, 300, 900], "policies.0.target": [30.0, 45.0, 60.0, 75.0, 90.0]}
LOAD = preset("Flash crowd")
DDB = DynamoConfig(horizon_s=3600)
DDB_GRID = {"wcu": [100, 400, 1600], "target_pct": [30.0, 70.0]}


@pytest.fixture(scope="module")
def in_process() -> pd.DataFrame:
    return sweep("autoscaling", BASE, GRID, LOAD, seed=3)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[object]:
    """A real 2-worker Dask LocalCluster (processes, one thread each, loopback, no dashboard)."""
    distributed = pytest.importorskip("dask.distributed")
    # Dask's workers are spawned, and a spawned process re-runs the parent's __main__ from its path.
    # Streamlit's script runner (every AppTest earlier in the suite) installs the app as __main__,
    # so the workers would start the app. A bare __main__ has no path to re-run; put it back after.
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
        )
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
    finally:
        sys.modules["__main__"] = main


@pytest.mark.timeout(240)
def test_a_process_pool_matches_in_process_bit_for_bit(in_process: pd.DataFrame) -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = sweep("autoscaling", BASE, GRID, LOAD, seed=3, executor=pool, chunk_size=3)
    assert_frame_equal(pooled, in_process, check_exact=True)


@pytest.mark.timeout(300)
def test_a_dask_cluster_matches_in_process_bit_for_bit(in_process: pd.DataFrame, dask_client) -> None:
    executor = dask_client.get_executor()
    on_cluster = sweep("autoscaling", BASE, GRID, LOAD, seed=3, executor=executor, chunk_size=3)
    assert_frame_equal(on_cluster, in_process, check_exact=True)
    workers = dask_client.scheduler_info()["workers"]
    assert len(workers) == 2  # really two worker processes, not the client's own


@pytest.mark.timeout(300)
def test_a_dask_cluster_runs_another_lab_identically(dask_client) -> None:
    here = sweep("dynamodb", DDB, DDB_GRID, 800.0, seed=1)
    there = sweep("dynamodb", DDB, DDB_GRID, 800.0, seed=1, executor=dask_client.get_executor(), chunk_size=2)
    assert_frame_equal(there, here, check_exact=True)


@pytest.mark.timeout(300)
def test_cancel_on_a_cluster_returns_the_finished_rows_in_grid_order(in_process: pd.DataFrame, dask_client) -> None:
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 6

    part = sweep(
        "autoscaling", BASE, GRID, LOAD, seed=3, executor=dask_client.get_executor(), chunk_size=3, progress=progress
    )
    assert seen == [3, 6]
    assert_frame_equal(part, in_process.iloc[:6], check_exact=True)
