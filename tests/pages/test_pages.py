"""Every page registered in app.py runs without an exception: with defaults, with valid URL
parameters and with garbage ones (which must produce a visible notice, not a traceback).

The list is taken from the catalogue that app.py registers from, so a new page is tested
without anyone remembering to add it here.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, run_page
from views import control_group
from views.catalog import HOME, available

PAGES = available()


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_page_runs_with_defaults(lab) -> None:
    at = run_page(lab.file)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, f"{lab.file} shows no title"
    # The page asked for, not the home page a wrong address falls back to.
    assert ("ScaleLab" if lab.file == HOME else lab.title) in at.title[0].value


def _sliders(at: AppTest) -> list:
    """The page's own single-value sliders (URL-bound, so their key is the URL parameter)."""
    return [s for s in at.slider if s.key and "." in s.key and not isinstance(s.value, tuple)]


@pytest.mark.parametrize("lab", [p for p in PAGES if p.file != HOME and p.lab != "classroom"], ids=lambda p: p.url_path)
def test_page_takes_valid_url_values_and_names_bad_ones(lab) -> None:
    """Found from the page itself: its first slider gets a valid non-default value from the URL,
    its second an out-of-range one and its third garbage; the first is used, the other two are
    named in a notice and fall back to their defaults; nothing raises."""
    run_page(lab.file)  # the page's lazy control groups are known once it has been drawn
    opened = control_group.groups(lab.prefix)  # open, so that every slider is drawn
    sliders = _sliders(run_page(lab.file, groups=opened))
    assert len(sliders) >= 3, f"{lab.file}: expected at least three sliders"
    good, too_big, garbage = sliders[:3]
    valid = good.max if good.value != good.max else good.min
    query = {good.key: str(valid), too_big.key: str(too_big.max + 10**6), garbage.key: "zzz"}
    at = run_page(lab.file, query, groups=opened)
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key=good.key).value == pytest.approx(valid)
    assert at.slider(key=too_big.key).value == pytest.approx(too_big.value)
    notices = " ".join(w.value for w in at.warning)
    assert f"`{too_big.key}=" in notices and f"`{garbage.key}=zzz`" in notices


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_page_survives_garbage_global_settings(lab) -> None:
    at = run_page(lab.file, {"rules": "bogus", "seed": "-3", "motion": "maybe"})
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
