"""A value that code sets on a control drawn for the first time in the session (a preset turning on
what shows it, a lesson opened by its link) reaches the address, written as Streamlit writes a
widget's value (a choice by its label), so the link opens the same scenario.

Streamlit writes a value set from code into the address only for a widget that existed in the run
before; ``views.controls.Controls`` writes the others just before their widget is created.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import run_page
from views import lessons
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
