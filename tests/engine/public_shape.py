"""The one public shape every lab's ``simulate_many`` keeps, checked the same way for each lab."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from engine.core import Result


def check_simulate_many(
    simulate: Callable[..., Result], simulate_many: Callable[..., Result], configs: Sequence[Any], load: Any, seed: int
) -> Result:
    """``simulate_many`` returns one stacked Result whose scenario ``i`` equals ``simulate(configs[i])``
    (frame, summary, events, extras), whose units cover every column, and whose ``summary=True``
    form has the same summary with empty frames that keep their columns. Returns the full Result."""
    many = simulate_many(configs, load, seed=seed)
    assert isinstance(many, Result) and many.n_scenarios == len(configs) and many.config == list(configs)
    assert list(many.summary["scenario"]) == list(range(len(configs))) and many.summary.columns[0] == "scenario"
    for i, cfg in enumerate(configs):
        one, part = simulate(cfg, load, seed=seed), many.scenario(i)
        assert one.frame.equals(part.frame)
        assert one.summary.equals(part.summary)
        assert one.events.drop(columns="scenario").equals(part.events.drop(columns="scenario"))
        for name, frame in one.extra.items():
            assert frame.equals(part.extra[name]), name
    fast = simulate_many(configs, load, seed=seed, summary=True)
    assert fast.summary.equals(many.summary)
    assert fast.frame.empty and list(fast.frame.columns) == list(many.frame.columns) and fast.events.empty
    assert all(fast.extra[k].empty for k in many.extra)
    shown = set(many.frame.columns) | set(many.summary.columns)
    for frame in many.extra.values():
        shown |= set(frame.columns)
    shown.discard("scenario")  # the stacking index, not a quantity
    assert shown <= set(many.units), shown - set(many.units)
    single = simulate_many([configs[0]], load, seed=seed)
    assert isinstance(single, Result) and single.scenario(0).frame.equals(simulate(configs[0], load, seed=seed).frame)
    return many
