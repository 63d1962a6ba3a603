"""Class rooms on a real database (an SQLite file and a PostgreSQL server): the lifecycle, one
answer per student per question, the instructor's secret, expiry after 24 hours."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, inspect, select, text

from classroom.models import Answer, Participant, Question, Room
from classroom.service import (
    ALPHABET,
    CODE_LENGTH,
    BadAnswer,
    NotAllowed,
    QuestionSpec,
    RoomGone,
    RoomService,
)

PEAK = QuestionSpec("How many environments at the peak?", "number", tolerance=0.1, unit="environments")
SHARD = QuestionSpec("Which shard throttles?", "choice", options=("shard 0", "shard 1", "none"))


@pytest.fixture
def svc(engine, clock) -> RoomService:  # type: ignore[no-untyped-def]
    return RoomService(engine, clock=clock)


def rows(engine, table) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_schema_comes_from_the_migration(engine) -> None:  # type: ignore[no-untyped-def]
    names = set(inspect(engine).get_table_names())
    assert {"rooms", "questions", "participants", "answers", "alembic_version"} <= names
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"


def test_sqlite_file_is_in_wal_mode(tmp_path) -> None:
    from classroom.db import open_engine

    path = tmp_path / "sub" / "rooms.sqlite3"
    open_engine(f"sqlite:///{path}").dispose()
    assert path.is_file()  # created on first use, folder and all
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_room_lifecycle(svc) -> None:  # type: ignore[no-untyped-def]
    code, key = svc.create_room("lambda-concurrency", [PEAK, SHARD])
    assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
    snap = svc.snapshot(code)
    assert (snap.step, snap.steps, snap.state, snap.lesson_id) == (0, 2, "pending", "lambda-concurrency")
    assert snap.question == PEAK and snap.true_answer is None
    pid = svc.join(code.lower(), "Ada")  # a typed code in lower case still joins
    with pytest.raises(BadAnswer, match="not open"):
        svc.answer(code, pid, 0, 5)
    svc.open_question(code, key, 0)
    assert svc.snapshot(code, pid).state == "open"
    assert svc.answer(code, pid, 0, "1,000") == "1000"
    svc.close_question(code, key, 0)
    with pytest.raises(BadAnswer, match="not open"):
        svc.answer(code, pid, 0, 7)
    svc.reveal(code, key, 0, 1234.0)
    snap = svc.snapshot(code, pid)
    assert (snap.state, snap.true_answer, snap.mine, snap.tally.numbers) == ("revealed", "1234", "1000", (1000.0,))
    with pytest.raises(BadAnswer, match="revealed"):
        svc.open_question(code, key, 0)
    assert svc.next_question(code, key) == 1
    snap = svc.snapshot(code, pid)
    assert (snap.step, snap.state, snap.question, snap.mine) == (1, "pending", SHARD, None)
    assert svc.next_question(code, key) == 1  # the last question stays the last
    svc.open_question(code, key, 1)
    svc.answer(code, pid, 1, "shard 1")
    svc.reveal(code, key, 1, "shard 1")
    snap = svc.snapshot(code)
    assert snap.tally.counts == {"shard 0": 0, "shard 1": 1, "none": 0} and snap.true_answer == "shard 1"
    assert svc.snapshot(code, step=0).tally.total == 1  # earlier questions keep their answers


def test_one_answer_per_student_per_question(svc, engine) -> None:  # type: ignore[no-untyped-def]
    code, key = svc.create_room("kinesis-hot-key", [SHARD, PEAK])
    students = [svc.join(code) for _ in range(5)]
    svc.open_question(code, key, 0)
    for pid in students:
        svc.answer(code, pid, 0, "shard 0")
    svc.answer(code, students[0], 0, "none")  # a second answer replaces the first
    svc.answer(code, students[0], 0, "shard 1")
    tally = svc.snapshot(code).tally
    assert tally.total == 5 and tally.counts == {"shard 0": 4, "shard 1": 1, "none": 0}
    assert rows(engine, Answer) == 5
    assert svc.snapshot(code, students[0]).mine == "shard 1"
    with pytest.raises(BadAnswer, match="not one of the options"):
        svc.answer(code, students[1], 0, "shard 7")
    svc.open_question(code, key, 1)  # opening question 2 closes question 1
    assert svc.snapshot(code, step=0).state == "closed"
    for bad in ("nan", "inf", "1e400", "lots", "-2e12"):
        with pytest.raises(BadAnswer):
            svc.answer(code, students[1], 1, bad)
    assert svc.snapshot(code).tally.total == 0


def test_concurrent_answers_none_lost(svc) -> None:  # type: ignore[no-untyped-def]
    code, key = svc.create_room("lesson", [PEAK])
    students = [svc.join(code, f"s{i}") for i in range(40)]
    svc.open_question(code, key, 0)

    def both(i: int) -> None:  # every student answers twice at once with others
        svc.answer(code, students[i], 0, i)
        svc.answer(code, students[i], 0, i + 100)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(both, range(40)))
    tally = svc.snapshot(code).tally
    assert tally.total == 40 and tally.numbers == tuple(float(i + 100) for i in range(40))


def test_a_student_key_cannot_control_the_room(svc) -> None:  # type: ignore[no-untyped-def]
    code, key = svc.create_room("lesson", [PEAK, SHARD])
    other_code, other_key = svc.create_room("lesson", [PEAK])
    pid = svc.join(code)
    assert svc.is_instructor(code, key) and not svc.is_instructor(code, pid)
    for wrong in ("", pid, key[:-1], key + "x", other_key, key.upper() if key != key.upper() else key.lower()):
        for act in (
            lambda k: svc.open_question(code, k, 0),
            lambda k: svc.close_question(code, k, 0),
            lambda k: svc.reveal(code, k, 0, 1),
            lambda k: svc.next_question(code, k),
        ):
            with pytest.raises(NotAllowed):
                act(wrong)
    assert svc.snapshot(code).state == "pending" and svc.snapshot(code).step == 0
    with pytest.raises(NotAllowed):
        svc.answer(other_code, pid, 0, 1)  # a participant of one room cannot answer in another


def test_secret_is_stored_hashed(svc, engine) -> None:  # type: ignore[no-untyped-def]
    code, key = svc.create_room("lesson", [PEAK])
    with engine.connect() as conn:
        stored = conn.execute(select(Room.secret_hash).where(Room.code == code)).scalar_one()
    assert key not in stored and len(stored) == 64


def test_rooms_expire_after_24_hours_and_their_rows_go(svc, engine, clock) -> None:  # type: ignore[no-untyped-def]
    old, key = svc.create_room("lesson", [PEAK, SHARD])
    pid = svc.join(old, "Ada")
    svc.open_question(old, key, 0)
    svc.answer(old, pid, 0, 3)
    clock.advance(hours=23, minutes=59)
    keep, _ = svc.create_room("lesson", [PEAK])
    assert svc.snapshot(old).tally.total == 1  # still there a minute before the end
    clock.advance(minutes=1)
    with pytest.raises(RoomGone, match="24 hours"):
        svc.snapshot(old)  # gone for everyone at once, purge or not
    with pytest.raises(RoomGone):
        svc.join(old)
    svc.purge_expired()  # (access after a minute has purged already; an explicit purge is the same)
    assert rows(engine, Room) == 1 and rows(engine, Question) == 1
    assert rows(engine, Participant) == 0 and rows(engine, Answer) == 0
    assert svc.snapshot(keep).steps == 1


def test_purge_deletes_only_expired_rooms(engine, clock) -> None:  # type: ignore[no-untyped-def]
    svc = RoomService(engine, clock=clock)
    for _ in range(3):
        svc.create_room("lesson", [PEAK])
    clock.advance(hours=12)
    svc.create_room("lesson", [PEAK])
    clock.advance(hours=12)
    assert RoomService(engine, clock=clock).purge_expired() == 3
    assert rows(engine, Room) == 1


def test_purge_runs_on_access(svc, engine, clock) -> None:  # type: ignore[no-untyped-def]
    svc.create_room("lesson", [PEAK])
    clock.advance(hours=25)
    svc.create_room("lesson", [PEAK])  # any access more than a minute after the last purge
    assert rows(engine, Room) == 1


def test_unknown_room_and_bad_questions(svc) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RoomGone, match="no open room"):
        svc.join("ZZZZZZ")
    with pytest.raises(ValueError, match="at least one question"):
        svc.create_room("lesson", [])
    with pytest.raises(ValueError, match="two options"):
        QuestionSpec("?", "choice", options=("only",))
    with pytest.raises(ValueError, match="kind"):
        QuestionSpec("?", "essay")


def test_a_stored_answer_is_hidden_until_the_reveal_and_needs_no_session(svc, engine, clock) -> None:  # type: ignore[no-untyped-def]
    """The answer the server computed lives in the question's row: a second service on the same
    database (another replica) reveals it, and the scene is read only after the reveal."""
    code, key = svc.create_room("lower-wcu", [PEAK, SHARD])
    pid = svc.join(code)
    svc.open_question(code, key, 0)
    assert not svc.snapshot(code).computed
    with pytest.raises(LookupError, match="still being computed"):
        svc.reveal(code, key, 0)
    with pytest.raises(NotAllowed):
        svc.store_truth(code, pid, 0, 1.0, "{}")  # a student's id is no key
    svc.store_truth(code, key, 0, 2500.0, '{"figure": {}}')
    snap = svc.snapshot(code, pid)
    assert snap.computed and snap.true_answer is None and svc.scene(code, 0) is None  # nothing leaks
    other = RoomService(engine, clock=clock)  # another replica (same time): no session, no lesson run of its own
    other.reveal(code, key, 0)
    snap = svc.snapshot(code, pid)
    assert (snap.state, snap.true_answer) == ("revealed", "2500")
    assert other.scene(code, 0) == '{"figure": {}}'
    with engine.connect() as conn:  # the scene is a column of the question's row
        assert (
            conn.execute(select(Question.truth).where(Question.room_code == code, Question.step == 0)).scalar_one()
            == "2500"
        )


def test_the_migration_adds_the_answer_columns_to_a_0001_database(tmp_path) -> None:
    """A database made by revision 0001 (rooms already in it) is brought to 0002 on first use."""
    from sqlalchemy import create_engine

    from classroom.db import open_engine, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_engine(url)
    upgrade(old, "0001")
    assert "truth" not in {c["name"] for c in inspect(old).get_columns("questions")}
    with old.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO rooms (code, lesson_id, secret_hash, current_step, created_at, expires_at) "
                "VALUES ('ABCDEF', 'x', 'h', 0, '2026-12-01', '2126-12-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO questions (room_code, step, text, kind, options) VALUES ('ABCDEF', 0, 'q', 'number', '[]')"
            )
        )
    old.dispose()
    eng = open_engine(url)
    assert {"truth", "scene"} <= {c["name"] for c in inspect(eng).get_columns("questions")}
    with eng.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM questions WHERE truth IS NULL")).scalar_one() == 1
    eng.dispose()
