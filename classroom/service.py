"""The room service: create a room for a lesson, let students join and answer, let the
instructor (and only the instructor) open, close and reveal questions.

Every method is one short transaction, so many server replicas can share one database. Lessons
are opaque here: a room stores the lesson id and a snapshot of each question (:class:`QuestionSpec`);
the true answer is computed by the server from the lesson on the engine and stored on the question
(:meth:`RoomService.store_truth`, hidden until the reveal), so :meth:`RoomService.reveal` needs no
instructor's session and every replica and student page reads the same answer and scene.

The instructor's secret is random (``secrets.token_urlsafe``), carried only in the instructor's
link, stored as its SHA-256 (enough for a high-entropy random token) and compared in constant
time. Answers hold the value only: a participant is a random id with an optional nickname.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from classroom.models import Answer, Participant, Question, Room

__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "KINDS",
    "ROOM_LIFETIME",
    "STATES",
    "BadAnswer",
    "NotAllowed",
    "QuestionSpec",
    "RoomGone",
    "RoomService",
    "Snapshot",
    "Tally",
    "normalise_code",
]

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed without doubt
CODE_LENGTH = 6
ROOM_LIFETIME = timedelta(hours=24)
PURGE_EVERY = timedelta(minutes=1)  # purge expired rooms at most this often on access
KINDS = ("choice", "number")
STATES = ("pending", "open", "closed", "revealed")
NICKNAME_MAX = 40
NUMBER_LIMIT = 1e12


class RoomGone(LookupError):
    """No such room, or it has expired (rooms live 24 h)."""


class NotAllowed(PermissionError):
    """The instructor's key is missing or wrong."""


class BadAnswer(ValueError):
    """An answer that this question cannot take (closed, not an option, not a number)."""


