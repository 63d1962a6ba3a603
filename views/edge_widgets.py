"""URL-bound widgets the shared ``Controls`` lacks (a multiselect, a text area), for the edge labs.

Like ``Controls``, a URL value Streamlit cannot use is named in a warning instead of being
silently dropped (Streamlit writes the *shown* label of each choice into the URL), and the value
joins the page's session memory so a page switch and back restores it. The memory hook is
``Controls._track`` (private): ``Controls`` has no public way to register another widget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from views.controls import Controls

__all__ = ["multiselect", "text_area"]

T = TypeVar("T")


def multiselect(
    ctrl: Controls,
    label: str,
    name: str,
    options: Sequence[T],
    default: Sequence[T],
    *,
    format_func: Callable[[T], str] = str,
    help: str | None = None,
    where: Any = None,
) -> list[T]:
    """A URL-bound multiselect with key ``<page>.<name>``; unusable URL values get a warning."""
    key = ctrl._track(ctrl.key(name), list(default))  # private hook: see the module docstring
    box = where or st
    raw = st.query_params.get_all(key)
    shown = [format_func(o) for o in options]
    if raw and key not in st.session_state:
        bad = [r for r in raw if r not in shown]
        if bad:
            box.warning(
                f"URL parameter `{key}` value(s) {', '.join(repr(b) for b in bad)} not usable "
                f"(choose from {', '.join(shown)}); ignored.",
                icon="⚠️",
            )
    return list(
        box.multiselect(
            label, options, default=list(default), key=key, format_func=format_func, help=help, bind="query-params"
        )
    )


def text_area(ctrl: Controls, label: str, name: str, value: str, *, height: int = 200, help: str | None = None) -> str:
    """A URL-bound text area with key ``<page>.<name>`` (any text is usable; the engine validates it)."""
    key = ctrl._track(ctrl.key(name), value)  # private hook: see the module docstring
    return str(st.text_area(label, value, height=height, key=key, help=help, bind="query-params"))
