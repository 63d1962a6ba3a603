"""The EMR page's controls that set one field of :class:`~engine.emr.EmrConfig` (compare and sweep
panels); ranges and labels are the page's own (the input size and serial fraction shape the steps,
not one field, so they are no knobs)."""

from __future__ import annotations

from views.knobs import Knob

__all__ = ["KNOBS"]

_MARKETS = ("ON_DEMAND", "SPOT")

KNOBS: tuple[Knob, ...] = (
    Knob("core", "Core nodes at start", "core_nodes", 1, 50, 1),
    Knob("task", "Task nodes at start", "task_nodes", 0, 200, 1),
    Knob("core_mkt", "Core nodes market", "core_market", choices=_MARKETS),
    Knob("task_mkt", "Task nodes market", "task_market", choices=_MARKETS),
    Knob("loss", "Spot losses per node-hour", "spot_loss_per_h", 0.0, 5.0, 0.1),
    Knob("managed", "Managed scaling", "managed_scaling", choices=(False, True)),
    Knob("max", "MaximumCapacityUnits", "max_units", 17, 2000, 1),
)
