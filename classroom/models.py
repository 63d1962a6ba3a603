"""The tables of a class room, as the latest migration creates them.

A room has questions (a snapshot of the lesson's question, so a later change to the lesson does
not change a running room, and the answer the server computed for it), participants (a random id, an optional nickname) and answers (one per
participant and question; the value only, no personal data).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column

__all__ = ["Answer", "Base", "Participant", "Question", "Room"]


class Base(DeclarativeBase):
    """Declarative base of the classroom tables."""


class Room(Base):
    __tablename__ = "rooms"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(200))
    secret_hash: Mapped[str] = mapped_column(String(64))
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class Question(Base):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("room_code", "step", name="uq_questions_room_step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    room_code: Mapped[str] = mapped_column(ForeignKey("rooms.code", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(8))
    options: Mapped[list] = mapped_column(JSON)
    tolerance: Mapped[float] = mapped_column(Float, default=0.0)
    unit: Mapped[str] = mapped_column(String(40), default="")
    state: Mapped[str] = mapped_column(String(10), default="pending")
    true_answer: Mapped[str | None] = mapped_column(String(64), nullable=True)  # shown: set at the reveal
    # computed by the server from the lesson before the reveal (hidden until then); the scene is
    # the JSON of what a reveal draws (figure, event-log lines, notes), loaded only when asked for
    truth: Mapped[str | None] = mapped_column(String(64), nullable=True)
    scene: Mapped[str | None] = deferred(mapped_column(Text, nullable=True))


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    room_code: Mapped[str] = mapped_column(ForeignKey("rooms.code", ondelete="CASCADE"), index=True)
    nickname: Mapped[str | None] = mapped_column(String(40), nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("question_id", "participant_id", name="uq_answers_question_participant"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(64))
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
