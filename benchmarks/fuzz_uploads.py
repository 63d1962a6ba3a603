"""Run 1,000 generated malformed CSV traces through the parser and print every one that fails.

    python benchmarks/fuzz_uploads.py            # 1,000 traces, seed 0
    python benchmarks/fuzz_uploads.py -n 5000 --seed 7

A trace passes when ``parse_trace_csv`` raises ``TraceCsvError`` (never another exception, never a
result) with one short message that contains the word its kind calls for (``tests/upload_cases.py``).
Prints the count per kind, the slowest parse, and the failures; exits 1 if any failed (target: 0).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.trace_csv import TraceCsvError, parse_trace_csv
from tests.upload_cases import check_message, malformed_traces


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    cases = malformed_traces(args.n, args.seed)
    failures: list[str] = []
    kinds: Counter[str] = Counter()
    slowest = (0.0, "")
    t_all = time.perf_counter()
    for case in cases:
        kinds[case.kind] += 1
        t0 = time.perf_counter()
        try:
            parse_trace_csv(case.data, name=case.name)
        except TraceCsvError as exc:
            problem = check_message(case, str(exc))
        except Exception as exc:  # the point of the run: anything else is a failure to report
            problem = f"raised {type(exc).__name__}: {exc}"
        else:
            problem = "was accepted"
        took = time.perf_counter() - t0
        slowest = max(slowest, (took, case.kind))
        if problem:
            failures.append(f"{case.name} ({case.kind}, {len(case.data):,} bytes): {problem}")
    total = time.perf_counter() - t_all
    print(f"{len(cases):,} malformed traces, {len(kinds)} kinds, seed {args.seed}: "
          f"{len(cases) - len(failures):,} refused with a clear message, {len(failures)} failures")  # fmt: skip
    print(f"parse time: {total:.1f} s in all, slowest {slowest[0] * 1000:.0f} ms ({slowest[1]})")
    for kind, n in sorted(kinds.items()):
        print(f"  {n:4d}  {kind}")
    for line in failures:
        print("FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
