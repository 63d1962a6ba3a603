"""10,000 generated links across every page: how many open clean.

A link is clean when its page runs (through the real router, in AppTest) with no exception and
every parameter it cannot use is named in a notice. Query strings come from each page's own
controls (``tests/pages/fuzz.py``, the same generator as the suite's hypothesis test): valid,
boundary and out-of-range numbers, nan, ±inf, huge integers, empty strings, unicode, HTML and
script text, repeated keys and unknown keys. The count is split evenly over the pages.

    python benchmarks/fuzz_links.py                  # 10,000 query sets
    python benchmarks/fuzz_links.py 2000 --seed 3    # fewer, another seed
    python benchmarks/fuzz_links.py 500 --page mq    # pages whose url path contains 'mq'
"""

from __future__ import annotations

import argparse
import time

from common import ROOT  # noqa: F401  (puts the project on sys.path)
from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.pages import fuzz
from views.catalog import available


def fuzz_page(lab, count: int, rng_seed: int) -> tuple[int, list[tuple[list[tuple[str, str]], list[str]]]]:
    """Run ``count`` generated query sets on one page: (number run, failures)."""
    controls = fuzz.page_controls(lab.file)
    failures: list[tuple[list[tuple[str, str]], list[str]]] = []
    ran = 0

    @seed(rng_seed)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz.query(controls, lab.prefix))
    def one(pairs: list[tuple[str, str]]) -> None:
        nonlocal ran
        ran += 1
        if problems := fuzz.check(lab.file, controls, pairs):
            failures.append((pairs, problems))

    one()
    return ran, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="query sets in all (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--page", default="", help="only pages whose url path contains this")
    args = parser.parse_args()
    labs = [lab for lab in available() if args.page in lab.url_path]
    share, extra = divmod(args.count, len(labs))
    total = clean = 0
    started = time.perf_counter()
    for i, lab in enumerate(labs):
        t0 = time.perf_counter()
        ran, failures = fuzz_page(lab, share + (i < extra), args.seed + i)
        total += ran
        clean += ran - len(failures)
        print(
            f"{lab.url_path:24} {ran - len(failures):6,}/{ran:,} clean  {time.perf_counter() - t0:6.1f} s", flush=True
        )
        for pairs, problems in failures[:3]:
            print(f"    FAILED {pairs!r}\n           {problems}")
    elapsed = time.perf_counter() - started
    print(f"\n{clean:,} of {total:,} query sets ran clean ({total - clean:,} failures) in {elapsed:.0f} s "
          f"({total / elapsed:.1f} per second)")  # fmt: skip
    raise SystemExit(0 if clean == total else 1)


if __name__ == "__main__":
    main()
