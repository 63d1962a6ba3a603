"""Compare on every lab: scenario B differs from A in one chosen control, runs on A's load and seed,
equals the engine's own run of ``knobs.apply(A's config, ...)``, is summarised beside A, and lives
in the URL; a bad B value in the link is named in a notice and falls back, never an error.

Driven by the catalogue: a lab page without a case here fails :func:`test_every_lab_page_has_a_case`.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from tests.pages.apptest import run_page
from views.catalog import HOME, available
from views.compare import LAST

DEFAULTS = "__controls_defaults."  # where a page keeps every control's default

# page prefix -> (the "compare" URL value, knobs attribute, knob name, B's URL value)
CASES: dict[str, tuple[str, str, str, str]] = {
    "autoscaling_policies": ("Same policy", "KNOBS", "cooldown", "900"),
    "autoscaling_options": ("true", "OPTIONS_KNOBS", "max", "10"),
    "autoscaling_vertical": ("true", "VERTICAL_KNOBS", "downtime", "900"),
    "kinesis": ("true", "KNOBS", "shards", "1"),
    "dynamodb": ("true", "KNOBS", "rcu", "100"),
    "queues": ("true", "KNOBS", "n", "2"),
    "lambda": ("true", "KNOBS", "acct", "100"),
    "coupling": ("true", "KNOBS", "workers", "2"),
    "cloudfront": ("true", "KNOBS", "ttl", "60 s"),
    "eventbridge": ("true", "KNOBS", "incident_h", "12.0"),
    "stepfunctions": ("true", "KNOBS", "executions", "100"),
    "batch": ("true", "KNOBS", "max", "16"),
    "emr": ("true", "KNOBS", "core", "1"),
    "mq": ("true", "KNOBS", "instance", "mq.t3.micro"),
}
# The load designer has no scenario of its own to compare.
NOT_COMPARED = {"load"}
LABS = {lab.prefix: lab for lab in available() if lab.file != HOME and lab.lab != "classroom"}


def _knob(lab: Any, attr: str, name: str) -> tuple[tuple, Any]:
    knobs = getattr(importlib.import_module(f"views.{lab.package}.knobs"), attr)
    specs = importlib.import_module(f"views.{lab.package}.compare")
    spec = getattr(specs, attr.replace("KNOBS", "SPEC"), specs.SPEC)  # VERTICAL_KNOBS -> VERTICAL_SPEC
    return knobs, next(k for k in knobs if k.name == name), spec


def _query(prefix: str, compare: str, knob: Any, value: str) -> dict[str, str]:
    return {f"{prefix}.compare": compare, f"{prefix}.vary": knob.label, f"{prefix}.b.{knob.name}": value}


def _simulate(config: Any, load: Any, seed: int) -> Any:
    engine = importlib.import_module(".".join(type(config).__module__.split(".")[:2]))
    return engine.simulate(config, load, seed=seed) if load is not None else engine.simulate(config, seed=seed)


def test_every_lab_page_has_a_case() -> None:
    missing = sorted(set(LABS) - set(CASES) - NOT_COMPARED)
    assert not missing, f"lab pages without a compare test: {missing}"


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_b_is_a_with_the_knob_on_the_same_load_and_seed(prefix: str) -> None:
    compare, attr, name, value = CASES[prefix]
    lab = LABS[prefix]
    knobs, knob, spec = _knob(lab, attr, name)
    at = run_page(lab.file, _query(prefix, compare, knob, value))
    assert not at.exception, [e.value for e in at.exception]
    assert not [w.value for w in at.warning if "URL parameter" in w.value], [w.value for w in at.warning]

    compared = at.session_state[LAST][prefix]
    b_value = at.session_state[f"{prefix}.b.{name}"]
    expected_b = importlib.import_module("views.knobs").apply(compared.a, knobs, {name: b_value})
    assert compared.b == expected_b
    assert compared.a != compared.b, "B should differ from A in the chosen control"

    # The summary shows both runs, A's and B's, as the engine computes them on the same load and seed.
    table = next(df.value for df in at.table if "B − A" in df.value.columns)
    a_col, b_col = table.columns[1], table.columns[2]
    sa = _simulate(compared.a, compared.load, compared.seed).summary.iloc[0]
    sb = _simulate(compared.b, compared.load, compared.seed).summary.iloc[0]
    assert list(table[""]) == [m.label for m in spec.metrics]
    assert list(table[a_col]) == [m.text(m.value(sa)) for m in spec.metrics]
    assert list(table[b_col]) == [m.text(m.value(sb)) for m in spec.metrics]
    assert (table["B − A"] != "same").any(), "one knob changed, yet every figure is the same"

    # B lives in the link: the page kept every parameter it was given.
    for key, given in _query(prefix, compare, knob, value).items():
        assert at.query_params[key] == [given] or at.query_params[key] == given, key


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_a_bad_b_value_in_the_link_is_named_not_raised(prefix: str) -> None:
    compare, attr, name, _ = CASES[prefix]
    lab = LABS[prefix]
    _, knob, _ = _knob(lab, attr, name)
    at = run_page(lab.file, _query(prefix, compare, knob, "zzz"))
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    notices = " ".join(w.value for w in at.warning)
    assert f"`{prefix}.b.{name}=zzz`" in notices
    # B's control falls back to its default: A's value of the same control (its default while A's
    # control is in a closed group, which keeps no widget state).
    a_key = f"{prefix}.{name}"
    a_value = at.session_state[a_key] if a_key in at.session_state else at.session_state[DEFAULTS + prefix][a_key]
    assert at.session_state[f"{prefix}.b.{name}"] == a_value


def test_a_b_the_scenario_cannot_take_is_a_notice() -> None:
    """A step policy's alarm threshold on a target-tracking group: B cannot be built, the page says
    which of B's controls does not fit and shows A alone."""
    p = "autoscaling_policies"
    at = run_page(
        LABS[p].file,
        {f"{p}.compare": "Same policy", f"{p}.vary": "Alarm threshold (step and simple)", f"{p}.b.threshold": "60"},
    )
    assert not at.exception, [e.value for e in at.exception]
    notice = " ".join(w.value for w in at.warning)
    assert "Scenario B cannot be simulated" in notice and "Alarm threshold (step and simple)" in notice
    assert not any("B − A" in df.value.columns for df in at.table)
