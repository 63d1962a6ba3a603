"""Every chart a page draws uses only trace types ScaleLab's Plotly bundle holds.

The source scan in ``tests/views/test_plotly_bundle.py`` finds the types the code names; this reads
what every page of the catalogue actually sends on its default run, so a type that reaches a figure
another way (a template, a figure built by plotly itself) is caught too.
"""

from __future__ import annotations

import pytest

from tests.pages.apptest import run_page
from tests.pages.charts import charts
from tests.views.test_plotly_bundle import banner
from views.catalog import available

PAGES = [lab for lab in available() if lab.prefix != "home" and lab.lab != "classroom"]  # class rooms draw no run


@pytest.mark.parametrize("lab", PAGES, ids=[lab.prefix for lab in PAGES])
def test_every_trace_a_page_draws_is_in_the_bundle(lab) -> None:  # type: ignore[no-untyped-def]
    at = run_page(lab.file)
    assert not at.exception
    _, bundled = banner()
    sent = {trace.get("type", "scatter") for fig in charts(at) for trace in fig.get("data", [])}
    assert sent, f"{lab.file} drew no trace"
    assert sent <= bundled, f"{lab.file} draws {sorted(sent - bundled)}, which the bundle lacks"


@pytest.mark.parametrize("lab", PAGES, ids=[lab.prefix for lab in PAGES])
def test_a_first_load_draws_no_data_grid(lab) -> None:  # type: ignore[no-untyped-def]
    """Small tables are ``st.table`` (static HTML), not ``st.dataframe``: the data grid's scripts
    (about 1.2 MB) cost a direct load about 0.3 s before the first chart draws (measured against a
    trivial page, 7 pairs). Every table ScaleLab draws is small enough to read whole."""
    at = run_page(lab.file)
    assert not at.dataframe, f"{lab.file} draws st.dataframe on a first load"
