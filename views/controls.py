"""URL-bound controls: every widget's value lives in the address bar, so a URL is a scenario.

:class:`Controls` wraps Streamlit widgets with page-prefixed keys (``asg.cooldown_s``) and
``bind="query-params"``. It is also the URL guard: before a widget is created, its raw URL
value is checked against the control's own type and range. Streamlit would otherwise silently
ignore a value it cannot use, or fail on one it cannot even parse (``inf`` for a whole number
raises inside its deserializer), and a learner who opened a shared link deserves to know which
parameter was wrong, what is allowed, and what is used instead. An unusable value is removed from
the address and the widget is created unbound for that one run, so Streamlit never reads it; the
next run binds it again with the default. A single-value control given twice, and a parameter
that is no control of the page, are ignored the same way and named once.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException

from views import control_group
from views import link_values as lv
from views.control_group import UNUSABLE, Group
from views.locks import locked_names
from views.preset_apply import (
    _defaults_key,
    _drawn_key,
    _forget_key,
    _from_code_key,
    _mark_from_code,
    apply_preset,
    page_defaults,
)

__all__ = [
    "DRAWN",
    "GLOBAL_KEYS",
    "LINK_KEYS",
    "LOCK_NOTE",
    "ControlSpec",
    "Controls",
    "apply_preset",
    "carry_notices",
    "forwarded_params",
    "guarded",
    "keep_params",
    "locked_names",
    "page_defaults",
    "page_guard",
    "secret_params",
    "share_url",
]

T = TypeVar("T")
BIND = "query-params"
# The app-wide settings in the sidebar (app.py): bare URL keys, known on every page.
GLOBAL_KEYS: tuple[str, ...] = ("rules", "seed", "motion", "present")
# Parameters of a lesson or instructor link, known on every page and no widget's:
# ``lesson=<id>&step=<n>`` opens a guided lesson, ``lock=rcu,dynamodb.wcu`` locks controls.
LINK_KEYS: tuple[str, ...] = ("lesson", "step", "lock")
LOCK_NOTE = ":material/lock: Set by your instructor"
# The page and control names of the last page drawn in this run (for the instructor link).
DRAWN = "__controls_drawn"
# Streamlit's own parameters, never a control's and never removed.
_RESERVED = {"embed", "embed_options"}
_CHECKED = "__controls_checked"
_GUARDED = "__controls_guarded"
_REBIND = "__controls_rebind"
_CARRIED_HERE = "__controls_carried_unknown"
_RENAMED = "__controls_renamed"
_PENDING = "__controls_pending"
_UNBOUND = "__controls_unbound"
_SHAPES = "__controls_shapes"
_DRAW = object()  # a control's widget is drawn (not held by a closed group)


@dataclass(frozen=True)
class ControlSpec:
    """What a drawn control accepts, for checking a value from outside the page (a scenario file).

    ``kind``: ``number`` (``lo``..``hi``, whole if ``integer``; a pair for a range slider), ``choice``
    (one of ``options``), ``multi`` (several of ``options``), ``bool`` or ``text`` (``max_chars``).
    """

    kind: str
    default: Any
    lo: float = -math.inf
    hi: float = math.inf
    integer: bool = False
    options: tuple[Any, ...] = ()
    max_chars: int | None = None


class Controls:
    """Widget factory for one page; collects notices about unusable URL values.

    ``page`` is the key prefix (``"asg"`` gives keys ``asg.<name>``). Call :meth:`notices` once
    the controls are drawn; it shows one warning naming each bad parameter.
    """

    def __init__(self, page: str, *, global_keys: tuple[str, ...] = ()) -> None:
        """``global_keys``: the group is app-wide and its URL keys are these bare names."""
        self.page = page
        self._global_keys = global_keys
        self._notices: list[str] = []
        self._refused = False
        self._defaults: dict[str, Any] = {}
        self._specs: dict[str, ControlSpec] = {}
        self._box = st.container()
        self._locked = locked_names(page, global_keys)
        self._locked_drawn = False
        self._focus: tuple[frozenset[str], Any, Any] | None = None
        # Sliders' ranges (a slider whose range changes is a new widget), and the controls drawn
        # unbound in the run before while their old parameter left the address (see _held).
        self._shapes: dict[str, tuple[Any, ...]] = {}
        self._unbound: set[str] = st.session_state.pop(f"{_UNBOUND}.{page}", set())
        self._unbound_next: set[str] = set()
        self._groups: list[Group] = []  # the groups whose ``with`` block is being drawn
        self._made_groups: list[Group] = []
        self._hiding = False  # a closed group's control is being checked: no widget follows
        self._restore()
        pending = st.session_state.pop(f"{_PENDING}.{page}", {})
        for key, value in pending.items():
            st.session_state[key] = value  # values set from outside (a scenario file), before any widget
        _mark_from_code(page, pending)

    @property
    def _memory_key(self) -> str:
        return f"__controls_memory.{self.page}"

    def _restore(self) -> None:
        """Coming back to a page whose URL lost its parameters (a page switch, Back) restores
        the scenario last seen on it in this session; a URL that carries parameters wins."""
        remembered = st.session_state.get(self._memory_key)
        here = [k for k in st.query_params if k.startswith(f"{self.page}.") or k in self._global_keys]
        flag = f"__controls_restored.{self.page}"
        if st.session_state.pop(flag, False) or not remembered or here:
            return
        for key, value in remembered.items():
            st.session_state[key] = value
        # A Back/Forward navigation re-applies the (empty) URL to bound widgets in this run;
        # one immediate rerun lets the restored values stand and pushes them to the URL.
        st.session_state[flag] = True
        st.rerun()

    def _track(self, key: str, default: Any, kind: str = "text", **spec: Any) -> str:
        self._defaults[key] = default
        self._specs[key] = ControlSpec(kind, default, **spec)
        return key

    def _to_address(self, key: str, form: Callable[[Any], str | list[str] | None]) -> None:
        """Before ``key``'s widget: if code set it this run (a preset, a lesson step, a scenario
        file), or it was drawn unbound in the run before, and its value is off its default and
        not in the address, write it there as ``form`` gives it (what Streamlit would write: a
        choice's label, a number without ``.0``).

        Streamlit writes a value set from code into the address only for a widget that existed
        in the run before (``SessionState.register_widget``: its id or key in the old state); a
        control drawn for the first time in the session (a preset turning on what shows it) is
        left out of the link, and the address may not be set once the widget is bound. Before
        the widget exists this run, its key is unbound (a widget bound in the run before keeps
        its binding and is written by Streamlit, so the write is skipped)."""
        if key not in self._from_code() and key not in self._unbound:
            return
        if key not in st.session_state:
            return
        value = st.session_state[key]
        shown = form(value) if not lv.same(value, self._defaults[key]) else None
        if shown is None or st.query_params.get_all(key) == ([shown] if isinstance(shown, str) else shown):
            return
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[key] = shown

    def _from_code(self) -> Collection[str]:
        """The keys of this page that a preset, lesson step or scenario file set from code this run."""
        return st.session_state.get(_from_code_key(self.page), ())

    def focus(self, visible: Collection[str], *, shown: Any, rest: Any) -> None:
        """Lesson mode: draw the controls named in ``visible`` in ``shown`` and every other one in
        ``rest`` (an "All controls" expander), wherever the page would have put them."""
        self._focus = (frozenset(visible), shown, rest)

    def group(self, label: str, *, key: str | None = None, where: Any = None, icon: str | None = None) -> Group:
        """A lazy expander of controls (:mod:`views.control_group`): ``with ctrl.group("GSI and DAX",
        where=left):`` draws the controls in it as widgets while it is open; while it is closed each
        returns its value (link, else session, else default) and draws nothing. It opens by itself
        while any of its controls is off its default or locked. ``key`` names it (default: ``label``)."""
        from views.page import lazy_expander  # views.page imports this module

        name = key or label
        opened = bool(st.session_state.pop(control_group.reopen_key(self.page, name), False))
        opened = opened or control_group.in_use(self.page, name, self._from_code())
        # A control an instructor link locks is shown, with its note.
        opened = opened or any(k.split(".", 1)[-1] in self._locked for k in control_group.members(self.page, name))
        box = lazy_expander(label, control_group.state_key(self.page, name), icon=icon, opened=opened, where=where)
        group = Group(self.page, name, box, self._groups)
        self._made_groups.append(group)
        return group

    def _held(self, where: Any, key: str, parse: control_group.Parser, guard: Callable[[], object]) -> Any:
        """``_DRAW`` if the control ``key`` is drawn as a widget, else its value held by the closed
        group it is in (``where``, or the group whose ``with`` block is drawn), its link value
        checked by ``guard`` first (the same notice and fallback as a widget's)."""
        group = where if isinstance(where, Group) else (self._groups[-1] if where is None and self._groups else None)
        if group is None:
            return _DRAW
        default = self._defaults[key]
        control_group.note(self.page, group.key, key, default, parse)
        if group.open or self._focus is not None:  # a lesson draws every control where it wants it
            return _DRAW
        self._hiding = True
        try:
            guard()
        finally:
            self._hiding = False
        value = control_group.held_value(key, default, parse, from_code=key in self._from_code())
        # No widget is bound this run: if the next run draws it with a value off its default (a
        # scenario file set it), Streamlit would leave that out of the address; _to_address writes it.
        self._unbound_next.add(key)
        if not lv.same(value, default) or key.split(".", 1)[-1] in self._locked:
            group.moved = True
        elif key in st.query_params:  # the address holds values off their defaults only, as a widget's
            _drop(key)
        return value

    def locked(self, name: str) -> bool:
        """Whether an instructor link (``lock=``) locks the control ``name``."""
        return name in self._locked

    def _target(self, name: str, where: Any) -> Any:
        """Where the control ``name`` is drawn; a locked one gets its note above it."""
        target = where or st
        if self._focus is not None:
            visible, shown, rest = self._focus
            target = shown if name in visible else rest
        if name in self._locked:
            self._locked_drawn = True
            target.caption(LOCK_NOTE)
        return target

    def drawn(self) -> dict[str, ControlSpec]:
        """Every control drawn this run, by full key: what it accepts and its default."""
        return dict(self._specs)

    def key(self, name: str) -> str:
        """The full (URL) key of a control."""
        return name if name in self._global_keys else f"{self.page}.{name}"

    def default(self, name: str, fallback: Any = None) -> Any:
        """The default of the control ``name`` if it was drawn this run, else ``fallback``."""
        return self._defaults.get(self.key(name), fallback)

    def _bad(self, key: str, raw: str, allowed: str, default: object) -> None:
        self._notices.append(
            f"URL parameter `{key}={lv.shown(raw)}`{_as_written(key)} is not usable ({allowed}); the default {default!r} is used instead."
        )

    def _guard(
        self, key: str, usable: Callable[[str], bool], allowed: str, default: object, shown: object = None
    ) -> str | None:
        """Check a single-value control's URL value before its widget exists: ``"query-params"``
        to bind the widget, or ``None`` (an unusable or repeated value, now named in the notice
        and removed from the address) to create it unbound for this run, set to ``default``.

        ``shown`` is the default as the notice names it (a choice's label), if not ``default``.
        """
        values = st.query_params.get_all(key)
        if not values:
            return BIND
        shown = default if shown is None else shown
        if len(values) > 1:
            given = ", ".join(f"`{lv.shown(v)}`" for v in values)
            self._notices.append(
                f"URL parameter `{key}`{_as_written(key)} is given {len(values)} times ({given}); a setting takes one value, "
                f"so all are ignored and the default {shown!r} is used instead."
            )
        elif usable(values[0]):
            return BIND
        else:
            self._bad(key, values[0], allowed, shown)
        _reset(key, default)
        self._unbind(key)
        return None

    def _unbind(self, key: str) -> None:
        """``key``'s widget is drawn unbound this run: drop its parameter, and bind it again in a
        rebind run, its value written into the address first (:meth:`_to_address`).

        A parameter still bound to this control's widget of the run before, which had another
        range (Streamlit re-creates a slider whose range changes), cannot be dropped now; it
        leaves the address at the end of this run with that stale binding. No rebind run follows
        then (it would skip that clean-up, meet the value again and loop): the control binds
        again in the next run."""
        _drop(key)
        if self._hiding:  # no widget is drawn, so none needs binding again
            return
        self._unbound_next.add(key)
        if key not in st.query_params:
            self._refused = True

    def _recreated(self, key: str, shape: tuple[Any, ...]) -> bool:
        """Whether the slider ``key``, set from code this run, is re-created with a range other than
        the run before's while the address holds its old value: Streamlit would seed the new widget
        from that value over the one set from code (a preset changing the metric that a target's
        range follows). It is then drawn unbound, keeping the value set from code."""
        before = st.session_state.get(f"{_SHAPES}.{self.page}", {}).get(key, shape)
        self._shapes[key] = shape
        if before == shape or key not in st.query_params or key not in self._from_code():
            return False
        self._unbind(key)
        return True

    def _number_guard(self, key: str, integer: bool, lo: float, hi: float, default: object) -> str | None:
        def usable(raw: str) -> bool:
            parsed = lv.num(raw, integer)
            return parsed is not None and lo <= parsed <= hi

        kind = "a whole number" if integer else "a number"
        return self._guard(key, usable, f"{kind} from {lo} to {hi}", default)

    def _choice_guard(self, key: str, labels: Sequence[str], default: object, shown: str) -> str | None:
        return self._guard(key, lambda raw: raw in labels, "one of " + ", ".join(labels), default, shown)

    def slider(
        self,
        label: str,
        name: str,
        min_value: float,
        max_value: float,
        value: float,
        step: float | None = None,
        *,
        help: str | None = None,
        format: str | None = None,
        where: Any = None,
    ) -> Any:
        """A URL-bound slider; int if all bounds are ints, else float."""
        integer = all(isinstance(v, int) for v in (min_value, max_value, value)) and (
            step is None or isinstance(step, int)
        )
        key = self._track(self.key(name), value, "number", lo=min_value, hi=max_value, integer=integer)
        parse = lv.number_parser(integer, min_value, max_value, isinstance(value, (list, tuple)))
        held = self._held(where, key, parse, lambda: self._number_guard(key, integer, min_value, max_value, value))
        if held is not _DRAW:
            return held
        if self._recreated(key, (min_value, max_value, step)):
            bind = None
        else:
            bind = self._number_guard(key, integer, min_value, max_value, value)
        self._to_address(key, lv.number_form)
        target = self._target(name, where)
        return target.slider(
            label,
            min_value,
            max_value,
            value,
            step,
            key=key,
            help=help,
            format=format,
            bind=bind,
            disabled=self.locked(name),
        )

    def number(
        self,
        label: str,
        name: str,
        min_value: float,
        max_value: float,
        value: float,
        step: float | None = None,
        *,
        help: str | None = None,
        where: Any = None,
    ) -> Any:
        """A URL-bound number input."""
        integer = all(isinstance(v, int) for v in (min_value, max_value, value))
        key = self._track(self.key(name), value, "number", lo=min_value, hi=max_value, integer=integer)
        parse = lv.number_parser(integer, min_value, max_value, False)
        held = self._held(where, key, parse, lambda: self._number_guard(key, integer, min_value, max_value, value))
        if held is not _DRAW:
            return held
        bind = self._number_guard(key, integer, min_value, max_value, value)
        self._to_address(key, lv.number_form)
        target = self._target(name, where)
        return target.number_input(
            label, min_value, max_value, value, step, key=key, help=help, bind=bind, disabled=self.locked(name)
        )

    def _choice_binding(
        self, key: str, options: Sequence[T], value: T, format_func: Callable[[T], str], where: Any
    ) -> tuple[Any, str | None]:
        """A choice's value held by a closed group (else ``_DRAW``) and, when it is drawn, the link
        value its widget binds to (checked, written into the address if code set it)."""
        labels = [format_func(o) for o in options]

        def guard() -> str | None:
            return self._choice_guard(key, labels, value, format_func(value))

        held = self._held(where, key, lv.choice_parser(options, labels), guard)
        if held is not _DRAW:
            return held, None
        bind = guard()
        self._to_address(key, lv.choice_form(options, format_func))
        return _DRAW, bind

    def select(
        self,
        label: str,
        name: str,
        options: Sequence[T],
        value: T,
        *,
        format_func: Callable[[T], str] = str,
        help: str | None = None,
        radio: bool = False,
        where: Any = None,
    ) -> T:
        """A URL-bound choice (selectbox, or horizontal radio with ``radio=True``)."""
        key = self._track(self.key(name), value, "choice", options=tuple(options))
        # Streamlit writes the *shown* label of a choice into the URL (format_func applied).
        _label_for_key(key, options, format_func)
        held, bind = self._choice_binding(key, options, value, format_func, where)
        if held is not _DRAW:
            return held
        target = self._target(name, where)
        index = list(options).index(value)
        if radio:
            return target.radio(
                label,
                options,
                index,
                format_func=format_func,
                key=key,
                help=help,
                horizontal=True,
                bind=bind,
                disabled=self.locked(name),
            )
        return target.selectbox(
            label, options, index, format_func=format_func, key=key, help=help, bind=bind, disabled=self.locked(name)
        )

    def select_slider(
        self,
        label: str,
        name: str,
        options: Sequence[T],
        value: T,
        *,
        format_func: Callable[[T], str] = str,
        help: str | None = None,
        where: Any = None,
    ) -> T:
        """A URL-bound slider over a list of choices (the URL holds the shown label)."""
        key = self._track(self.key(name), value, "choice", options=tuple(options))
        held, bind = self._choice_binding(key, options, value, format_func, where)
        if held is not _DRAW:
            return held
        target = self._target(name, where)
        return target.select_slider(
            label, options, value, format_func=format_func, key=key, help=help, bind=bind, disabled=self.locked(name)
        )

    def toggle(self, label: str, name: str, value: bool, *, help: str | None = None, where: Any = None) -> bool:
        """A URL-bound on/off switch."""
        key = self._track(self.key(name), value, "bool")

        def guard() -> str | None:
            return self._guard(key, lambda raw: raw.lower() in ("true", "false"), "true or false", value)

        held = self._held(where, key, lv.bool_parser, guard)
        if held is not _DRAW:
            return bool(held)
        bind = guard()
        self._to_address(key, lambda v: ("true" if v else "false") if isinstance(v, bool) else None)
        target = self._target(name, where)
        return bool(target.toggle(label, value, key=key, help=help, bind=bind, disabled=self.locked(name)))

    def text(
        self,
        label: str,
        name: str,
        value: str,
        *,
        area: bool = False,
        height: int | None = None,
        max_chars: int | None = None,
        help: str | None = None,
        where: Any = None,
    ) -> str:
        """A URL-bound text box (``area=True``: multi-line). Any text is a valid widget value,
        so the page validates what it parses to and says what is wrong there."""
        key = self._track(self.key(name), value, "text", max_chars=max_chars)
        limit = max_chars or math.inf

        def guard() -> str | None:
            return self._guard(key, lambda raw: len(raw) <= limit, f"at most {max_chars} characters", value)

        held = self._held(where, key, lambda vs: vs[0] if len(vs) == 1 and len(vs[0]) <= limit else UNUSABLE, guard)
        if held is not _DRAW:
            return str(held)
        bind = guard()
        self._to_address(key, lambda v: v if isinstance(v, str) and v else None)
        target = self._target(name, where)
        if area:
            return str(
                target.text_area(
                    label,
                    value,
                    height=height,
                    max_chars=max_chars,
                    key=key,
                    help=help,
                    bind=bind,
                    disabled=self.locked(name),
                )
            )
        return str(
            target.text_input(
                label, value, max_chars=max_chars, key=key, help=help, bind=bind, disabled=self.locked(name)
            )
        )

    def multiselect(
        self,
        label: str,
        name: str,
        options: Sequence[T],
        default: Sequence[T],
        *,
        format_func: Callable[[T], str] = str,
        help: str | None = None,
        where: Any = None,
    ) -> list[T]:
        """A URL-bound multiple choice (repeated URL parameters, one per chosen option)."""
        key = self._track(self.key(name), list(default), "multi", options=tuple(options))
        shown = {format_func(o) for o in options}
        # Repeated values are this control's format; Streamlit itself drops unknown choices and
        # duplicates from the address, so the guard only names them.
        values = st.query_params.get_all(key)
        bad = sorted({v for v in values if v not in shown})
        repeated = sorted({v for v in values if v in shown and values.count(v) > 1})
        if bad:
            self._notices.append(
                f"URL parameter `{key}`{_as_written(key)}: {', '.join(f'`{lv.shown(b)}`' for b in bad)} not usable (choose from "
                f"{', '.join(sorted(shown))}); ignored, the other choices are kept."
            )
        if repeated:
            self._notices.append(
                f"URL parameter `{key}`{_as_written(key)}: {', '.join(f'`{lv.shown(r)}`' for r in repeated)} chosen more than once; "
                "counted once."
            )
        by_label = {format_func(o): o for o in options}
        held = self._held(
            where, key, lambda vs: [by_label[v] for v in dict.fromkeys(vs) if v in by_label], lambda: None
        )
        if held is not _DRAW:
            return list(held)
        labels = lv.choice_form(options, format_func)
        self._to_address(key, lambda vs: [labels(v) for v in vs] if all(labels(v) for v in vs) else None)
        target = self._target(name, where)
        return list(
            target.multiselect(
                label,
                options,
                list(default),
                format_func=format_func,
                key=key,
                help=help,
                bind=BIND,
                disabled=self.locked(name),
            )
        )

    def notices(self) -> list[str]:
        """Show (once, at the top of the page) a warning for every unusable URL parameter.

        Call it after the last control: it also remembers this page's values for the session, and
        every control's default seen on the page so far (what :func:`apply_preset` resets).
        """
        moved = [g.key for g in self._made_groups if g.moved]
        if moved:  # a closed group held a value off its default: show it, open, in one more run
            for name in moved:
                st.session_state[control_group.reopen_key(self.page, name)] = True
            carried = f"__controls_carried.{self.page}"
            st.session_state[carried] = [*st.session_state.get(carried, []), *self._notices]
            st.rerun()
        seen = st.session_state.get(_defaults_key(self.page), {})
        st.session_state[_defaults_key(self.page)] = {**seen, **self._defaults}
        st.session_state[_drawn_key(self.page)] = set(self._defaults)
        st.session_state.pop(_from_code_key(self.page), None)
        st.session_state[f"{_SHAPES}.{self.page}"] = {
            **st.session_state.get(f"{_SHAPES}.{self.page}", {}),
            **self._shapes,
        }
        if self._unbound_next:
            st.session_state[f"{_UNBOUND}.{self.page}"] = self._unbound_next
        # A control a preset reset but this scenario does not draw keeps (bound widgets do) the
        # value it had; forget it, so it comes back at its default when drawn again.
        for key in st.session_state.pop(_forget_key(self.page), ()):
            if key not in self._defaults and key in st.session_state:
                del st.session_state[key]
        st.session_state[self._memory_key] = {
            k: st.session_state[k]
            for k, default in self._defaults.items()
            if k in st.session_state and st.session_state[k] != default
        }
        if not self._global_keys:
            # A control drawn earlier in the session and hidden now (a conditional one) is still a
            # setting of this page: Streamlit drops its parameter at the end of this run.
            self._notices += _ignore_unknown(set(self._defaults) | set(seen))
            st.session_state[_CHECKED] = True
            drawn = tuple(k.split(".", 1)[1] for k in self._defaults)
            st.session_state[DRAWN] = (self.page, drawn)
            unknown = sorted(self._locked - set(drawn) - set(GLOBAL_KEYS))
            if unknown:
                self._notices.append(
                    f"URL parameter `lock` names {', '.join(f'`{lv.shown(n)}`' for n in unknown)}: no control of this "
                    "page, so nothing is locked for it."
                )
        carried = f"__controls_carried.{self.page}"
        self._notices = list(dict.fromkeys([*st.session_state.pop(carried, []), *self._notices]))
        if st.session_state.get(_GUARDED):
            # A widget created unbound this run is not tied to the address in the browser
            # either, so the learner's first move of it would not reach the address. The
            # router then reruns once at the end of this run (the refused values are gone from
            # the address by then), which binds it again; every group's notices are kept for
            # that rerun (page_guard drops them when there is none).
            st.session_state[carried] = self._notices
            st.session_state[_REBIND] = st.session_state.get(_REBIND, False) or self._refused
        if self._notices:
            self._box.warning("\n\n".join(self._notices), icon=":material/warning:")
        if self._locked_drawn:
            self._box.caption(
                f"{LOCK_NOTE}: the controls marked so are locked by the link you opened. "
                "A lock guides the lesson; it does not secure it (anyone can edit the address)."
            )
        return list(self._notices)


_KEPT = "__controls_kept"
_SECRET = "__controls_secret"


def keep_params(*keys: str, secret: tuple[str, ...] = ()) -> None:
    """Mark URL parameters that this page reads itself (not controls: a class room's code) as
    known for this run, so the guard keeps them in the address; ``secret`` ones (a key) are also
    left out of :func:`share_url`."""
    st.session_state[_KEPT] = {*st.session_state.get(_KEPT, ()), *keys, *secret}
    st.session_state[_SECRET] = {*st.session_state.get(_SECRET, ()), *secret}


def secret_params() -> set[str]:
    """The URL parameters this run marked secret (:func:`keep_params`): no link made for others
    may carry them."""
    return set(st.session_state.get(_SECRET, ()))


def _ignore_unknown(known: set[str]) -> list[str]:
    """Name and remove every URL parameter that is no control drawn on this page this run."""
    known = known | set(GLOBAL_KEYS) | set(LINK_KEYS) | _RESERVED | set(st.session_state.get(_KEPT, ()))
    notices = []
    for key in [k for k in st.query_params if k not in known]:
        given = ", ".join(f"`{lv.shown(v)}`" for v in st.query_params.get_all(key)) or "no value"
        notices.append(
            f"URL parameter `{lv.shown(key)}`{_as_written(key)} ({given}) is not a setting of this page; ignored."
        )
        _drop(key)
    return notices


def guarded() -> bool:
    """Whether this run is inside :func:`page_guard` (a whole run of the app is; a fragment
    rerun of a page's body is not, until it enters the guard itself)."""
    return bool(st.session_state.get(_GUARDED))


@contextmanager
def page_guard() -> Iterator[None]:
    """Run the sidebar and a page (the router does) so that one drawing no :class:`Controls`
    (Home) still names and removes the URL parameters it does not know (a page with controls
    does it in :meth:`Controls.notices`), and so that a run in which a control refused its URL
    value is followed by one more run that binds that control to the address again."""
    st.session_state[_CHECKED] = False
    st.session_state[_GUARDED] = True
    st.session_state.pop(DRAWN, None)
    st.session_state.pop(_KEPT, None)
    st.session_state.pop(_SECRET, None)
    try:
        yield
    finally:
        st.session_state.pop(_GUARDED, None)
    notices = st.session_state.pop(_CARRIED_HERE, [])
    if not st.session_state.pop(_CHECKED, False):
        notices += _ignore_unknown(set())
    st.session_state.pop(_RENAMED, None)  # the forwarded link has been checked
    if st.session_state.pop(_REBIND, False):
        st.session_state[_CARRIED_HERE] = notices
        st.rerun()
    for key in [k for k in st.session_state if str(k).startswith("__controls_carried.")]:
        del st.session_state[key]
    if notices:
        st.warning("\n\n".join(notices), icon=":material/warning:")


def forwarded_params(rename: Callable[[str], str | None]) -> dict[str, list[str]]:
    """The address bar's parameters for forwarding an old link: keys renamed by ``rename`` (``None``:
    keep the key), every value of a repeated key kept, and each renamed key remembered so that the
    next run's notices name it as the link wrote it (``hv.x``, not only ``autoscaling_vertical.x``).

    A dict of lists, because ``st.switch_page`` given a list of pairs keeps only a key's last value,
    which would hide a repeated key from the guard."""
    params: dict[str, list[str]] = {}
    renamed: dict[str, str] = {}
    for key in st.query_params:
        new = rename(key) or key
        if new != key:
            renamed[new] = key
        params.setdefault(new, []).extend(st.query_params.get_all(key))
    st.session_state[_RENAMED] = renamed
    return params


def _as_written(key: str) -> str:
    """`` (written `old` in the link)`` for a key the router renamed from an old prefix, else ``""``."""
    old = st.session_state.get(_RENAMED, {}).get(key)
    return f" (written `{lv.shown(old)}` in the link)" if old else ""


def _drop(key: str) -> None:
    """Remove ``key`` from the address. A key still bound from an earlier run cannot be removed
    here; creating its widget unbound (as the guard does) removes it."""
    if key in st.query_params:
        with contextlib.suppress(StreamlitAPIException):
            del st.query_params[key]


def _reset(key: str, default: object) -> None:
    """Put a control whose URL value was refused back to its default. A session can still hold an
    earlier value: Back or Forward to an address with an unusable value reruns with the
    widget's last value, which an unbound widget would keep while the notice says the default
    is used. Setting it here also makes the browser show the default."""
    if key in st.session_state and st.session_state[key] != default:
        st.session_state[key] = default


def _label_for_key(key: str, options: Sequence[Any], format_func: Callable[[Any], str]) -> None:
    """A choice given in the URL by its key (``rules=aws-today``, as documented and as lessons and
    instructor links write it) rather than its shown label (``AWS today``, as Streamlit writes it):
    rewritten to the label before the widget binds, so both spellings work."""
    values = st.query_params.get_all(key)
    if len(values) != 1 or values[0] in [format_func(o) for o in options]:
        return
    for option in options:
        if isinstance(option, str) and option == values[0]:
            st.query_params[key] = format_func(option)
            st.session_state[key] = option  # Streamlit seeds a bound widget from the address as first opened
            return


def carry_notices(page: str, notices: list[str], values: Mapping[str, Any] | None = None) -> None:
    """Notices (and control values) from outside the URL, a scenario file, for ``page``'s next run:
    the values are set before its first widget, the notices join the URL notices at the top."""
    carried = f"__controls_carried.{page}"
    st.session_state[carried] = [*st.session_state.get(carried, []), *notices]
    if values:
        st.session_state[f"{_PENDING}.{page}"] = {**st.session_state.get(f"{_PENDING}.{page}", {}), **values}


def share_url() -> str:
    """The full link to the current page with every bound control's value."""
    base = st.context.url or ""
    hidden = secret_params()
    pairs = [(k, v) for k in st.query_params if k not in hidden for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(pairs)}" if pairs else base
