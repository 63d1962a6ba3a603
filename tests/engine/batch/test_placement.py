"""AWS Batch: a job runs on one instance and is billed at its compute environment's prices
(issue 11 item 16; aws-facts §8.3 compute environments and job states; BATCH-UG ``job_states.md``:
a RUNNABLE job waits for resources)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.batch import PRICES, BatchConfig, ComputeEnvironment, JobQueue, simulate


def _burst(n: int, ces: tuple[int, ...] = (0,), **kw) -> JobQueue:
    args = {"submissions_per_h": 0.0, "burst_at_s": 0.0, "array_size": n, "duration_s": 600.0}
    return JobQueue("q", 10, ces, **{**args, **kw})


def test_a_job_bigger_than_every_instance_stays_runnable_and_says_why() -> None:
    """32-vCPU jobs on a CE of 16-vCPU instances (max 256 vCPUs): a job cannot be split over two
    instances, so all 4 stay RUNNABLE for the whole run, the CE launches nothing for them, and one
    event says why, naming 32 and 16."""
    ce = ComputeEnvironment("small", "EC2", True, 0, 256, instance_vcpus=16)
    res = simulate(BatchConfig((ce,), (_burst(4, vcpus=32.0),), horizon_s=3600.0), seed=0)
    f = res.frame
    assert (f["running"] == 0).all() and f["runnable"].iloc[-1] == 4
    assert (f["vcpus"] == 0).all()
    ev = res.events[res.events["kind"] == "unplaceable"]
    assert len(ev) == 1
    text = ev["message"].iloc[0]
    assert "32 vCPUs" in text and "16 vCPUs" in text and "RUNNABLE" in text


def test_the_big_job_runs_on_the_queues_second_environment_that_fits_it() -> None:
    """Two rules at once: the queue's first CE has 16-vCPU instances, its second 64-vCPU ones.
    32-vCPU jobs skip the first and run two per 64-vCPU instance on the second: 4 jobs -> two
    instances, 128 vCPUs; the first CE never scales; no unplaceable event."""
    small = ComputeEnvironment("small", "EC2", True, 0, 256, instance_vcpus=16)
    big = ComputeEnvironment("big", "EC2", True, 0, 256, instance_vcpus=64)
    res = simulate(BatchConfig((small, big), (_burst(4, (0, 1), vcpus=32.0),), horizon_s=3600.0), seed=0)
    ces = res.extra["ces"]
    assert ces.loc[ces["ce"] == "small", "vcpus"].max() == 0
    assert ces.loc[ces["ce"] == "big", "vcpus"].max() == 128
    assert res.frame["running"].max() == 4 and res.frame["jobs_succeeded"].iloc[-1] == 4
    assert "unplaceable" not in set(res.events["kind"])


def test_whole_jobs_per_instance_no_job_spread_over_two() -> None:
    """10-vCPU jobs on 16-vCPU instances: floor(16 / 10) = 1 job per instance, so 4 jobs need 4
    instances = 64 vCPUs (spreading them would have packed 40 vCPUs of jobs into 48)."""
    ce = ComputeEnvironment("m", "EC2", True, 0, 256, instance_vcpus=16)
    f = simulate(BatchConfig((ce,), (_burst(4, vcpus=10.0),), horizon_s=3600.0), seed=0).frame
    assert f["vcpus"].max() == 64
    assert f["running"].max() == 4 and f["vcpus_used"].max() == 40
    assert f["jobs_succeeded"].iloc[-1] == 4


def test_a_fixed_environment_too_small_per_instance_keeps_the_extra_job_waiting() -> None:
    """An unmanaged-size CE of two 16-vCPU instances (min = max = 32) and three 10-vCPU jobs:
    only two run at once (one per instance); the third starts when one finishes."""
    ce = ComputeEnvironment("fixed", "EC2", True, 32, 32, instance_vcpus=16)
    f = simulate(BatchConfig((ce,), (_burst(3, vcpus=10.0),), horizon_s=3600.0), seed=0).frame
    assert f["running"].max() == 2
    assert f["jobs_succeeded"].iloc[-1] == 3


def test_each_job_is_billed_at_the_prices_of_the_environment_it_runs_on() -> None:
    """A queue over FARGATE (max 1 vCPU) then FARGATE_SPOT: five 1-vCPU, 2 GiB jobs -> one on
    FARGATE, four on FARGATE_SPOT. Per hour while all run (illustrative PRICES):
    1 × (1 × 0.04048 + 2 × 0.004445) + 4 × (1 × 0.01214 + 2 × 0.001334) = 0.04937 + 0.059232
    = 0.108602 USD; per 10 s step 0.108602 / 360. Billing every job at the first CE's price (the
    old rule) would give 5 × 0.04937 / 360."""
    fg = ComputeEnvironment("fargate", "FARGATE", True, 0, 1, allocation_strategy="BEST_FIT_PROGRESSIVE")
    fs = ComputeEnvironment("fargate-spot", "FARGATE_SPOT", True, 0, 64)
    q = _burst(5, (0, 1), vcpus=1.0, memory_mib=2048)
    res = simulate(BatchConfig((fg, fs), (q,), horizon_s=1800.0, spot_interruptions_per_h=0.0), seed=0)
    ces = res.extra["ces"].pivot(index="t_s", columns="ce", values="vcpus_used")
    both = (ces["fargate"] == 1) & (ces["fargate-spot"] == 4)
    assert both.any()
    per_step = np.diff(np.concatenate([[0.0], res.frame["cost_usd"].to_numpy()]))
    hourly = 1 * (PRICES["FARGATE"][0] + 2 * PRICES["FARGATE"][1]) + 4 * (
        PRICES["FARGATE_SPOT"][0] + 2 * PRICES["FARGATE_SPOT"][1]
    )
    assert hourly == pytest.approx(0.108602)
    np.testing.assert_allclose(per_step[both.to_numpy()], hourly * 10 / 3600)
