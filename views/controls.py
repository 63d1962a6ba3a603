"""URL-bound controls: every widget's value lives in the address bar, so a URL is a scenario.

:class:`Controls` wraps Streamlit widgets with page-prefixed keys (``asg.cooldown_s``) and
``bind="query-params"``. Before a widget is drawn it checks the raw URL value itself: Streamlit
silently ignores a value it cannot use, and a learner who opened a shared link deserves to know
which parameter was wrong, what is allowed, and what is used instead.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

import streamlit as st

__all__ = ["Controls", "apply_preset", "share_url"]

T = TypeVar("T")
_TRUE = {"true", "True", "1"}
_FALSE = {"false", "False", "0"}


def _num(raw: str, integer: bool) -> float | int | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    if integer:
        return int(value) if value.is_integer() else None
    return value


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
        self._defaults: dict[str, Any] = {}
        self._box = st.container()
        self._restore()

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

    def _track(self, key: str, default: Any) -> str:
        self._defaults[key] = default
        return key

    def key(self, name: str) -> str:
        """The full (URL) key of a control."""
        return name if name in self._global_keys else f"{self.page}.{name}"

    def _raw(self, key: str) -> str | None:
        values = st.query_params.get_all(key)
        return values[-1] if values else None

    def _bad(self, key: str, raw: str, allowed: str, default: object) -> None:
        self._notices.append(
            f"URL parameter `{key}={raw}` is not usable ({allowed}); the default {default!r} is used instead."
        )

    def _check_number(self, key: str, integer: bool, lo: float, hi: float, default: object) -> None:
        """Note an unusable numeric URL value (not a number, not whole, out of range)."""
        raw = self._raw(key)
        if raw is None or key in st.session_state:
            return
        parsed = _num(raw, integer)
        if parsed is None or not (lo <= parsed <= hi):
            kind = "a whole number" if integer else "a number"
            self._bad(key, raw, f"{kind} from {lo} to {hi}", default)

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
        key = self._track(self.key(name), value)
        integer = all(isinstance(v, int) for v in (min_value, max_value, value)) and (
            step is None or isinstance(step, int)
        )
        self._check_number(key, integer, min_value, max_value, value)
        target = where or st
        return target.slider(
            label,
            min_value,
            max_value,
            value,
            step,
            key=key,
            help=help,
            format=format,
            bind="query-params",
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
        key = self._track(self.key(name), value)
        integer = all(isinstance(v, int) for v in (min_value, max_value, value))
        self._check_number(key, integer, min_value, max_value, value)
        target = where or st
        return target.number_input(label, min_value, max_value, value, step, key=key, help=help, bind="query-params")

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
        key = self._track(self.key(name), value)
        raw = self._raw(key)
        # Streamlit writes the *shown* label of a choice into the URL (format_func applied).
        shown = [format_func(o) for o in options]
        if raw is not None and key not in st.session_state and raw not in shown:
            self._bad(key, raw, "one of " + ", ".join(shown), format_func(value))
        target = where or st
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
                bind="query-params",
            )
        return target.selectbox(label, options, index, format_func=format_func, key=key, help=help, bind="query-params")

    def toggle(self, label: str, name: str, value: bool, *, help: str | None = None, where: Any = None) -> bool:
        """A URL-bound on/off switch."""
        key = self._track(self.key(name), value)
        raw = self._raw(key)
        if raw is not None and key not in st.session_state and raw not in _TRUE | _FALSE:
            self._bad(key, raw, "true or false", value)
        target = where or st
        return bool(target.toggle(label, value, key=key, help=help, bind="query-params"))

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
        key = self._track(self.key(name), value)
        target = where or st
        if area:
            return str(
                target.text_area(
                    label, value, height=height, max_chars=max_chars, key=key, help=help, bind="query-params"
                )
            )
        return str(target.text_input(label, value, max_chars=max_chars, key=key, help=help, bind="query-params"))

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
        key = self._track(self.key(name), list(default))
        shown = {format_func(o) for o in options}
        if key not in st.session_state:
            bad = [v for v in st.query_params.get_all(key) if v not in shown]
            if bad:
                self._notices.append(
                    f"URL parameter `{key}`: {', '.join(repr(b) for b in bad)} not usable (choose from "
                    f"{', '.join(sorted(shown))}); ignored, the other choices are kept."
                )
        target = where or st
        return list(
            target.multiselect(
                label, options, list(default), format_func=format_func, key=key, help=help, bind="query-params"
            )
        )

    def notices(self) -> list[str]:
        """Show (once, at the top of the page) a warning for every unusable URL parameter.

        Call it after the last control: it also remembers this page's values for the session.
        """
        st.session_state[self._memory_key] = {
            k: st.session_state[k]
            for k, default in self._defaults.items()
            if k in st.session_state and st.session_state[k] != default
        }
        if self._notices:
            self._box.warning("\n\n".join(self._notices), icon="⚠️")
        return list(self._notices)


def apply_preset(page: str, values: Mapping[str, Any]) -> None:
    """Set several controls of ``page`` at once (a button callback); the URL follows."""
    for name, value in values.items():
        st.session_state[f"{page}.{name}"] = value


def share_url() -> str:
    """The full link to the current page with every bound control's value."""
    base = st.context.url or ""
    pairs = [(k, v) for k in st.query_params for v in st.query_params.get_all(k)]
    return f"{base}?{urlencode(pairs)}" if pairs else base
