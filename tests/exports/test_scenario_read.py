"""Reading a scenario file never raises, whatever the file holds: every value it sets is one its
control can take (checked like a URL value), and every refused value is named."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from views.controls import ControlSpec
from views.scenario import check, dump, read

SPECS = {
    "lab.n": ControlSpec("number", 5, lo=1, hi=10, integer=True),
    "lab.x": ControlSpec("number", 0.5, lo=0.0, hi=1.0),
    "lab.span": ControlSpec("number", (8.0, 12.0), lo=0.0, hi=24.0),
    "lab.mode": ControlSpec("choice", "a", options=("a", "b")),
    "lab.period": ControlSpec("choice", 60, options=(60, 300)),
    "lab.on": ControlSpec("bool", False),
    "lab.text": ControlSpec("text", "hi", max_chars=5),
    "lab.many": ControlSpec("multi", ["a"], options=("a", "b", "c")),
}
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


def _file(controls: dict) -> bytes:
    return json.dumps({"scalelab": 1, "page": "lab", "controls": controls}).encode()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([k.removeprefix("lab.") for k in SPECS] + ["other"]), JSONISH))
def test_any_values_give_usable_settings_and_name_the_refused(controls: dict) -> None:
    got = read(_file(controls), "f.json", "lab", "Lab", SPECS)
    assert got.problem is None
    assert set(got.values) == set(SPECS)
    for key, value in got.values.items():
        spec = SPECS[key]
        assert (
            value == spec.default
            or check(json.loads(json.dumps(list(value) if isinstance(value, tuple) else value)), spec)[0]
        )
    refused = [k for k, v in controls.items() if k != "other" and not check(v, SPECS[f"lab.{k}"])[0]]
    for k in refused:
        assert any(f"`{k}=" in n for n in got.notices)
    assert ("lab.other" in got.later) == ("other" in controls)


@given(st.binary(max_size=64))
def test_any_bytes_give_a_problem_or_a_scenario(data: bytes) -> None:
    got = read(data, "f.json", "lab", "Lab", SPECS)
    assert got.problem is None or "Nothing was changed" in got.problem


def test_a_dumped_scenario_reads_back_to_the_same_values() -> None:
    values = {
        "lab.n": 7,
        "lab.x": 0.25,
        "lab.span": (1.0, 2.5),
        "lab.mode": "b",
        "lab.period": 300,
        "lab.on": True,
        "lab.text": "ok",
        "lab.many": ["b", "c"],
    }
    got = read(dump("lab", "lab", values, SPECS, "aws-today", 42), "f.json", "lab", "Lab", SPECS)
    assert got.values == values and got.notices == [] and (got.rules, got.seed) == ("aws-today", 42)


def test_a_whole_number_control_refuses_a_fraction_and_a_choice_refuses_a_lookalike() -> None:
    assert not check(2.5, SPECS["lab.n"])[0] and check(2.0, SPECS["lab.n"]) == (True, 2, "a whole number from 1 to 10")
    assert not check("60", SPECS["lab.period"])[0] and not check(True, SPECS["lab.period"])[0]
    assert not check([13.0, 2.0], SPECS["lab.span"])[0]
