"""Measuring helpers shared by the benchmark scripts (never used by tests as timed assertions)."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_ms(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in milliseconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def verdict(value: float, budget: float) -> str:
    """'ok' or how far over budget, for the printed table."""
    return "ok" if value <= budget else f"OVER by {value - budget:,.0f} ({value / budget:.1f}x)"


def report(rows: list[tuple[str, float, float | None, str]]) -> None:
    """Print rows of (what, measured, budget, unit) as an aligned table; a row whose budget is
    None is a reference figure (printed without a verdict)."""
    width = max(len(r[0]) for r in rows) + 2
    for what, value, budget, unit in rows:
        if budget is None:
            print(f"{what:<{width}} {value:>10,.1f} {unit:<3} (reference)")
            continue
        print(f"{what:<{width}} {value:>10,.1f} {unit:<3} budget {budget:>8,.0f} {unit:<3} {verdict(value, budget)}")
