"""The lab pages' lazy control groups (``Controls.group``): a closed group sends no widget, yet its
controls keep working through the link, presets and the session."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import event_log, run_page
from views.controls import DRAWN

DYNAMODB = "app_pages/dynamodb.py"
CLOSED = ("launch", "autoscaling", "target", "min_cap", "delay", "gsi", "gsi_wcu", "dax", "ttl", "dax_items")
GSI = "GSI back-pressure, relieved by GSI auto scaling"


def _keys(at: AppTest) -> set[str]:
    return {w.key for kind in ("slider", "toggle", "radio", "selectbox", "number_input") for w in at.get(kind)}


def _expander(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(e for e in at.expander if e.label == label)


def test_a_fresh_page_sends_no_widget_of_its_closed_groups_yet_they_are_its_controls() -> None:
    at = run_page(DYNAMODB)
    assert not at.exception and not at.warning
    drawn = _keys(at)
    assert not {f"dynamodb.{n}" for n in CLOSED} & drawn
    assert {"dynamodb.rcu", "dynamodb.wcu", "dynamodb.pop"} <= drawn  # the open groups draw theirs
    assert set(CLOSED) <= set(at.session_state[DRAWN][1])  # presets and instructor links know them
    for label in ("Manual change and auto scaling", "GSI and DAX"):
        assert len(_expander(at, label).children) == 0
    # Their defaults are in effect: auto scaling on (the default day's sale splits the partition).
    assert event_log(at)["what"].str.contains("split").any()


def test_a_bad_link_value_in_a_closed_group_gets_its_notice_and_the_default() -> None:
    at = run_page(DYNAMODB, {"dynamodb.ttl": "1e9", "dynamodb.dax": "maybe"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "`dynamodb.ttl=1e9`" in text and "a whole number from 0 to 3600" in text
    assert "`dynamodb.dax=maybe`" in text and "true or false" in text
    assert len(_expander(at, "GSI and DAX").children) == 0  # the defaults are what is in effect
    assert "dynamodb.ttl" not in at.query_params and "dynamodb.dax" not in at.query_params


def test_a_good_link_value_opens_its_group_and_stays_in_the_address() -> None:
    at = run_page(DYNAMODB, {"dynamodb.gsi": "true", "dynamodb.gsi_wcu": "200", "dynamodb.autoscaling": "false"})
    assert not at.exception and not at.warning
    assert at.toggle(key="dynamodb.gsi").value is True
    assert at.slider(key="dynamodb.gsi_wcu").value == 200
    assert at.toggle(key="dynamodb.autoscaling").value is False
    assert "dynamodb.dax" in _keys(at)  # the whole group is open, not only the control set
    assert {k: at.query_params[k] for k in ("dynamodb.gsi", "dynamodb.gsi_wcu", "dynamodb.autoscaling")} == {
        "dynamodb.gsi": "true",
        "dynamodb.gsi_wcu": "200",
        "dynamodb.autoscaling": "false",
    }


def test_a_preset_setting_controls_of_a_closed_group_opens_it_and_writes_the_link() -> None:
    at = run_page(DYNAMODB)
    assert "dynamodb.gsi_auto" not in _keys(at)
    at.button(key=f"dynamodb.__preset.{GSI}").click().run()
    assert not at.exception and not at.error
    assert at.toggle(key="dynamodb.gsi").value is True
    assert at.toggle(key="dynamodb.gsi_auto").value is True
    assert event_log(at)["why"].str.contains("GSI auto scaling").any()
    at.run()  # AppTest reads the address the run before wrote
    query = {k: v for k, v in at.query_params.items() if k.startswith("dynamodb.")}
    assert query.get("dynamodb.gsi") == "true" and query.get("dynamodb.gsi_auto") == "true"
    # The link opens the same scenario, its groups open, with no notice.
    opened = run_page(DYNAMODB, dict(at.query_params))
    assert not opened.warning, [w.value for w in opened.warning]
    assert opened.toggle(key="dynamodb.gsi_auto").value is True
    # Reset puts them back to their defaults.
    at.button(key="dynamodb.__reset").click().run()
    assert not at.exception
    assert at.session_state["dynamodb.gsi"] is False and at.session_state["dynamodb.gsi_auto"] is False


def test_the_queues_disruption_group_opens_for_an_outage_in_the_link() -> None:
    closed = run_page("app_pages/queues.py")
    assert "queues.outage" not in _keys(closed) and "queues.fan_down" not in _keys(closed)
    at = run_page("app_pages/queues.py", {"queues.outage": "true", "queues.out_min": "30"})
    assert not at.exception and not at.warning
    assert at.toggle(key="queues.outage").value is True and at.slider(key="queues.out_min").value == 30
    assert "queues.fan_down" not in _keys(at)  # the webhook's group stays closed


def test_the_sidebar_share_and_instructor_link_are_drawn_only_while_open() -> None:
    query = {"dynamodb.rcu": "3000"}
    closed = run_page(DYNAMODB, query)
    assert not closed.sidebar.code and not closed.sidebar.multiselect
    assert {e.label for e in closed.sidebar.expander} >= {
        ":material/share: Share this scenario",
        ":material/co_present: Instructor link",
    }
    at = run_page(DYNAMODB, query, sidebar=True)
    share, instructor = (c.value for c in at.sidebar.code)
    assert "dynamodb.rcu=3000" in share and "dynamodb.rcu=3000" in instructor
    at.sidebar.multiselect[0].set_value(["rcu"]).run()
    assert "lock=rcu" in at.sidebar.code[1].value


def test_a_control_an_instructor_locks_opens_its_group_with_the_lock_note() -> None:
    run_page(DYNAMODB)  # the page's groups are known once it has been drawn
    at = run_page(DYNAMODB, {"lock": "ttl"})
    assert not at.exception and not at.warning
    assert at.slider(key="dynamodb.ttl").disabled
    assert "dynamodb.launch" not in _keys(at)  # the other group stays closed
