"""Start and stop a real ``streamlit run`` server for browser tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """Debian's Chromium (never a downloaded browser)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def streamlit_server(tries: int = 3, timeout_s: float = 60.0) -> Iterator[str]:
    """Run the app on a free loopback port; yield its base URL; stop it afterwards.

    A port taken between choosing and binding is retried on another port.
    """
    last_err = ""
    for _ in range(tries):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(ROOT / f".streamlit-e2e-{port}.log", "w")  # noqa: SIM115
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and proc.poll() is None and not _healthy(url):
            time.sleep(0.2)
        if proc.poll() is None and _healthy(url):
            try:
                yield url
            finally:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                log.close()
                Path(log.name).unlink(missing_ok=True)
            return
        proc.kill()
        log.close()
        last_err = Path(log.name).read_text()[-2000:]
        Path(log.name).unlink(missing_ok=True)
    raise RuntimeError(f"streamlit did not become healthy after {tries} tries:\n{last_err}")
