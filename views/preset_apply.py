"""Applying a preset: every control of a page set at once (the preset's values over the page's
defaults), and the session record of a page's controls that it needs.

:class:`views.controls.Controls` keeps, per page, the defaults of every control drawn in the
session and the controls drawn in the last run; a preset (a button callback, or a lesson step
before the widgets) sets every one of them and notes which it set, so that each widget can check
that the value reached the address (:meth:`views.controls.Controls._to_address`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st

from views.locks import locked_names

__all__ = ["apply_preset", "page_defaults"]

_FROM_CODE = "__controls_from_code"


def _defaults_key(page: str) -> str:
    """Where the defaults of every control drawn on ``page`` in this session are kept."""
    return f"__controls_defaults.{page}"


def _drawn_key(page: str) -> str:
    """Where the keys of the controls drawn on ``page`` in its last run are kept."""
    return f"__controls_drawn.{page}"


def _forget_key(page: str) -> str:
    """Where a preset leaves the controls it reset, for the next run to forget if not drawn."""
    return f"__controls_forget.{page}"


def _from_code_key(page: str) -> str:
    """Where the keys of ``page`` that code set this run (a preset, a scenario file) are kept."""
    return f"{_FROM_CODE}.{page}"


def _mark_from_code(page: str, keys: Collection[str]) -> None:
    """Note that code set ``keys`` of ``page`` this run, so that their widgets write them into
    the address if Streamlit would not (:meth:`Controls._to_address`)."""
    if keys:
        st.session_state[_from_code_key(page)] = {*st.session_state.get(_from_code_key(page), ()), *keys}


def page_defaults(page: str) -> dict[str, Any]:
    """Full key to default of every control drawn on ``page`` so far in this session."""
    return dict(st.session_state.get(_defaults_key(page), {}))


def apply_preset(page: str, values: Mapping[str, Any]) -> None:
    """Set EVERY control of ``page`` (a button callback): those ``values`` names to their value, all
    the others to their defaults, so a preset gives the same run (and link) whatever was set before;
    no ``values`` is "Reset to defaults". The URL follows: a control put back to its default leaves
    the address. A control drawn only for some settings and hidden now forgets its value, so it
    comes back at its default when shown again. A control an instructor link locks keeps its value."""
    locked = {f"{page}.{name}" for name in locked_names(page)}
    defaults = {k: v for k, v in page_defaults(page).items() if k not in locked}
    drawn = st.session_state.get(_drawn_key(page), set(defaults))
    wanted = {f"{page}.{name}": value for name, value in values.items() if f"{page}.{name}" not in locked}
    for key, default in defaults.items():
        if key in wanted or key in drawn:
            st.session_state[key] = wanted.get(key, default)
        elif key in st.session_state:
            del st.session_state[key]
    for key, value in wanted.items():
        st.session_state[key] = value
    # A widget drawn for the first time writes its value into the address itself (Controls._to_address).
    _mark_from_code(page, wanted)
    st.session_state[_forget_key(page)] = [k for k in defaults if k not in wanted]
    # The scenario remembered for a return to the page is now this one.
    st.session_state.pop(f"__controls_memory.{page}", None)
