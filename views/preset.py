"""A preset: a named scenario of one page, with what it teaches and what its run must show.

A preset sets *every* control of its page (its ``values`` over the page's defaults, see
:func:`views.preset_apply.apply_preset`), so a button always gives the same run and the same link.
Its ``claim`` is what its text promises, written in the query language of :mod:`engine.query`
and checked against a fresh run of the page by ``tests/pages/test_preset_claims.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from engine.query import validate
from engine.rules import EDITIONS

__all__ = ["Preset"]


@dataclass(frozen=True)
class Preset:
    """One named scenario.

    ``why``: the sentence the button's help shows. ``values``: control name (after the page's
    prefix) to value; controls not named take their defaults, so name only those that differ (a
    default named for a control hidden at the press would be written into the address). ``claim``: a condition
    (:mod:`engine.query`) over the page's cached run (``source``, the page's engine call, default
    ``run``; a pair of results reads as scenarios 0 and 1) that the run must satisfy; ``None``
    only for a page whose run is no :class:`~engine.core.Result` (the load lab). ``rules``: the
    rules editions in which the claim holds (the text names the other edition's difference).
    """

    why: str
    values: Mapping[str, Any]
    claim: Any = None
    rules: tuple[str, ...] = tuple(EDITIONS)
    source: str = "run"

    def __post_init__(self) -> None:
        if self.claim is not None:
            validate(self.claim)
        unknown = [r for r in self.rules if r not in EDITIONS]
        if unknown or not self.rules:
            raise ValueError(f"preset rules must name editions from {', '.join(EDITIONS)}, got {self.rules!r}")
