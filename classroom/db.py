"""Where rooms live: one SQLAlchemy engine per database URL, its schema brought to the latest
alembic revision on first use.

SQLite by default (a file in the data folder, ``SCALELAB_DATA_DIR`` or ``data/`` under the
project root, WAL mode so readers never wait for the one writer); PostgreSQL when
``SCALELAB_DATABASE_URL`` is set (``postgresql+psycopg://user@host/db``), so several server
replicas share the same rooms.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

__all__ = ["DATABASE_URL_ENV", "DATA_DIR_ENV", "data_dir", "database_url", "get_engine", "open_engine", "upgrade"]

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DATABASE_URL_ENV = "SCALELAB_DATABASE_URL"
DATA_DIR_ENV = "SCALELAB_DATA_DIR"
SQLITE_FILE = "classroom.sqlite3"
_MIGRATION_LOCK_ID = 0x5CA1E1AB  # a PostgreSQL advisory lock: one replica migrates at a time

_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def data_dir() -> Path:
    """The folder that holds the SQLite database (``SCALELAB_DATA_DIR``, else ``data/``)."""
    return Path(os.environ.get(DATA_DIR_ENV) or ROOT / "data")


def database_url() -> str:
    """``SCALELAB_DATABASE_URL`` if set, else the SQLite file in :func:`data_dir`."""
    return os.environ.get(DATABASE_URL_ENV) or f"sqlite:///{data_dir() / SQLITE_FILE}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL (readers do not block the writer), a busy wait instead of 'database is locked'."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def open_engine(url: str) -> Engine:
    """A new engine for ``url``, its schema migrated to the latest revision (SQLite: the folder
    is created, WAL mode set on every connection)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False})
        event.listen(eng, "connect", _sqlite_pragmas)
    else:
        eng = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    upgrade(eng)
    return eng


@contextlib.contextmanager
def _migration_lock(eng: Engine) -> Iterator[None]:
    """Serialise migrations between processes: an advisory lock on PostgreSQL, a lock file
    beside an SQLite database."""
    if eng.dialect.name == "postgresql":
        with eng.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_ID})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_ID})
                conn.commit()
        return
    path = eng.url.database
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def upgrade(eng: Engine, revision: str = "head") -> None:
    """Run the alembic migrations in ``classroom/migrations`` up to ``revision`` on ``eng``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(eng), eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def get_engine(url: str | None = None) -> Engine:
    """The process's engine for ``url`` (default :func:`database_url`), created and migrated on
    first use."""
    url = url or database_url()
    with _LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = open_engine(url)
        return _ENGINES[url]
