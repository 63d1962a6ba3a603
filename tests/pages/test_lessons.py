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


def test_a_lesson_in_another_edition_says_so_and_offers_its_own() -> None:
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, rules="aws-today", timeout=180)
    assert any("written for the **Course notes**" in i.value for i in at.info)
    at.button(key="__lesson.edition.lower-wcu").click().run()
    assert at.session_state["rules"] == "course" and not at.exception
    assert not any("written for the" in i.value for i in at.info)


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


def test_a_lock_naming_no_control_is_named() -> None:
    at = run_page("app_pages/dynamodb.py", {"lock": "wcu,colour"}, timeout=180)
    assert not at.exception and at.slider(key="dynamodb.wcu").disabled
    assert any("`lock` names `colour`" in w.value for w in at.warning)


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
    # the event log in large print is a plain table (beside the calculator's table, always drawn)
    assert any("why" in t.value.columns for t in at.table) is present
    style = "".join(h.proto.body for h in at.get("html"))
    assert ("--scalelab-chart-fill" in style) is present
    if present:
        assert at.query_params["present"] in ("true", ["true"])


def _chart_payloads(at) -> list[dict]:  # type: ignore[no-untyped-def]
    from views.plotly_chart import CHART, decode_payload

    found = [decode_payload(e.proto.bytes) for e in at.main.get("bidi_component") if e.proto.component_name == CHART]
    return [p for p in found if "figure" in p]


def test_play_starts_the_charts_animation_once() -> None:
    """The lesson's Play sends the page's charts a new play token (the browser then runs each
    animated chart's Replay once); another rerun sends the same token, Answer again and Play a new one."""
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, timeout=180)
    assert not any("play" in p for p in _chart_payloads(at))
    at.button(key="__lesson.play.lower-wcu.1").click().run()
    sent = _chart_payloads(at)
    tokens = {p.get("play") for p in sent}
    assert len(tokens) == 1 and None not in tokens and any(p["figure"].get("anim") for p in sent)
    at.run()
    assert {p.get("play") for p in _chart_payloads(at)} == tokens  # no replay on a plain rerun
    at.button(key="__lesson.again.lower-wcu.1").click().run()
    at.button(key="__lesson.play.lower-wcu.1").click().run()
    again = {p.get("play") for p in _chart_payloads(at)}
    assert len(again) == 1 and again != tokens
    at.button(key="__lesson.leave.lower-wcu").click().run()
    assert not any("play" in p for p in _chart_payloads(at))  # no lesson open: nothing starts by itself


@pytest.mark.parametrize(
    ("given", "edition"), [("aws-today", "aws-today"), ("AWS today", "aws-today"), ("course", "course")]
)
def test_the_rules_edition_in_a_link_takes_its_key_or_its_label(given: str, edition: str) -> None:
    at = run_page("app_pages/dynamodb.py", {"rules": given}, timeout=180)
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.session_state["rules"] == edition


def test_an_unknown_rules_edition_is_named() -> None:
    at = run_page("app_pages/dynamodb.py", {"rules": "aws-yesterday"}, timeout=180)
    assert any("rules=aws-yesterday" in w.value for w in at.warning)
    assert at.session_state["rules"] == "course"


def test_switching_presentation_mode_on_asks_for_the_sidebar_collapsed() -> None:
    """The page config is read before the sidebar: it follows the toggle's new state in the very
    rerun the switch causes (Streamlit then collapses the sidebar), and the sidebar says how to
    close it by hand where the browser remembers an earlier choice."""
    from views import presentation

    at = run_page("app_pages/dynamodb.py", timeout=180)
    assert not any(c.value == presentation.HINT for c in at.sidebar.caption)
    at.toggle(key="present").set_value(True).run()
    assert at.session_state["present"] is True and not at.exception
    assert any(c.value == presentation.HINT for c in at.sidebar.caption)
