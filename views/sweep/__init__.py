"""The sweep panel: two of a page's controls on the axes, one run per cell, a heat map of a metric.

A learner picks two knobs (:mod:`views.knobs`) and their ranges (at most :data:`MAX_AXIS` values
each) and a metric from the lab's summary; **Run sweep** runs every combination through
:func:`engine.sweep.sweep` in batched chunks with a progress bar, beside a **Cancel** button. The
heat map marks the scenario the page shows now, can draw a second metric as contour lines over the
first (cost over drops: the trade-off), and a click on a cell opens that scenario: the page's two
controls move to the cell's values, and with them the charts above and the address bar.

One module per concern:

* :mod:`views.sweep.axes`: what a grid is made of, its two axes (a knob and its values) and the
  metrics a lab's sweep can show;
* :mod:`views.sweep.grid`: computing a grid through ``engine.sweep`` and the grids kept for every
  session;
* :mod:`views.sweep.figure`: the heat map figure;
* :mod:`views.sweep.panel`: the panel on a page (inputs, run with progress and cancel, the chart
  and its click).
"""

from views.sweep.axes import MAX_AXIS, Axis, Metric, axis_values, metrics
from views.sweep.figure import heatmap_figure
from views.sweep.grid import cached_grid, compute_grid
from views.sweep.panel import sweep_panel

__all__ = [
    "MAX_AXIS",
    "Axis",
    "Metric",
    "axis_values",
    "cached_grid",
    "compute_grid",
    "heatmap_figure",
    "metrics",
    "sweep_panel",
]
