"""Step Functions figures: traces, fixed ranges, payload."""

from __future__ import annotations

from engine.stepfunctions import WorkflowConfig, simulate
from tests.engine.stepfunctions.machines import failing_parallel
from views.stepfunctions.figures import OUTCOME_COLORS, executions_figure, gantt_figure


def test_executions_figure_is_small_and_has_the_series() -> None:
    res = simulate(WorkflowConfig(), seed=0)
    fig = executions_figure(res, reduced_motion=False)
    names = {t.name for t in fig.data}
    assert {"Running", "Started", "Succeeded (total)", "Failed (total)"} <= names
    assert 2 <= len(fig.frames) <= 60
    assert fig.layout.xaxis.autorange is False
    assert len(fig.to_json()) < 400_000


def test_gantt_shows_retries_in_their_own_colour() -> None:
    res = simulate(WorkflowConfig(flaky_task="ChargePayment", flaky_fail=1.0, executions=5), seed=0)
    fig = gantt_figure(res, 0)
    names = [t.name for t in fig.data]
    assert "error → retried" in names and "error → caught" in names
    assert all(t.orientation == "h" for t in fig.data)
    assert fig.layout.xaxis.range[0] == 0
    assert len(fig.to_json()) < 100_000


def test_gantt_of_an_execution_without_states() -> None:
    res = simulate(WorkflowConfig(executions=2), seed=0)
    fig = gantt_figure(res, 99)
    assert len(fig.data) == 0


def test_gantt_shows_stopped_branches_in_grey() -> None:
    """A Parallel whose first branch fails at 1 s stops the second (SFN-DG state-parallel)."""
    text = failing_parallel("L", {"Type": "Wait", "Seconds": 60})
    fig = gantt_figure(simulate(WorkflowConfig(text, executions=1), seed=0), 0)
    stopped = [t for t in fig.data if t.name == "stopped (a sibling failed)"]
    assert len(stopped) == 1 and list(stopped[0].y) == ["Both › L"]
    assert stopped[0].marker.color == OUTCOME_COLORS["stopped"]
