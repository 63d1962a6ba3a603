"""Run a page with one preset pressed, as a learner would, and hand back what its engine calls returned.

The page's cached engine calls (``views.page.simulation_cache``) are watched while the page runs:
the value each returned first is kept by function name (``run``, ``run_fanout`` ...), cache hit or
not, so a test reads the very Result the page drew (a page may call ``run`` again for a comparison).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from streamlit.testing.v1 import AppTest

from engine.core import Result, stack_results
from tests.pages.apptest import run_page
from views import page

__all__ = ["as_result", "press", "recording"]


@contextmanager
def recording() -> Iterator[dict[str, Any]]:
    """While open, every page's cached engine calls report their first value into the yielded dict
    (clear it between runs)."""
    seen: dict[str, Any] = {}
    original = page.simulation_cache

    def watched(**options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        cache = original(**options)

        def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
            cached = cache(fn)

            @functools.wraps(fn)
            def call(*args: Any, **kwargs: Any) -> Any:
                value = cached(*args, **kwargs)
                seen.setdefault(fn.__name__, value)
                return value

            return call

        return wrap

    page.simulation_cache = watched  # type: ignore[assignment]
    try:
        yield seen
    finally:
        page.simulation_cache = original  # type: ignore[assignment]


def press(page_file: str, prefix: str, name: str | None, *, rules: str = "course") -> tuple[AppTest, dict[str, Any]]:
    """Open ``page_file`` fresh in edition ``rules``, press preset ``name`` (``None``: none) and
    return the app and the values its engine calls returned in that last run."""
    with recording() as seen:
        at = run_page(page_file, rules=rules)
        if name is not None:
            seen.clear()
            at.button(key=f"{prefix}.__preset.{name}").click().run()
    return at, seen


def as_result(value: Any) -> Result:
    """An engine call's value as one Result: a pair (or tuple) of Results reads as scenarios 0, 1 ..."""
    if isinstance(value, Result):
        return value
    if isinstance(value, tuple) and value and all(isinstance(v, Result) for v in value):
        return stack_results(list(value))
    raise TypeError(f"the page's engine call returned {type(value).__name__}, not a Result")
