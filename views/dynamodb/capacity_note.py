"""What the table's provisioned capacity became during the run, said beside the sliders that set only
its start: auto scaling (and a manual launch change) move RCU and WCU after the first second, so a
slider reading 6,000 while the table runs at 300 would disagree with the chart without this note."""

from __future__ import annotations

from engine.core import Result, format_number

__all__ = ["capacity_note"]


def capacity_note(res: Result) -> str | None:
    """One sentence naming each of RCU and WCU that changed during the run (peak and end of day),
    or ``None`` when both stayed at their initial value (or the table is on demand)."""
    if res.config.mode != "provisioned" or res.frame.empty:
        return None
    why = "auto scaling" if res.config.autoscaling else "the manual change"
    parts = []
    for unit in ("rcu", "wcu"):
        col = res.frame[f"provisioned_{unit}"]
        first, peak, last = float(col.iloc[0]), float(col.max()), float(col.iloc[-1])
        if peak != first or last != first:
            parts.append(f"{unit.upper()} peaked at {format_number(peak)} and ended at {format_number(last)}")
    if not parts:
        return None
    return f"During the run {why} moved the table's capacity: " + "; ".join(parts) + "."
