"""Every chart a page draws uses only trace types ScaleLab's Plotly bundle holds.

The source scan in ``tests/views/test_plotly_bundle.py`` finds the types the code names; this reads
what every page of the catalogue actually sends on its default run, so a type that reaches a figure
another way (a template, a figure built by plotly itself) is caught too.
"""

from __future__ import annotations

import pytest

from tests.pages.apptest import RUN_PAGES, run_page
from tests.pages.charts import charts
from tests.views.test_plotly_bundle import banner


@pytest.mark.parametrize("lab", RUN_PAGES, ids=[lab.prefix for lab in RUN_PAGES])
def test_every_trace_a_page_draws_is_in_the_bundle(lab) -> None:  # type: ignore[no-untyped-def]
    at = run_page(lab.file)
    assert not at.exception
    _, bundled = banner()
    sent = {trace.get("type", "scatter") for fig in charts(at) for trace in fig.get("data", [])}
    assert sent, f"{lab.file} drew no trace"
    assert sent <= bundled, f"{lab.file} draws {sorted(sent - bundled)}, which the bundle lacks"
