"""URL fuzzing shared by the page tests and ``benchmarks/fuzz_links.py``.

A page's controls are found from the page itself (one AppTest run through the router: every
URL-bound widget, its key, kind and range), query strings are generated from them, and an
independent oracle says which parameters the page cannot use and so must name in a notice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from tests.pages.apptest import run_routed

NUMBER, CHOICE, TOGGLE, MULTI, TEXT = "number", "choice", "toggle", "multi", "text"
_KINDS = {
    "slider": NUMBER,
    "number_input": NUMBER,
    "select_slider": CHOICE,
    "selectbox": CHOICE,
    "radio": CHOICE,
    "toggle": TOGGLE,
    "multiselect": MULTI,
    "text_input": TEXT,
    "text_area": TEXT,
}
NASTY = (
    "inf", "-inf", "+inf", "Infinity", "nan", "NaN", "-nan", "1e309", "-1e309",
    "12345678901234567890", "-12345678901234567890", "9" * 400, "", " ", "0x10", "1_0", "1e3", "½",
    "٣", "日本語", "💥", "\u202e", "\x00", "<script>alert(1)</script>", "<b>bold</b>", "`x`",
    "**x**", "[a](http://example.com)", "true", "false", "TRUE", "1", "0", "-0", "0.5", "-1",
)  # fmt: skip


@dataclass(frozen=True)
class Control:
    """One URL-bound control as the page draws it."""

    key: str
    kind: str
    lo: float = 0.0
    hi: float = 0.0
    integer: bool = False
    options: tuple[str, ...] = ()
    max_chars: int | None = None


def controls(at: AppTest) -> list[Control]:
    """Every URL-bound widget on the page of ``at`` (page-prefixed keys and the sidebar's)."""
    found = []
    for attr, kind in _KINDS.items():
        for w in getattr(at, attr):
            key = w.key
            if not key or key.startswith("__") or ".__" in key:
                continue
            if kind == NUMBER:
                if isinstance(w.value, tuple):
                    continue
                integer = isinstance(w.value, int) and not isinstance(w.value, bool)
                found.append(Control(key, kind, float(w.min), float(w.max), integer))
            elif kind in (CHOICE, MULTI):
                found.append(Control(key, kind, options=tuple(str(o) for o in w.options)))
            else:
                found.append(Control(key, kind, max_chars=getattr(w, "max_chars", None) or None))
    return found


def page_controls(page_file: str) -> list[Control]:
    """The controls ``page_file`` draws with its defaults."""
    return controls(run_routed(page_file))


def _number_text(c: Control) -> st.SearchStrategy[str]:
    lo, hi = c.lo, c.hi
    if c.integer:
        inside = st.integers(int(lo), int(hi)).map(str)
        outside = st.one_of(st.integers(max_value=int(lo) - 1), st.integers(min_value=int(hi) + 1)).map(str)
        bounds = st.sampled_from([str(int(lo)), str(int(hi))])
    else:
        inside = st.floats(lo, hi).map(repr)
        outside = st.one_of(st.floats(max_value=lo, exclude_max=True), st.floats(min_value=hi, exclude_min=True)).map(
            repr
        )
        bounds = st.sampled_from([repr(lo), repr(hi)])
    return st.one_of(inside, bounds, outside)


def value_for(c: Control) -> st.SearchStrategy[list[str]]:
    """The URL value(s) of one control: valid, boundary, out of range, garbage, repeated."""
    nasty = st.sampled_from(NASTY)
    junk = st.text(max_size=30)
    if c.kind == NUMBER:
        one = st.one_of(_number_text(c), nasty, junk)
    elif c.kind == CHOICE:
        one = st.one_of(st.sampled_from(c.options), nasty, junk)
    elif c.kind == TOGGLE:
        one = st.one_of(st.sampled_from(["true", "false", "True", "FALSE"]), nasty, junk)
    elif c.kind == MULTI:
        pick = st.one_of(st.sampled_from(c.options), nasty) if c.options else nasty
        return st.lists(pick, min_size=1, max_size=4)
    else:
        one = st.one_of(nasty, junk, st.text(min_size=200, max_size=400))
    # Mostly one value; sometimes the same key twice.
    return st.one_of(one.map(lambda v: [v]), st.lists(one, min_size=2, max_size=3))


_UNKNOWN = st.from_regex(r"[a-z]{1,8}(\.[a-z_]{1,8})?", fullmatch=True)


@st.composite
def query(draw: st.DrawFn, page_controls: list[Control], prefix: str) -> list[tuple[str, str]]:
    """A query string for a page: some of its controls, perhaps unknown keys, in any order."""
    chosen = draw(st.lists(st.sampled_from(page_controls), unique_by=lambda c: c.key, max_size=8))
    pairs = [(c.key, v) for c in chosen for v in draw(value_for(c))]
    known = {c.key for c in page_controls}
    for key in draw(st.lists(st.one_of(_UNKNOWN, _UNKNOWN.map(lambda k: f"{prefix}.{k}")), max_size=2)):
        if key not in known and key not in ("embed", "embed_options"):
            pairs.append((key, draw(st.sampled_from(NASTY))))
    return draw(st.permutations(pairs))


def _number_ok(c: Control, raw: str) -> bool:
    try:
        value = float(raw)
    except ValueError:
        return False
    return math.isfinite(value) and (value.is_integer() or not c.integer) and c.lo <= value <= c.hi


def _usable(c: Control, given: list[str]) -> bool:
    if c.kind == MULTI:
        return all(v in c.options for v in given) and len(set(given)) == len(given)
    if len(given) > 1:
        return False
    raw = given[0]
    if c.kind == NUMBER:
        return _number_ok(c, raw)
    if c.kind == CHOICE:
        return raw in c.options
    if c.kind == TOGGLE:
        return raw.lower() in ("true", "false")
    return c.max_chars is None or len(raw) <= c.max_chars


def unusable(page_controls: list[Control], pairs: list[tuple[str, str]]) -> set[str]:
    """The keys of ``pairs`` the page cannot use as given, so must name in a notice."""
    by_key = {c.key: c for c in page_controls}
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    return {k for k, given in values.items() if k not in by_key or not _usable(by_key[k], given)}


def notice_text(at: AppTest) -> str:
    """Every warning the page and the sidebar show."""
    return "\n".join(w.value for w in at.warning)


def check(page_file: str, page_controls: list[Control], pairs: list[tuple[str, str]]) -> list[str]:
    """Run the page with ``pairs``; the problems found (empty: it ran clean)."""
    at = run_routed(page_file, pairs)
    problems = [f"exception: {e.value}" for e in at.exception]
    shown = notice_text(at)
    problems += [
        f"`{key}` not named in a notice" for key in sorted(unusable(page_controls, pairs)) if f"`{key}" not in shown
    ]
    return problems
