"""The class-room pages through the real router (AppTest): starting a room, the instructor's
secret, joining, answering, and links that name no room, a wrong key or garbage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pages.apptest import page_hash, run_page

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
    at = run_page(HOST, {"room": code, "key": key})
    assert not at.exception and not at.warning
    assert _param(at, "key") == key  # the guard kept the page's own parameters
    share = at.sidebar.code[0].value if at.sidebar.code else ""
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


def test_student_joins_answers_and_sees_the_reveal() -> None:
    code, key = _room()
    at = run_page(JOIN, {"room": code})
    assert at.text_input[0].value == code  # prefilled from the scanned link
    at.text_input[1].input("Ada")
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    pid = _param(at, "p")
    assert "Waiting for your instructor" in _texts(at)

    from views.classroom import scenario
    from views.classroom.links import service

    svc = service()
    svc.open_question(code, key, 0)
    at = run_page(JOIN, {"room": code, "p": pid})
    at.number_input[0].set_value(1200.0)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert svc.snapshot(code, pid).mine == "1200"
    svc.reveal(code, key, 0, scenario.true_answer(svc.snapshot(code).lesson_id, 0))
    at = run_page(JOIN, {"room": code, "p": pid})
    text = _texts(at)
    assert "True answer: **1000 environments**" in text and "+200" in text


def test_a_guided_lesson_starts_from_its_panel_and_reveals_the_lab_run_answer() -> None:
    """The lesson panel's button starts a room; the answer Reveal stores is the one the lab page
    computed from its own run of the step (kept in the instructor's session); a lab page opened
    from the room keeps the room's address and links back."""
    from views import lessons
    from views.classroom.links import service
    from views.lessons.panel import truth_key

    lesson = lessons.get("lower-wcu")
    lab_file = f"app_pages/{lesson.page}.py"
    at = run_page(lab_file, {"lesson": lesson.id}, timeout=180)
    truth = at.session_state[truth_key(lesson.id, 1)]
    at = at.button(key=f"classroom.start.{lesson.id}").click().run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    assert "Class room" in at.title[0].value
    code, key = _param(at, "room"), _param(at, "key")
    assert any("on its lab page" in p.proto.label for p in at.get("page_link"))
    at._page_hash = page_hash(HOST)  # AppTest reruns the page it opened, not the one switched to
    at = at.button(key="classroom.open").click().run(timeout=180)
    assert not at.button(key="classroom.reveal").disabled
    at = at.button(key="classroom.reveal").click().run(timeout=180)
    assert not at.exception, [e.value for e in at.exception]
    snap = service().snapshot(code)
    assert snap.state == "revealed" and float(snap.true_answer) == float(truth)

    lab = run_page(lab_file, {"lesson": lesson.id, "room": code, "key": key}, timeout=180)
    assert not lab.exception, [e.value for e in lab.exception]
    assert _param(lab, "key") == key and _param(lab, "room") == code  # kept by the guard
    assert any(f"Back to class room {code}" in p.proto.label for p in lab.get("page_link"))
    assert all(key not in c.value for c in lab.sidebar.code)  # neither the share nor the lock link


def test_a_guided_step_not_run_in_this_session_cannot_be_revealed_yet() -> None:
    from views.classroom.links import start_room

    code, key = start_room("lower-wcu")
    at = run_page(HOST, {"room": code, "key": key})
    at = at.button(key="classroom.open").click().run()
    assert at.button(key="classroom.reveal").disabled
    assert any("Run question 1 on its lab page" in p.proto.label for p in at.get("page_link"))
