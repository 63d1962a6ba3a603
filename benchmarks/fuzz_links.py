"""10,000 generated links across every page: how many open clean.

A link is clean when its page runs (through the real router, in AppTest, as a fresh session)
with no exception and every parameter it cannot use is named in a notice. Query strings come
from each page's own controls (``tests/pages/fuzz.py``, the same generator as the suite's
hypothesis test): valid, boundary and out-of-range numbers, nan, ±inf, huge integers, empty
strings, unicode, HTML and script text, repeated keys and unknown keys.

The count is split evenly over the pages and each page's share into chunks of ``--chunk``
query sets, each with its own seed (``--seed`` + page × 10,000 + chunk), so a run is the same
run whatever the number of processes. Chunks are handed out page by page in turn over
``--jobs`` processes: a run stopped early (``--minutes``) has covered every page about equally,
and its summary gives the exact count run on each.

    python benchmarks/fuzz_links.py                   # 10,000 query sets, 2 processes
    python benchmarks/fuzz_links.py 2000 --seed 3     # fewer, another seed
    python benchmarks/fuzz_links.py 500 --page mq     # pages whose url path contains 'mq'
    python benchmarks/fuzz_links.py --minutes 40      # no new chunk after 40 minutes
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing
import time
from dataclasses import dataclass

from common import ROOT  # noqa: F401  (puts the project on sys.path)

Failure = tuple[list[tuple[str, str]], list[str]]


@dataclass(frozen=True)
class Chunk:
    """``count`` query sets for one page, drawn with one seed."""

    page: str  # the page file, as the catalogue names it
    count: int
    seed: int


def run_chunk(chunk: Chunk) -> tuple[Chunk, int, list[Failure], float]:
    """Run one chunk in this process: (chunk, number run, failures, seconds)."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    from tests.pages import fuzz
    from views.catalog import LABS

    lab = next(lab for lab in LABS if lab.file == chunk.page)
    controls = _controls(chunk.page)
    failures: list[Failure] = []
    ran = 0
    started = time.perf_counter()

    @seed(chunk.seed)
    @settings(
        max_examples=chunk.count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(fuzz.query(controls, lab.prefix))
    def one(pairs: list[tuple[str, str]]) -> None:
        nonlocal ran
        ran += 1
        if problems := fuzz.check(chunk.page, controls, pairs):
            failures.append((pairs, problems))

    one()
    return chunk, ran, failures, time.perf_counter() - started


_CONTROLS: dict[str, list] = {}


def _controls(page: str) -> list:
    """A page's controls, found once per process (one run of the page with its defaults)."""
    from tests.pages import fuzz

    if page not in _CONTROLS:
        _CONTROLS[page] = fuzz.page_controls(page)
    return _CONTROLS[page]


def plan(pages: list[str], count: int, chunk: int, base_seed: int) -> list[Chunk]:
    """``count`` query sets split evenly over ``pages``, in chunks handed out page by page."""
    share, extra = divmod(count, len(pages))
    per_page = []
    for i, page in enumerate(pages):
        n = share + (i < extra)
        sizes = [chunk] * (n // chunk) + ([n % chunk] if n % chunk else [])
        per_page.append([Chunk(page, size, base_seed + i * 10_000 + j) for j, size in enumerate(sizes)])
    rounds = max((len(c) for c in per_page), default=0)
    return [c[r] for r in range(rounds) for c in per_page if r < len(c)]


def main() -> None:
    # The workers' AppTests replace ``sys.modules["__main__"]`` with the app, so what they are
    # sent must come from this file imported by its name, not from ``__main__``.
    import fuzz_links as me

    from views.catalog import available

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10_000, help="query sets in all (default 10,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--page", default="", help="only pages whose url path contains this")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--chunk", type=int, default=25, help="query sets per chunk (default 25)")
    parser.add_argument("--minutes", type=float, default=0.0, help="hand out no new chunk after this (0: none)")
    args = parser.parse_args()
    labs = [lab for lab in available() if args.page in lab.url_path]
    chunks = me.plan([lab.file for lab in labs], args.count, args.chunk, args.seed)
    names = {lab.file: lab.url_path for lab in labs}
    ran = dict.fromkeys(names, 0)
    bad: dict[str, list[Failure]] = {page: [] for page in names}
    secs = dict.fromkeys(names, 0.0)
    started = time.perf_counter()
    stop_at = started + args.minutes * 60 if args.minutes else float("inf")
    pending = iter(chunks)
    # spawn: each worker imports Streamlit and the engine afresh rather than forking a parent
    # that may hold threads.
    with cf.ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        running = {pool.submit(me.run_chunk, c) for c in _take(pending, args.jobs * 2)}
        while running:
            done, running = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in done:
                chunk, n, failures, s = future.result()
                ran[chunk.page] += n
                bad[chunk.page] += failures
                secs[chunk.page] += s
                total = sum(ran.values())
                print(
                    f"[{total:6,}/{args.count:,} {time.perf_counter() - started:6.0f} s] {names[chunk.page]:22} "
                    f"{n - len(failures):3}/{n} clean (seed {chunk.seed})",
                    flush=True,
                )
                if time.perf_counter() < stop_at:
                    running |= {pool.submit(me.run_chunk, c) for c in _take(pending, 1)}
    elapsed = time.perf_counter() - started
    print()
    for page, name in names.items():
        n, fails = ran[page], bad[page]
        print(f"{name:24} {n - len(fails):6,}/{n:,} clean  {secs[page]:7.1f} s of work")
        for pairs, problems in fails[:3]:
            print(f"    FAILED {pairs!r}\n           {problems}")
    total, failed = sum(ran.values()), sum(len(f) for f in bad.values())
    left = sum(c.count for c in pending)
    note = f"; stopped at the time limit, {left:,} not run" if left else ""
    print(f"\n{total - failed:,} of {total:,} query sets ran clean ({failed:,} failures) on {len(names)} pages "
          f"in {elapsed:.0f} s ({total / elapsed:.1f} per second, {args.jobs} processes){note}")  # fmt: skip
    raise SystemExit(0 if failed == 0 and total > 0 else 1)


def _take(it, n: int) -> list:  # type: ignore[no-untyped-def]
    return [c for _, c in zip(range(n), it, strict=False)]


if __name__ == "__main__":
    main()
