"""A throw-away PostgreSQL server for tests and benchmarks: ``initdb`` into a temp folder,
``pg_ctl start`` on a free loopback port with its unix socket in the same folder, one database.

PostgreSQL refuses to run as root (CI runs as root), so as root the server runs as ``nobody``
(via ``runuser``) in a folder that user owns; as anyone else it runs as that user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["missing_reason", "postgres_server"]

SERVICE_USER = "nobody"


def _binary(name: str) -> str | None:
    """``name`` on PATH, else in Debian's versioned folder (``/usr/lib/postgresql/15/bin``)."""
    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else None


def missing_reason() -> str | None:
    """Why no server can be started here, or ``None`` when one can."""
    missing = [n for n in ("initdb", "pg_ctl", "postgres") if not _binary(n)]
    if missing:
        return f"PostgreSQL binaries not found ({', '.join(missing)}): apt-get install postgresql"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root and no runuser to start PostgreSQL as a non-root user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_service_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", SERVICE_USER, "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def postgres_server(database: str = "scalelab") -> Iterator[str]:
    """Start a server, create ``database``; yield its SQLAlchemy URL; stop and delete it all."""
    reason = missing_reason()
    if reason:
        raise RuntimeError(reason)
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    base = Path(tempfile.mkdtemp(prefix="scalelab-pg-"))
    data, log = base / "data", base / "server.log"
    if os.geteuid() == 0:
        shutil.chown(base, user=SERVICE_USER)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    run = {"capture_output": True, "text": True, "env": env, "cwd": base, "timeout": 120}
    started = False
    try:
        subprocess.run(
            _as_service_user([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]),
            check=True,
            **run,
        )
        port = _free_port()
        opts = f"-p {port} -h 127.0.0.1 -k {base} -c fsync=off -c full_page_writes=off -c max_connections=200"
        subprocess.run(
            _as_service_user([pg_ctl, "-D", str(data), "-l", str(log), "-o", opts, "-w", "start"]), check=True, **run
        )
        started = True
        from sqlalchemy import create_engine, text

        admin = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    except subprocess.CalledProcessError as err:
        tail = log.read_text()[-1500:] if log.exists() else ""
        raise RuntimeError(f"PostgreSQL did not start: {err.stderr or err.stdout}\n{tail}") from err
    finally:
        if started:
            subprocess.run(_as_service_user([pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]), check=False, **run)
        shutil.rmtree(base, ignore_errors=True)
