"""Messaging & serverless budgets (issue 6): 24 h at 1 s steps for one queue with a scaled consumer
fleet <= 100 ms; Lambda the same; the coupling run for reference. Page reruns: benchmarks/pages.py.

    python benchmarks/bench_messaging.py
"""

from __future__ import annotations

import statistics
import time

from common import median_ms, report

from engine import coupling, lambda_, queues
from engine.load import PRESETS, scaled

DAY = 86_400.0


def cpu_ms(fn, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    """Median CPU time of ``fn()`` in ms: on a machine shared by several engineers, wall time
    mostly measures the neighbours; CPU time is what the run itself costs."""
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        samples.append((time.process_time() - t0) * 1000)
    return statistics.median(samples)


def main() -> None:
    """Print the engine timings against their budgets."""
    load = scaled(PRESETS["Day with a flash sale"], 200.0 / PRESETS["Day with a flash sale"].peak_hint)
    q_cfg = queues.QueueConfig(
        scaling="backlog", consumers=5, min_consumers=2, max_consumers=100, processing_s=0.5, processing_cv=0.5,
        acceptable_latency_s=60, horizon_s=DAY, dt_s=1.0,
    )  # fmt: skip
    l_cfg = lambda_.LambdaConfig(horizon_s=DAY, dt_s=1.0)
    c_cfg = coupling.CouplingConfig(horizon_s=DAY, dt_s=1.0)
    for module in (queues, lambda_, coupling):  # compile once, outside the timing
        module.warmup()
    batch = [queues.QueueConfig(**{**q_cfg.__dict__, "acceptable_latency_s": lat}) for lat in (10, 30, 60, 120, 300)]
    report(
        [
            ("queue, 24 h at 1 s, backlog-scaled fleet", median_ms(lambda: queues.simulate(q_cfg, load)), 100, "ms"),
            ("  same, CPU time", cpu_ms(lambda: queues.simulate(q_cfg, load)), 100, "ms"),
            ("lambda, 24 h at 1 s, CPU time", cpu_ms(lambda: lambda_.simulate(l_cfg, load)), 100, "ms"),
            ("lambda, 24 h at 1 s", median_ms(lambda: lambda_.simulate(l_cfg, load)), 100, "ms"),
            (
                "coupling (chain + queue), 24 h at 1 s",
                median_ms(lambda: coupling.simulate(c_cfg, load), repeat=3),
                200,
                "ms",
            ),
            (
                "5 queues batched, 24 h at 1 s",
                median_ms(lambda: queues.simulate_many(batch, load), repeat=3),
                500,
                "ms",
            ),
        ]
    )


if __name__ == "__main__":
    main()
