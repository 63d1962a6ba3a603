"""The class-room pages through the real router (AppTest): starting a room, the instructor's
secret, joining, answering, and links that name no room, a wrong key or garbage."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.pages.apptest import run_page

HOST, JOIN = "app_pages/classroom_host.py", "app_pages/classroom_join.py"


@pytest.fixture(autouse=True)
def rooms_db(tmp_path, monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Rooms in a temp SQLite file, and a fresh room service for it."""
    from views.classroom.links import service

    monkeypatch.setenv("SCALELAB_DATA_DIR", str(tmp_path))
    service.clear()
    yield
    service.clear()


def _param(at, key: str) -> str:  # type: ignore[no-untyped-def]
    value = at.query_params[key]
    return value if isinstance(value, str) else value[-1]


def _texts(at) -> str:  # type: ignore[no-untyped-def]
    kinds = ("markdown", "subheader", "warning", "info", "success", "caption", "code")
    return " ".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def test_start_a_room_from_the_lesson_picker() -> None:
    at = run_page(HOST)
    assert not at.exception
    assert run_page(HOST, {"lesson": "lambda-concurrency"}).selectbox[0].value == "lambda-concurrency"
    assert "no lesson a room can run" in _texts(run_page(HOST, {"lesson": "nope"}))
    at.selectbox[0].set_value("lambda-concurrency").run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    code, key = _param(at, "room"), _param(at, "key")
    assert len(code) == 6 and len(key) >= 24
    text = _texts(at)
    assert f"/join?room={code}" in text and "Question 1 of 2" in text
    assert [b.label for b in at.button if "Open" in b.label]


def _room() -> tuple[str, str]:
    from views.classroom.links import start_room

    return start_room("lambda-concurrency")


def test_instructor_link_keeps_its_key_but_the_share_link_leaves_it_out() -> None:
    code, key = _room()
    at = run_page(HOST, {"room": code, "key": key}, sidebar=True)
    assert not at.exception and not at.warning
    assert _param(at, "key") == key  # the guard kept the page's own parameters
    share = at.sidebar.code[0].value
    assert key not in share


@pytest.mark.parametrize("wrong", ["", "x", "<script>alert(1)</script>"])
def test_a_wrong_key_controls_nothing(wrong: str) -> None:
    code, _ = _room()
    at = run_page(HOST, {"room": code, "key": wrong})
    assert not at.exception
    assert "instructor's key" in _texts(at)
    assert not [b for b in at.button if b.label.endswith(("Open", "Reveal", "Next", "Close"))]


@pytest.mark.parametrize("code", ["ZZZZZZ", "'; DROP TABLE rooms; --", "9" * 500, "%00"])
def test_unknown_or_garbage_room_codes_get_a_notice(code: str) -> None:
    for page_file, query in ((HOST, {"room": code, "key": "k"}), (JOIN, {"room": code, "p": "p"})):
        at = run_page(page_file, query)
        assert not at.exception, [e.value for e in at.exception]
        assert "no open room" in _texts(at)


def _payloads(at) -> list[dict]:  # type: ignore[no-untyped-def]
    from views.plotly_chart import CHART, decode_payload

    found = [decode_payload(e.proto.bytes) for e in at.main.get("bidi_component") if e.proto.component_name == CHART]
    return [p for p in found if "figure" in p]


def _stored(code: str, key: str, step: int) -> None:
    """Compute and store question ``step``'s answer as the instructor's screen has it done (the
    background job, waited for here)."""
    from views.classroom import answers
    from views.classroom.links import service

    snap = service().snapshot(code)
    answers.ensure(service(), code, key, snap.lesson_id, step)
    answers._job(snap.lesson_id, step).result(timeout=900)
    for _ in range(100):
        if service().snapshot(code, step=step).computed:
            return
        time.sleep(0.1)
    raise AssertionError("the computed answer was not stored")


