"""Server CPU per cached rerun, page by page, beside issue 12's 40 ms budget.

Starts one plain ``streamlit run app.py`` on a loopback port; for each page, one learner alone
(protocol level, :class:`benchmarks.load.Learner`) opens it, fills the cache with two scenarios
that differ in one control, then reruns between them ``--reruns`` times. The server process's CPU
time (``/proc/<pid>/stat``, all threads) per rerun is the figure: CPU, not wall time, so a busy
machine changes it little. Nothing here asserts it.

    python benchmarks/rerun_cpu.py                 # the core pages
    python benchmarks/rerun_cpu.py --reruns 40 dynamodb kinesis
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import report  # noqa: E402
from benchmarks.load import BUDGET_CPU_MS, Control, solo_cpu, wait_quiet  # noqa: E402

# page path -> the control each rerun moves and its two values (both scenarios cached first)
PAGES: dict[str, str] = {
    "dynamodb": "dynamodb.rcu=1200,1400",
    "autoscaling-policies": "autoscaling_policies.cap=55,60",
    "kinesis": "kinesis.shards=5,6",
    "queues": "queues.delay=1,2",
    "lambda": "lambda.prov=10,20",
}


async def measure(url: str, pid: int, pages: list[str], reruns: int) -> list[tuple[str, float, float, str]]:
    rows = []
    for name in pages:
        args = SimpleNamespace(
            url=url, path=f"/{name}", query="", control=Control.parse(PAGES[name]), cpu_reruns=reruns, timeout=180.0
        )
        cpu_ms, wall_ms = await solo_cpu(args, [pid])
        rows.append(
            (f"/{name}: server CPU per cached rerun (wall median {wall_ms:.0f} ms)", cpu_ms, BUDGET_CPU_MS, "ms")
        )
        print(f"  /{name}: {cpu_ms:.1f} ms CPU per rerun", file=sys.stderr, flush=True)
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", default=list(PAGES), help=f"pages to measure (default: {', '.join(PAGES)})")
    ap.add_argument("--reruns", type=int, default=20, help="cached reruns timed per page (default 20)")
    args = ap.parse_args(argv)
    unknown = [p for p in args.pages if p not in PAGES]
    if unknown:
        ap.error(f"no control declared for {', '.join(unknown)}; known: {', '.join(PAGES)}")
    from deploy.start import free_port, start_replica

    with tempfile.TemporaryDirectory(prefix="scalelab-cpu-") as tmp:
        rep = start_replica(free_port(), Path(tmp))
        try:
            wait_quiet([rep.pid], timeout_s=60.0)
            rows = asyncio.run(measure(rep.url, rep.pid, args.pages, args.reruns))
        finally:
            rep.stop()
    print()
    report(rows)


if __name__ == "__main__":
    main()
