"""Every page's presets, found from the catalogue: a new page's presets are tested without anyone
adding them here. Lab presets live in ``views/<lab>/presets.py`` (``PRESETS[page stem]``); the load
lab's shape presets in ``views/load_controls.py``."""

from __future__ import annotations

import importlib

from views.catalog import LABS, LabPage
from views.load_controls import SHAPE_PRESETS
from views.preset import Preset

__all__ = ["PAGES_WITH_PRESETS", "presets_of"]


def presets_of(lab: LabPage) -> dict[str, Preset]:
    """The presets page ``lab`` draws (empty for a page without)."""
    if lab.prefix == "load":
        return dict(SHAPE_PRESETS)
    try:
        module = importlib.import_module(f"views.{lab.package}.presets")
    except ModuleNotFoundError:
        return {}
    return dict(module.PRESETS.get(lab.prefix, {}))


PAGES_WITH_PRESETS: list[tuple[str, str, list[str]]] = [
    (lab.file, lab.prefix, list(presets_of(lab))) for lab in LABS if presets_of(lab)
]
"""``(page file, URL prefix, preset names)`` of every page that has presets."""
