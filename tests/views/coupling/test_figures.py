"""Coupling figures: each side draws its own lines and marks only its own events."""

from __future__ import annotations

from engine.coupling import CouplingConfig, simulate
from tests.views.queues.test_figures import check_figure
from views.coupling.figures import coupling_figure


def test_coupling_figures_split_events_by_side() -> None:
    r = simulate(CouplingConfig(), 30.0)
    tight = coupling_figure(r, "tight")
    loose = coupling_figure(r, "loose")
    assert {"Timed out (504)", "Refused (503)"} <= {t.name for t in tight.data}
    assert "Waiting in the queue" in {t.name for t in loose.data}
    for fig in (tight, loose):
        check_figure(fig)
        events = [t for t in fig.data if t.name and t.name.startswith("Events")]
        assert events and all(txt.split(" · ")[1].startswith(("Tight", "Loose")) for txt in events[0].hovertext)
