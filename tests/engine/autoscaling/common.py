"""Shared pieces of the Auto Scaling engine tests: a fast group (60 s launch, no warm-up, no boot,
2 h) and reading one value of a run at a time."""

from __future__ import annotations

from engine.core import Result

H = 3600.0
FAST = {"launch_s": 60.0, "warmup_s": 0.0, "app_boot_s": 0.0, "horizon_s": 2 * H}


def at(r: Result, t_s: float, col: str = "desired"):
    """The value of ``col`` in the row of ``r``'s frame that starts at ``t_s``."""
    return r.frame.loc[r.frame["t_s"] == t_s, col].item()
