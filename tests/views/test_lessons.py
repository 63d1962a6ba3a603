"""Lessons as data: the schema check names the file, the lesson and the field; a bad lesson is
skipped alone; every shipped lesson quotes the course notes word for word and names real presets."""

from __future__ import annotations

from pathlib import Path

import pytest

from views import lessons
from views.catalog import LABS, ROOT
from views.lessons.loader import load, load_file
from views.lessons.model import Option, Step

CORE = ("autoscaling", "kinesis", "dynamodb", "queues", "lambda", "coupling")
GOOD = """
lab: dynamodb
lessons:
  - id: good-one
    page: dynamodb
    title: A good lesson
    notes: RCU and WCU will be equality allocated across partitions
    controls: [wcu]
    steps:
      - preset: Celebrity item
        question: How many partitions?
        kind: number
        tolerance: 0
        unit: partitions
        answer: {last: partitions}
"""


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lessons.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _with(extra: str) -> str:
    return GOOD + extra


BAD_LESSON = """
  - id: bad-one
    page: dynamodb
    title: A bad lesson
    notes: x
    controls: [wcu]
    steps:
      - question: Pick one
        kind: choice
        answer: {last: partitions}
        options: [{label: one}, {label: two, value: 2}]
"""


def test_good_file_loads(tmp_path: Path) -> None:
    found, errors = load_file(_file(tmp_path, GOOD), "dynamodb")
    assert errors == []
    assert [x.id for x in found] == ["good-one"]
    assert found[0].path == "dynamodb" and found[0].scenario(1)["hot_pct"] == 40.0  # the preset's values


def test_a_bad_lesson_is_skipped_alone_with_file_lesson_and_field_named(tmp_path: Path) -> None:
    found, errors = load_file(_file(tmp_path, _with(BAD_LESSON)), "dynamodb")
    assert [x.id for x in found] == ["good-one"]
    (message,) = errors
    assert "lessons.yaml" in message and "'bad-one'" in message
    assert "steps[0].options[0]" in message and "`value` and `between`" in message
    assert "skipped" in message


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("kind: number", "kind: numbr"), "steps[0].kind"),
        (("tolerance: 0", "tolerance: -1"), "steps[0].tolerance"),
        (("    title: A good lesson\n", ""), "missing field: 'title'"),
        (("answer: {last: partitions}", "answer: {maximum: partitions}"), "unknown operator 'maximum'"),
        (("preset: Celebrity item", "preset: No such preset"), "steps[0].preset"),
        (("page: dynamodb", "page: kinesis"), "`page`: 'kinesis' is no page of the dynamodb lab"),
        (("id: good-one", "id: Good One"), "`id`"),
        (("    controls: [wcu]\n", "    controls: [wcu]\n    colour: red\n"), "unknown field(s): 'colour'"),
    ],
)
def test_each_bad_field_is_named(tmp_path: Path, change: tuple[str, str], named: str) -> None:
    found, errors = load_file(_file(tmp_path, GOOD.replace(*change)), "dynamodb")
    assert found == []
    (message,) = errors
    assert named in message and message.startswith("`lessons.yaml`, lesson '") and "skipped" in message, message


@pytest.mark.parametrize(
    "text", ["lab: [unclosed", "just text", "lab: dynamodb\nlessons: []\n", "lab: dynamodb\nlessons: 3\n"]
)
def test_a_file_that_is_no_lessons_file_is_skipped_whole(tmp_path: Path, text: str) -> None:
    found, errors = load_file(_file(tmp_path, text), "dynamodb")
    assert found == [] and len(errors) == 1 and "lessons.yaml" in errors[0] and "skipped" in errors[0]


def test_a_file_of_another_lab_is_refused(tmp_path: Path) -> None:
    found, errors = load_file(_file(tmp_path, GOOD), "kinesis")
    assert found == [] and "belongs to the 'kinesis' lab" in errors[0]


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    for package in ("dynamodb", "kinesis"):
        (tmp_path / "views" / package).mkdir(parents=True)
    (tmp_path / "views" / "dynamodb" / "lessons.yaml").write_text(GOOD, encoding="utf-8")
    other = GOOD.replace("lab: dynamodb", "lab: kinesis").replace("page: dynamodb", "page: kinesis")
    (tmp_path / "views" / "kinesis" / "lessons.yaml").write_text(other.replace("preset: Celebrity item\n        ", ""))
    found, errors = load(tmp_path)
    assert [x.lab for x in found] == ["kinesis"]  # catalogue order: Kinesis comes first
    assert "views/dynamodb/lessons.yaml" in errors[0] and "already used" in errors[0]


