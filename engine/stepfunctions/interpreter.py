"""The vectorised Amazon States Language interpreter behind the Step Functions lab.

Lanes are executions (or Map iterations); ``own`` maps each lane to its execution. Every state
visit handles all lanes that reached the state in one set of numpy operations. The rules, from
SFN-DG (aws-facts §8.1 and the pages named here):

* **Retry** (``concepts-error-handling``): the n-th retry of a retrier waits
  ``IntervalSeconds * BackoffRate**(n-1)``, at most ``MaxDelaySeconds``; ``JitterStrategy: FULL``
  waits a uniform random time between 0 and that (drawn from the run's seeded Generator). A
  retrier whose ``MaxAttempts`` is used up, or no matching retrier, passes the error to the first
  matching ``Catch``; otherwise the error ends the lane.
* **Error names** (``concepts-error-handling``): ``States.ALL`` matches every error and
  ``States.TaskFailed`` every error except ``States.Timeout``; neither matches ``States.Runtime``.
* **Parallel** (``state-parallel``): a branch that fails fails the Parallel state at that moment,
  the other branches are stopped, and the state's error is the earliest failure.
* **Map**, inline (``state-map-inline``): at most :data:`INLINE_MAP_MAX_CONCURRENCY` iterations at
  once (``MaxConcurrency`` 0 means that limit); a failed iteration fails the Map and stops the rest.

Visits cut short by a failure elsewhere are recorded with the outcome ``stopped``; states they
would have entered later are not counted (transitions, retries, catches).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.stepfunctions.asl import Machine, Rule, State

__all__ = ["INLINE_MAP_MAX_CONCURRENCY", "STOPPED", "UNCATCHABLE", "Interpreter", "matches"]

INLINE_MAP_MAX_CONCURRENCY = 40
"""An inline Map state runs at most 40 iterations at once (SFN-DG ``state-map-inline``)."""
UNCATCHABLE = ("States.Runtime",)
"""Errors that neither ``States.ALL`` nor ``States.TaskFailed`` match (SFN-DG ``concepts-error-handling``)."""
STOPPED = 4
"""Outcome code of a visit stopped because a sibling branch or Map iteration failed."""


class Interpreter:
    """One vectorised interpretation: lanes are executions or Map iterations, owners map lanes to executions."""

    MAX_VISITS = 1_000

    def __init__(self, cfg: Any, inputs: dict[str, np.ndarray], rng: np.random.Generator) -> None:
        self.cfg, self.inputs, self.rng = cfg, inputs, rng
        n = cfg.executions
        self.transitions = np.zeros(n, np.int64)
        self.history = np.zeros(n, np.int64)
        self.retries = np.zeros(n, np.int64)
        self.caught = np.zeros(n, np.int64)
        self.errors: list[str] = ["States.NoChoiceMatched", "States.Timeout", "States.Runtime"]
        self.labels: list[str] = []
        self.types: list[str] = []
        self.rec: list[tuple[np.ndarray, ...]] = []
        self.visits = 0
        self.next_lane = cfg.executions
        self.map_limits: dict[str, tuple[int, int, int]] = {}
        """Map states whose items exceeded the concurrency: name -> (most items, limit used, MaxConcurrency)."""

    def err_id(self, name: str) -> int:
        if name not in self.errors:
            self.errors.append(name)
        return self.errors.index(name)

    def label(self, text: str, typ: str) -> int:
        if text not in self.labels:
            self.labels.append(text)
            self.types.append(typ)
        return self.labels.index(text)

    def record(self, label: int, own, gl, t0, t1, outcome) -> None:
        self.rec.append((own, np.full(len(own), label, np.int32), t0, t1, np.asarray(outcome, np.int8), gl))

    def count(self, own: np.ndarray, arr: np.ndarray, k: int | np.ndarray = 1) -> None:
        np.add.at(arr, own, k)

    def field(self, path: str, own: np.ndarray) -> np.ndarray:
        key = path[2:]
        if key not in self.inputs:
            raise ValueError(f"{path} is not a field of the simulated input (fields: {', '.join(self.inputs)})")
        return self.inputs[key][own]

    def rule(self, r: Rule, own: np.ndarray) -> np.ndarray:
        if r.op == "And":
            return np.logical_and.reduce([self.rule(c, own) for c in r.children])
        if r.op == "Or":
            return np.logical_or.reduce([self.rule(c, own) for c in r.children])
        if r.op == "Not":
            return ~self.rule(r.children[0], own)
        v = self.field(r.variable, own)
        ops = {
            "StringEquals": lambda: v.astype(str) == r.value,
            "NumericEquals": lambda: v == r.value,
            "NumericLessThan": lambda: v < r.value,
            "NumericGreaterThan": lambda: v > r.value,
            "NumericLessThanEquals": lambda: v <= r.value,
            "NumericGreaterThanEquals": lambda: v >= r.value,
            "BooleanEquals": lambda: v.astype(bool) == r.value,
        }
        return np.asarray(ops[r.op](), bool)

    # --- one machine over a set of lanes -------------------------------------------------------
    def run(self, m: Machine, own, t, prefix: str, gl) -> tuple[np.ndarray, np.ndarray]:
        """Run ``m`` for lanes (global ids ``gl``, owners ``own``) from ``t``; return (end, error id or -1)."""
        n = len(own)
        end = np.zeros(n)
        err = np.full(n, -1, np.int64)
        pending: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {m.start: [(np.arange(n), t)]}
        while pending:
            name = next(iter(pending))
            parts = pending.pop(name)
            idx = np.concatenate([p[0] for p in parts])
            ts = np.concatenate([p[1] for p in parts])
            self.visits += 1
            if self.visits > self.MAX_VISITS:  # a loop that never ends: fail the lanes still running
                end[idx], err[idx] = ts, self.err_id("States.Runtime")
                for parts in pending.values():
                    for i, tt in parts:
                        end[i], err[i] = tt, self.err_id("States.Runtime")
                break
            st = m.states[name]
            o = own[idx]
            self.count(o, self.transitions)
            go: list[tuple[str, np.ndarray, np.ndarray]] = []
            done: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
            self.step(st, idx, o, gl[idx], ts, prefix, go, done)
            for target, i, tt in go:
                if len(i):
                    pending.setdefault(target, []).append((i, tt))
            for i, tt, e in done:
                end[i], err[i] = tt, e
        return end, err

    def step(self, st: State, idx, o, g, t, prefix, go, done) -> None:
        lab = self.label(prefix + st.name, st.type)
        zero = np.zeros(len(idx), np.int8)
        nxt = st.next
        if st.type in ("Pass", "Succeed"):
            self.count(o, self.history, 2)
            self.record(lab, o, g, t, t, zero)
            if st.type == "Succeed" or st.end:
                done.append((idx, t, np.full(len(idx), -1)))
            else:
                go.append((nxt, idx, t))
        elif st.type == "Fail":
            self.count(o, self.history, 1)
            self.record(lab, o, g, t, t, np.full(len(idx), 3))
            done.append((idx, t, np.full(len(idx), self.err_id(st.error))))
        elif st.type == "Wait":
            self.count(o, self.history, 2)
            wait = np.full(len(idx), st.seconds) if st.seconds is not None else self.field(st.seconds_path, o)
            t1 = t + np.maximum(np.asarray(wait, float), 0.0)
            self.record(lab, o, g, t, t1, zero)
            if st.end:
                done.append((idx, t1, np.full(len(idx), -1)))
            else:
                go.append((nxt, idx, t1))
        elif st.type == "Choice":
            self.count(o, self.history, 2)
            self.record(lab, o, g, t, t, zero)
            left = np.ones(len(idx), bool)
            for r in st.choices:
                hit = self.rule(r, o) & left
                go.append((r.next, idx[hit], t[hit]))
                left &= ~hit
            if st.default:
                go.append((st.default, idx[left], t[left]))
            elif left.any():
                done.append((idx[left], t[left], np.full(int(left.sum()), self.err_id("States.NoChoiceMatched"))))
        else:
            self.retrying(st, lab, idx, o, g, t, prefix, go, done)

    def attempt(self, st: State, o, g, t, prefix) -> tuple[np.ndarray, np.ndarray]:
        """One attempt of a Task/Parallel/Map for lanes owned by ``o``: (end, error id or -1)."""
        n = len(o)
        if st.type == "Task":
            self.count(o, self.history, 3)  # Scheduled, Started, Succeeded/Failed
            mean, fail, ename = self.cfg.profile(st.name)
            d = mean * self.rng.lognormal(-0.125, 0.5, n)  # mean-preserving: E = mean
            bad = self.rng.random(n) < fail
            err = np.where(bad, self.err_id(ename), -1)
            if st.timeout_s is not None:
                over = d > st.timeout_s
                d = np.where(over, st.timeout_s, d)
                err = np.where(over, self.err_id("States.Timeout"), err)
            return t + d, err
        if st.type == "Parallel":
            self.count(o, self.history, 2)
            mark = len(self.rec)
            end, err, first = t.copy(), np.full(n, -1), np.full(n, np.inf)
            for b in st.branches:
                e, x = self.run(b, o, t, f"{prefix}{st.name} › ", g)
                end = np.maximum(end, e)
                earlier = (x >= 0) & (e < first)  # the earliest failure is the Parallel's error
                first = np.where(earlier, e, first)
                err = np.where(earlier, x, err)
            failed = err >= 0
            if failed.any():
                self.stop(mark, o, g, first)
            return np.where(failed, first, end), err
        # Map: flatten items of all lanes, run the iterator once, then schedule in waves
        self.count(o, self.history, 2)
        items = np.maximum(self.field(st.items_path, o).astype(np.int64), 0)
        self.count(o, self.history, 2 * items)
        lane = np.repeat(np.arange(n), items)
        k = np.arange(len(lane)) - np.repeat(np.cumsum(items) - items, items)
        c = min(st.max_concurrency or INLINE_MAP_MAX_CONCURRENCY, INLINE_MAP_MAX_CONCURRENCY)
        widest = int(items.max(initial=0))
        if widest > c:
            name = prefix + st.name
            self.map_limits[name] = (max(widest, self.map_limits.get(name, (0, c))[0]), c, st.max_concurrency)
        mark, l0 = len(self.rec), self.next_lane
        self.next_lane += len(lane)
        e, x = self.run(st.branches[0], o[lane], t[lane], f"{prefix}{st.name} › ", l0 + np.arange(len(lane)))
        d = e - t[lane]
        wave = k // c
        n_waves = int(wave.max(initial=-1)) + 1
        wave_d = np.zeros((n, max(n_waves, 1)))
        np.maximum.at(wave_d, (lane, wave), d)
        starts = np.cumsum(wave_d, axis=1) - wave_d
        shift = starts[lane, wave]
        # shift the iterations' own records so the Gantt shows the waves
        for j in range(mark, len(self.rec)):
            r = self.rec[j]
            pos = r[5] - l0
            inside = (pos >= 0) & (pos < len(lane))
            s = np.where(inside, shift[np.clip(pos, 0, max(len(lane) - 1, 0))], 0.0) if len(lane) else 0.0
            self.rec[j] = (r[0], r[1], r[2] + s, r[3] + s, r[4], r[5])
        # the first iteration to fail (in wave time) fails the Map and stops the others
        failed = x >= 0
        first = np.full(n, np.inf)
        np.minimum.at(first, lane[failed], (e + shift)[failed])
        err = np.full(n, -1)
        hit = failed & np.isclose(e + shift, first[lane])
        order = np.argsort(-(l0 + np.arange(len(lane)))[hit])  # the first listed iteration wins a tie
        err[lane[hit][order]] = x[hit][order]
        bad = err >= 0
        if bad.any():
            self.stop(mark, o, g, first, lanes=(l0, lane))
        return np.where(bad, first, t + wave_d.sum(axis=1)), err

    def stop(self, mark: int, o, g, at: np.ndarray, lanes: tuple[int, np.ndarray] | None = None) -> None:
        """Stop the work recorded since ``mark`` for lanes that failed at ``at`` (inf: did not).

        A record belongs to a lane by its global id ``g`` (or, for a Map, by its iteration's lane
        ``lanes = (first id, parent lane of each iteration)``); when every lane is its own execution,
        by owner, which also reaches records nested deeper. Visits that start after the failure are
        removed (with their transitions, retries and catches); those running are cut at it and
        marked ``stopped``; a visit that would start at the failure's moment never starts."""
        by_owner = len(np.unique(o)) == len(o)
        keys = o if by_owner else g
        order = np.argsort(keys)
        ks, ts = keys[order], at[order]
        for j in range(mark, len(self.rec)):
            own, lab, t0, t1, oc, gl = self.rec[j]
            if by_owner or lanes is None:
                key = own if by_owner else gl
                pos = np.clip(np.searchsorted(ks, key), 0, len(ks) - 1)
                tf = np.where(ks[pos] == key, ts[pos], np.inf)
            else:
                l0, parent = lanes
                p = gl - l0
                inside = (p >= 0) & (p < len(parent))
                tf = np.where(inside, at[parent[np.clip(p, 0, max(len(parent) - 1, 0))]], np.inf)
            late = t1 > tf + 1e-9
            gone = (t0 > tf + 1e-9) | (late & (t0 >= tf - 1e-9))  # not started before the failure
            cut = ~gone & late
            if not (gone.any() or cut.any()):
                continue
            undo = gone | cut
            self.count(own[gone], self.transitions, -1)
            self.count(own[gone], self.history, -2)
            self.count(own[undo & (oc == 1)], self.retries, -1)
            self.count(own[undo & (oc == 2)], self.caught, -1)
            keep = ~gone
            oc = np.where(cut, STOPPED, oc).astype(np.int8)
            t1 = np.where(cut, tf, t1)
            self.rec[j] = (own[keep], lab[keep], t0[keep], t1[keep], oc[keep], gl[keep])

    def retrying(self, st: State, lab: int, idx, o, g, t, prefix, go, done) -> None:
        self.count(o, self.history, 2)  # StateEntered, StateExited
        counts = np.zeros((len(idx), max(len(st.retry), 1)), np.int64)
        cur = np.arange(len(idx))
        tt = t
        for _ in range(10_000):
            if not len(cur):
                break
            e, x = self.attempt(st, o[cur], g[cur], tt, prefix)
            ok = x < 0
            outcome = np.where(ok, 0, 3).astype(np.int8)
            if ok.any():
                sel = cur[ok]
                if st.end:
                    done.append((idx[sel], e[ok], np.full(len(sel), -1)))
                else:
                    go.append((st.next, idx[sel], e[ok]))
            bad = ~ok
            retry = np.zeros(len(cur), bool)
            wait = np.zeros(len(cur))
            matched = np.zeros(len(cur), bool)
            for ri, r in enumerate(st.retry):
                m = bad & ~matched & matches(r.errors, x, self.errors)
                matched |= m
                n_done = counts[cur, ri]
                can = m & (n_done < r.max_attempts)
                w = r.interval_s * r.backoff ** n_done.astype(float)
                if r.max_delay_s is not None:
                    w = np.minimum(w, r.max_delay_s)
                if r.jitter == "FULL" and can.any():
                    w = np.where(can, w * self.rng.random(len(cur)), w)
                wait = np.where(can, w, wait)
                retry |= can
                counts[cur[can], ri] += 1
            outcome[retry] = 1
            give_up = bad & ~retry
            caught = np.zeros(len(cur), bool)
            for c in st.catch:
                m = give_up & ~caught & matches(c.errors, x, self.errors)
                caught |= m
                go.append((c.next, idx[cur[m]], e[m]))
            outcome[caught] = 2
            self.record(lab, o[cur], g[cur], tt, e, outcome)
            if caught.any():
                self.count(o[cur[caught]], self.caught)
            lost = give_up & ~caught
            if lost.any():
                done.append((idx[cur[lost]], e[lost], x[lost]))
            if retry.any():
                self.count(o[cur[retry]], self.retries)
                self.count(o[cur[retry]], self.transitions)
            tt = e[retry] + wait[retry]
            cur = cur[retry]


def matches(names: tuple[str, ...], x: np.ndarray, table: list[str]) -> np.ndarray:
    """Which error ids in ``x`` an ``ErrorEquals`` list handles (SFN-DG ``concepts-error-handling``):
    ``States.ALL`` any error, ``States.TaskFailed`` any error but ``States.Timeout``, other names
    themselves; the wildcards never match :data:`UNCATCHABLE` errors.

    >>> table = ["States.Timeout", "States.Runtime", "PaymentFailed"]
    >>> matches(("States.TaskFailed",), np.array([0, 1, 2, -1]), table).tolist()
    [False, False, True, False]
    """
    ids = [table.index(n) for n in names if n in table]
    hit = np.isin(x, ids)
    wild = "States.ALL" in names or "States.TaskFailed" in names
    if wild:
        skip = [table.index(n) for n in UNCATCHABLE if n in table]
        if "States.ALL" not in names and "States.Timeout" in table:
            skip.append(table.index("States.Timeout"))
        hit |= (x >= 0) & ~np.isin(x, skip)
    return hit
