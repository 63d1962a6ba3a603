"""Sentences for the DynamoDB event log, read from the kernel's events by payload name.

Each message says what happened and why, with the numbers and the rule (aws-facts §3); the
numbers of the rules come from :mod:`engine.dynamodb.capacity` and :mod:`engine.dynamodb.scaling`.
Partitions are named by lineage: the table starts with partitions 1..n and a split of
partition 2 gives 2a and 2b.

Throttling and auto scaling are rolled up so the log stays readable: a burst's start and end make
one row, and bursts of the same cause that follow each other within :data:`ROLLUP_GAP_S` make one
row that says how many there were, when, and how many requests they throttled in all; target
tracking's steps the same way on one dimension (each within :data:`ROLLUP_GAP_S` of the last)
make one row that says how many steps and where they ended.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from engine.core import EventLog, format_clock, format_duration, format_number
from engine.dynamodb.capacity import (
    CAPACITY_TERM,
    HEAT_S,
    ON_DEMAND_PEAK_FACTOR,
    ON_DEMAND_PEAK_WINDOW_S,
    PARTITION_MAX_GB,
    PARTITION_MAX_RCU,
    PARTITION_MAX_WCU,
    partition_limits,
    partition_terms,
)
from engine.dynamodb.layout import CAUSE, DIMENSION_NAMES, EV, GSI_DIM, KINDS, MAX_PARTITIONS, RULE, SPLIT_WHY
from engine.dynamodb.scaling import (
    DATAPOINT_S,
    DECREASES_FIRST_HOUR,
    DECREASES_PER_DAY,
    HIGH_DATAPOINTS,
    LOW_DATAPOINTS,
    PIN_AFTER_ZERO_MIN,
    SCALE_IN_FRACTION,
)
from engine.kernel.events import Event, write_log

__all__ = ["REFUSAL", "ROLLUP_GAP_S", "explain_events"]

ROLLUP_GAP_S = 3600.0
"""Throttling bursts of one cause, or scaling steps one way on one dimension, less than this apart
are one row of the event log."""
DIMENSION = DIMENSION_NAMES  # ("RCU", "WCU", "GSI WCU") by an event's dimension code
REFUSAL = {
    RULE.FIRST_HOUR: f"{DECREASES_FIRST_HOUR} decreases were already made in the first hour of decreases this "
    f"UTC day (the limit there is {DECREASES_FIRST_HOUR})",
    RULE.HOURLY: "after the first hour of decreases only 1 decrease per hour is allowed, and one was made in "
    "the last hour",
    RULE.DAILY: f"all {DECREASES_PER_DAY} decreases of this UTC day are used",
}
"""Why a decrease was refused, by :data:`~engine.dynamodb.layout.RULE`."""

Keys = tuple[np.ndarray, np.ndarray]  # popularity by rank, each rank's hash position


def _hot_key(keys: Keys, lo: float, hi: float) -> tuple[int, float]:
    """The most popular key (1-based rank) whose hash lies in [lo, hi), and its share."""
    pop, h = keys
    inside = np.nonzero((h >= lo) & (h < hi))[0]
    if len(inside) == 0:
        return 0, 0.0
    rank = int(inside.min())
    return rank + 1, float(pop[rank])


class _Sentences:
    """The sentence of each event of one run; keeps the partition names as splits happen."""

    def __init__(self, config: Any, keys: Keys) -> None:
        self.c = config
        self.keys = keys
        self.names = [str(i + 1) for i in range(MAX_PARTITIONS)]
        self.index = 0
        self.rollup = {}

    def __call__(self, e: Event) -> tuple[str, dict[str, Any]] | None:
        if self._absorbed(e):  # no row of its own: skip its sentence (most of a run's events)
            self.index += 1
            return None
        handler = getattr(self, f"_{e.kind.name.lower()}")
        said = handler(e, format_clock(e.t))
        self.index += 1
        return said

    def plan(self, events: list[Event]) -> None:
        """Roll throttling and scaling up before the sentences are written: each burst start (by
        its index among the events) that opens a row gets ``(bursts, end time, requests throttled,
        seconds throttling, still throttling at the end)``, the starts it absorbs get no entry; each
        auto-scaling step that opens a run of steps the same way on one dimension, each less than
        :data:`ROLLUP_GAP_S` after the last, gets ``(steps, final capacity, last step's time)``,
        the steps it absorbs ``(0, …)``."""
        self.index = 0
        self.rollup: dict[int, tuple[int, float, float, float, bool]] = {}
        head, cause, end = -1, -1, -1e18
        for i, e in enumerate(events):
            if e.kind == EV.THROTTLE:
                if head >= 0 and int(e["cause"]) == cause and e.t - end < ROLLUP_GAP_S:
                    continue
                head, cause = i, int(e["cause"])
                self.rollup[head] = (0, e.t, 0.0, 0.0, False)
            elif e.kind == EV.THROTTLE_END and head >= 0:
                bursts, _, count, took, _ = self.rollup[head]
                end = e.t
                self.rollup[head] = (
                    bursts + 1,
                    end,
                    count + e["throttled"],
                    took + e["duration_s"],
                    e["at_end"] == 1.0,
                )
        self.steps: dict[int, tuple[int, float, float]] = {}
        runs: dict[int, tuple[int, bool, float]] = {}  # by dimension: (head, raising, last step's time)
        for i, e in enumerate(events):
            if e.kind != EV.SCALE or e["workaround"] == 1.0:
                continue
            d, up = int(e["dimension"]), e["to"] > e["frm"]
            run = runs.get(d)
            if run is not None and run[1] == up and e.t - run[2] < ROLLUP_GAP_S:
                steps, _, _ = self.steps[run[0]]
                self.steps[run[0]] = (steps + 1, e["to"], e.t)
                self.steps[i] = (0, 0.0, 0.0)  # absorbed
                runs[d] = (run[0], up, e.t)
            else:
                runs[d] = (i, up, e.t)
                self.steps[i] = (1, e["to"], e.t)

    def _absorbed(self, e: Event) -> bool:
        """Whether ``e`` (the event at :attr:`index`) writes no row: a later step of a rolled-up
        run of scaling steps, a later burst of a rolled-up run of throttling, or a burst's end
        (each is folded into its run's first row by :meth:`plan`)."""
        if e.kind == EV.SCALE:
            return self.steps.get(self.index, (1,))[0] == 0
        if e.kind == EV.THROTTLE:
            return self.index not in self.rollup
        return e.kind == EV.THROTTLE_END

    def _split_names(self, e: Event) -> tuple[str, dict[str, Any]]:
        p, q = int(e["slot"]), int(e["new_slot"])
        old = self.names[p]
        self.names[p], self.names[q] = old + "a", old + "b"
        return old, {"partition": old, "into": [old + "a", old + "b"]}

    def _split(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        old, data = self._split_names(e)
        needed, why, share = int(e["needed"]), int(e["why"]), e["share"]
        what = "on-demand limit" if self.c.mode == "on-demand" else "provisioned"
        head = f"partition {old} split into {old}a/{old}b at {at}"
        if why == SPLIT_WHY.SIZE:
            cause = f"{e['storage_gb']:,.1f} GB stored needs {needed} partitions of at most {PARTITION_MAX_GB:g} GB"
        elif why == SPLIT_WHY.OVER_LIMIT:
            over = [
                f"{format_number(share * total)} {unit}"
                for total, limit, unit in (
                    (e["rcu"], PARTITION_MAX_RCU, "RCU"),
                    (e["wcu"], PARTITION_MAX_WCU, "WCU"),
                    (e["storage_gb"], PARTITION_MAX_GB, "GB"),
                )
                if share * total > limit + 1e-9
            ]
            cause = (
                f"the table has its {needed} partitions, but with {share:.1%} of the keys this one would hold "
                f"{' and '.join(over)}, more than a partition supports ({partition_limits()})"
            )
        else:
            by_capacity, _ = partition_terms(e["rcu"], e["wcu"], e["storage_gb"])
            cause = (
                f"{what} RCU {format_number(e['rcu'])} + WCU {format_number(e['wcu'])} needs {needed} partitions "
                f"({CAPACITY_TERM} = {by_capacity:.2f})"
            )
        halves = (
            f"each half takes half of its {share:.1%} of the keys and the same share of the capacity"
            if self.c.mode == "provisioned"
            else f"each half takes half of its {share:.1%} of the keys"
        )
        return f"{head}: {cause}; {halves}; partitions never merge", {**data, "needed": needed, "share": share}

    def _heat_split(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        old, data = self._split_names(e)
        rank, share = _hot_key(self.keys, e["lo"], e["hi"])
        msg = (
            f"partition {old} split into {old}a/{old}b at {at} for heat: it stayed above its equal share "
            f"for {format_duration(HEAT_S)} (demand {format_number(e['read_demand'])} RCU, "
            f"{format_number(e['write_demand'])} WCU); its hottest key #{rank} ({share:.1%} of traffic) moves "
            "toward its own partition (AWS today: split for heat)"
        )
        return msg, {**data, "needed": int(e["partitions"])}

    def _change(self, e: Event) -> tuple[str, str, str, dict[str, Any]]:
        dim = DIMENSION[int(e["dimension"])]
        return dim, format_number(e["frm"]), format_number(e["to"]), {"dimension": dim}

    def _manual(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        dim, frm, to, data = self._change(e)
        verb = "raises" if e["to"] > e["frm"] else "lowers"
        return (
            f"UpdateTable {verb} provisioned {dim} {frm} → {to} (manual); takes {format_duration(e['delay_s'])}",
            data,
        )

    def _scale(self, e: Event, at: str) -> tuple[str, dict[str, Any]] | None:
        dim, frm, to, data = self._change(e)
        lands = format_clock(e.t + e["delay_s"])
        gsi = int(e["dimension"]) == GSI_DIM
        target = self.c.gsi_target_pct if gsi else self.c.target_pct
        who = "GSI auto scaling (its own target tracking)" if gsi else "auto scaling"
        if e["workaround"] == 1.0:
            msg = (
                f"auto scaling lowers {dim} {frm} → {to} because max was set to min "
                f"(workaround 2); takes {format_duration(e['delay_s'])}"
            )
        elif e["to"] > e["frm"]:
            meanwhile = (
                "base-table writes beyond the index's capacity throttle meanwhile"
                if gsi
                else "requests above the old capacity throttle meanwhile"
            )
            msg = (
                f"{who} raises {dim} {frm} → {to}: utilisation {e['utilisation']:.0%} above the "
                f"{target:.0f} % target for {HIGH_DATAPOINTS} datapoints; the update lands at {lands} and {meanwhile}"
            )
        else:
            budget = "the GSI's own daily decrease budget" if gsi else "the daily decrease budget"
            msg = (
                f"{who} lowers {dim} {frm} → {to}: {LOW_DATAPOINTS} consecutive minutes below "
                f"{SCALE_IN_FRACTION * target:.0f} % (utilisation {e['utilisation']:.0%}); lands at "
                f"{lands}; counts against {budget}"
            )
        steps, final, last = self.steps.get(self.index, (1, e["to"], e.t))
        if steps == 0:  # a later step of a rolled-up run
            return None
        if steps > 1:
            msg += f" — then {steps - 1} more step(s) the same way, to {format_number(final)} {dim} by {format_clock(last)}"
        return msg, {**data, "steps": steps, "final": final}

    def _done(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        dim, frm, to, data = self._change(e)
        return f"UpdateTable finished: provisioned {dim} is now {to} (was {frm})", data

    def _refused(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        dim, frm, to, data = self._change(e)
        who = "auto scaling" if e["by_autoscaling"] == 1.0 else "UpdateTable"
        if int(e["dimension"]) == GSI_DIM:
            who = "GSI auto scaling"
        why = REFUSAL.get(int(e["rule"]), "decrease budget")
        return f"{who}: decrease of {dim} {frm} → {to} refused: {why}", data

    def _zero_hold(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        dim = DIMENSION[int(e["dimension"])]
        msg = (
            f"consumed {dim} dropped to zero: with no datapoints the low alarm stays in INSUFFICIENT_DATA, so "
            f"auto scaling keeps {format_number(e['provisioned'])} {dim} instead of scaling in to the minimum "
            f"{format_number(e['minimum'])} (course notes). Workarounds: a trickle of requests, or set max = min"
        )
        return msg, {"dimension": dim}

    def _zero_counted(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        dim = DIMENSION[int(e["dimension"])]
        msg = (
            f"consumed {dim} dropped to zero; this edition counts zero as a low datapoint, so {dim} falls "
            f"toward the minimum {format_number(e['minimum'])}. AWS removed the 'no scale-in at zero traffic' "
            "note in May 2019; today's behaviour is not documented"
        )
        return msg, {"dimension": dim}

    def _throttle(self, e: Event, at: str) -> tuple[str, dict[str, Any]] | None:
        name, dim = self.names[int(e["slot"])], DIMENSION[int(e["dimension"])]
        rank, share = _hot_key(self.keys, e["lo"], e["hi"])
        cause = int(e["cause"])
        if cause == CAUSE.GSI:
            msg = (
                f"base-table writes throttled by GSI back-pressure: every write also writes the index, which needs "
                f"{format_number(e['demand'])} WCU but has {format_number(e['share'])} WCU"
                + (" until its auto scaling catches up" if self.c.gsi_autoscaling else "")
            )
        elif cause == CAUSE.ON_DEMAND:
            msg = (
                f"on-demand throttling: traffic grew beyond {ON_DEMAND_PEAK_FACTOR:g}× the previous peak within "
                f"{format_duration(ON_DEMAND_PEAK_WINDOW_S)}"
            )
        elif cause == CAUSE.TABLE:
            msg = f"table over capacity: demand exceeds provisioned {dim} (partition {name} worst hit)"
        else:
            msg = (
                f"partition {name} throttled: demand {format_number(e['demand'])} {dim} vs its capacity "
                f"{format_number(e['share'])} {dim}"
                + (f"; hot key #{rank} gets {share:.1%} of traffic" if share * len(self.keys[0]) >= 5 else "")
                + f" — while the table as a whole uses only {e['table_utilisation']:.0%} of its {dim}"
            )
        rolled = self.rollup.get(self.index)
        if rolled is None:  # a later burst of a rolled-up run
            return None
        bursts, end, count, took, at_end = rolled
        if bursts == 0:  # its end was not recorded (the event buffer was full)
            return msg, {"partition": name, "dimension": dim, "hot_key": rank}
        whole = f"{round(count):,}"
        if bursts == 1:
            tail = f"{whole} requests throttled over {format_duration(took)}"
        else:
            tail = (
                f"{bursts} bursts until {format_clock(end)}, {whole} requests throttled in all over "
                f"{format_duration(took)} of throttling"
            )
        if at_end:
            tail += "; still throttling when the run ends"
        data = {"partition": name, "dimension": dim, "hot_key": rank, "bursts": bursts, "throttled": round(count)}
        return f"{msg} — {tail}", data

    def _throttle_end(self, e: Event, at: str) -> None:
        return None  # folded into the burst's row (see _rollup)

    def _pin(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        msg = (
            f"no traffic for {format_duration(PIN_AFTER_ZERO_MIN * DATAPOINT_S)}: the operator sets max = min "
            f"({format_number(e['min_rcu'])} RCU, {format_number(e['min_wcu'])} WCU) so auto scaling must scale in "
            "(workaround 2)"
        )
        return msg, {}

    def _unpin(self, e: Event, at: str) -> tuple[str, dict[str, Any]]:
        return (
            f"traffic is back: max restored to {format_number(e['max_rcu'])} RCU, {format_number(e['max_wcu'])} WCU",
            {},
        )


def explain_events(config: Any, ev: np.ndarray, n: int, keys: Keys) -> tuple[pd.DataFrame, list[str]]:
    """The event log frame of one scenario (``ev``: its buffer, ``n``: its event count) and each
    partition slot's name at the end of the run."""
    log = EventLog()
    sentences = _Sentences(config, keys)
    sentences.plan(list(KINDS.decode(ev, n)))
    write_log(log, KINDS, ev, n, dt_s=1.0, explain=sentences)
    return log.frame(), sentences.names
