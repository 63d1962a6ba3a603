"""The balancer config that deploy/start.py renders, and the load benchmark's own arithmetic and
protocol messages (no server: the replica test in tests/e2e runs the real set-up)."""

from __future__ import annotations

import re
import subprocess
import threading
import time
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from streamlit.proto.Element_pb2 import Element

from benchmarks.load import Control, pct, session_query, widget_state
from deploy.start import free_port, nginx_path, render_config, routes, server_config

needs_nginx = pytest.mark.skipif(nginx_path() is None, reason="nginx is not installed (apt-get install nginx)")


def _nginx() -> str:
    exe = nginx_path()
    assert exe is not None
    return exe


def test_config_routes_new_visitors_evenly_and_pins_a_browser_to_its_replica(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = render_config(tmp_path, 8080, [8601, 8602, 8603]).read_text()
    assert not re.search(r"@[A-Z]+@", text)  # every template field filled
    assert "listen 127.0.0.1:8080;" in text
    new = re.search(r"upstream scalelab_new \{\n\s+least_conn;\n(.*?)\}", text, re.S)
    assert new is not None
    servers = re.findall(r"server (127\.0\.0\.1:\d+) max_fails=1 fail_timeout=10s;", new.group(1))
    assert servers == ["127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"]
    # replica 1's own pool: itself, then the other two as backups (used only while it is down)
    pool = re.search(r"upstream scalelab_r1 \{\n(.*?)\}", text, re.S)
    assert pool is not None
    assert re.findall(r"server (\S+) max_fails=1 fail_timeout=10s( backup)?;", pool.group(1)) == [
        ("127.0.0.1:8602", ""),
        ("127.0.0.1:8601", " backup"),
        ("127.0.0.1:8603", " backup"),
    ]
    assert "r2 scalelab_r2;" in text and '"~(^|[ ,])127\\.0\\.0\\.1:8603$" r2;' in text
    assert "proxy_pass http://$scalelab_pool;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert (tmp_path / "tmp").is_dir()


def test_routes_need_a_replica() -> None:
    with pytest.raises(ValueError, match="at least one replica"):
        routes([])


@needs_nginx
def test_nginx_accepts_the_rendered_config(tmp_path) -> None:  # type: ignore[no-untyped-def]
    conf = render_config(tmp_path, 8080, [8601, 8602])
    out = subprocess.run(
        [_nginx(), "-t", "-p", str(tmp_path), "-c", str(conf)], check=False, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


@needs_nginx
def test_nginx_accepts_the_printed_server_config(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What ``deploy/start.py --print-config`` prints is valid inside a Debian ``http`` block."""
    blocks = server_config(["10.0.0.5:8501", "10.0.0.6:8502"], 8080)
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\nhttp {{\n{blocks}}}\n")
    out = subprocess.run(
        [_nginx(), "-t", "-p", str(tmp_path), "-c", str(conf)], check=False, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr


class _Named(BaseHTTPRequestHandler):
    """A replica stand-in that answers every GET with its own name."""

    def do_GET(self) -> None:
        body = self.server.name.encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@needs_nginx
def test_the_balancer_spreads_new_visitors_pins_returning_ones_and_moves_them_off_a_stopped_replica(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    """The real nginx with the rendered config in front of two loopback HTTP servers."""
    servers = []
    for name in ("r0", "r1"):
        srv = ThreadingHTTPServer(("127.0.0.1", 0), _Named)
        srv.name = name  # type: ignore[attr-defined]
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
    listen = free_port()
    conf = render_config(tmp_path, listen, [s.server_address[1] for s in servers])
    proc = subprocess.Popen([_nginx(), "-p", str(tmp_path), "-c", str(conf)], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{listen}/"

    def get(cookie: str | None = None) -> tuple[str, str]:
        req = urllib.request.Request(url, headers={"Cookie": f"scalelab_route={cookie}"} if cookie else {})
        with urllib.request.urlopen(req, timeout=5) as resp:
            route = re.search(r"scalelab_route=(\w*);", resp.headers["Set-Cookie"])
            return resp.read().decode(), route.group(1) if route else ""

    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                get()
                break
            except OSError:
                time.sleep(0.05)
        visits = [get() for _ in range(10)]
        assert all(body == route for body, route in visits)  # the cookie names who answered
        assert Counter(body for body, _ in visits) == {"r0": 5, "r1": 5}  # new visitors: even
        assert {get("r1")[0] for _ in range(6)} == {"r1"}  # a returning browser: its replica
        servers[1].shutdown()
        servers[1].server_close()
        assert get("r1") == ("r0", "r0")  # answered by the other one, and the cookie moves with it
        assert {get("r0")[0] for _ in range(3)} == {"r0"}
    finally:
        proc.terminate()
        proc.wait(10)
        servers[0].shutdown()
        servers[0].server_close()


def test_nearest_rank_percentiles() -> None:
    """Nearest rank: the p-th percentile of n sorted values is the ceil(p*n)-th. Ten values 1..10:
    p50 -> ceil(5.0) = 5th = 5; p95 -> ceil(9.5) = 10th = 10; p10 -> ceil(1.0) = 1st = 1."""
    values = [7.0, 1.0, 10.0, 3.0, 2.0, 9.0, 4.0, 8.0, 6.0, 5.0]
    assert (pct(values, 0.5), pct(values, 0.95), pct(values, 0.1)) == (5.0, 10.0, 1.0)
    assert pct([4.0], 0.95) == 4.0


def test_widget_states_are_what_the_frontend_sends() -> None:
    el = Element()
    el.slider.id = "$$ID-abc-dynamodb.rcu"
    el.slider.data_type = el.slider.INT
    ws = widget_state("slider", el.slider, el.slider.id, "1400")
    assert ws.id == "$$ID-abc-dynamodb.rcu" and list(ws.double_array_value.data) == [1400.0]
    rng = widget_state("slider", el.slider, el.slider.id, "8:12.5")
    assert list(rng.double_array_value.data) == [8.0, 12.5]
    el.number_input.data_type = el.number_input.INT
    assert widget_state("number_input", el.number_input, "n", "7").int_value == 7
    assert widget_state("checkbox", el.checkbox, "c", "true").bool_value is True
    assert widget_state("radio", el.radio, "r", "zipf").string_value == "zipf"
    with pytest.raises(ValueError, match="not supported"):
        widget_state("text_input", el.text_input, "t", "x")


def test_different_mode_gives_each_learner_its_own_seed() -> None:
    class Args:
        mode = "different"
        query = "dynamodb.rcu=800&seed=3"
        seed_base = 100

    assert session_query(Args, 0) == "dynamodb.rcu=800&seed=100"
    assert session_query(Args, 7) == "dynamodb.rcu=800&seed=107"
    Args.mode = "same"
    assert session_query(Args, 7) == "dynamodb.rcu=800&seed=3"


def test_control_argument() -> None:
    assert Control.parse("dynamodb.rcu=1200,1400") == Control("dynamodb.rcu", ["1200", "1400"])
    with pytest.raises(ValueError, match="KEY=V1,V2"):
        Control.parse("dynamodb.rcu")
