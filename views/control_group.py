"""Lazy control groups: controls in a collapsed expander that draw no widget while it is closed.

A collapsed ``st.expander`` still sends every widget in it on every rerun, and each widget costs
server and browser time (issue 12's budgets). A :class:`Group` (made by
:meth:`views.controls.Controls.group`) is a :func:`views.page.lazy_expander`: while it is closed,
each control drawn in it returns its value without a widget (the link's value, checked as a drawn
control's is, else the session's, else its default), and while any of its controls is off its
default it stays open, so a learner always sees what is in effect.

Which controls a group holds is learnt as the page draws them and kept per process (a page draws
the same groups for every session), so that a group can open before its controls are drawn when a
preset, a lesson step, a scenario file or a return to the page set one of them. A value nothing
foretold (a link opened before the page was first drawn in this process) is found as the closed
group is drawn: the page then reruns once with the group open.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

__all__ = ["UNUSABLE", "Group", "groups", "held_value", "in_use", "members", "note", "reopen_key", "state_key"]

UNUSABLE = object()  # what a control's parser gives for a link value its widget would refuse
Parser = Callable[[list[str]], Any]
# (page, group key) -> full control key -> (default, parser of its link value); learnt as drawn
_MEMBERS: dict[tuple[str, str], dict[str, tuple[Any, Parser]]] = {}


def state_key(page: str, key: str) -> str:
    """The session key of the group ``key``'s expander on ``page`` (true while open)."""
    return f"{page}.__group.{key}.open"


def reopen_key(page: str, key: str) -> str:
    """Where a run leaves the note that the group must open in the next run."""
    return f"__controls_reopen.{page}.{key}"


def note(page: str, key: str, control: str, default: Any, parse: Parser) -> None:
    """Remember that the group ``key`` of ``page`` holds ``control`` (its default and link parser)."""
    _MEMBERS.setdefault((page, key), {})[control] = (default, parse)


def groups(page: str) -> list[str]:
    """The keys of every group of ``page`` drawn so far in this process."""
    return [key for (p, key) in list(_MEMBERS) if p == page]


def members(page: str, key: str) -> dict[str, tuple[Any, Parser]]:
    """The controls the group ``key`` of ``page`` has been seen to hold in this process."""
    return dict(_MEMBERS.get((page, key), {}))


def held_value(control: str, default: Any, parse: Parser, *, from_code: bool = False) -> Any:
    """A control's value without its widget: the link's (if its widget would take it), else the
    session's, else ``default``. ``from_code``: code set it this run (a preset, a lesson step, a
    scenario file), so the session's value wins over the link's, as it would over a widget's."""
    if from_code and control in st.session_state:
        return st.session_state[control]
    values = st.query_params.get_all(control)
    if values:
        value = parse(values)
        if value is not UNUSABLE:
            return value
    return st.session_state.get(control, default)


def _same(a: object, b: object) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return bool(a == b)


def in_use(page: str, key: str, from_code: Collection[str] = ()) -> bool:
    """Whether a control the group is known to hold is off its default (link or session);
    ``from_code``: the controls code set this run (see :func:`held_value`)."""
    return any(not _same(held_value(c, d, p, from_code=c in from_code), d) for c, (d, p) in members(page, key).items())


class Group:
    """A lazy expander of controls: use it as ``with`` block (controls drawn in it without ``where``
    belong to it) or pass it as a control's ``where``. Truthy while open; while closed, elements
    drawn through it (``group.caption(...)``) are not drawn."""

    def __init__(self, page: str, key: str, box: DeltaGenerator | None, stack: list[Group]) -> None:
        self.page = page
        self.key = key
        self.box = box
        self.moved = False  # a control held closed this run is off its default
        self._stack = stack

    @property
    def open(self) -> bool:
        """Whether the expander is open (its widgets are drawn)."""
        return self.box is not None

    def __bool__(self) -> bool:
        return self.open

    def __enter__(self) -> Group:
        self._stack.append(self)
        if self.box is not None:
            self.box.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.remove(self)
        if self.box is not None:
            self.box.__exit__(*exc)

    def columns(self, spec: int | list[float], **kwargs: Any) -> list[Any]:
        """The open expander's columns; while closed, the group itself for each (nothing drawn)."""
        if self.box is None:
            return [self] * (spec if isinstance(spec, int) else len(spec))
        return list(self.box.columns(spec, **kwargs))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return _nothing if self.box is None else getattr(self.box, name)


def _nothing(*args: Any, **kwargs: Any) -> None:
    """An element drawn into a closed group: nothing is sent."""
