"""AWS Batch lab engine: priorities, retries, timeouts, scaling, Spot, conservation (aws-facts §8.3)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.batch import SUMMARY, BatchConfig, ComputeEnvironment, JobQueue, simulate, simulate_many
from engine.core import Result
from tests.engine.public_shape import check_simulate_many

FIXED4 = ComputeEnvironment("fixed", "EC2", True, 4, 4, instance_vcpus=4)


def burst(name: str, priority: int, n: int, **kw) -> JobQueue:
    args = {"submissions_per_h": 0.0, "burst_at_s": 0.0, "burst_arrays": 1, "array_size": n, "duration_s": 60.0}
    return JobQueue(name, priority, (0,), **{**args, **kw})


def per_queue(res, name):
    q = res.extra["queues"]
    return q[q["queue"] == name].reset_index(drop=True)


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_priority_10_queue_runs_before_priority_1(order) -> None:
    """§8.3 (BOTO CreateJobQueue.priority): among queues sharing a CE, the higher number is
    scheduled first. 4 vCPUs, 8 one-vCPU jobs in each queue: b (priority 1) starts only once a
    (priority 10) has nothing left RUNNABLE, whatever order the queues are listed in."""
    queues = {"a": burst("a", 10, 8), "b": burst("b", 1, 8)}
    cfg = BatchConfig((FIXED4,), tuple(queues[k] for k in order), horizon_s=1200.0)
    res = simulate(cfg, seed=0)
    a, b = per_queue(res, "a"), per_queue(res, "b")
    assert (b.loc[a["runnable"] > 0, "running"] == 0).all()
    first_b = b.index[b["running"] > 0][0]
    last_a_waiting = a.index[a["runnable"] > 0][-1]
    assert first_b > last_a_waiting
    assert a["succeeded"].iloc[-1] == 8 and b["succeeded"].iloc[-1] == 8
    assert (res.frame["running"] <= 4).all()


def test_jobs_go_submitted_then_runnable_then_running() -> None:
    """§8.3 job states: SUBMITTED -> RUNNABLE -> RUNNING -> SUCCEEDED."""
    cfg = BatchConfig((FIXED4,), (burst("a", 1, 2),), horizon_s=600.0)
    f = simulate(cfg, seed=0).frame
    assert f.loc[0, "submitted"] == 2 and f.loc[0, "running"] == 0
    assert f.loc[1, "running"] == 2  # RUNNABLE at the start of step 1, placed in the same step
    assert f["jobs_succeeded"].iloc[-1] == 2


def test_timed_out_attempts_fail_and_are_not_retried() -> None:
    """BATCH-UG job timeouts: a job stopped by its timeout (≥ 60 s) is not retried."""
    q = burst("a", 1, 4, duration_s=100.0, timeout_s=60, attempts=5)
    f = simulate(BatchConfig((FIXED4,), (q,), horizon_s=600.0), seed=0).frame
    assert f["jobs_failed"].iloc[-1] == 4 and f["jobs_succeeded"].iloc[-1] == 0
    # started at step 1 (t = 10 s), killed 60 s later
    assert f.loc[f["jobs_failed"] > 0, "t_s"].iloc[0] == pytest.approx(70.0)


def test_failed_attempts_are_retried_up_to_attempts() -> None:
    """Retry strategy: 1-10 attempts. Every attempt fails: each job runs 3 times, then FAILED."""
    q = burst("a", 1, 4, duration_s=60.0, attempts=3, fail_p=1.0)
    f = simulate(BatchConfig((FIXED4,), (q,), horizon_s=1200.0), seed=0).frame
    assert f["jobs_failed"].iloc[-1] == 4
    first_fail = f.loc[f["jobs_failed"] > 0, "t_s"].iloc[0]
    # three attempts of at least 0.75 x 60 s = 45 s, which rounds to 4 steps of 10 s
    assert first_fail >= 3 * 40.0


def test_failed_jobs_are_in_the_event_log_rolled_up_and_timeouts_are_not_counted_twice() -> None:
    """The 'Failed' metric counts jobs whose attempts ran out: one event per queue says how many
    (4 of queue a, all 3 attempts); timed-out jobs have their own timeout events instead."""
    q = burst("a", 1, 4, duration_s=60.0, attempts=3, fail_p=1.0)
    res = simulate(BatchConfig((FIXED4,), (q,), horizon_s=1200.0), seed=0)
    failed = res.events[res.events["kind"] == "failed"]
    assert len(failed) == 1 and "4 job(s) of queue a FAILED" in failed["message"].iloc[0]
    assert "all 3 attempts" in failed["message"].iloc[0]
    assert failed["t_s"].iloc[0] == res.frame.loc[res.frame["jobs_failed"] > 0, "t_s"].iloc[0]
    timed = simulate(BatchConfig((FIXED4,), (burst("a", 1, 4, duration_s=100.0, timeout_s=60),), horizon_s=600.0))
    assert "failed" not in set(timed.events["kind"]) and "timeout" in set(timed.events["kind"])


def test_managed_ce_scales_with_demand_in_whole_instances_and_back_to_min() -> None:
    """§8.3: a managed CE scales from min to max vCPUs with queue demand."""
    ce = ComputeEnvironment("m", "EC2", True, 0, 64, instance_vcpus=16)
    cfg = BatchConfig((ce,), (burst("a", 1, 20, duration_s=300.0),), horizon_s=3600.0, launch_s=120.0)
    f = simulate(cfg, seed=0).frame
    assert f.loc[f["t_s"] < 120, "vcpus"].max() == 0  # nothing before the launch delay
    assert f["vcpus"].max() == 32  # 20 vCPUs needed -> two 16-vCPU instances
    assert f["vcpus"].iloc[-1] == 0
    assert (f["vcpus_used"] <= f["vcpus"] + 1e-9).all() and (f["vcpus"] <= 64).all()


def test_spot_interruptions_cost_attempts_retries_save_jobs() -> None:
    spot = ComputeEnvironment("s", "SPOT", True, 0, 256, "BEST_FIT_PROGRESSIVE", instance_vcpus=16)

    def run(attempts: int, rate: float):
        q = burst("a", 1, 2000, duration_s=1200.0, attempts=attempts)
        return simulate(BatchConfig((spot,), (q,), horizon_s=6 * 3600.0, spot_interruptions_per_h=rate), seed=2)

    assert run(1, 0.0).frame["interrupted"].sum() == 0
    one, three = run(1, 3.0).frame, run(3, 3.0).frame
    assert one["interrupted"].sum() > 0
    assert three["jobs_failed"].iloc[-1] < one["jobs_failed"].iloc[-1]


@given(
    rate=st.floats(0, 300),
    array=st.sampled_from([1, 2, 50]),
    max_v=st.integers(1, 128),
    attempts=st.integers(1, 10),
    fail=st.floats(0, 1),
    timeout=st.sampled_from([None, 60, 400]),
    rtype=st.sampled_from(["EC2", "SPOT", "FARGATE"]),
    seed=st.integers(0, 100),
)
def test_jobs_are_conserved_at_every_step(rate, array, max_v, attempts, fail, timeout, rtype, seed) -> None:
    ce = ComputeEnvironment("c", rtype, True, 0, max_v, "BEST_FIT")
    q = JobQueue("q", 1, (0,), rate, array, 1.0, 2048, 300.0, fail, attempts, timeout, 600.0, 1)
    q2 = JobQueue("r", 5, (0,), rate / 2, 1, 1.0, 2048, 120.0)
    res = simulate(BatchConfig((ce,), (q, q2), horizon_s=3 * 3600.0, spot_interruptions_per_h=2.0), seed=seed)
    f = res.frame
    held = f["submitted"] + f["runnable"] + f["running"] + f["jobs_succeeded"] + f["jobs_failed"]
    assert (held == f["arrived"]).all()
    assert (f[["submitted", "runnable", "running"]] >= 0).all().all()
    assert (f["vcpus_used"] <= f["vcpus"] + 1e-9).all()
    assert (f["vcpus"] <= max_v + 1e-9).all()


def test_same_seed_same_result_and_batched_equals_one_by_one() -> None:
    spot = ComputeEnvironment("s", "SPOT", True, 0, 128, "SPOT_CAPACITY_OPTIMIZED")
    cfgs = [
        BatchConfig(queues=(JobQueue(array_size=20, fail_p=0.2, attempts=3),)),
        BatchConfig((spot,), (JobQueue(submissions_per_h=120, attempts=2),), spot_interruptions_per_h=2.0),
    ]
    many = simulate_many(cfgs, seed=4)
    for i, c in enumerate(cfgs):
        one = simulate(c, seed=4)
        assert many.scenario(i).frame.equals(one.frame)
        assert np.array_equal(many.scenario(i).extra["queues"].to_numpy(), one.extra["queues"].to_numpy())
    assert simulate(cfgs[1], seed=4).frame.equals(simulate(cfgs[1], seed=4).frame)


def test_simulate_many_is_a_result_of_its_scenarios_and_summary_only_keeps_the_summary() -> None:
    """Scenario i is simulate(config_i), also beside a scenario with longer jobs (a longer ring)."""
    cfgs = [
        BatchConfig(queues=(JobQueue(array_size=20, fail_p=0.2, attempts=3),), spot_interruptions_per_h=2.0),
        BatchConfig(
            (ComputeEnvironment("s", "SPOT", True, 0, 128, "SPOT_CAPACITY_OPTIMIZED"),),
            (JobQueue(submissions_per_h=120, duration_s=3600.0),),
            spot_interruptions_per_h=2.0,
        ),
    ]
    check_simulate_many(simulate, simulate_many, cfgs, None, 1)
    many = simulate_many(cfgs, seed=1)
    assert isinstance(many, Result) and many.config == cfgs
    for i, c in enumerate(cfgs):
        one = simulate(c, seed=1)
        assert many.scenario(i).frame.equals(one.frame)
        assert many.scenario(i).events.drop(columns="scenario").equals(one.events.drop(columns="scenario"))
        assert many.scenario(i).extra["ces"].equals(one.extra["ces"])
    fast = simulate_many(cfgs, seed=1, summary=True)
    assert fast.frame.empty and list(fast.extra["queues"].columns) == list(many.extra["queues"].columns)
    assert fast.summary.equals(many.summary) and list(fast.summary.columns) == ["scenario", *SUMMARY.names]
    one = simulate_many([cfgs[0]], seed=1)
    assert isinstance(one, Result) and list(one.summary["scenario"]) == [0]
    shown = set(many.frame.columns) | set(many.extra["queues"].columns) | set(many.extra["ces"].columns)
    assert set(many.units) >= shown


def test_events_read_their_payload_by_name() -> None:
    q = burst("a", 1, 4, duration_s=100.0, timeout_s=60)
    ev = simulate(BatchConfig((FIXED4,), (q,), horizon_s=600.0), seed=0).events
    timeout = ev[ev["kind"] == "timeout"].iloc[0]
    assert timeout["data"] == {"queue": 0.0, "jobs": 4.0, "ce": 0.0}
    assert timeout["message"].startswith("4 job(s) of queue a hit the 1 min timeout")
