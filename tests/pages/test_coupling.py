"""The coupling page: defaults, every preset, a bad retention."""

from __future__ import annotations

import pytest

from tests.pages.apptest import metric, run_page
from tests.pages.charts import charts
from views.controls import DRAWN

PAGE = "app_pages/coupling.py"
PRESETS = [
    "Worker outage for 10 minutes",
    "Worker slowdown x4",
    "Swap the worker for Lambda",
    "Outage longer than retention",
]


def test_defaults_show_the_lesson_in_numbers() -> None:
    at = run_page(PAGE)
    assert not at.exception
    assert metric(at, "Requests lost") != "0"
    assert metric(at, "Timed out (504)") != "0"
    assert metric(at, "Messages lost") == "0"
    assert len(charts(at)) == 2


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name) -> None:
    at = run_page(PAGE)
    at.button(key=f"coupling.__preset.{name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    if name == "Outage longer than retention":
        assert metric(at, "Messages lost") != "0"
    if name == "Swap the worker for Lambda":
        assert metric(at, "Messages lost") == "0"


def test_bad_retention_gives_a_clear_error() -> None:
    at = run_page(PAGE, {"coupling.ret": "10"})
    assert not at.exception
    assert any("retention_s must be between 60" in e.value for e in at.error)
    assert len(charts(at)) == 2


def test_every_preset_names_real_widget_keys() -> None:
    """A preset sets controls by name: each name must be a widget of the page (`coupling.<name>`)."""
    from views.coupling.presets import PRESETS as PAGE_PRESETS

    at = run_page(PAGE)
    drawn = set(at.session_state[DRAWN][1])  # every control of the page, closed groups' too
    for name, preset in PAGE_PRESETS["coupling"].items():
        values = preset.values
        missing = [k for k in values if k not in drawn]
        assert not missing, (name, missing)
