"""Lazy control groups (``Controls.group``): closed, a group draws no widget, yet each control in it
gives the link's value (checked as a widget's is), else the session's, else its default; a value
off the default opens the group."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from views import control_group

PAGE = "grp"
SEEN = "__test.seen"


def _app() -> None:
    import streamlit as st

    from views.controls import Controls, carry_notices

    # a scenario file read by a button: its values are set before the next run's widgets
    st.button("Load a scenario", on_click=carry_notices, args=("grp", ["From mine.json."], {"grp.on": True}))
    ctrl = Controls("grp")
    if st.session_state.get("__test.focus"):  # a lesson that shows only "n"
        ctrl.focus(["n"], shown=st.container(), rest=st.expander("All controls"))
    with ctrl.group("Extras") as g:
        n = ctrl.slider("N", "n", 0, 100, 10)
        on = ctrl.toggle("On", "on", False)
        kind = ctrl.select("Kind", "kind", ["a", "b"], "a", format_func=str.upper)
        size = ctrl.number("Size", "size", 1, 50, 5)
        g.caption("inside Extras")
    other = ctrl.group("Other", key="other")
    span = ctrl.slider("Span", "span", 0.0, 10.0, (2.0, 4.0), 0.5, where=other)
    note = ctrl.text("Note", "note", "", max_chars=5, where=other)
    other.caption("inside Other")
    ctrl.notices()
    st.session_state["__test.seen"] = (n, on, kind, size, span, note)


def _run(query: dict[str, str] | None = None, *, known: bool = True) -> AppTest:
    """A fresh session of the test app; ``known=False``: as in a new server process, where no group
    has been drawn yet (the link's value is found as the closed group is drawn)."""
    if known:
        AppTest.from_function(_app).run()
    else:
        control_group._MEMBERS.pop((PAGE, "Extras"), None)
        control_group._MEMBERS.pop((PAGE, "other"), None)
    at = AppTest.from_function(_app)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _widgets(at: AppTest) -> list[str]:
    return [w.key for kind in ("slider", "toggle", "selectbox", "number_input", "text_input") for w in at.get(kind)]


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_a_closed_group_draws_nothing_and_its_controls_give_their_defaults() -> None:
    at = _run()
    assert not at.exception and not at.warning
    assert _widgets(at) == []
    assert [e.label for e in at.expander] == ["Extras", "Other"]
    assert _captions(at) == []  # elements drawn through a closed group are not drawn either
    assert at.session_state[SEEN] == (10, False, "a", 5, (2.0, 4.0), "")
    # They are controls of the page all the same (presets set them, the instructor link lists them).
    assert set(at.session_state["__controls_drawn"][1]) == {"n", "on", "kind", "size", "span", "note"}


@pytest.mark.parametrize("known", [True, False], ids=["group-known", "new-process"])
def test_a_link_value_off_the_default_opens_the_group_with_its_widget(known: bool) -> None:
    at = _run({"grp.n": "42", "grp.kind": "B"}, known=known)
    assert not at.exception and not at.warning
    assert at.session_state[SEEN][:3] == (42, False, "b")
    assert at.slider(key="grp.n").value == 42
    assert at.selectbox(key="grp.kind").value == "b"
    assert "inside Extras" in _captions(at)
    assert "grp.span" not in _widgets(at)  # the other group stays closed
    assert at.query_params["grp.n"] in ("42", ["42"])  # the address keeps it


def test_a_link_value_equal_to_the_default_leaves_the_group_closed() -> None:
    at = _run({"grp.kind": "A", "grp.on": "false"})
    assert not at.warning
    assert _widgets(at) == []
    assert at.session_state[SEEN][1:3] == (False, "a")


@pytest.mark.parametrize("known", [True, False], ids=["group-known", "new-process"])
def test_a_bad_link_value_in_a_closed_group_is_named_and_the_default_used(known: bool) -> None:
    at = _run({"grp.n": "abc", "grp.note": "far too long"}, known=known)
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "`grp.n=abc`" in text and "the default 10 is used instead" in text
    assert "`grp.note=far too long`" in text and "at most 5 characters" in text
    assert _widgets(at) == []  # still closed: nothing is in effect but the defaults
    assert at.session_state[SEEN][0] == 10 and at.session_state[SEEN][5] == ""
    assert "grp.n" not in at.query_params and "grp.note" not in at.query_params


def test_a_value_set_in_the_session_opens_the_group() -> None:
    """A preset, a lesson step or a scenario file sets the session before the widgets are drawn."""
    at = _run()
    at.session_state["grp.span"] = (1.0, 9.0)
    at.run()
    assert not at.exception
    assert at.slider(key="grp.span").value == (1.0, 9.0)
    assert "inside Other" in _captions(at)
    assert at.session_state[SEEN][4] == (1.0, 9.0)
    assert "grp.n" not in _widgets(at)


def test_an_open_group_stays_open_while_a_control_is_off_its_default() -> None:
    at = _run()
    at.session_state[control_group.state_key(PAGE, "Extras")] = True  # the learner opens it
    at.run()
    assert "grp.n" in _widgets(at)
    at.slider(key="grp.n").set_value(50).run()
    at.session_state[control_group.state_key(PAGE, "Extras")] = False  # and tries to close it
    at.run()
    assert at.slider(key="grp.n").value == 50, "a group hiding a value in effect"
    assert at.query_params["grp.n"] in ("50", ["50"])
    at.slider(key="grp.n").set_value(10).run()
    # A browser's address drops a value set back to its default; AppTest's copy of it keeps it.
    at.query_params.pop("grp.n", None)
    at.session_state[control_group.state_key(PAGE, "Extras")] = False
    at.run()
    assert _widgets(at) == []
    assert at.session_state[SEEN][0] == 10
    assert "grp.n" not in at.query_params


def test_a_lesson_draws_the_controls_it_shows_even_from_a_closed_group() -> None:
    at = AppTest.from_function(_app)
    at.session_state["__test.focus"] = True
    at.run()
    assert not at.exception
    # As before groups: every control is drawn, the lesson's own above, the rest under "All controls".
    assert "grp.n" in _widgets(at) and "grp.span" in _widgets(at)


def test_a_value_set_from_code_wins_over_a_default_value_left_in_the_link() -> None:
    """A link's value equal to the default is dropped from the address (as a widget's would be); and
    a scenario file (or a preset) loaded while the address still holds one sets the control."""
    at = _run({"grp.on": "false"})
    assert _widgets(at) == [] and "grp.on" not in at.query_params
    at.query_params["grp.on"] = "false"  # an address that still holds it
    at.button[0].click().run()
    assert not at.exception
    assert at.toggle(key="grp.on").value is True  # the group opened to show what the file set
    assert at.session_state[SEEN][1] is True
    assert "From mine.json." in " ".join(w.value for w in at.warning)
