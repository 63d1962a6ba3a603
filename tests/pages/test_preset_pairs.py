"""A preset is a whole scenario: pressed after any other preset (or after Reset), it leaves the page's
controls and its address exactly as when pressed alone on a fresh page; "Reset to defaults" after
any preset gives a fresh page's controls and address.

One session per page walks a route through every ordered pair of its buttons (an Euler circuit of
the complete graph on presets + Reset), checking after each press against a shared baseline per
button; so every pair A → B is pressed once, in a session with a long history, for
n·(n+1) + 1 presses per page instead of three fresh runs per pair.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import run_page
from tests.pages.preset_catalogue import PAGES_WITH_PRESETS

RESET = None  # the route's node for "Reset to defaults"


def _state(at: AppTest, prefix: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The page's control values (every control drawn so far) and its URL parameters."""
    assert not at.exception, [e.value for e in at.exception]
    controls = at.session_state[f"__controls_defaults.{prefix}"]
    values = {k: at.session_state[k] for k in controls if k in at.session_state}
    query = {k: v for k, v in at.query_params.items() if k.startswith(f"{prefix}.")}
    return values, query


def _press(at: AppTest, prefix: str, name: str | None) -> AppTest:
    key = f"{prefix}.__reset" if name is RESET else f"{prefix}.__preset.{name}"
    return at.button(key=key).click().run()


def _route(nodes: list[Any]) -> list[Any]:
    """A walk from ``nodes[0]`` that takes every ordered pair (a, b), a ≠ b, exactly once
    (Hierholzer's algorithm on the complete directed graph)."""
    todo = {a: [b for b in nodes if b != a] for a in nodes}
    stack, route = [nodes[0]], []
    while stack:
        here = stack[-1]
        if todo[here]:
            stack.append(todo[here].pop())
        else:
            route.append(stack.pop())
    return route[::-1]


def test_the_route_takes_every_ordered_pair_once() -> None:
    nodes = ["a", "b", "c", RESET]
    route = _route(nodes)
    pairs = list(itertools.pairwise(route))
    assert sorted(pairs, key=repr) == sorted([(a, b) for a in nodes for b in nodes if a != b], key=repr)


@pytest.mark.parametrize(("file", "prefix", "names"), PAGES_WITH_PRESETS, ids=[p[1] for p in PAGES_WITH_PRESETS])
def test_presets_do_not_depend_on_what_was_pressed_before(file: str, prefix: str, names: list[str]) -> None:
    fresh = run_page(file)
    baseline: dict[Any, tuple[dict, dict]] = {RESET: _state(fresh, prefix)}
    for name in names:
        baseline[name] = _state(_press(run_page(file), prefix, name), prefix)
    at = run_page(file)
    route = _route([RESET, *names])
    for before, name in itertools.pairwise(route):
        values, query = _state(_press(at, prefix, name), prefix)
        want_values, want_query = baseline[name]
        shown = "Reset to defaults" if name is RESET else repr(name)
        after = "Reset" if before is RESET else repr(before)
        common = values.keys() & want_values.keys()
        diff = {k: (values[k], want_values[k]) for k in common if values[k] != want_values[k]}
        assert diff == {}, f"{shown} after {after}: controls differ from {shown} alone (now, alone)"
        defaults = at.session_state[f"__controls_defaults.{prefix}"]
        extra = {k: values[k] for k in values.keys() - common if values[k] != defaults[k]}
        assert extra == {}, f"{shown} after {after}: a control it does not draw kept a value off its default"
        assert query == want_query, f"{shown} after {after}: the URL differs from {shown} alone"
