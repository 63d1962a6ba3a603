"""Budgets of the workflow labs (issue 7): Step Functions, AWS Batch, EMR engine runs.

Run: python benchmarks/bench_workflows.py   (page reruns: python benchmarks/pages.py step-functions)
"""

from __future__ import annotations

from common import median_ms, report

from engine.workflows import WorkflowConfig, simulate


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
    report(rows)


if __name__ == "__main__":
    main()
