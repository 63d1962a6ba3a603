"""The URL guard (views/controls.py): every URL value a control cannot use is named in the
page's notice, removed from the address and replaced by the default, before Streamlit's widget
ever reads it; nothing a link carries raises.

The pages are opened through the real router (``run_routed``), so the sidebar's global controls
are guarded too.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import fuzz
from tests.pages.apptest import run_routed
from views.catalog import available

PAGES = available()
HOSTILE_WHOLE = ("inf", "-inf", "1e309", "12345678901234567890")


@pytest.mark.parametrize(
    ("page", "key", "raw"),
    [
        ("app_pages/dynamodb.py", "seed", "1e309"),
        ("app_pages/mq.py", "mq.size_kb", "-inf"),
        ("app_pages/emr.py", "emr.min", "-inf"),
    ],
)
def test_the_reported_links_open_with_a_notice(page, key, raw) -> None:
    """issue 13: these raised OverflowError inside Streamlit's number-input deserializer."""
    at = run_routed(page, [(key, raw)])
    assert not at.exception, [e.value for e in at.exception]
    assert f"`{key}={raw}` is not usable" in fuzz.notice_text(at)
    assert key not in at.query_params
    assert at.number_input(key=key).value == run_routed(page).number_input(key=key).value


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_every_whole_number_control_survives_overflowing_values(lab) -> None:
    """Every integer control of the page (and the sidebar's seed) at once, each given one of
    ``inf``, ``-inf``, ``1e309`` or a 20-digit number: one notice names them all."""
    ints = [c for c in fuzz.page_controls(lab.file) if c.kind == fuzz.NUMBER and c.integer]
    assert ints, f"{lab.file}: no whole-number control found"
    query = [(c.key, HOSTILE_WHOLE[i % len(HOSTILE_WHOLE)]) for i, c in enumerate(ints)]
    at = run_routed(lab.file, query)
    assert not at.exception, [e.value for e in at.exception]
    shown = fuzz.notice_text(at)
    assert [k for k, v in query if f"`{k}={v}`" not in shown] == []
    assert [k for k, _ in query if k in at.query_params] == []


def _every_kind() -> None:
    """A page with one URL-bound control of every kind the guard covers."""
    from views.controls import Controls

    ctrl = Controls("t")
    ctrl.slider("int slider", "n", 1, 10, 3)
    ctrl.slider("float slider", "x", 0.0, 1.0, 0.5, 0.1)
    ctrl.number("int number", "k", 0, 100, 7, 1)
    ctrl.number("float number", "f", 0.0, 5.0, 1.5, 0.5)
    ctrl.select_slider("select slider", "size", ["S", "M", "L"], "M")
    ctrl.select("select", "mode", ["a", "b"], "a")
    ctrl.select("radio", "win", [1, 6], 1, format_func=lambda h: f"{h} h", radio=True)
    ctrl.toggle("toggle", "on", False)
    ctrl.multiselect("multi", "pick", ["p", "q", "r"], ["p"])
    ctrl.text("text", "name", "hello", max_chars=10)
    ctrl.text("area", "doc", "{}", area=True)
    ctrl.notices()


def _run_kinds(pairs: list[tuple[str, str]]) -> AppTest:
    at = AppTest.from_function(_every_kind, default_timeout=30)
    for key, value in pairs:
        at.query_params.setdefault(key, []).append(value)
    return at.run()


BAD = {
    "t.n": ["inf", "-inf", "1e309", "nan", "12345678901234567890", "", "٣٣", "<script>x</script>", "2.5", "11"],
    "t.x": ["inf", "nan", "1e309", "", "-0.1", "日本"],
    "t.k": ["inf", "-inf", "1e309", "nan", "99999999999999999999", "", "💥", "0.5"],
    "t.f": ["inf", "nan", "-1e309", "", "5.5"],
    "t.size": ["XL", "", "s", "<b>M</b>"],
    "t.mode": ["c", "", "A", "<script>"],
    "t.win": ["1", "2 h", ""],
    "t.on": ["yes", "1", "", "ON", "<i>"],
    "t.name": ["x" * 11],
}


@pytest.mark.parametrize(("key", "raw"), [(k, v) for k, vs in BAD.items() for v in vs])
def test_every_widget_kind_names_and_drops_an_unusable_value(key, raw) -> None:
    at = _run_kinds([(key, raw)])
    assert not at.exception, [e.value for e in at.exception]
    assert f"`{key}=" in fuzz.notice_text(at)
    assert key not in at.query_params


def test_usable_values_of_every_kind_are_used_without_a_notice() -> None:
    query = [
        ("t.n", "9"), ("t.x", "0.2"), ("t.k", "0"), ("t.f", "5.0"), ("t.size", "L"), ("t.mode", "b"),
        ("t.win", "6 h"), ("t.on", "TRUE"), ("t.pick", "q"), ("t.pick", "r"), ("t.name", "<b>hi</b>"),
        ("t.doc", ""),
    ]  # fmt: skip
    at = _run_kinds(query)
    assert not at.exception
    assert not at.warning, fuzz.notice_text(at)
    assert at.slider(key="t.n").value == 9
    assert at.number_input(key="t.f").value == 5.0
    assert at.select_slider(key="t.size").value == "L"
    assert at.radio(key="t.win").value == 6
    assert at.toggle(key="t.on").value is True
    assert at.multiselect(key="t.pick").value == ["q", "r"]
    assert at.text_input(key="t.name").value == "<b>hi</b>"


