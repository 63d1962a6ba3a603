"""Every preset keeps its promise: each carries, as data, the claim its text makes (views.preset.Preset,
in the query language of engine.query), and a fresh page with that preset pressed must satisfy it in
every rules edition the preset names. The Result checked is the one the page drew (its cached engine
call, watched while the page runs), so a claim can fail only if the page shows something else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from engine.core import Result
from engine.query import COMPARISONS, evaluate
from tests.pages.preset_catalogue import presets_of
from tests.pages.preset_runs import as_result, press
from views.catalog import LABS
from views.preset import Preset

CASES = [
    (lab.file, lab.prefix, name, preset, rules)
    for lab in LABS
    if lab.prefix != "load"  # the load lab draws a trace, not a simulation: its presets are shapes
    for name, preset in presets_of(lab).items()
    for rules in preset.rules
]


def explain(claim: Any, result: Result, path: str = "claim") -> list[str]:
    """The parts of ``claim`` that do not hold, each with the values it compared."""
    if isinstance(claim, Mapping) and "all" in claim:
        return [line for i, part in enumerate(claim["all"]) for line in explain(part, result, f"{path}.all[{i}]")]
    if evaluate(claim, result):
        return []
    op = next(iter(claim))
    if op in (*COMPARISONS, "starts_with"):
        a, b = (evaluate(x, result) if isinstance(x, Mapping) else x for x in claim[op])
        return [f"{path}: {claim} is false ({a!r} {op} {b!r})"]
    return [f"{path}: {claim} is false"]


def test_every_lab_preset_makes_a_checkable_claim() -> None:
    missing = [f"{prefix}: {name}" for _file, prefix, name, preset, _rules in CASES if preset.claim is None]
    assert missing == []
    assert len({(c[1], c[2]) for c in CASES}) >= 50


@pytest.mark.parametrize(
    ("file", "prefix", "name", "preset", "rules"), CASES, ids=[f"{c[1]}:{c[2]}:{c[4]}" for c in CASES]
)
def test_a_fresh_preset_run_shows_what_its_text_promises(
    file: str, prefix: str, name: str, preset: Preset, rules: str
) -> None:
    at, seen = press(file, prefix, name, rules=rules)
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["rules"] == rules
    result = as_result(seen[preset.source])
    assert explain(preset.claim, result) == [], preset.why