def test_student_joins_answers_and_sees_the_reveal() -> None:
    code, key = _room()
    at = run_page(JOIN, {"room": code})
    assert at.text_input[0].value == code  # prefilled from the scanned link
    at.text_input[1].input("Ada")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    pid = _param(at, "p")
    assert "Waiting for your instructor" in _texts(at)

    from views.classroom.links import service

    svc = service()
    svc.open_question(code, key, 0)
    at = run_page(JOIN, {"room": code, "p": pid})
    at.number_input[0].set_value(1200.0)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert svc.snapshot(code, pid).mine == "1200"
    _stored(code, key, 0)
    svc.reveal(code, key, 0)  # the stored answer: no session computed it
    at = run_page(JOIN, {"room": code, "p": pid})
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert "True answer: **1000 environments**" in text and "+200" in text
    tally, scene = _payloads(at)  # the class's answers, then the scenario's own chart, playing
    assert tally["figure"]["data"][0]["type"] == "bar" and "play" not in tally
    assert scene["play"] == f"{code}.0" and scene["figure"]["anim"]["cuts"]
    assert any("No limits to scaling a function" in m.value for m in at.markdown)  # the course notes


def test_a_guided_lesson_reveals_the_answer_its_page_computes_with_no_lab_run_in_the_session() -> None:
    """A room of a guided lesson: the server runs the step through its lab page itself (the
    instructor never opened it); the stored answer is the one the lesson page computes, and every
    student's page plays the step's chart with the event-log lines and notes that explain it."""
    from views import lessons
    from views.classroom.links import service, start_room
    from views.lessons.panel import truth_key

    lesson = lessons.get("lower-wcu")
    code, key = start_room(lesson.id)
    host = run_page(HOST, {"room": code, "key": key})
    host = host.button(key="classroom.open").click().run()
    assert host.button(key="classroom.reveal").disabled  # still computing
    assert "running the lesson's scenario" in _texts(host)
    pid = service().join(code)
    service().answer(code, pid, 0, "150")
    _stored(code, key, 0)
    host.run()
    assert not host.button(key="classroom.reveal").disabled
    host = host.button(key="classroom.reveal").click().run()
    assert not host.exception, [e.value for e in host.exception]

    lab = run_page(f"app_pages/{lesson.page}.py", {"lesson": lesson.id}, timeout=300)
    truth = lab.session_state[truth_key(lesson.id, 1)]
    snap = service().snapshot(code, pid)
    assert snap.state == "revealed" and float(snap.true_answer) == float(truth)

    at = run_page(JOIN, {"room": code, "p": pid})
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert f"True answer: **{float(truth):.10g} WCU per partition**" in text and "-50" in text
    scene = _payloads(at)[-1]
    assert scene["play"] == f"{code}.0" and scene["figure"]["anim"]["cuts"]
    assert any("manual update" in str(t.value) for t in at.table)  # the explaining event-log lines
    assert any(lesson.notes in m.value for m in at.markdown)

    lab = run_page(
        f"app_pages/{lesson.page}.py", {"lesson": lesson.id, "room": code, "key": key}, sidebar=True, timeout=300
    )
    assert not lab.exception, [e.value for e in lab.exception]
    assert _param(lab, "key") == key and _param(lab, "room") == code  # kept by the guard
    assert any(f"Back to class room {code}" in p.proto.label for p in lab.get("page_link"))
    assert len(lab.sidebar.code) == 2  # the share and the lock link, both open
    assert all(key not in c.value for c in lab.sidebar.code)  # neither holds the key


def test_a_room_started_from_a_lesson_panel_opens_the_instructor_screen() -> None:
    at = run_page("app_pages/dynamodb.py", {"lesson": "lower-wcu"}, timeout=300)
    at = at.button(key="classroom.start.lower-wcu").click().run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    assert "Class room" in at.title[0].value
    assert len(_param(at, "room")) == 6 and _param(at, "key")
    assert any("on its lab page" in p.proto.label for p in at.get("page_link"))
