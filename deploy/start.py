"""Start N ScaleLab replicas (``streamlit run app.py``) and an nginx balancer on loopback ports.

    python deploy/start.py --replicas 3 --port 8080      # until Ctrl-C, then a clean stop

Each replica is a plain ``streamlit run`` on ``127.0.0.1:<base port + i>``; the script waits for
every replica's ``/_stcore/health`` and runs its home page once (:func:`warm`) before it starts nginx (``deploy/nginx.conf.template``,
rendered into a run directory) on ``127.0.0.1:<port>``. Stopping (Ctrl-C, SIGTERM, or
:meth:`Deployment.stop`) stops nginx first, then every replica, and removes the run directory.
The same :func:`start` is what the replica test and ``benchmarks/load.py`` use.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
HEALTH = "/_stcore/health"


def free_port() -> int:
    """A loopback port that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def healthy(url: str, timeout_s: float = 1.0) -> bool:
    """``GET <url>/_stcore/health`` answers 200."""
    try:
        with urllib.request.urlopen(f"{url}{HEALTH}", timeout=timeout_s) as r:
            return r.status == 200
    except OSError:
        return False


def _wait(pred, timeout_s: float, what: str, proc: subprocess.Popen | None = None) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if pred():
            return
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with code {proc.returncode}")
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {timeout_s:.0f} s")


