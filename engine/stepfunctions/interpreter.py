"""The vectorised Amazon States Language interpreter behind the Step Functions lab.

Lanes are executions (or Map iterations); ``own`` maps each lane to its execution. Every state
visit handles all lanes that reached the state in one set of numpy operations. Retry: the n-th
retry of a retrier waits ``IntervalSeconds * BackoffRate**(n-1)`` (aws-facts §8.1, SFN-DG error
handling); a retrier whose ``MaxAttempts`` is used up, or no matching retrier, passes the error to
the first matching ``Catch``; otherwise the error ends the lane. ``States.ALL`` matches any error.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.stepfunctions.asl import Machine, Rule, State

__all__ = ["Interpreter", "matches"]


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
            end, err = t.copy(), np.full(n, -1)
            for b in st.branches:
                e, x = self.run(b, o, t, f"{prefix}{st.name} › ", g)
                first_fail = (x >= 0) & (err < 0)
                err = np.where(first_fail, x, err)
                end = np.maximum(end, e)
            return end, err
        # Map: flatten items of all lanes, run the iterator once, then schedule in waves
        self.count(o, self.history, 2)
        items = np.maximum(self.field(st.items_path, o).astype(np.int64), 0)
        self.count(o, self.history, 2 * items)
        lane = np.repeat(np.arange(n), items)
        k = np.arange(len(lane)) - np.repeat(np.cumsum(items) - items, items)
        c = st.max_concurrency or max(int(items.max(initial=1)), 1)
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
        end = t + wave_d.sum(axis=1)
        err = np.full(n, -1)
        failed = x >= 0
        np.maximum.at(err, lane[failed], x[failed])
        return end, err

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
                wait = np.where(can, r.interval_s * r.backoff ** n_done.astype(float), wait)
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
    """Which error ids in ``x`` an ``ErrorEquals`` list handles."""
    if "States.ALL" in names:
        return x >= 0
    ids = [table.index(n) for n in names if n in table]
    return np.isin(x, ids)
