"""EMR lab engine: Amdahl runtimes, managed scaling with a core cap, Spot task vs core nodes (aws-facts §8.4)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.core import Result
from engine.emr import SCHEMA, SUMMARY, EmrConfig, JobStep, amdahl_runtime_s, simulate, simulate_many, word_count
from tests.engine.public_shape import check_simulate_many

ONE = (JobStep("count", 1000.0, 0.2, 10.0),)


def finish(cfg: EmrConfig, seed: int = 0) -> float:
    return float(simulate(cfg, seed=seed).summary["finish_s"].iloc[0])


def test_amdahl_by_hand() -> None:
    """W = 1000 node-s, s = 0.2, N = 4: 0.2*1000 + 0.8*1000/4 = 400 s (10 s steps divide it exactly)."""
    cfg = EmrConfig(ONE, core_nodes=2, task_nodes=2, horizon_s=3600.0)
    assert amdahl_runtime_s(ONE, 4) == pytest.approx(400.0)
    assert finish(cfg) == pytest.approx(400.0)


@pytest.mark.parametrize("nodes", [1, 3, 10, 40])
def test_word_count_runtime_follows_amdahl(nodes: int) -> None:
    """Summed over the word-count steps, within one time step per job step."""
    steps = word_count(100.0, 0.05)
    cfg = EmrConfig(steps, core_nodes=1, task_nodes=nodes - 1, horizon_s=24 * 3600.0)
    assert abs(finish(cfg) - amdahl_runtime_s(steps, nodes)) <= 10.0 * (len(steps) + 1)


def test_a_fully_serial_job_does_not_speed_up() -> None:
    steps = (JobStep("serial", 600.0, 1.0, 0.0),)
    assert finish(EmrConfig(steps, core_nodes=1, task_nodes=0)) == finish(
        EmrConfig(steps, core_nodes=10, task_nodes=90)
    )


def test_managed_scaling_respects_max_and_core_cap() -> None:
    """aws-facts §8.4 example: max 100 units, core cap 17 -> up to 17 core and 83 task nodes."""
    cfg = EmrConfig(
        word_count(2000.0),
        core_nodes=2,
        task_nodes=0,
        managed_scaling=True,
        min_units=2,
        max_units=100,
        max_core_units=17,
        horizon_s=24 * 3600.0,
    )
    f = simulate(cfg).frame
    assert f["core_nodes"].max() == 17
    assert f["task_nodes"].max() == 83
    assert (f["core_nodes"] + f["task_nodes"] + f["pending_nodes"] <= 100).all()


def test_spot_task_nodes_lose_no_hdfs_data() -> None:
    """§8.4: losing a Spot task node loses no data (no HDFS on task nodes)."""
    cfg = EmrConfig(core_nodes=4, task_nodes=16, task_market="SPOT", spot_loss_per_h=3.0)
    f = simulate(cfg, seed=1).frame
    running = f["t_s"] < finish(cfg, 1)
    assert (np.diff(f.loc[running, "hdfs_gb"]) >= 0).all()
    assert f["recomputed_h"].iloc[-1] > 0  # their running containers were redone
    assert f["rereplication_h"].max() == 0


def test_spot_core_nodes_take_hdfs_blocks_with_them() -> None:
    """§8.4: Spot core nodes risk HDFS data. Replication 1 (3 core nodes): blocks are gone and work is
    redone; replication 2 (4 core nodes): blocks are copied again from the other replica."""
    one = simulate(EmrConfig(core_nodes=3, task_nodes=7, core_market="SPOT", spot_loss_per_h=2.0), seed=1).frame
    assert (np.diff(one["hdfs_gb"]) < 0).any() and one["recomputed_h"].iloc[-1] > 0
    two_cfg = EmrConfig(core_nodes=4, task_nodes=6, core_market="SPOT", spot_loss_per_h=2.0)
    assert two_cfg.replication == 2
    two = simulate(two_cfg, seed=0).frame
    assert two["rereplication_h"].max() > 0


@given(
    gb=st.floats(10, 500),
    serial=st.floats(0, 0.9),
    core=st.integers(1, 20),
    task=st.integers(0, 40),
    managed=st.booleans(),
    spot=st.sampled_from([("ON_DEMAND", "ON_DEMAND"), ("ON_DEMAND", "SPOT"), ("SPOT", "SPOT")]),
    seed=st.integers(0, 50),
)
def test_invariants(gb, serial, core, task, managed, spot, seed) -> None:
    cfg = EmrConfig(
        word_count(gb, serial),
        1,
        core,
        task,
        spot[0],
        spot[1],
        managed,
        1,
        60,
        max(core, 17),
        1.0,
        horizon_s=8 * 3600.0,
        dt_s=20.0,
    )
    f = simulate(cfg, seed=seed).frame
    assert (f[["core_nodes", "task_nodes", "pending_nodes", "work_left_h", "hdfs_gb"]] >= -1e-9).all().all()
    # work only goes down, except for work redone after a loss
    assert (np.diff(f["work_left_h"] - f["recomputed_h"]) <= 1e-9).all()
    if managed:
        assert (f["core_nodes"] <= cfg.max_core_units).all()
        assert (f["core_nodes"] + f["task_nodes"] + f["pending_nodes"] <= max(cfg.max_units, core + task)).all()


def test_batched_equals_one_by_one_and_same_seed_same_result() -> None:
    cfgs = [EmrConfig(task_market="SPOT", spot_loss_per_h=2.0), EmrConfig(managed_scaling=True, core_nodes=2)]
    many = simulate_many(cfgs, seed=3)
    for i, c in enumerate(cfgs):
        assert many.scenario(i).frame.equals(simulate(c, seed=3).frame)
    assert simulate(cfgs[0], seed=3).frame.equals(simulate(cfgs[0], seed=3).frame)


def test_simulate_many_is_a_result_of_its_scenarios_even_with_different_jobs() -> None:
    """Scenario i of a batch is simulate(config_i), also when the jobs have different step counts."""
    cfgs = [EmrConfig(ONE, core_nodes=2, task_nodes=2), EmrConfig(task_market="SPOT", spot_loss_per_h=2.0)]
    check_simulate_many(simulate, simulate_many, cfgs, None, 2)
    many = simulate_many(cfgs, seed=2)
    assert isinstance(many, Result) and many.config == cfgs and list(many.summary["scenario"]) == [0, 1]
    for i, c in enumerate(cfgs):
        one = simulate(c, seed=2)
        assert many.scenario(i).frame.equals(one.frame)
        assert many.scenario(i).events.drop(columns="scenario").equals(one.events.drop(columns="scenario"))
        assert many.scenario(i).summary.equals(one.summary)
    fast = simulate_many(cfgs, seed=2, summary=True)
    assert fast.frame.empty and fast.events.empty and fast.summary.equals(many.summary)
    assert list(fast.summary.columns) == ["scenario", *SUMMARY.names]
    assert set(many.units) >= set(SCHEMA.names) | set(SUMMARY.names)


def test_hdfs_empties_when_the_cluster_terminates() -> None:
    """HDFS lives on the core nodes (aws-facts §8.4): when the cluster terminates after its last
    step, the figure's HDFS series drops to 0 with the nodes; before that it holds the steps' output."""
    cfg = EmrConfig(word_count(50.0), core_nodes=4, task_nodes=6)
    res = simulate(cfg, seed=0)
    f, fin = res.frame, float(res.summary["finish_s"].iloc[0])
    assert fin > 0
    assert f.loc[f["t_s"] < fin, "hdfs_gb"].max() > 0
    after = f["t_s"] >= fin
    assert after.any() and (f.loc[after, "hdfs_gb"] == 0).all() and (f.loc[after, "core_nodes"] == 0).all()
    assert "HDFS data goes with it" in res.events.loc[res.events["kind"] == "job_done", "message"].iloc[0]


def test_the_load_scales_the_job() -> None:
    """EMR runs one batch job, so its load is a multiplier of the job: word count on 100 GB at
    load 2 is word count on 200 GB (6, 40, 15, 2 node-s per GB, all linear), run for run."""
    grid = {"horizon_s": 8 * 3600.0, "dt_s": 10.0}
    two = simulate(EmrConfig(word_count(100.0), **grid), 2.0, seed=3)
    ref = simulate(EmrConfig(word_count(200.0), **grid), seed=3)
    assert two.frame.equals(ref.frame) and two.summary.equals(ref.summary)
    assert two.config == EmrConfig(word_count(100.0), **grid)  # the config as given
    with pytest.raises(ValueError, match="load: the EMR lab runs one batch job"):
        simulate(EmrConfig(**grid), np.ones(10))
    with pytest.raises(ValueError, match="load must be between 0.01 and 100"):
        simulate(EmrConfig(**grid), 0.0)
