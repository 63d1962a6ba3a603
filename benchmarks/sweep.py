"""Sweep budgets (issue 15), printed beside their budgets with the machine's load average:

* **engine**: a 10,000-scenario Auto Scaling sweep (100 × 100, 24 h each) through ``engine.sweep``
  in-process (budget 5 s);
* **cluster**: a 100,000-scenario sweep in-process and on a 2-worker Dask ``LocalCluster``
  (processes, one thread each, loopback; figures only, no budget);
* **server**: the server's share of the browser budgets below: the grid, its figure and the bytes
  the chart element sends, for a 20 × 20 and a 40 × 40 grid of 24-hour Auto Scaling scenarios, as
  the panel computes them (no cache);
* **browser**: in headless Chromium on the Auto Scaling policies page, from pressing **Run sweep** to
  the heat map drawn with every cell, for 20 × 20 (budget 1.5 s) and 40 × 40 (budget 4 s); each
  repetition uses another seed, so no grid comes from the cache. Each repetition also prints where
  its time went: until the figure's message reached the browser (the script run: page, grid,
  figure) and from there to the heat map drawn (the browser), with the load average then.

    python benchmarks/sweep.py                    # everything
    python benchmarks/sweep.py engine server      # some parts
    python benchmarks/sweep.py cluster --cluster-scenarios 20000
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np
from common import report

from engine.autoscaling import GroupConfig, TargetTrackingPolicy
from engine.load import preset
from engine.sweep import sweep

BASE = GroupConfig(policies=(TargetTrackingPolicy(target=50.0),))
LOAD = preset("Flash crowd")
PARTS = ("engine", "cluster", "server", "browser")


def _grid(n_cooldown: int, n_target: int) -> dict[str, list[float]]:
    return {
        "cooldown_s": [float(c) for c in np.linspace(0, 1800, n_cooldown)],
        "policies.0.target": [float(t) for t in np.linspace(20, 90, n_target)],
    }


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def engine_part() -> list[tuple[str, float, float, str]]:
    sweep("autoscaling", BASE, _grid(2, 2), LOAD)  # compiled kernels loaded
    samples = []
    for _ in range(3):
        t0 = time.perf_counter()
        table = sweep("autoscaling", BASE, _grid(100, 100), LOAD, chunk_size=1000)
        samples.append(time.perf_counter() - t0)
    assert len(table) == 10_000
    return [("engine.sweep, 10,000 scenarios (24 h), in-process", statistics.median(samples), 5.0, "s")]


def cluster_part(scenarios: int) -> list[tuple[str, float, float, str]]:
    from dask.distributed import Client, LocalCluster

    n_target = 100
    grid = _grid(max(1, scenarios // n_target), n_target)
    t0 = time.perf_counter()
    here = sweep("autoscaling", BASE, grid, LOAD, chunk_size=2000)
    local = time.perf_counter() - t0
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1")
    client = Client(cluster)
    try:
        client.run(lambda: sweep("autoscaling", BASE, _grid(2, 2), LOAD))  # each worker loads the kernels
        t0 = time.perf_counter()
        there = sweep("autoscaling", BASE, grid, LOAD, executor=client.get_executor(), chunk_size=2000)
        remote = time.perf_counter() - t0
    finally:
        client.close()
        cluster.close()
    assert here.equals(there), "the cluster's table differs from the in-process one"
    n = len(here)
    return [
        (f"engine.sweep, {n:,} scenarios, in-process", local, local, "s"),
        (f"engine.sweep, {n:,} scenarios, 2-worker Dask LocalCluster", remote, local, "s"),
    ]


def server_part() -> list[tuple[str, float, float, str]]:
    from views.autoscaling.knobs import KNOBS
    from views.page import PLOTLY_CONFIG
    from views.plotly_chart import chart_payload
    from views.sweep import Axis, axis_values, compute_grid, heatmap_figure, metrics

    knobs = {k.name: k for k in KNOBS}
    dropped, cost = (next(m for m in metrics("autoscaling") if m.name == n) for n in ("dropped_pct", "cost_usd"))
    rows = []
    for n, budget in ((20, 1.5), (40, 4.0)):
        x = Axis(knobs["cooldown"], axis_values(knobs["cooldown"], 0, 1800, n))
        y = Axis(knobs["target"], axis_values(knobs["target"], 20, 90, n))
        grids, figures = [], []
        for seed in range(3):
            t0 = time.perf_counter()
            table = compute_grid("autoscaling", BASE, x, y, LOAD, 1000 + seed + 10 * n)
            t1 = time.perf_counter()
            chart_payload(heatmap_figure(table, x, y, dropped, cost, (300, 50)), PLOTLY_CONFIG, clicks=True)
            grids.append(t1 - t0)
            figures.append(time.perf_counter() - t1)
        print(
            f"server {n} × {n}: grid {statistics.median(grids) * 1000:,.0f} ms, figure + payload "
            f"{statistics.median(figures) * 1000:,.0f} ms ({_load()})"
        )
        total = statistics.median(g + f for g, f in zip(grids, figures, strict=True))
        rows.append((f"server: {n} × {n} grid + figure + payload (of the browser budget)", total, budget, "s"))
    return rows


_RECORD_JS = """
// every message the page receives from the server: [wall time in ms, bytes] (added before the app loads)
window.__sweepMessages = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
    constructor(...args) {
        super(...args);
        this.addEventListener("message", (e) => window.__sweepMessages.push(
            [performance.timeOrigin + performance.now(), e.data.byteLength ?? e.data.size ?? e.data.length]));
    }
};
"""
_WATCH_JS = """() => {
    // the moment the heat map's cells are on screen, by the page's own clock
    window.__sweepDrawnAt = null;
    const check = () => {
        const el = (CHART);
        if (el && el.querySelector('.heatmaplayer image')) window.__sweepDrawnAt = performance.timeOrigin + performance.now();
        else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
    return performance.timeOrigin + performance.now();
}"""
_TIMES_JS = "() => [window.__sweepDrawnAt, window.__sweepMessages]"


def browser_part(repeat: int) -> list[tuple[str, float, float, str]]:
    from playwright.sync_api import sync_playwright

    from tests.e2e.server import CHROMIUM_ARGS, chromium_path, streamlit_server
    from tests.e2e.sweep_helpers import CHART_JS, open_sweep_panel, run_sweep_and_wait

    rows = []
    with streamlit_server() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for n, budget in ((20, 1.5), (40, 4.0)):
                samples = []
                for rep in range(repeat + 1):  # the first is a warm-up (page, bundle, kernels)
                    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                    pg = ctx.new_page()
                    pg.set_default_timeout(300_000)
                    pg.add_init_script(_RECORD_JS)
                    pg.goto(f"{url}/autoscaling-policies?autoscaling_policies.compare=none&seed={500 + 10 * n + rep}")
                    open_sweep_panel(pg, points=n)
                    clicked = pg.evaluate(_WATCH_JS.replace("CHART", CHART_JS))  # a fixed expression, no eval
                    elapsed = run_sweep_and_wait(pg, n * n)
                    drawn, messages = pg.evaluate(_TIMES_JS)
                    ctx.close()
                    drawn = drawn or clicked + elapsed * 1000
                    # the figure's message: the largest one received after the click, before the draw
                    after = [(size, t) for t, size in messages if clicked <= t <= drawn]
                    arrived = max(after)[1] if after else drawn
                    label = "warm-up" if rep == 0 else f"run {rep}"
                    print(
                        f"browser {n} × {n} {label}: {elapsed * 1000:,.0f} ms = figure message in "
                        f"{arrived - clicked:,.0f} ms (server run) + drawn {drawn - arrived:,.0f} ms "
                        f"later (browser) ({_load()})"
                    )
                    if rep:
                        samples.append(elapsed)
                rows.append((f"browser: Run sweep → {n} × {n} heat map drawn", statistics.median(samples), budget, "s"))
        finally:
            browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("parts", nargs="*", help=f"any of {', '.join(PARTS)} (default: all)")
    parser.add_argument("--cluster-scenarios", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    unknown = sorted(set(args.parts) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    args.parts = args.parts or list(PARTS)
    rows: list[tuple[str, float, float, str]] = []
    print(f"before: {_load()}")
    if "engine" in args.parts:
        rows += engine_part()
    if "server" in args.parts:
        rows += server_part()
    if "browser" in args.parts:
        rows += browser_part(args.repeat)
    if "cluster" in args.parts:
        rows += cluster_part(args.cluster_scenarios)
    report([(what, value * 1000, budget * 1000, "ms") for what, value, budget, _ in rows])
    print("(the cluster rows' budget column is the in-process time: a comparison, not a budget)")
    print(f"after: {_load()}")


if __name__ == "__main__":
    main()
