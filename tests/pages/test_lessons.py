"""Every lesson runs on its page: its answer is computed from that run (finite, or exactly one
option), in each rules edition it names; its controls are drawn; a broken lessons file costs only
its lessons; instructor locks disable controls with a note; presentation mode follows the URL."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import views.lessons as lessons_api
from tests.pages.apptest import run_page
from views import lessons
from views.catalog import LABS
from views.controls import DRAWN, LOCK_NOTE
from views.lessons import loader
from views.lessons.panel import truth_key

CASES = [
    pytest.param(lesson, step, edition, id=f"{lesson.id}-{step}-{edition}")
    for lesson in lessons.all_lessons()
    for edition in lesson.editions
    for step in range(1, len(lesson.steps) + 1)
]


def _file(lesson: lessons.Lesson) -> str:
    return next(p.file for p in LABS if p.prefix == lesson.page)


@pytest.mark.parametrize(("lesson", "step", "edition"), CASES)
def test_every_lesson_step_computes_its_answer(lesson: lessons.Lesson, step: int, edition: str) -> None:
    query = {"lesson": lesson.id, **({"step": str(step)} if step > 1 else {})}
    at = run_page(_file(lesson), query, rules=edition, timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning, [w.value for w in at.warning]
    truth = at.session_state[truth_key(lesson.id, step)]
    current = lesson.steps[step - 1]
    if current.kind == "number":
        assert isinstance(truth, (int, float)) and not isinstance(truth, bool) and math.isfinite(truth), truth
        assert 0 <= current.tolerance <= max(abs(truth), 1.0), "a tolerance as large as the answer tells nothing"
    else:
        holding = [o.label for o in current.options if o.holds(truth)]
        assert len(holding) == 1, (truth, holding)
    page, drawn = at.session_state[DRAWN]
    assert page == lesson.page and set(lesson.controls) <= set(drawn), set(lesson.controls) - set(drawn)
    for name, value in lesson.scenario(step).items():  # the scenario was applied
        assert at.session_state[f"{lesson.page}.{name}"] == value, name


def test_play_reveals_the_answer_the_guess_and_the_notes() -> None:
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, timeout=180)
    at.number_input(key="__lesson.answer.lower-wcu.1").set_value(150.0).run()
    at.button(key="__lesson.play.lower-wcu.1").click().run()
    truth = at.session_state[truth_key("lower-wcu", 1)]
    verdict = next(w.value for w in at.warning if "The answer" in w.value)
    assert f"{truth:,.4g} WCU per partition" in verdict and "You said 150" in verdict
    assert any(lessons.get("lower-wcu").notes in m.value for m in at.markdown)
    assert any("manual update" in str(t.value) for t in at.table)  # the explaining event-log lines
    at.button(key="__lesson.next.lower-wcu.1").click().run()
    assert at.query_params["step"] in ("2", ["2"]) and not at.exception
    assert at.session_state["dynamodb.launch_wcu"] == 5000  # step 2's change is applied


def test_a_lesson_shows_only_its_controls_the_rest_under_all_controls() -> None:
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, timeout=180)
    all_controls = next(e for e in at.expander if e.label == "All controls")
    inside = {w.key for w in all_controls.slider}
    assert "dynamodb.rcu" in inside and "dynamodb.wcu" not in inside


def test_leaving_the_lesson_shows_the_whole_page() -> None:
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, timeout=180)
    at.button(key="__lesson.leave.lower-wcu").click().run()
    assert "lesson" not in at.query_params and not at.exception
    assert not any(e.label == "All controls" for e in at.expander)
    assert at.session_state["dynamodb.launch_wcu"] == 2500  # the scenario stays


def test_an_unknown_lesson_is_named_and_the_page_runs() -> None:
    at = run_page("app_pages/kinesis.py", {"lesson": "lower-wcu"}, timeout=180)
    assert not at.exception
    assert any("lesson=lower-wcu" in w.value and "hot-shard" in w.value for w in at.warning)
    assert "lesson" not in at.query_params


def test_a_broken_lessons_file_costs_only_its_lessons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "views" / "dynamodb"
    package.mkdir(parents=True)
    good = (Path(loader.ROOT) / "views" / "dynamodb" / "lessons.yaml").read_text(encoding="utf-8")
    package.joinpath("lessons.yaml").write_text(good.replace("kind: choice", "kind: multiple"), encoding="utf-8")
    broken = loader.load(tmp_path)
    assert broken[1] and "zero-traffic-night" in broken[1][0] and "kind" in broken[1][0]
    monkeypatch.setattr(lessons_api, "loaded", lambda: broken)
    at = run_page("app_pages/dynamodb.py", {"lesson": "zero-traffic-night"}, timeout=180)
    assert not at.exception and not at.error
    assert any("views/dynamodb/lessons.yaml" in w.value and "steps[0].kind" in w.value for w in at.warning)
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, timeout=180)  # the others still run
    assert not at.exception and truth_key("lower-wcu", 1) in at.session_state
    at = run_page("app_pages/home.py", timeout=180)
    assert not at.exception and any("zero-traffic-night" in w.value for w in at.warning)


def test_a_lock_disables_the_control_and_shows_the_note() -> None:
    at = run_page("app_pages/dynamodb.py", {"dynamodb.wcu": "800", "lock": "wcu,kinesis.shards"}, timeout=180)
    assert not at.exception and not at.warning
    wcu, rcu = at.slider(key="dynamodb.wcu"), at.slider(key="dynamodb.rcu")
    assert wcu.disabled and wcu.value == 800 and not rcu.disabled
    assert any(c.value == LOCK_NOTE for c in at.caption)
    assert any("does not secure" in c.value for c in at.caption)
    at.button(key="dynamodb.__preset.Celebrity item").click().run()  # a preset leaves a locked control alone
    assert at.slider(key="dynamodb.wcu").value == 800 and at.slider(key="dynamodb.rcu").value == 6000


def test_a_lock_by_page_prefix_and_a_locked_global_setting() -> None:
    at = run_page("app_pages/kinesis.py", {"lock": "kinesis.shards,dynamodb.wcu,rules"}, timeout=180)
    assert at.slider(key="kinesis.shards").disabled
    assert at.radio(key="rules").disabled


@pytest.mark.parametrize("present", [True, False])
def test_presentation_mode_follows_the_url(present: bool) -> None:
    query = {"present": "true"} if present else {}
    at = run_page("app_pages/dynamodb.py", query, timeout=180)
    assert not at.exception and not at.warning
    assert at.toggle(key="present").value is present
    assert bool(at.table) is present  # the event log in large print is a plain table
    style = "".join(h.proto.body for h in at.get("html"))
    assert ("--scalelab-chart-fill" in style) is present
    if present:
        assert at.query_params["present"] in ("true", ["true"])
