"""Every preset of every lab page, read through one accessor so a change of the presets' data
shape is adapted here once (``PRESETS[page stem][name]`` → values, today ``(why, values)``)."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import APP, page_hash
from views.catalog import LABS


def preset_values(entry: Any) -> dict[str, Any]:
    """The control values of one preset entry: ``(why, values)``, a mapping with ``values``, or
    an object with a ``values`` attribute."""
    if isinstance(entry, Mapping):
        return dict(entry.get("values", entry))
    if isinstance(entry, tuple):
        return dict(next(x for x in entry if isinstance(x, Mapping)))
    return dict(entry.values)


def all_presets() -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(page file, page prefix, preset name, values)`` of every preset in the catalogue's pages."""
    cases = []
    for lab in LABS:
        if not lab.exists:
            continue
        try:
            module = importlib.import_module(f"views.{lab.package}.presets")
        except ModuleNotFoundError:
            continue
        for name, entry in module.PRESETS.get(lab.prefix, {}).items():
            cases.append((lab.file, lab.prefix, name, preset_values(entry)))
    return cases


def with_preset(file: str, prefix: str, values: Mapping[str, Any], *, timeout: float = 240) -> AppTest:
    """A fresh session's first run of ``file`` with a preset's values set, as pressing its button
    does (:func:`views.preset_apply.apply_preset` sets the same session state), in one run."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at._page_hash = page_hash(file)
    for name, value in values.items():
        at.session_state[f"{prefix}.{name}"] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
