"""One engine run per scenario, one figure per result: the server-wide caches pages read through.

Results and figures are SHARED READ-ONLY: every session on the server gets the same objects for
the same scenario (no per-rerun copy). A page or figure builder must never change a cached
Result (its frame, events, extra or summary) nor a figure returned by :func:`figure`;
tests/pages/test_shared_results.py runs every page twice and checks both are unchanged.
Pages call these as ``views.page.simulation_cache``, ``page.derived`` and ``page.figure``.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any, TypeVar

import plotly.graph_objects as go
import streamlit as st

from views.plotly_chart import share

T = TypeVar("T")

__all__ = ["derived", "figure", "shared_figures", "shared_results", "simulation_cache"]

_SHARED: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()  # id -> cached value


def _register(value: Any) -> None:
    """Remember ``value`` (and the items of a returned tuple) as shared, for the read-only test."""
    for v in value if isinstance(value, (tuple, list)) else (value,):
        with contextlib.suppress(TypeError):  # not weakly referenceable (a number): nothing to watch
            _SHARED[id(v)] = v


def simulation_cache(
    *, max_entries: int, show_spinner: bool | str = False
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Cache an engine call once per server process, shared by every session.

    Built on ``st.cache_resource`` (not ``st.cache_data``): a hit returns the SAME object, not an
    unpickled copy, so a cached rerun costs no copy of a large Result. Arguments are hashed as
    ``st.cache_data`` hashes them (frozen configs, traces, seeds). The result is shared read-only
    (see above); derive new frames instead of changing it.
    """

    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        # A page file runs again on every rerun, and so does this decorator. Making a new cached
        # function each time costs Streamlit reading the function's source to key it (about 1 ms a
        # function, every rerun of every session); the one made for this code object is reused.
        # Its latest ``fn`` is the one called (same code, this run's globals).
        ident = (fn.__code__.co_filename, fn.__qualname__, fn.__code__, max_entries, show_spinner)
        with _WRAPPERS_LOCK:
            known = _WRAPPERS.get(ident)
            if known is not None:
                cached, latest = known
                latest[0] = fn
                return cached
            latest = [fn]

            # functools.wraps sets __wrapped__: Streamlit then keys the cache by fn's own module,
            # name and source, and names hashed arguments by fn's signature, as for st.cache_data.
            @functools.wraps(fn)
            def compute(*args: Any, **kwargs: Any) -> T:
                value = latest[0](*args, **kwargs)
                _register(value)
                return value

            cached = st.cache_resource(max_entries=max_entries, show_spinner=show_spinner)(compute)
            _WRAPPERS[ident] = (cached, latest)
            return cached  # type: ignore[return-value]

    return wrap


# (file, qualified name, code object, max_entries, spinner) -> (the cached function, [latest fn])
_WRAPPERS: dict[Hashable, tuple[Callable[..., Any], list[Callable[..., Any]]]] = {}
_WRAPPERS_LOCK = threading.Lock()


class _PerObject:
    """Values computed from an object, kept as long as the object lives (weakly keyed by identity).

    ``get(anchor, key, make)``: the value ``make()`` gave for ``(anchor, key)`` before, else a new
    one; at most ``per_anchor`` keys per anchor (least recently used dropped). Thread-safe (every
    session runs in its own thread); two threads missing at once may both compute, one value wins.
    """

    def __init__(self, per_anchor: int = 32) -> None:
        self._per_anchor = per_anchor
        self._store: dict[int, tuple[weakref.ref, OrderedDict]] = {}
        self._lock = threading.Lock()

    def _drop(self, ident: int, ref: weakref.ref) -> None:
        with self._lock:
            entry = self._store.get(ident)
            if entry is not None and entry[0] is ref:
                del self._store[ident]

    def get(self, anchor: Any, key: Hashable, make: Callable[[], T]) -> T:
        ident = id(anchor)
        with self._lock:
            entry = self._store.get(ident)
            if entry is not None and entry[0]() is anchor and key in entry[1]:
                entry[1].move_to_end(key)
                return entry[1][key]
        value = make()
        with self._lock:
            entry = self._store.get(ident)
            if entry is None or entry[0]() is not anchor:
                ref = weakref.ref(anchor, lambda r, i=ident: self._drop(i, r))
                entry = (ref, OrderedDict())
                self._store[ident] = entry
            memo = entry[1]
            value = memo.setdefault(key, value)
            memo.move_to_end(key)
            while len(memo) > self._per_anchor:
                memo.popitem(last=False)
        return value

    def values(self) -> Iterator[Any]:
        with self._lock:
            memos = [m for ref, m in self._store.values() if ref() is not None]
        for m in memos:
            yield from list(m.values())


_DERIVED = _PerObject()
_FIGURES = _PerObject()


def _ident(fn: Callable[..., Any]) -> Hashable:
    """``fn``'s identity across reruns: a function defined in a page script is a new object on
    every run (Streamlit executes the script again), so it is named by where it is defined. A
    closure or a function with defaults (a lambda capturing a loop value) stays the object itself."""
    code = getattr(fn, "__code__", None)
    if code is None or getattr(fn, "__closure__", None) or getattr(fn, "__defaults__", None):
        return fn
    if getattr(fn, "__kwdefaults__", None):
        return fn
    return (fn.__module__, fn.__qualname__, code.co_filename, code.co_firstlineno)


def _key(fn: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any]) -> Hashable:
    return (_ident(fn), args, tuple(sorted(kwargs.items())))


def derived(fn: Callable[..., T], anchor: Any, /, *args: Hashable, **kwargs: Hashable) -> T:
    """``fn(anchor, *args, **kwargs)`` computed once per ``anchor`` object and arguments.

    For what a page derives from a cached Result on every rerun (a scenario of a sweep, a window of
    the day, a second model run on it): the same object comes back while ``anchor`` lives, so a
    figure built from it is memoised too. ``fn`` must be a module-level function and the other
    arguments hashable; the value is shared read-only, like the Result.
    """
    value = _DERIVED.get(anchor, _key(fn, args, kwargs), lambda: fn(anchor, *args, **kwargs))
    _register(value)
    return value


def figure(builder: Callable[..., go.Figure], anchor: Any, /, *args: Hashable, **kwargs: Hashable) -> go.Figure:
    """``builder(anchor, *args, **kwargs)`` built once per ``anchor`` object (a cached Result) and
    arguments, and kept while the anchor lives (so it leaves with the cache entry).

    The figure is shared by every session showing that scenario and must not be changed: its
    chart payload is encoded once (:func:`views.plotly_chart.share`) and reused by :func:`chart`.
    """

    def make() -> go.Figure:
        return share(builder(anchor, *args, **kwargs))

    return _FIGURES.get(anchor, _key(builder, args, kwargs), make)


def shared_results() -> list[Any]:
    """Every cached engine value and derived value still alive (for the read-only test)."""
    return list(_SHARED.values())


def shared_figures() -> list[go.Figure]:
    """Every memoised figure still alive (for the read-only test)."""
    return list(_FIGURES.values())
