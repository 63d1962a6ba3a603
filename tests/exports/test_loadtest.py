"""The load shape as a load test: stages follow the trace, and the generated locustfile, run headless
against a small HTTP server on loopback, sends requests at the stages' rates."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
import time
from typing import ClassVar

import numpy as np
import pytest

from engine.core import TimeGrid
from engine.export.loadtest import k6_script, locustfile, stages
from engine.load import Constant, LoadTrace, Step, preset


def test_stages_hold_the_trace_mean_of_each_stage() -> None:
    trace = preset("Business day")
    st = stages(trace, 86_400, stage_s=3600, seed=3)
    load = trace.sample(TimeGrid(horizon_s=86_400, dt_s=60), seed=3)
    assert len(st) == 24
    assert [s.duration_s for s in st] == [3600.0] * 24
    assert np.allclose([s.rps for s in st], load.reshape(24, 60).mean(axis=1), atol=1e-3)
    fast = stages(trace, 86_400, stage_s=3600, seed=3, time_scale=0.01, rate_scale=0.5)
    assert [s.duration_s for s in fast] == [36.0] * 24
    assert np.allclose([s.rps for s in fast], [s.rps / 2 for s in st], atol=1e-3)


def test_bad_stage_settings_are_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        stages(preset("Flat"), 3600, stage_s=0)


def test_the_k6_script_has_the_same_stages() -> None:
    st = stages(LoadTrace((Constant(2), Step(4, 300))), 600, stage_s=300)
    js = k6_script(st)
    assert '[{"duration": "300s", "target": 2}, {"duration": "300s", "target": 6}]' in js
    assert 'executor: "ramping-arrival-rate"' in js


class _Counter(http.server.BaseHTTPRequestHandler):
    times: ClassVar[list[float]] = []

    def do_GET(self) -> None:
        _Counter.times.append(time.monotonic())
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def test_the_locustfile_replays_the_first_stages_against_a_server(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # 2 req/s then 6 req/s, 5 s each (a 600 s trace replayed 60x faster).
    st = stages(LoadTrace((Constant(2), Step(4, 300))), 600, stage_s=300, time_scale=5 / 300)
    assert [(s.duration_s, s.rps) for s in st] == [(5.0, 2.0), (5.0, 6.0)]
    file = tmp_path / "locustfile.py"
    file.write_text(locustfile(st))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counter.times = []
    try:
        start = time.monotonic()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(file),
                "--headless",
                "--only-summary",
                "--host",
                f"http://127.0.0.1:{server.server_address[1]}",
                "--stop-timeout",
                "1",
            ],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 0, proc.stderr[-2000:]
    t = np.array(_Counter.times)
    assert len(t), "locust sent no request"
    t = t - t.min()  # from the first request (locust's start-up time is not the shape's)
    first = ((t >= 1) & (t < 4)).sum() / 3.0
    second = ((t >= 6) & (t < 9.5)).sum() / 3.5
    assert 1.0 <= first <= 3.0, (first, second, time.monotonic() - start)
    assert 4.0 <= second <= 8.0, (first, second)
    assert second > 2 * first


def test_the_load_page_offers_the_trace_as_load_tests() -> None:
    from tests.pages.apptest import run_page

    at = run_page("app_pages/load.py", timeout=240)
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.label for b in at.get("download_button")]
    assert "Locust (.py)" in labels and "k6 (.js)" in labels


def test_a_day_replayed_100x_faster_is_a_valid_locustfile() -> None:
    st = stages(preset("Business day"), 86_400, stage_s=300, time_scale=0.01)
    assert len(st) == 288 and abs(sum(s.duration_s for s in st) - 864) < 1e-6
    compile(locustfile(st), "locustfile.py", "exec")
