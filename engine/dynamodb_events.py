"""Sentences for the DynamoDB event log, built from the kernel's event codes and numbers.

Each message says what happened and why, with the numbers and the rule (aws-facts §3).
Partitions are named by lineage: the table starts with partitions 1..n and a split of
partition 2 gives 2a and 2b.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from engine import dynamodb_kernel as K
from engine.core import EventLog, format_clock

__all__ = ["build_events"]

DIM = ("RCU", "WCU")
REFUSAL = {
    1: "4 decreases were already made in the first hour of this UTC day (the limit there is 4)",
    2: "after the first hour only 1 decrease per hour is allowed, and one was made in the last hour",
    3: "all 27 decreases of this UTC day are used",
}
KIND = {
    K.EV_SPLIT: "split",
    K.EV_SCALE: "scaling",
    K.EV_DONE: "update_done",
    K.EV_REFUSED: "decrease_refused",
    K.EV_ZERO_HOLD: "zero_traffic_hold",
    K.EV_ZERO_COUNTED: "zero_traffic",
    K.EV_THROTTLE: "throttle",
    K.EV_THROTTLE_END: "throttle_end",
    K.EV_PIN: "workaround",
    K.EV_UNPIN: "workaround",
}


def _hot_key(keys: tuple[np.ndarray, np.ndarray], lo: float, hi: float) -> tuple[int, float]:
    """The most popular key (1-based rank) whose hash lies in [lo, hi), and its share."""
    pop, h = keys
    inside = np.nonzero((h >= lo) & (h < hi))[0]
    if len(inside) == 0:
        return 0, 0.0
    rank = int(inside.min())
    return rank + 1, float(pop[rank])


def _n(x: float) -> str:
    return f"{x:,.0f}"


def build_events(
    c: Any, ev: np.ndarray, keys: tuple[np.ndarray, np.ndarray], scenario: int = 0
) -> tuple[pd.DataFrame, list[str]]:
    """The event log frame of one scenario and each partition slot's name at the end."""
    log = EventLog()
    names = [str(i + 1) for i in range(K.MAXP)]
    od = c.mode == "on-demand"
    for row in ev:
        t, code = float(row[0]), int(row[1])
        a, b, cc, d, e, f, g, h = (float(x) for x in row[2:])
        at = format_clock(t)
        kind = KIND.get(code, "event")
        data: dict[str, Any] = {}
        if code == K.EV_SPLIT:
            p, q = int(a), int(b)
            old = names[p]
            names[p], names[q] = old + "a", old + "b"
            if cc == 2.0:
                rank, share = _hot_key(keys, g, h)
                msg = (
                    f"partition {old} split into {old}a/{old}b at {at} for heat: it stayed above its equal share "
                    f"for {K.HEAT_S // 60} min (demand {_n(e)} RCU, {_n(f)} WCU); its hottest key #{rank} "
                    f"({share:.1%} of traffic) moves toward its own partition (AWS today: split for heat)"
                )
            elif cc == 1.0:
                msg = (
                    f"partition {old} split into {old}a/{old}b at {at}: {g:,.1f} GB stored needs "
                    f"{int(d)} partitions of at most 10 GB"
                )
            else:
                what = "on-demand limit" if od else "provisioned"
                msg = (
                    f"partition {old} split into {old}a/{old}b at {at}: {what} RCU {_n(e)} + WCU {_n(f)} needs "
                    f"{int(d)} partitions (RCU/3000 + WCU/1000 = {e / 3000 + f / 1000:.2f}); partitions never merge"
                )
            data = {"partition": old, "into": [old + "a", old + "b"], "needed": int(d)}
        elif code == K.EV_SCALE:
            dim, who = DIM[int(a)], e
            up = cc > b
            verb = "raises" if up else "lowers"
            if who == -1.0:
                msg = f"UpdateTable {verb} provisioned {dim} {_n(b)} → {_n(cc)} (manual); takes {_n(f)} s"
                kind = "manual_update"
            elif who == 2.0:
                msg = (
                    f"auto scaling lowers {dim} {_n(b)} → {_n(cc)} because max was set to min "
                    f"(workaround 2); takes {_n(f)} s"
                )
            elif up:
                msg = (
                    f"auto scaling raises {dim} {_n(b)} → {_n(cc)}: utilisation {d:.0%} above the "
                    f"{c.target_pct:.0f} % target for 2 datapoints; the update lands at {format_clock(t + f)} and "
                    "requests above the old capacity throttle meanwhile"
                )
            else:
                msg = (
                    f"auto scaling lowers {dim} {_n(b)} → {_n(cc)}: 15 consecutive minutes below "
                    f"{0.9 * c.target_pct:.0f} % (utilisation {d:.0%}); lands at {format_clock(t + f)}; counts against the daily decrease budget"
                )
            data = {"dimension": dim, "from": b, "to": cc}
        elif code == K.EV_DONE:
            dim = DIM[int(a)]
            msg = f"UpdateTable finished: provisioned {dim} is now {_n(cc)} (was {_n(b)})"
            data = {"dimension": dim, "from": b, "to": cc}
        elif code == K.EV_REFUSED:
            dim = DIM[int(a)]
            who = "auto scaling" if e == 1.0 else "UpdateTable"
            msg = f"{who}: decrease of {dim} {_n(b)} → {_n(cc)} refused: {REFUSAL.get(int(d), 'decrease budget')}"
            data = {"dimension": dim, "rule": int(d), "decreases_today": int(f)}
        elif code == K.EV_ZERO_HOLD:
            dim = DIM[int(a)]
            msg = (
                f"consumed {dim} dropped to zero: with no datapoints the low alarm stays in INSUFFICIENT_DATA, so "
                f"auto scaling keeps {_n(b)} {dim} instead of scaling in to the minimum {_n(cc)} (course notes). "
                "Workarounds: a trickle of requests, or set max = min"
            )
        elif code == K.EV_ZERO_COUNTED:
            dim = DIM[int(a)]
            msg = (
                f"consumed {dim} dropped to zero; this edition counts zero as a low datapoint, so {dim} falls "
                f"toward the minimum {_n(cc)}. AWS removed the 'no scale-in at zero traffic' note in May 2019; "
                "today's behaviour is not documented"
            )
        elif code == K.EV_THROTTLE:
            p, dim = int(a), DIM[int(b)]
            rank, share = _hot_key(keys, g, h)
            if f == 1.0:
                msg = f"writes throttled by GSI back-pressure: the index has {_n(c.gsi_wcu)} WCU, less than the writes need"
            elif f == 2.0:
                msg = "on-demand throttling: traffic grew beyond 2× the previous peak within 30 minutes"
            elif f == 3.0:
                msg = f"table over capacity: demand exceeds provisioned {dim} (partition {names[p]} worst hit)"
            else:
                msg = (
                    f"partition {names[p]} throttled: demand {_n(cc)} {dim} vs its share {_n(d)} {dim}"
                    + (f"; hot key #{rank} gets {share:.1%} of traffic" if share * len(keys[0]) >= 5 else "")
                    + f" — while the table as a whole uses only {e:.0%} of its {dim}"
                )
            data = {"partition": names[p], "dimension": dim, "hot_key": rank, "table_utilisation": e}
        elif code == K.EV_THROTTLE_END:
            if cc == 1.0:
                msg = f"still throttling when the run ends: {_n(b)} requests throttled over the last {_n(a)} s"
            else:
                msg = f"throttling stopped after {_n(a)} s: {_n(b)} requests throttled in that burst"
            data = {"duration_s": a, "throttled": b}
        elif code == K.EV_PIN:
            msg = (
                f"no traffic for 15 min: the operator sets max = min ({_n(a)} RCU, {_n(b)} WCU) so auto scaling "
                "must scale in (workaround 2)"
            )
        elif code == K.EV_UNPIN:
            msg = f"traffic is back: max restored to {_n(a)} RCU, {_n(b)} WCU"
        else:
            msg = f"event {code}"
        log.add(t, kind, msg, scenario=scenario, **data)
    return log.frame(), names
