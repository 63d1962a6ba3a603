"""EMR figures: series, fixed ranges, payload."""

from __future__ import annotations

import numpy as np

from engine.emr import EmrConfig, simulate
from views.emr_figures import amdahl_figure, cluster_figure


def test_cluster_figure() -> None:
    res = simulate(EmrConfig(task_market="SPOT", spot_loss_per_h=2.0))
    fig = cluster_figure(res.frame, res.events, reduced_motion=False)
    names = {t.name for t in fig.data}
    assert {"Core nodes (HDFS)", "Task nodes", "Work left", "Data in HDFS"} <= names
    assert 2 <= len(fig.frames) <= 40
    assert fig.layout.xaxis.autorange is False
    assert len(fig.to_json()) < 500_000


def test_amdahl_figure() -> None:
    n = np.array([1, 2, 4, 8])
    fig = amdahl_figure(n, np.array([4.0, 2.1, 1.1, 0.6]), np.array([4.0, 2.05, 1.08, 0.59]), 0.2, 3)
    assert [t.name for t in fig.data][:2] == ["Amdahl: Σ s·W + (1−s)·W/N", "simulated (10 s steps)"]
    assert fig.layout.xaxis.type == "log"
    assert len(fig.to_json()) < 20_000
