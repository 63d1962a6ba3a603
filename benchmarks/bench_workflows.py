"""Budgets of the workflow labs (issue 7): Step Functions, AWS Batch, EMR engine runs.

Run: python benchmarks/bench_workflows.py   (page reruns: python benchmarks/pages.py stepfunctions)
Only the Step Functions figure has an issue budget (200 ms); the Batch and EMR rows are this lab's own targets.
"""

from __future__ import annotations

from common import median_ms, report

from engine.batch import BatchConfig, ComputeEnvironment, JobQueue
from engine.batch import simulate as batch_simulate
from engine.batch import simulate_many as batch_many
from engine.batch import warmup as batch_warmup
from engine.emr import EmrConfig, word_count
from engine.emr import simulate as emr_simulate
from engine.emr import simulate_many as emr_many
from engine.emr import warmup as emr_warmup
from engine.stepfunctions import WorkflowConfig, simulate


def main() -> None:
    rows = []
    cfg = WorkflowConfig(executions=1000)
    rows.append(
        ("Step Functions: 1,000 executions (order fulfilment)", median_ms(lambda: simulate(cfg, seed=0)), 200, "ms")
    )
    flaky = WorkflowConfig(executions=1000, flaky_task="ChargePayment", flaky_fail=0.6)
    rows.append(
        ("Step Functions: 1,000 executions, flaky payment", median_ms(lambda: simulate(flaky, seed=0)), 200, "ms")
    )
    batch_warmup()
    spot = ComputeEnvironment("spot", "SPOT", True, 0, 2048, "SPOT_CAPACITY_OPTIMIZED")
    big = JobQueue("big", 1, (0,), 600, 100, attempts=3, burst_at_s=600.0, burst_arrays=5)
    bcfg = BatchConfig(
        (spot,), (big, JobQueue("hi", 10, (0,), 120)), horizon_s=24 * 3600.0, spot_interruptions_per_h=1.0
    )
    jobs = batch_simulate(bcfg, seed=0).frame["arrived"].iloc[-1]
    rows.append(
        (f"Batch: 24 h at 10 s, {jobs:,.0f} jobs, Spot", median_ms(lambda: batch_simulate(bcfg, seed=0)), 200, "ms")
    )
    rows.append(
        (
            "Batch: 20 scenarios of it (simulate_many)",
            median_ms(lambda: batch_many([bcfg] * 20), repeat=3),
            4000,
            "ms",
        )
    )
    emr_warmup()
    ecfg = EmrConfig(
        word_count(1000.0), core_nodes=2, task_nodes=0, managed_scaling=True, task_market="SPOT", horizon_s=24 * 3600.0
    )
    rows.append(("EMR: 24 h at 10 s, managed scaling, Spot", median_ms(lambda: emr_simulate(ecfg, seed=0)), 50, "ms"))
    sweep = [
        EmrConfig(word_count(1000.0), core_nodes=1, task_nodes=n - 1, horizon_s=72 * 3600.0, dt_s=90.0)
        for n in (1, 2, 4, 8, 16, 32, 64, 128)
    ]
    rows.append(("EMR: 8-size sweep (simulate_many)", median_ms(lambda: emr_many(sweep)), 100, "ms"))
    report(rows)


if __name__ == "__main__":
    main()