def test_a_repeated_setting_is_ignored_and_named_once() -> None:
    at = _run_kinds([("t.n", "4"), ("t.n", "inf"), ("t.mode", "b"), ("t.mode", "b")])
    assert not at.exception
    shown = fuzz.notice_text(at)
    assert shown.count("`t.n`") == 1 and "given 2 times" in shown and shown.count("`t.mode`") == 1
    assert at.slider(key="t.n").value == 3 and at.selectbox(key="t.mode").value == "a"
    assert "t.n" not in at.query_params


def test_unknown_parameters_and_bad_choices_are_named_once() -> None:
    at = _run_kinds(
        [("t.nope", "1"), ("zzz", "<script>"), ("zzz", "2"), ("t.pick", "q"), ("t.pick", "zz"), ("t.pick", "q")]
    )
    assert not at.exception
    shown = fuzz.notice_text(at)
    assert shown.count("`t.nope`") == 1 and shown.count("`zzz`") == 1
    assert "`zz`" in shown and "chosen more than once" in shown
    assert at.multiselect(key="t.pick").value == ["q"]
    assert "t.nope" not in at.query_params and "zzz" not in at.query_params


def test_a_notice_quotes_a_value_as_text() -> None:
    """A value with backticks or markdown stays inside the notice's code span."""
    at = _run_kinds([("t.mode", "`[x](http://example.com)`**b**")])
    assert "`t.mode='[x](http://example.com)'**b**`" in fuzz.notice_text(at)


def test_the_home_page_names_unknown_parameters() -> None:
    at = run_routed("app_pages/home.py", [("nothing.here", "1"), ("seed", "inf")])
    assert not at.exception
    shown = fuzz.notice_text(at)
    assert "`nothing.here`" in shown and "`seed=inf`" in shown


# One changed value, the default and the default as the notice names it, per single-value kind.
CHANGED = {
    "t.n": ("slider", 8, 3, "3"),
    "t.x": ("slider", 0.9, 0.5, "0.5"),
    "t.k": ("number_input", 50, 7, "7"),
    "t.f": ("number_input", 4.5, 1.5, "1.5"),
    "t.size": ("select_slider", "L", "M", "'M'"),
    "t.mode": ("selectbox", "b", "a", "'a'"),
    "t.win": ("radio", 6, 1, "'1 h'"),
    "t.on": ("toggle", True, False, "False"),
    "t.name": ("text_input", "bye", "hello", "'hello'"),
}


@pytest.mark.parametrize("key", list(CHANGED))
def test_a_refused_value_puts_a_changed_control_back_to_the_default_the_notice_names(key) -> None:
    """Back or Forward to an address whose value the guard refuses reruns a session in which the
    control was changed (found in Chromium: the Provisioned WCU slider kept 550 while the notice
    said "the default 500 is used"). AppTest cannot press Back; putting the refused value into
    the address of a session whose control was changed and rerunning does the same to the session.
    The widget, the notice and the address must then agree: the default, named, no parameter."""
    kind, changed, default, shown = CHANGED[key]
    at = _run_kinds([])
    getattr(at, kind)(key=key).set_value(changed).run()
    assert getattr(at, kind)(key=key).value == changed
    at.query_params[key] = [BAD[key][0]]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert getattr(at, kind)(key=key).value == default
    assert f"`{key}=" in fuzz.notice_text(at) and f"the default {shown} is used instead" in fuzz.notice_text(at)
    assert key not in at.query_params


def test_the_share_link_leaves_out_what_the_guard_refused() -> None:
    """The sidebar is drawn before the page, so the link is written after the page has run: a
    refused value (``inf``) is not shared on, a usable one (``rcu=3000``) is."""
    at = run_routed("app_pages/dynamodb.py", [("dynamodb.wcu", "inf"), ("dynamodb.rcu", "3000")], sidebar=True)
    assert not at.exception
    link = at.sidebar.code[0].value
    assert "dynamodb.rcu=3000" in link and "dynamodb.wcu" not in link


def test_an_old_link_is_forwarded_with_its_keys_named_as_written() -> None:
    """An old-prefix link (``hv.``, before the vertical page was renamed) is forwarded with every
    value of a repeated key kept (the guard must still see ``rules`` twice and refuse it), and a
    key it cannot use is named as the link wrote it, beside today's name."""
    at = run_routed(
        "app_pages/home.py",
        [("hv.oqq_ukcy", "1"), ("rules", "course"), ("rules", "aws-today"), ("hv.downtime", "inf")],
    )
    assert not at.exception, [e.value for e in at.exception]
    shown = fuzz.notice_text(at)
    assert "`autoscaling_vertical.oqq_ukcy` (written `hv.oqq_ukcy` in the link)" in shown
    assert "`rules` is given 2 times" in shown
    assert (
        "`autoscaling_vertical.downtime` (written `hv.downtime` in the link) (`inf`)" in shown
    )  # Home has no such control
    assert not any(k.startswith("hv.") for k in at.query_params)
    at = run_routed("app_pages/autoscaling_vertical.py", [("hv.downtime", "inf")])
    shown = fuzz.notice_text(at)
    assert "`autoscaling_vertical.downtime=inf` (written `hv.downtime` in the link) is not usable" in shown


def test_a_forwarded_link_names_nothing_as_written_on_the_next_move() -> None:
    """The memory of renamed keys lasts one checked run: a later notice names only today's key."""
    at = run_routed("app_pages/autoscaling_vertical.py", [("hv.downtime", "600")])
    assert not at.exception and "written" not in fuzz.notice_text(at)
    at.query_params["autoscaling_vertical.nope"] = "1"
    at.run()
    shown = fuzz.notice_text(at)
    assert "`autoscaling_vertical.nope`" in shown and "written" not in shown
