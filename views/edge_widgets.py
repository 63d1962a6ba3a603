"""URL-bound widgets the shared ``Controls`` lacks (a multiselect), for the edge labs' pages.

Like ``Controls``, a URL value Streamlit cannot use is named in a warning instead of being
silently dropped (Streamlit writes the *shown* label of each choice into the URL).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st

from views.controls import Controls

__all__ = ["multiselect"]

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
    key = ctrl.key(name)
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
