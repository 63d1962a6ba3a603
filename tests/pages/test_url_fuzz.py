"""Property: any query string a link can carry opens every page without an exception, and
every parameter the page cannot use is named in a notice.

Query strings are generated from each page's own controls (found by running it once): valid,
boundary and out-of-range numbers, nan, ±inf, huge integers, empty strings, unicode, HTML and
script text, repeated keys and unknown keys. Six examples per page here; ``benchmarks/
fuzz_links.py`` runs 10,000.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pages import fuzz
from views.catalog import available

PAGES = available()
_controls = functools.cache(fuzz.page_controls)


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
@settings(max_examples=6, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_link_opens_the_page_and_names_what_it_cannot_use(lab, data) -> None:
    controls = _controls(lab.file)
    pairs = data.draw(fuzz.query(controls, lab.prefix), label="query")
    assert fuzz.check(lab.file, controls, pairs) == []
