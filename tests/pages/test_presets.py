"""Every preset of every page names real controls: pressed, each of its names is a widget key of the
page it sets (a misspelt name would otherwise set nothing and the preset would quietly teach less).

Presets are data in ``views/<lab>/presets.py`` (``PRESETS[page stem]``); the pages come from the
catalogue, so a new page's presets are checked without anyone adding them here.
"""

from __future__ import annotations

import importlib

import pytest

from tests.pages.apptest import run_page
from views.catalog import LABS


def _presets() -> list[tuple[str, str, str, dict]]:
    cases = []
    for lab in LABS:
        try:
            module = importlib.import_module(f"views.{lab.package}.presets")
        except ModuleNotFoundError:
            continue
        for name, preset in module.PRESETS.get(lab.prefix, {}).items():
            cases.append((lab.file, lab.prefix, name, dict(preset.values)))
    return cases


CASES = _presets()


def test_the_labs_have_presets() -> None:
    assert len({file for file, *_ in CASES}) >= 12


@pytest.mark.parametrize(("file", "prefix", "name", "values"), CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_a_pressed_preset_sets_only_real_controls(file: str, prefix: str, name: str, values: dict) -> None:
    at = run_page(file)
    at.button(key=f"{prefix}.__preset.{name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    keys = {k for k in at.session_state if k.startswith(f"{prefix}.") and ".__" not in k}
    unknown = sorted(f"{prefix}.{n}" for n in values if f"{prefix}.{n}" not in keys)
    assert unknown == [], f"preset {name!r} names controls the page does not draw"
