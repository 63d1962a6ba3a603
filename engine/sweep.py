"""Parameter sweeps: every combination of a grid of config values, run in batched chunks.

``sweep(lab, base, {"cooldown_s": [0, 300, 900], "policies.0.target": [40, 60]}, load)`` builds one
config per combination (``dataclasses.replace`` along a dotted field path, so a config's own
validation refuses impossible values), runs them through the lab's ``simulate_many`` in chunks
with ``summary=True`` and returns one row per combination: the grid's columns, then the lab's
summary columns.

The chunks go to ``executor`` when one is given: anything with the ``concurrent.futures.Executor``
``submit`` (or just ``map``) signature, such as a ``ProcessPoolExecutor`` or a Dask
``Client.get_executor()``. A chunk carries the base config and its rows of grid values, and builds
(and validates) its configs where it runs. Every lab's ``simulate_many`` gives scenario ``i`` exactly what
``simulate(configs[i], load, seed=seed)`` gives, so the result does not depend on the chunking
or on where a chunk ran: in-process and on a cluster agree bit for bit.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import ModuleType
from typing import Any

import pandas as pd

__all__ = ["MAX_SCENARIOS", "combinations", "sweep", "with_value"]

MAX_SCENARIOS = 1_000_000
"""The largest grid one call accepts (a guard against a typo that asks for billions)."""


def _lab_module(lab: str | ModuleType) -> ModuleType:
    """The lab package (``"autoscaling"`` or ``engine.autoscaling``); it must offer ``simulate_many``."""
    module = importlib.import_module(f"engine.{lab}") if isinstance(lab, str) else lab
    if not callable(getattr(module, "simulate_many", None)):
        raise ValueError(f"{module.__name__} has no simulate_many: it cannot be swept")
    return module


def with_value(config: Any, path: str, value: Any) -> Any:
    """``config`` with the field at dotted ``path`` replaced (``"queue.visibility_s"``,
    ``"policies.0.target"`` for an element of a tuple field); the config validates the result."""
    head, _, rest = path.partition(".")
    if isinstance(config, tuple):
        if not head.isdigit() or int(head) >= len(config):
            raise ValueError(f"{path!r}: {head!r} is not an index of a tuple of {len(config)}")
        i = int(head)
        inner = with_value(config[i], rest, value) if rest else value
        return (*config[:i], inner, *config[i + 1 :])
    if not dataclasses.is_dataclass(config):
        raise ValueError(f"{path!r}: {type(config).__name__} has no fields")
    names = {f.name for f in dataclasses.fields(config)}
    if head not in names:
        raise ValueError(f"{type(config).__name__} has no field {head!r}; it has {', '.join(sorted(names))}")
    inner = with_value(getattr(config, head), rest, value) if rest else value
    return dataclasses.replace(config, **{head: inner})


def combinations(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values, the last key varying fastest."""
    if not grid:
        raise ValueError("grid must name at least one field")
    empty = [k for k, v in grid.items() if len(v) == 0]
    if empty:
        raise ValueError(f"grid values must not be empty: {', '.join(empty)}")
    total = 1
    for values in grid.values():
        total *= len(values)
    if total > MAX_SCENARIOS:
        raise ValueError(f"grid has {total:,} combinations; at most {MAX_SCENARIOS:,} are allowed")
    keys = list(grid)
    return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*grid.values())]


def _configs(base: Any, keys: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> list[Any]:
    """One config per row of grid values (in ``keys`` order). Rows come in grid order, so all but the
    last key change only every few rows: that prefix is applied once and shared, and only the last
    key is replaced per row (every config is still validated whole by its own constructor)."""
    configs: list[Any] = []
    prefix: tuple[Any, ...] | None = None
    shared = base
    for row in rows:
        try:
            if row[:-1] != prefix:
                shared = base
                for path, value in zip(keys[:-1], row[:-1], strict=True):
                    shared = with_value(shared, path, value)
                prefix = row[:-1]
            configs.append(with_value(shared, keys[-1], row[-1]))
        except ValueError as exc:
            raise ValueError(f"grid point {dict(zip(keys, row, strict=True))}: {exc}") from None
    return configs


def _run_chunk(args: tuple[str, Any, tuple[str, ...], list[tuple[Any, ...]], Any, int]) -> pd.DataFrame:
    """One chunk's summary: its configs are built where it runs, so a cluster's workers share the
    validation and only grid values travel (module-level, so a process pool or a cluster can pickle it)."""
    lab, base, keys, rows, load, seed = args
    configs = _configs(base, keys, rows)
    return _lab_module(lab).simulate_many(configs, load, seed=seed, summary=True).summary


def _results(executor: Any, chunks: list[tuple]) -> tuple[Iterator[pd.DataFrame], Callable[[], None]]:
    """The chunks' summaries in grid order, and a function that cancels the chunks not yet started.

    An executor with ``submit`` (``concurrent.futures``, Dask's ``ClientExecutor``) gets one future
    per chunk, read back in submission order, so that a cancel can drop the rest; one with only
    ``map`` is used as it is."""
    if executor is None:
        return map(_run_chunk, chunks), lambda: None
    if not callable(getattr(executor, "submit", None)):
        return iter(executor.map(_run_chunk, chunks)), lambda: None
    futures = [executor.submit(_run_chunk, chunk) for chunk in chunks]

    def cancel() -> None:
        for future in futures:
            future.cancel()

    return (future.result() for future in futures), cancel


def sweep(
    lab: str | ModuleType,
    base_config: Any,
    grid: Mapping[str, Sequence[Any]],
    load: Any = None,
    *,
    seed: int = 0,
    executor: Any = None,
    progress: Callable[[int, int], bool | None] | None = None,
    chunk_size: int = 500,
) -> pd.DataFrame:
    """Run every combination of ``grid`` applied to ``base_config``; one summary row each.

    ``progress(done, total)`` is called after every chunk; returning ``False`` cancels the rest
    (chunks not yet started on an executor are cancelled; the rows finished so far are returned,
    in grid order). Raises ``ValueError`` naming the combination when a config refuses a value.
    """
    module = _lab_module(lab)
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    combos = combinations(grid)
    keys = tuple(grid)
    rows = [tuple(combo.values()) for combo in combos]
    name = module.__name__.removeprefix("engine.")
    chunks = [(name, base_config, keys, rows[i : i + chunk_size], load, seed) for i in range(0, len(rows), chunk_size)]
    results, cancel = _results(executor, chunks)
    parts, done = [], 0
    try:
        for part in results:
            parts.append(part)
            done += len(part)
            if progress is not None and progress(done, len(rows)) is False:
                break
    finally:
        cancel()  # nothing left after a full run; the rest after a cancel or an error
    summary = pd.concat(parts, ignore_index=True).drop(columns="scenario")
    points = pd.DataFrame(combos[: len(summary)])
    return pd.concat([points, summary], axis=1)
