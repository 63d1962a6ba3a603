"""The "Instructor link" of the sidebar: this page's scenario with chosen controls locked.

A student who opens it sees those controls disabled with the note "set by your instructor"
(:class:`views.controls.Controls` reads ``lock=``). A lock guides a lesson; it does not secure it:
anyone can edit the address and remove it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import streamlit as st

from views.controls import DRAWN, LOCK_NOTE, locked_names, secret_params

__all__ = ["instructor_link", "locked_url"]


def locked_url(base: str, params: dict[str, list[str]], lock: list[str]) -> str:
    """``base`` with ``params`` (any earlier ``lock`` replaced) and ``lock=a,b`` added if any."""
    pairs = [(k, v) for k, values in params.items() if k != "lock" for v in values]
    if lock:
        pairs.append(("lock", ",".join(lock)))
    return f"{base}?{urlencode(pairs)}" if pairs else base


def instructor_link(where: Any) -> None:
    """Fill ``where`` (a sidebar expander) once the page has run: pick controls, copy the link."""
    drawn = st.session_state.get(DRAWN)
    with where:
        if not drawn:
            st.caption("Open a lab page (or one of its lessons) to make an instructor link for it.")
            return
        page, names = drawn
        already = [n for n in names if n in locked_names(page)]  # the link's own lock, to start from
        chosen = st.multiselect("Lock these controls", names, default=already, key=f"__instructor.lock.{page}")
        params = {k: st.query_params.get_all(k) for k in st.query_params if k not in secret_params()}
        st.code(locked_url(st.context.url or "", params, list(chosen)), language=None, wrap_lines=True)
        st.caption(
            f"Opened from this link, the page has this scenario and shows the chosen controls disabled "
            f"(“{LOCK_NOTE.removeprefix(':material/lock: ').lower()}”). A lock guides; it does not secure: a student can "
            "edit the address."
        )
