"""Every page registered in app.py runs without an exception: with defaults, with valid URL
parameters and with garbage ones (which must produce a visible notice, not a traceback).

The list is taken from the catalogue that app.py registers from, so a new page is tested
without anyone remembering to add it here.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, run_page
from views.catalog import available

PAGES = available()


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_with_defaults(lab) -> None:
    at = run_page(lab.file)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{lab.file} shows no title"


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_page_survives_garbage_url(lab) -> None:
    prefix = lab.url_path.split("-")[0]
    at = run_page(lab.file, {"rules": "bogus", "seed": "-3", f"{prefix}.x": "zzz"})
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_in_the_other_edition(lab) -> None:
    at = run_page(lab.file, rules="aws-today", seed=7)
    assert not at.exception, [e.value for e in at.exception]


def test_router_draws_global_settings() -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.radio(key="rules").value == "course"
    assert at.number_input(key="seed").value == 0
    assert at.toggle(key="motion").value is False
    assert available()[0].title == "Home"
