"""Class-room fixtures: the same tests run on an SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from classroom.db import open_engine
from tests.classroom.postgres import missing_reason, postgres_server


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session (skipped, with the reason, without one)."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A freshly migrated database: an SQLite file in a temp folder, or a fresh schema's worth of
    tables on the session's PostgreSQL server (emptied after the test)."""
    if request.param == "sqlite":
        eng = open_engine(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
        yield eng
        eng.dispose()
        return
    url = request.getfixturevalue("postgres_url")
    eng = open_engine(url)
    yield eng
    from sqlalchemy import text

    with eng.begin() as conn:
        conn.execute(text("TRUNCATE answers, participants, questions, rooms CASCADE"))
    eng.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()
