"""Run the engine benchmarks on this tree and on an earlier commit, and print both side by side.

    python benchmarks/compare.py                 # against the commit before the working tree (HEAD)
    python benchmarks/compare.py --base bb1a97c  # against any revision

The earlier commit is checked out into a temporary ``git worktree``; each ``bench_*.py`` runs there
and here alternately (once to warm numba's cache, then ``--rounds`` times each, median kept), so
both sides see the same machine load. A change beyond ``--tolerance`` is flagged. Figures, not
assertions: this is for the note of a change that must not make the engine slower.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^(?P<what>.+?)\s+(?P<value>[\d,]+\.\d)\s+(?P<unit>\S+)\s+budget\s")


def run_bench(tree: Path, script: str) -> dict[str, float]:
    """The rows a benchmark script prints in ``tree``: what -> measured value."""
    out = subprocess.run(
        [sys.executable, f"benchmarks/{script}"], cwd=tree, capture_output=True, text=True, check=False, timeout=900
    )
    rows = {}
    for line in out.stdout.splitlines():
        m = ROW.match(line)
        if m:
            rows[m["what"].strip()] = float(m["value"].replace(",", ""))
    return rows


def main() -> None:
    """Print each benchmark row: before, after, change."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD", help="the revision to compare against")
    ap.add_argument("--rounds", type=int, default=3, help="runs per side after the warm-up run")
    ap.add_argument("--tolerance", type=float, default=0.10, help="relative change flagged")
    ap.add_argument("scripts", nargs="*", help="bench_*.py to run (default: every one)")
    args = ap.parse_args()
    scripts = args.scripts or sorted(p.name for p in (ROOT / "benchmarks").glob("bench_*.py"))
    with tempfile.TemporaryDirectory(prefix="scalelab-base-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.base], cwd=ROOT, check=True)
        try:
            print(f"{'benchmark row':<60} {'before':>10} {'after':>10} {'change':>8}")
            for script in scripts:
                if not (base / "benchmarks" / script).is_file():
                    print(f"{script}: not in {args.base}")
                    continue
                runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
                for i in range(args.rounds + 1):
                    for side, tree in (("before", base), ("after", ROOT)):
                        rows = run_bench(tree, script)
                        if i:  # the first round fills numba's cache
                            runs[side].append(rows)
                print(f"== {script}")
                for what in runs["after"][0]:
                    after = statistics.median(r[what] for r in runs["after"] if what in r)
                    olds = [r[what] for r in runs["before"] if what in r]
                    if not olds:
                        print(f"  {what:<58} {'(new)':>10} {after:>10,.1f}")
                        continue
                    before = statistics.median(olds)
                    change = (after - before) / before if before else 0.0
                    flag = "  <- slower" if change > args.tolerance else ""
                    print(f"  {what:<58} {before:>10,.1f} {after:>10,.1f} {change:>+7.0%}{flag}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