def test_shipped_lessons_load_without_errors() -> None:
    assert lessons.load_errors() == ()


def test_every_core_lab_has_three_lessons_and_every_other_lab_one() -> None:
    labs = {p.lab for p in LABS if p.lab not in ("home", "load", "classroom")}
    for lab in labs:
        assert len(lessons.for_lab(lab)) >= (3 if lab in CORE else 1), lab


def _course_notes() -> str | None:
    """The course notes, kept beside the project (``../shared/reference`` of the main checkout)."""
    for parent in (ROOT.parent, ROOT.parent.parent):
        path = parent / "shared" / "reference" / "course-notes.md"
        if path.is_file():
            return " ".join(path.read_text(encoding="utf-8").split())
    return None


def test_every_lesson_quotes_the_course_notes_in_their_own_words() -> None:
    notes = _course_notes()
    if notes is None:
        pytest.skip("the course notes (shared/reference/course-notes.md) are not beside this checkout")
    for lesson in lessons.all_lessons():
        assert lesson.notes in notes, (lesson.id, lesson.notes)


def test_links_and_lookup() -> None:
    assert lessons.link("lower-wcu") == "/dynamodb?lesson=lower-wcu"
    assert lessons.link("lower-wcu", 2) == "/dynamodb?lesson=lower-wcu&step=2"
    assert lessons.get("cooldown-peak").path == "autoscaling-policies"
    assert lessons.get("no-such-lesson") is None
    with pytest.raises(KeyError):
        lessons.link("no-such-lesson")


def test_a_later_step_changes_the_earlier_scenario() -> None:
    lesson = lessons.get("lower-wcu")
    assert lesson.scenario(1)["launch_wcu"] == 2500 and lesson.scenario(2)["launch_wcu"] == 5000
    assert lesson.scenario(2)["wcu"] == lesson.scenario(1)["wcu"]


def test_options_and_verdicts() -> None:
    bins = (Option("low", between=(0, 10)), Option("high", between=(10, 1e12)))
    choice = Step("q", "choice", {"max": "x"}, options=bins)
    assert choice.right(3.0, 0) and not choice.right(3.0, 1) and choice.truth_label(12) == "high"
    yes_no = Step("q", "choice", {"max": "x"}, options=(Option("yes", True), Option("no", False)))
    assert yes_no.right(False, 1) and not yes_no.right(0, 1)  # 0 is no truth value
    number = Step("q", "number", {"max": "x"}, tolerance=10, unit="WCU")
    assert number.right(200, 209.5) and not number.right(200, 211) and not number.right(200, None)
    assert number.truth_label(200.0) == "200 WCU"


def test_a_step_run_headless_gives_its_answer_and_the_scene_a_reveal_shows() -> None:
    """With no learner's session: the step is run through its page (the lesson's preset and
    change applied) and its answer, main chart, explaining event-log lines and notes come back."""
    from views.classroom.answers import room_answer
    from views.lessons.headless import run_step

    lesson = lessons.get("lower-wcu")
    first, second = run_step(lesson.id, 1), run_step(lesson.id, 2)
    assert first["truth"] == 200.0 and first["label"] == "200 WCU per partition"  # 800 WCU over 4 partitions
    assert second["truth"] < first["truth"]  # a bigger launch leaves more partitions: a thinner share each
    for scene, step in ((first, 1), (second, 2)):
        assert scene["figure"]["anim"]["cuts"] and scene["figure"]["layout"]["updatemenus"]  # animated, with Play
        assert {e["what"] for e in scene["events"]} <= {k.replace("_", " ") for k in lesson.steps[step - 1].events}
        assert scene["events"] and scene["notes"] == lesson.notes and scene["link"] == lesson.link(step)
        assert (scene["rules"], scene["seed"]) == ("course", 0)
    choice = lessons.get("flash-crowd-drops")
    scene = run_step(choice.id, 1)
    label = room_answer(choice.id, 0, scene["truth"])
    assert [o.label for o in choice.steps[0].options].count(label) == 1 and label == scene["label"]


@pytest.mark.parametrize(
    "lesson",
    [ls[0] for ls in (lessons.for_lab(lab) for lab in dict.fromkeys(p.lab for p in LABS)) if ls],
    ids=lambda x: x.id,
)
def test_each_labs_first_lesson_runs_headless_with_its_main_chart(lesson) -> None:  # type: ignore[no-untyped-def]
    """A class room can reveal a lesson of every lab: the page's answer and its own main chart."""
    from views.lessons.headless import run_step

    scene = run_step(lesson.id, 1)
    assert scene["label"] == lesson.steps[0].truth_label(scene["truth"])
    assert scene["figure"] and scene["figure"]["data"], "no chart was captured"
