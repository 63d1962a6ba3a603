"""DynamoDB lab speed: the issue's budgets (issue 5).

    python benchmarks/bench_dynamodb.py

* 24 h at 1 s steps (86,400 steps) with 10,000 keys: <= 300 ms per simulate call.
* Page rerun <= 150 ms median: measured by ``python benchmarks/pages.py dynamodb``; this script
  also times the same rerun path without the browser (cached engine call + figures).
"""

from __future__ import annotations

import time

from common import median_ms, report

from engine import dynamodb as ddb
from engine.load import preset, scaled
from views.dynamodb import figures as figs

LOAD = scaled(preset("Day with a flash sale"), 10)
CASES = {
    "plain provisioned": ddb.DynamoConfig(n_keys=10_000),
    "auto scaling + GSI": ddb.DynamoConfig(n_keys=10_000, autoscaling=True, gsi=True),
    "aws-today, hot key, DAX": ddb.DynamoConfig(
        n_keys=10_000, rules="aws-today", popularity="hot", hot_key_pct=30, dax=True, autoscaling=True
    ),
    "on-demand": ddb.DynamoConfig(n_keys=10_000, mode="on-demand"),
}


def main() -> None:
    t0 = time.perf_counter()
    ddb.warmup()
    print(f"warmup (compile or load cached kernels): {(time.perf_counter() - t0) * 1000:,.0f} ms")
    rows = []
    for name, cfg in CASES.items():
        rows.append(
            (f"simulate 24 h @1 s, 10k keys: {name}", median_ms(lambda c=cfg: ddb.simulate(c, LOAD)), 300, "ms")
        )
    batch = list(CASES.values())
    rows.append(("simulate_many, 4 scenarios", median_ms(lambda: ddb.simulate_many(batch, LOAD), repeat=3), 1200, "ms"))
    res = ddb.simulate(CASES["aws-today, hot key, DAX"], LOAD)

    def draw() -> None:
        figs.capacity_figure(res).to_json()
        figs.heatmap_figure(res).to_json()
        figs.cost_figure(res).to_json()
        figs.dax_figure(res).to_json()

    rows.append(("figures (4) built + serialised (part of the rerun)", median_ms(draw), 150, "ms"))
    report(rows)
    size = sum(
        len(f.to_json())
        for f in (
            figs.capacity_figure(res),
            figs.heatmap_figure(res),
            figs.cost_figure(res),
            figs.dax_figure(res),
        )
    )
    print(f"figure JSON per page: {size / 1e3:,.0f} KB (budget 1,000 KB)")


if __name__ == "__main__":
    main()
