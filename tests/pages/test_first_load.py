"""A page's first load draws nothing that costs the browser a heavy script of its own before the
first chart (measured with ``benchmarks/first_chart.py`` and ``benchmarks/browser.py``)."""

from __future__ import annotations

import pytest

from tests.pages.apptest import RUN_PAGES, run_page


@pytest.mark.parametrize("lab", RUN_PAGES, ids=[lab.prefix for lab in RUN_PAGES])
def test_a_first_load_draws_no_data_grid(lab) -> None:  # type: ignore[no-untyped-def]
    """Small tables are ``st.table`` (static HTML), not ``st.dataframe``: the data grid's scripts
    (about 1.2 MB) cost a direct load about 0.3 s before the first chart draws (measured against a
    trivial page, 7 pairs). Every table ScaleLab draws is small enough to read whole."""
    at = run_page(lab.file)
    assert not at.dataframe, f"{lab.file} draws st.dataframe on a first load"