@dataclass
class Replica:
    """One ``streamlit run app.py`` process on a loopback port."""

    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        """Terminate, then kill if it has not exited within 10 s."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_replica(
    port: int, log_dir: Path, *, timeout_s: float = 120.0, extra: list[str] | None = None, warm_up: bool = True
) -> Replica:
    """Start ``streamlit run app.py`` on ``127.0.0.1:port``, wait until it is healthy and (with
    ``warm_up``) run its home page once."""
    log = log_dir / f"replica-{port}.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", *(extra or [])],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    replica = Replica(port, proc, log)
    try:
        _wait(lambda: healthy(replica.url), timeout_s, f"replica on port {port}", proc)
        if warm_up:
            warm(replica.url, timeout_s)
    except BaseException:
        replica.stop()
        raise
    return replica


def warm(url: str, timeout_s: float = 120.0) -> None:
    """Run the home page once in a protocol-level session (``benchmarks/load.py``'s client), so a
    replica's imports, compiled kernels and caches are warm before the balancer sends it learners."""
    import asyncio

    from benchmarks.load import Learner

    async def visit() -> None:
        lr = Learner(url, "/", "", None)
        await lr.open()
        try:
            await lr.first(timeout_s)
        finally:
            await lr.close()
        if lr.errors:
            raise RuntimeError(f"warm-up visit of {url} failed: {lr.errors[0]}")

    # In a thread of its own: the caller may already run an event loop (Playwright's sync API).
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(visit())
        except BaseException as err:  # handed to the caller below
            failure.append(err)

    thread = threading.Thread(target=run, name="scalelab-warm")
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


CHECKS = "max_fails=1 fail_timeout=10s"  # passive health checks on every upstream server


def routes(addrs: list[str]) -> str:
    """The balancer's ``map`` and ``upstream`` blocks for replicas at ``addrs`` (``host:port``).

    - ``scalelab_new``: every replica, ``least_conn``, for a browser without a route cookie;
    - ``scalelab_r<i>``: replica *i*, the others as ``backup`` (used only while it is down);
    - ``$scalelab_pool``: the pool a request goes to, from its ``scalelab_route`` cookie (``r<i>``);
    - ``$scalelab_served``: the route of the replica that answered, the last address in
      ``$upstream_addr`` (it lists every one tried), which the response sets as the cookie.
    """
    if not addrs:
        raise ValueError("at least one replica address is needed")
    ind = "    "
    lines = [f"{ind}map $cookie_scalelab_route $scalelab_pool {{", f"{ind}    default scalelab_new;"]
    lines += [f"{ind}    r{i} scalelab_r{i};" for i in range(len(addrs))]
    lines += [f"{ind}}}", "", f"{ind}map $upstream_addr $scalelab_served {{", f'{ind}    default "";']
    lines += [f'{ind}    "~(^|[ ,]){re.escape(a)}$" r{i};' for i, a in enumerate(addrs)]
    lines += [f"{ind}}}", "", f"{ind}upstream scalelab_new {{", f"{ind}    least_conn;"]
    lines += [f"{ind}    server {a} {CHECKS};" for a in addrs]
    lines += [f"{ind}}}"]
    for i, a in enumerate(addrs):
        lines += ["", f"{ind}upstream scalelab_r{i} {{", f"{ind}    server {a} {CHECKS};"]
        lines += [f"{ind}    server {b} {CHECKS} backup;" for b in addrs if b != a]
        lines += [f"{ind}}}"]
    return "\n".join(lines) + "\n"


def render_config(run_dir: Path, listen_port: int, replica_ports: list[int]) -> Path:
    """Write ``run_dir/nginx.conf`` from the template: listen on loopback, route to the replicas
    on ``replica_ports`` (:func:`routes`)."""
    text = (
        TEMPLATE.read_text()
        .replace("@RUN@", str(run_dir))
        .replace("@LISTEN@", f"127.0.0.1:{listen_port}")
        .replace("@ROUTES@", routes([f"127.0.0.1:{p}" for p in replica_ports]))
    )
    (run_dir / "tmp").mkdir(parents=True, exist_ok=True)
    path = run_dir / "nginx.conf"
    path.write_text(text)
    return path


def server_config(addrs: list[str], listen_port: int) -> str:
    """The ``http``-level blocks of the balancer for replicas at ``addrs``, listening on
    ``listen_port`` on every interface: what a Debian server puts in ``/etc/nginx/conf.d/``."""
    text = TEMPLATE.read_text()
    server = text[text.index("    server {") : text.rindex("}")]
    upgrade = text[text.index("    map $http_upgrade") : text.index("@ROUTES@")]
    return upgrade + routes(addrs) + "\n" + server.replace("@LISTEN@", str(listen_port))


@dataclass
class Deployment:
    """Running replicas and their balancer; :meth:`stop` ends them all."""

    url: str
    run_dir: Path
    nginx: subprocess.Popen
    replicas: list[Replica] = field(default_factory=list)

    def replica_at(self, addr: str) -> Replica:
        """The replica nginx named in ``X-ScaleLab-Upstream`` (``127.0.0.1:<port>``)."""
        port = int(addr.rsplit(":", 1)[1])
        return next(r for r in self.replicas if r.port == port)

    def stop(self) -> None:
        """Stop the balancer, then every replica; remove the run directory."""
        if self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(5)
        for r in self.replicas:
            r.stop()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def nginx_path() -> str | None:
    """Debian's nginx (``apt-get install nginx``), on PATH or in /usr/sbin."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def start(n: int, port: int | None = None, base_port: int | None = None, *, timeout_s: float = 180.0) -> Deployment:
    """Start ``n`` replicas and nginx in front of them; return the running :class:`Deployment`.

    Ports: the balancer on ``port`` (default: a free one), replicas on ``base_port + i``
    (default: free ones). Everything listens on 127.0.0.1 only.
    """
    if n < 1:
        raise ValueError(f"replicas must be at least 1, got {n}")
    exe = nginx_path()
    if exe is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    run_dir = Path(tempfile.mkdtemp(prefix="scalelab-deploy-"))
    run_dir.chmod(0o755)  # nginx's workers (user nobody when started as root) read below it
    ports = [base_port + i for i in range(n)] if base_port else [free_port() for _ in range(n)]
    replicas: list[Replica] = []
    try:
        for p in ports:
            replicas.append(start_replica(p, run_dir, timeout_s=timeout_s))
        listen = port or free_port()
        conf = render_config(run_dir, listen, ports)
        with open(run_dir / "nginx.out", "w") as out:
            proc = subprocess.Popen([exe, "-p", str(run_dir), "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT)
        dep = Deployment(f"http://127.0.0.1:{listen}", run_dir, proc, replicas)
        try:
            _wait(lambda: healthy(dep.url), 20.0, "nginx", proc)
        except RuntimeError as err:
            log = (run_dir / "error.log").read_text() if (run_dir / "error.log").exists() else ""
            dep.stop()
            raise RuntimeError(f"{err}\n{log[-2000:]}") from None
        return dep
    except BaseException:
        for r in replicas:
            r.stop()
        shutil.rmtree(run_dir, ignore_errors=True)
        raise


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2, help="number of streamlit replicas (default 2)")
    ap.add_argument("--port", type=int, default=8080, help="balancer port on 127.0.0.1 (default 8080)")
    ap.add_argument("--base-port", type=int, default=8601, help="first replica port (default 8601)")
    ap.add_argument(
        "--print-config",
        nargs="+",
        metavar="HOST:PORT",
        help="print the balancer's blocks for replicas at these addresses (for /etc/nginx/conf.d/) and exit",
    )
    args = ap.parse_args(argv)
    if args.print_config:
        print(server_config(args.print_config, args.port), end="")
        return
    dep = start(args.replicas, args.port, args.base_port)
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(f"ScaleLab on {dep.url} (replicas: {', '.join(r.url for r in dep.replicas)}); Ctrl-C stops", flush=True)
    print("pids: nginx " + str(dep.nginx.pid) + ", replicas " + " ".join(str(r.pid) for r in dep.replicas), flush=True)
    try:
        while not stopping:
            if dep.nginx.poll() is not None:
                print("nginx exited; stopping", flush=True)
                break
            time.sleep(0.5)
    finally:
        dep.stop()
        print("stopped", flush=True)


if __name__ == "__main__":
    main()
