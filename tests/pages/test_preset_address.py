"""A value that code sets on a control drawn for the first time in the session (a preset turning on
what shows it, a lesson opened by its link) reaches the address, written as Streamlit writes a
widget's value (a choice by its label), so the link opens the same scenario.

Streamlit writes a value set from code into the address only for a widget that existed in the run
before; ``views.controls.Controls`` writes the others just before their widget is created. A
slider whose range follows another control is a new widget when that range changes, which
Streamlit seeds from the address's old value: a preset's own value wins all the same, and a value
the new range cannot take is named once (the run ends; it used to rerun forever).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import run_page
from views import lessons
from views.autoscaling.presets import PRESETS as AUTOSCALING
from views.dynamodb.presets import PRESETS as DYNAMODB
from views.queues.presets import PRESETS as QUEUES


def _query(at: AppTest, prefix: str) -> dict[str, str | list[str]]:
    assert not at.exception, [e.value for e in at.exception]
    return {k: v for k, v in at.query_params.items() if k.startswith(f"{prefix}.")}


def test_a_preset_writes_a_control_it_draws_for_the_first_time_into_the_address() -> None:
    at = run_page("app_pages/dynamodb.py")
    assert at.session_state["dynamodb.pop"] == "zipf", "the fresh page does not draw 'Hot key share'"
    assert "dynamodb.hot_pct" not in at.session_state
    at.button(key="dynamodb.__preset.Celebrity item").click().run()
    query = _query(at, "dynamodb")
    want = DYNAMODB["dynamodb"]["Celebrity item"].values["hot_pct"]
    assert at.session_state["dynamodb.hot_pct"] == want
    assert query["dynamodb.hot_pct"] == f"{want:g}"  # 40, as Streamlit writes a whole float
    assert query["dynamodb.pop"] == "hot"
    # The link opens the same scenario, with no notice about a value it holds.
    opened = run_page("app_pages/dynamodb.py", dict(at.query_params))
    assert not opened.warning, [w.value for w in opened.warning]
    assert opened.session_state["dynamodb.hot_pct"] == want
    assert _query(opened, "dynamodb") == query


def test_a_lesson_opened_by_its_link_writes_every_value_of_its_scenario_with_a_choice_by_its_label() -> None:
    """On a lesson link's first run every control is drawn for the first time; the horizon is a
    choice whose value (1) is not its label ("1 h")."""
    lesson = lessons.get("visibility-duplicates")
    assert lesson is not None and lesson.page == "queues"
    scenario = lesson.scenario(1)
    assert scenario["hours"] == QUEUES["queues"]["Visibility timeout shorter than processing"].values["hours"] == 1
    at = run_page("app_pages/queues.py", {"lesson": lesson.id}, timeout=180)
    query = _query(at, "queues")
    assert query["queues.hours"] == "1 h"
    assert query["queues.proc"] == f"{scenario['proc']:g}"
    opened = run_page("app_pages/queues.py", dict(at.query_params), timeout=180)
    assert not opened.warning, [w.value for w in opened.warning]
    assert opened.session_state["queues.hours"] == 1
    assert opened.session_state["queues.proc"] == scenario["proc"]


POLICIES = "autoscaling_policies"
# A target or threshold slider's range follows the metric (5-100 % CPU, 5-500 req/s per instance),
# so Streamlit re-creates it when the metric changes, and seeds the new widget from the address.
BY_REQUESTS = {f"{POLICIES}.metric": "Requests per instance (req/s)", f"{POLICIES}.threshold": "300"}


def test_a_preset_that_changes_a_sliders_range_keeps_its_own_value_over_the_old_address() -> None:
    at = run_page("app_pages/autoscaling_policies.py", BY_REQUESTS, timeout=120)
    assert at.session_state[f"{POLICIES}.threshold"] == 300
    at.button(key=f"{POLICIES}.__preset.Cooldown too long").click().run()  # ends (it looped before)
    want = AUTOSCALING[POLICIES]["Cooldown too long"].values["threshold"]
    assert at.session_state[f"{POLICIES}.metric"] == "cpu"
    assert at.session_state[f"{POLICIES}.threshold"] == want
    assert not at.warning, [w.value for w in at.warning]  # the learner gave no bad value
    # The old 300 has left the address; the next run binds the slider again and writes the value.
    assert _query(at, POLICIES).get(f"{POLICIES}.threshold") is None
    at.run()
    assert _query(at, POLICIES)[f"{POLICIES}.threshold"] == str(want)


def test_a_range_that_shrinks_under_the_addresss_value_names_it_once_and_ends() -> None:
    at = run_page("app_pages/autoscaling_policies.py", BY_REQUESTS, timeout=120)
    at.radio(key=f"{POLICIES}.metric").set_value("cpu").run()  # ends (it looped before)
    assert at.session_state[f"{POLICIES}.threshold"] == 50
    assert [w.value for w in at.warning if "threshold=300" in w.value]
    assert f"{POLICIES}.threshold" not in at.query_params
