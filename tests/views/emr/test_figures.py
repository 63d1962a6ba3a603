"""EMR figures: series, fixed ranges, payload."""

from __future__ import annotations

from engine.emr import EmrConfig, JobStep, simulate, simulate_many
from views.emr.figures import amdahl_figure, cluster_figure


def test_cluster_figure() -> None:
    res = simulate(EmrConfig(task_market="SPOT", spot_loss_per_h=2.0))
    fig = cluster_figure(res, reduced_motion=False)
    names = {t.name for t in fig.data}
    assert {"Core nodes (HDFS)", "Task nodes", "Work left", "Data in HDFS"} <= names
    assert 2 <= len(fig.frames) <= 40
    assert fig.layout.xaxis.autorange is False
    assert len(fig.to_json()) < 500_000


def test_cluster_figure_stops_where_asked() -> None:
    res = simulate(EmrConfig())
    fig = cluster_figure(res, reduced_motion=True, until_s=3600.0)
    assert max(fig.data[0].x) <= 60.0  # minutes: the frame ends at 1 h
    assert fig.layout.yaxis3.title.text == "Data in HDFS (GB)"  # the engine's unit


def test_amdahl_figure() -> None:
    steps = (JobStep("count", 4 * 3600.0, 0.05, 1.0),)
    sweep = simulate_many([EmrConfig(steps, 1, 1, n - 1, horizon_s=6 * 3600.0) for n in (1, 2, 4, 8)], summary=True)
    fig = amdahl_figure(sweep, current=3)
    assert [t.name for t in fig.data][:2] == ["Amdahl: Σ s·W + (1−s)·W/N", "simulated (10 s steps)"]
    assert list(fig.data[0].x) == [1.0, 2.0, 4.0, 8.0]
    assert fig.data[1].y[0] == sweep.summary["finish_s"].iloc[0] / 3600
    assert fig.layout.xaxis.type == "log"
    assert len(fig.to_json()) < 20_000
