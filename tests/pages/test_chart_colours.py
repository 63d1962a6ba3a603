"""One colour per quantity: no chart of any lab's default run draws two quantities in one colour.

Every page of the catalogue runs with its defaults (as a learner first opens it) and every chart
it draws is read back. A trace's quantity is the kind of quantity its column stands for
(``meta``, set by ``views.animation`` from ``views.style.LABELS``) or, for a hand-built trace, its
legend name; a trace without a legend entry (a band edge, a marker layer) is left out. Within one
figure each colour must stand for one quantity only.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.pages.apptest import RUN_PAGES, run_page
from tests.pages.charts import charts


def trace_colour(trace: dict) -> str | None:
    """The colour a trace is drawn in (its line, else its marker), if it is one plain colour."""
    for part in ("line", "marker"):
        colour = (trace.get(part) or {}).get("color")
        if isinstance(colour, str):
            return colour.upper()
    colour = trace.get("fillcolor")
    return colour.upper() if isinstance(colour, str) else None


def collisions(figure: dict) -> dict[str, set[str]]:
    """Colours that stand for more than one quantity in ``figure``: colour -> quantities."""
    by_colour: dict[str, set[str]] = defaultdict(set)
    for trace in figure.get("data", []):
        if trace.get("showlegend") is False or not trace.get("name"):
            continue
        colour = trace_colour(trace)
        if colour is None:
            continue
        by_colour[colour].add(str(trace.get("meta") or trace["name"]))
    return {c: q for c, q in by_colour.items() if len(q) > 1}


def test_collisions_are_found() -> None:
    """The check can fail: two quantities in one colour are reported, one in two panels is not."""
    fig = {
        "data": [
            {"name": "Desired", "meta": "instances", "line": {"color": "#009e73"}},
            {"name": "Capacity", "meta": "capacity", "line": {"color": "#009E73"}},
            {"name": "Throttled reads", "meta": "throttled", "line": {"color": "#D55E00"}},
            {"name": "Throttled writes", "meta": "throttled", "line": {"color": "#D55E00"}},
            {"name": "band edge", "showlegend": False, "line": {"color": "#D55E00"}},
        ]
    }
    assert collisions(fig) == {"#009E73": {"instances", "capacity"}}


@pytest.mark.parametrize("lab", RUN_PAGES, ids=[lab.prefix for lab in RUN_PAGES])
def test_no_chart_draws_two_quantities_in_one_colour(lab) -> None:  # type: ignore[no-untyped-def]
    at = run_page(lab.file)
    assert not at.exception
    figures = charts(at)
    assert figures, f"{lab.file} drew no chart"
    found = {i: c for i, fig in enumerate(figures) if (c := collisions(fig))}
    assert not found, f"{lab.file}: chart index -> colour -> quantities {found}"
