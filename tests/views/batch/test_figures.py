"""AWS Batch figures: series present, ranges fixed, payload small."""

from __future__ import annotations

from engine.batch import BatchConfig, ComputeEnvironment, JobQueue, simulate
from views.batch.figures import jobs_figure, queues_figure


def _res():
    ce = ComputeEnvironment("s", "SPOT", True, 0, 256, "SPOT_CAPACITY_OPTIMIZED")
    q = JobQueue("a", 10, (0,), 60, 20, attempts=3)
    return simulate(BatchConfig((ce,), (q, JobQueue("b", 1, (0,), 30)), spot_interruptions_per_h=2.0), seed=0)


def test_jobs_figure() -> None:
    res = _res()
    fig = jobs_figure(res, reduced_motion=False)
    names = {t.name for t in fig.data}
    assert {"Runnable (waiting)", "Running", "vCPUs", "vCPUs used", "SUCCEEDED (total)"} <= names
    assert 2 <= len(fig.frames) <= 60
    assert len(fig.to_json()) < 600_000


def test_queues_figure_has_two_lines_per_queue_and_fixed_range() -> None:
    fig = queues_figure(_res())
    assert len(fig.data) == 4
    assert all(len(t.x) <= 300 for t in fig.data)
    assert fig.layout.xaxis.range[0] == 0
    assert len(fig.to_json()) < 100_000


def test_queues_figure_gives_each_queue_a_titled_panel() -> None:
    """One panel per queue, highest priority first, each with its heading and its own legend entries;
    RUNNING and RUNNABLE in one colour each across the queues."""
    fig = queues_figure(_res())
    assert fig.layout.legend.title.text == "<b>Queue a (priority 10)</b>"
    assert fig.layout.legend2.title.text == "<b>Queue b (priority 1)</b>"
    assert [(t.name, t.legend) for t in fig.data] == [
        ("a RUNNING", "legend"),
        ("a RUNNABLE", "legend"),
        ("b RUNNING", "legend2"),
        ("b RUNNABLE", "legend2"),
    ]
    assert fig.data[0].line.color == fig.data[2].line.color != fig.data[1].line.color
