"""A scenario's load shape as a load test: the same stages as a Locust ``LoadTestShape`` locustfile
and as a k6 script, so a learner can replay the shape against a real system.

The trace is sampled (the same way every lab samples it) and averaged over stages of ``stage_s``
seconds; each stage holds a request rate. ``time_scale`` shortens the test (0.01 replays a day in
about 15 minutes) and ``rate_scale`` lowers or raises every rate. Locust holds the rate with one user
per request per second (``constant_throughput(1)``); k6 with a ``ramping-arrival-rate`` executor.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from engine.core import TimeGrid
from engine.load import LoadTrace

__all__ = ["Stage", "k6_script", "locustfile", "stages"]


@dataclass(frozen=True)
class Stage:
    """Hold ``rps`` requests per second for ``duration_s`` seconds."""

    duration_s: float
    rps: float


def stages(
    trace: LoadTrace,
    horizon_s: float,
    *,
    stage_s: float = 300.0,
    seed: int = 0,
    time_scale: float = 1.0,
    rate_scale: float = 1.0,
) -> tuple[Stage, ...]:
    """The trace over ``horizon_s`` as stages of ``stage_s`` (simulated) seconds, mean rate each."""
    if not (stage_s > 0 and horizon_s > 0 and time_scale > 0 and rate_scale >= 0):
        raise ValueError("stage_s, horizon_s and time_scale must be positive and rate_scale at least 0")
    dt = min(60.0, stage_s)
    grid = TimeGrid(horizon_s=horizon_s, dt_s=dt)
    load = np.asarray(trace.sample(grid, seed=seed), dtype=float)
    per = max(1, round(stage_s / dt))
    n = math.ceil(len(load) / per)
    out = []
    for i in range(n):
        chunk = load[i * per : (i + 1) * per]
        out.append(Stage(round(len(chunk) * dt * time_scale, 3), round(float(chunk.mean()) * rate_scale, 3)))
    return tuple(out)


_LOCUST = '''"""ScaleLab load shape as a Locust test: {n} stages, {total:.0f} s in all.

Run: locust -f {name} --headless --host https://your-system.example
Each user sends one request per second, so the user count is the request rate.
"""

from locust import HttpUser, LoadTestShape, constant_throughput, task

# (duration in seconds, requests per second), in order.
STAGES = {stages}
PATH = {path!r}


class ScaleLabUser(HttpUser):
    wait_time = constant_throughput(1)

    @task
    def request(self):
        self.client.get(PATH)


class ScaleLabShape(LoadTestShape):
    def tick(self):
        t = self.get_run_time()
        end = 0.0
        for duration, rps in STAGES:
            end += duration
            if t < end:
                users = max(0, round(rps))
                return users, max(1, users)
        return None
'''

_K6 = """// ScaleLab load shape as a k6 test: {n} stages, {total:.0f} s in all.
// Run: k6 run -e BASE_URL=https://your-system.example {name}
import http from "k6/http";

export const options = {{
  scenarios: {{
    scalelab: {{
      executor: "ramping-arrival-rate",
      startRate: {start},
      timeUnit: "1s",
      preAllocatedVUs: {vus},
      maxVUs: {maxvus},
      stages: {stages},
    }},
  }},
}};

export default function () {{
  http.get(`${{__ENV.BASE_URL}}{path}`);
}}
"""


def locustfile(st: tuple[Stage, ...], *, path: str = "/", name: str = "locustfile.py") -> str:
    """A locustfile whose ``LoadTestShape`` holds each stage's rate for its duration."""
    pairs = [(s.duration_s, s.rps) for s in st]
    return _LOCUST.format(n=len(st), total=sum(s.duration_s for s in st), stages=pairs, path=path, name=name)


def k6_script(st: tuple[Stage, ...], *, path: str = "/", name: str = "scalelab-k6.js") -> str:
    """A k6 script with the same stages (each stage ramps to its rate over its duration)."""
    items = [{"duration": f"{max(1, round(s.duration_s))}s", "target": max(0, round(s.rps))} for s in st]
    peak = max((i["target"] for i in items), default=1)
    start = items[0]["target"] if items else 0
    return _K6.format(
        n=len(st),
        total=sum(s.duration_s for s in st),
        stages=json.dumps(items),
        start=start,
        vus=max(1, peak),
        maxvus=max(1, peak) * 4,
        path=path,
        name=name,
    )