@dataclass(frozen=True)
class QuestionSpec:
    """A lesson question as a room stores it: what is asked and how answers are read."""

    text: str
    kind: str = "number"
    options: tuple[str, ...] = ()
    tolerance: float = 0.0
    unit: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"question kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError("a multiple-choice question needs at least two options")
        if not (math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise ValueError(f"tolerance must be a finite number >= 0, got {self.tolerance!r}")


@dataclass(frozen=True)
class Tally:
    """The class's answers to one question: counts per option, or the numbers given."""

    total: int
    counts: dict[str, int] = field(default_factory=dict)  # choice: option -> answers
    numbers: tuple[float, ...] = ()  # number: every value given


@dataclass(frozen=True)
class Snapshot:
    """One poll of a room: what a student or the instructor sees now."""

    code: str
    lesson_id: str
    step: int
    steps: int
    question: QuestionSpec
    state: str
    true_answer: str | None
    tally: Tally
    participants: int
    mine: str | None = None  # this participant's answer, if any
    expires_at: datetime | None = None
    computed: bool = False  # the server has computed (and stored) this question's answer


def normalise_code(raw: str) -> str:
    """A typed join code as stored: upper case, spaces and dashes dropped."""
    return re.sub(r"[^A-Z0-9]", "", str(raw).upper())[:12]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(t: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


class RoomService:
    """Rooms on one database. ``clock`` returns the current UTC time (injected by tests)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = _now) -> None:
        self.engine = engine
        self.clock = clock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._last_purge: datetime | None = None

    # ---- housekeeping --------------------------------------------------------------------

    def purge_expired(self) -> int:
        """Delete every expired room with its questions, participants and answers; how many rooms."""
        now = self.clock()
        self._last_purge = now
        with self._sessions.begin() as s:
            codes = select(Room.code).where(Room.expires_at <= now)
            questions = select(Question.id).where(Question.room_code.in_(codes))
            s.execute(delete(Answer).where(Answer.question_id.in_(questions)))
            s.execute(delete(Participant).where(Participant.room_code.in_(codes)))
            s.execute(delete(Question).where(Question.room_code.in_(codes)))
            return int(s.execute(delete(Room).where(Room.expires_at <= now)).rowcount or 0)

    def _maybe_purge(self) -> None:
        if self._last_purge is None or self.clock() - self._last_purge >= PURGE_EVERY:
            self.purge_expired()

    def _room(self, s: Session, code: str) -> Room:
        room = s.get(Room, normalise_code(code))
        if room is None or _aware(room.expires_at) <= self.clock():
            raise RoomGone(f"no open room has the code {normalise_code(code) or '(empty)'}; rooms last 24 hours")
        return room

    def _question(self, s: Session, code: str, step: int) -> Question:
        q = s.execute(select(Question).where(Question.room_code == code, Question.step == step)).scalar_one_or_none()
        if q is None:
            raise LookupError(f"room {code} has no question {step + 1}")
        return q

    def _instructor(self, s: Session, code: str, key: str) -> Room:
        room = self._room(s, code)
        if not hmac.compare_digest(_hash(str(key or "")), room.secret_hash):
            raise NotAllowed("only the instructor's link can open, close or reveal a question")
        return room

    # ---- the instructor ------------------------------------------------------------------

    def create_room(self, lesson_id: str, questions: Sequence[QuestionSpec]) -> tuple[str, str]:
        """A new room for ``lesson_id`` holding a snapshot of ``questions``: ``(code, secret)``.
        The secret is returned once and only its hash is kept."""
        if not questions:
            raise ValueError("a room needs at least one question")
        self._maybe_purge()
        secret = secrets.token_urlsafe(24)
        now = self.clock()
        for _ in range(20):
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with self._sessions.begin() as s:
                    s.add(
                        Room(
                            code=code,
                            lesson_id=str(lesson_id),
                            secret_hash=_hash(secret),
                            current_step=0,
                            created_at=now,
                            expires_at=now + ROOM_LIFETIME,
                        )
                    )
                    s.flush()
                    for i, q in enumerate(questions):
                        s.add(
                            Question(
                                room_code=code,
                                step=i,
                                text=q.text,
                                kind=q.kind,
                                options=list(q.options),
                                tolerance=float(q.tolerance),
                                unit=q.unit,
                                state="pending",
                            )
                        )
                return code, secret
            except IntegrityError:  # the code is taken: draw another
                continue
        raise RuntimeError("could not find a free room code")

    def is_instructor(self, code: str, key: str) -> bool:
        """Whether ``key`` is this room's instructor secret."""
        with self._sessions() as s:
            try:
                self._instructor(s, code, key)
            except NotAllowed:
                return False
            return True

    def _set_state(self, code: str, key: str, step: int, state: str, true_answer: str | None = None) -> None:
        code = normalise_code(code)
        with self._sessions.begin() as s:
            room = self._instructor(s, code, key)
            q = self._question(s, code, step)
            if state == "open":
                if q.state == "revealed":
                    raise BadAnswer("this question has been revealed; move on to the next one")
                # one open question at a time: the room follows the instructor
                s.execute(
                    update(Question)
                    .where(Question.room_code == code, Question.state == "open", Question.step != step)
                    .values(state="closed")
                )
                room.current_step = step
            if state == "closed" and q.state != "open":
                return
            q.state = state
            if true_answer is not None:
                q.true_answer = true_answer

    def store_truth(self, code: str, key: str, step: int, truth: float | str, scene: str | None = None) -> None:
        """Keep the answer of question ``step`` that the server computed from the lesson (shown
        to nobody until the reveal) and ``scene``, the JSON of what the reveal draws."""
        code = normalise_code(code)
        with self._sessions.begin() as s:
            self._instructor(s, code, key)
            q = self._question(s, code, step)
            q.truth = _shown(truth)
            q.scene = scene

    def scene(self, code: str, step: int) -> str | None:
        """The stored scene of question ``step`` once it is revealed (``None`` before, or if none)."""
        code = normalise_code(code)
        with self._sessions() as s:
            self._room(s, code)
            q = self._question(s, code, step)
            return q.scene if q.state == "revealed" else None

    def open_question(self, code: str, key: str, step: int) -> None:
        """Open question ``step`` for answers (closing any other open one)."""
        self._set_state(code, key, step, "open")

    def close_question(self, code: str, key: str, step: int) -> None:
        """Stop taking answers to question ``step``."""
        self._set_state(code, key, step, "closed")

    def reveal(self, code: str, key: str, step: int, true_answer: float | str | None = None) -> None:
        """Close question ``step`` and show everyone its answer: ``true_answer`` if given, else
        the one stored by :meth:`store_truth` (``LookupError`` while none is)."""
        if true_answer is None:
            code = normalise_code(code)
            with self._sessions() as s:
                self._instructor(s, code, key)
                stored = self._question(s, code, step).truth
            if stored is None:
                raise LookupError("the answer of this question is still being computed; try again in a moment")
            true_answer = stored
        self._set_state(code, key, step, "revealed", _shown(true_answer))

    def next_question(self, code: str, key: str) -> int:
        """Move the room to the next question (still closed until opened); the new step."""
        code = normalise_code(code)
        with self._sessions.begin() as s:
            room = self._instructor(s, code, key)
            steps = s.execute(select(func.count()).where(Question.room_code == code)).scalar_one()
            room.current_step = min(room.current_step + 1, steps - 1)
            return room.current_step

    # ---- students --------------------------------------------------------------------------

    def join(self, code: str, nickname: str | None = None) -> str:
        """A new participant in room ``code``: its random id (kept in the student's link)."""
        self._maybe_purge()
        nick = (nickname or "").strip()[:NICKNAME_MAX] or None
        with self._sessions.begin() as s:
            room = self._room(s, code)
            pid = secrets.token_urlsafe(12)
            s.add(Participant(id=pid, room_code=room.code, nickname=nick, joined_at=self.clock()))
            return pid

    def is_participant(self, code: str, pid: str) -> bool:
        """Whether ``pid`` joined room ``code``."""
        with self._sessions() as s:
            p = s.get(Participant, str(pid or ""))
            return p is not None and p.room_code == normalise_code(code)

    def _value(self, q: Question, raw: object) -> str:
        if q.kind == "choice":
            if str(raw) not in q.options:
                raise BadAnswer(f"{str(raw)[:40]!r} is not one of the options: {', '.join(q.options)}")
            return str(raw)
        try:
            x = float(str(raw).strip().replace(",", ""))
        except ValueError:
            raise BadAnswer(f"{str(raw)[:40]!r} is not a number") from None
        if not math.isfinite(x) or abs(x) > NUMBER_LIMIT:
            raise BadAnswer(f"the answer must be a finite number between -{NUMBER_LIMIT:g} and {NUMBER_LIMIT:g}")
        return f"{x:.10g}"

    def answer(self, code: str, pid: str, step: int, value: object) -> str:
        """Record participant ``pid``'s answer to question ``step`` (a second answer replaces the
        first); the value as stored."""
        code = normalise_code(code)
        with self._sessions.begin() as s:
            self._room(s, code)
            p = s.get(Participant, str(pid or ""))
            if p is None or p.room_code != code:
                raise NotAllowed("join the room before answering")
            q = self._question(s, code, step)
            if q.state != "open":
                raise BadAnswer("this question is not open for answers")
            stored = self._value(q, value)
            row = {"question_id": q.id, "participant_id": p.id, "value": stored, "answered_at": self.clock()}
            dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
            stmt = dialect.insert(Answer).values(**row)
            s.execute(
                stmt.on_conflict_do_update(
                    index_elements=["question_id", "participant_id"],
                    set_={"value": stmt.excluded.value, "answered_at": stmt.excluded.answered_at},
                )
            )
            return stored

    # ---- what everyone sees --------------------------------------------------------------------

    def snapshot(self, code: str, pid: str | None = None, step: int | None = None) -> Snapshot:
        """The room now: its current question (or ``step``), its state, the class's answers and,
        for a participant, their own answer."""
        self._maybe_purge()
        code = normalise_code(code)
        with self._sessions() as s:
            room = self._room(s, code)
            at = room.current_step if step is None else step
            q = self._question(s, code, at)
            steps = s.execute(select(func.count()).where(Question.room_code == code)).scalar_one()
            people = s.execute(select(func.count()).where(Participant.room_code == code)).scalar_one()
            values = s.execute(select(Answer.value).where(Answer.question_id == q.id)).scalars().all()
            mine = None
            if pid:
                mine = s.execute(
                    select(Answer.value).where(Answer.question_id == q.id, Answer.participant_id == str(pid))
                ).scalar_one_or_none()
            spec = QuestionSpec(q.text, q.kind, tuple(q.options), q.tolerance, q.unit)
            return Snapshot(
                code=code,
                lesson_id=room.lesson_id,
                step=at,
                steps=int(steps),
                question=spec,
                state=q.state,
                true_answer=q.true_answer,
                tally=_tally(spec, values),
                participants=int(people),
                mine=mine,
                expires_at=_aware(room.expires_at),
                computed=q.truth is not None,
            )


def _shown(answer: float | str) -> str:
    """An answer as a room stores it: text as it is, a number in its shortest exact form."""
    return (answer if isinstance(answer, str) else f"{float(answer):.10g}")[:64]


def _tally(q: QuestionSpec, values: Sequence[str]) -> Tally:
    if q.kind == "choice":
        c = Counter(values)
        return Tally(total=len(values), counts={o: c.get(o, 0) for o in q.options})
    return Tally(total=len(values), numbers=tuple(sorted(float(v) for v in values)))
