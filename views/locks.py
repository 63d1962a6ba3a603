"""Instructor locks: which controls a link's ``lock`` parameter locks (``lock=rcu,dynamodb.wcu``).

A locked control is drawn disabled with a note (:class:`views.controls.Controls`), and a preset
leaves it alone (:func:`views.preset_apply.apply_preset`).
"""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

__all__ = ["locked_names"]


def locked_names(page: str, global_keys: Collection[str] = ()) -> frozenset[str]:
    """The control names of ``page`` that the link's ``lock`` parameter locks.

    ``lock=rcu,wcu`` (or repeated ``lock=`` values) names controls of the page it opens;
    ``lock=dynamodb.rcu`` names one of a given page (other pages ignore it). A global setting
    (``rules``, ``seed``) is locked by its bare name. Unknown names lock nothing.
    """
    names: set[str] = set()
    for raw in st.query_params.get_all("lock"):
        for item in raw.split(","):
            prefix, dot, name = item.strip().rpartition(".")
            if not name:
                continue
            if (dot and prefix == page) or (not dot and (not global_keys or name in global_keys)):
                names.add(name)
    return frozenset(names)
