"""views.page's per-result memo and views.plotly_chart's payload memo: one build per Result object
and arguments, kept only while the Result lives, the same payload bytes on every rerun."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from engine.core import Result
from views import page
from views.plotly_chart import _payload, chart_payload, share


def result(value: float) -> Result:
    return Result(frame=pd.DataFrame({"t_s": [0.0, 60.0], "x": [value, value]}), events=pd.DataFrame(), config=None)


calls: list[tuple] = []


def builder(res: Result, *, scale: float = 1.0) -> go.Figure:
    calls.append((id(res), scale))
    return go.Figure(go.Scatter(x=res.frame["t_s"], y=res.frame["x"] * scale))


def test_figure_is_built_once_per_result_and_arguments() -> None:
    calls.clear()
    a, b = result(1.0), result(1.0)
    f1 = page.figure(builder, a)
    assert page.figure(builder, a) is f1  # the same object: no second build
    f2 = page.figure(builder, a, scale=2.0)
    f3 = page.figure(builder, b)  # equal data, but another Result object: its own figure
    assert f2 is not f1 and f3 is not f1
    assert calls == [(id(a), 1.0), (id(a), 2.0), (id(b), 1.0)]


def test_memo_goes_with_the_result() -> None:
    """The memo holds the figure only while its Result lives (a cache eviction frees both)."""
    a = result(1.0)
    fig = page.figure(builder, a)
    assert any(f is fig for f in page.shared_figures())
    gone = weakref.ref(fig)
    del a, fig
    gc.collect()
    assert gone() is None


def test_derived_value_is_computed_once() -> None:
    a = result(2.0)
    s1 = page.derived(Result.scenario, a, 0)
    assert page.derived(Result.scenario, a, 0) is s1
    assert s1 is a  # a one-scenario result is its own scenario 0
    assert any(v is a for v in page.shared_results())


PAGE_SCRIPT = """
def total(res):
    seen.append(1)
    return float(res.frame["x"].sum())

def scaled(res, k=2.0):
    seen.append(1)
    return float(res.frame["x"].sum()) * k
"""


def _rerun_page(seen: list) -> dict:
    """The page script's functions as a rerun makes them: new objects from the same source."""
    names: dict = {"seen": seen, "__name__": "__main__"}
    exec(compile(PAGE_SCRIPT, "app_pages/some_page.py", "exec"), names)
    return names


def test_a_page_function_is_the_same_memo_key_on_every_rerun() -> None:
    """A page script's own function (``page.derived(_firehose, r, ...)``) is a new object each
    rerun; it is still computed once per Result, not once per rerun."""
    seen: list = []
    a = result(3.0)
    first, second = _rerun_page(seen), _rerun_page(seen)
    assert first["total"] is not second["total"]
    assert page.derived(first["total"], a) == page.derived(second["total"], a) == 6.0
    assert len(seen) == 1
    # a function with defaults may differ between two definitions at the same place: not merged
    assert page.derived(first["scaled"], a) == page.derived(second["scaled"], a) == 12.0
    assert len(seen) == 3


def test_shared_figure_payload_is_encoded_once_and_equals_a_fresh_encoding() -> None:
    fig = share(go.Figure(go.Scatter(x=[0, 1], y=[3, 4])))
    p1 = _payload(fig, page.PLOTLY_CONFIG)
    assert _payload(fig, page.PLOTLY_CONFIG) is p1  # the memoised bytes, not a re-encoding
    assert p1 == chart_payload(fig, page.PLOTLY_CONFIG)
    other = {**page.PLOTLY_CONFIG, "responsive": False}
    assert _payload(fig, other) == chart_payload(fig, other) != p1  # keyed by config too


def test_unshared_figure_is_encoded_from_its_current_state() -> None:
    fig = go.Figure(go.Scatter(x=[0, 1], y=[3, 4]))
    p1 = _payload(fig, page.PLOTLY_CONFIG)
    fig.update_layout(title="later")
    assert _payload(fig, page.PLOTLY_CONFIG) != p1


double = page.simulation_cache(max_entries=4)(lambda x: pd.DataFrame({"v": [2 * x]}))
triple = page.simulation_cache(max_entries=4)(lambda x: pd.DataFrame({"v": [3 * x]}))


def test_simulation_cache_returns_the_same_object_and_keeps_functions_apart() -> None:
    """A hit is the very object the miss made (no copy), registered as shared; two cached
    functions of one module (here two lambdas) never answer for each other."""
    first = double(5)
    assert double(5) is first
    assert any(v is first for v in page.shared_results())
    assert int(triple(5)["v"].iloc[0]) == 15 and int(double(5)["v"].iloc[0]) == 10


def test_a_page_rerun_reuses_its_cached_function() -> None:
    """A page file runs again on every rerun and decorates its engine call again: the same code
    gets the same cached function (and its entries), newest definition called on a miss; another
    function, or other cache settings, get their own."""

    def define() -> Any:
        def quadruple(x: int) -> pd.DataFrame:
            return pd.DataFrame({"v": [4 * x]})

        return quadruple

    first = page.simulation_cache(max_entries=4)(define())
    again = page.simulation_cache(max_entries=4)(define())
    assert again is first
    assert first(3) is again(3)
    assert int(again(3)["v"].iloc[0]) == 12
    assert page.simulation_cache(max_entries=8)(define()) is not first
    assert page.simulation_cache(max_entries=4)(lambda x: pd.DataFrame({"v": [4 * x]})) is not first
