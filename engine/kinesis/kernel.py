"""The Kinesis time loop: one numba kernel over plain arrays, for one scenario or a batch.

Per step and per shard (aws-facts §2.1): new records arrive in proportion to the popularity of
the keys whose MD5 hash falls in the shard's range, plus producer retries due now; writes above
the shard's write limits (records/s and bytes/s, :mod:`engine.kinesis.limits`) are throttled;
throttled records retry after an exponential backoff and are lost after the last try. Accepted
records wait in the shard until the consumer reads them (the shared or enhanced fan-out read
limits) or retention ends. Resharding (split, merge, UpdateShardCount, the automatic rule and
on-demand splits) closes parent shards, which stay readable until retention ends. Loops run over
steps and shards only.

This module holds the per-step flow of records (writes and retries, then retention and reads);
the resharding rules it calls each step (deciding, opening shards, finishing reshards) are in
:mod:`engine.kinesis.resharding`. Arrays are named in :mod:`engine.kinesis.layout`; events go
through :func:`engine.kernel.events.emit`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kernel.events import emit
from engine.kinesis.layout import (
    EMPTY,
    EV,
    MAX_OPS,
    OP,
    OUT,
    RULE,
    SHARD,
    STATE,
    USC_HISTORY,
    P,
)
from engine.kinesis.resharding import complete_reshards, decide_reshards, new_shard

__all__ = ["run_batch", "run_one"]

_ONE = np.uint64(1)
_ZERO = np.uint64(0)


@njit(cache=True, nogil=True)
def run_one(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
            sh_inc, sh_acc, sh_thr, out, meta, hashes, ev, nsh, pend, ring):  # type: ignore[no-untyped-def]  # fmt: skip
    """One scenario's whole run; outputs are filled in place. Returns the number of events.

    ``rate[t]``: records/s produced; ``khi``/``klo``: the key set's sorted hashes (``nk`` keys),
    ``cumw``: cumulative key weights in that order; ``init_hi``/``init_lo``: the ``n0`` starting
    hash keys; ``act``, ``ub_hi``/``ub_lo``: scheduled reshards and the even tables of their
    UpdateShardCount targets; ``dsteps[j]``: backoff in steps after try ``j``. Per shard and step:
    ``sh_inc``/``sh_acc``/``sh_thr`` (records/s); ``pend[i, try, slot]``: retries waiting;
    ``ring[i, slot]``: accepted records of a step not yet read or expired.
    """
    T, M = sh_inc.shape
    dt = p[P.DT]
    bpr = p[P.BYTES_PER_RECORD]
    cap = min(p[P.RECORD_CAP], p[P.BYTE_CAP] / bpr) * dt  # user records per shard per step
    attempts = int(p[P.ATTEMPTS])
    ret = int(p[P.RETENTION_STEPS])
    max_shards = int(p[P.MAX_SHARDS])
    L = ring.shape[1]
    D = pend.shape[2]
    n_ev = 0
    hmax = ~_ZERO
    for i in range(n0):
        eh, el = (init_hi[i + 1], init_lo[i + 1] - _ONE) if i + 1 < n0 else (hmax, hmax)
        if i + 1 < n0 and init_lo[i + 1] == _ZERO:
            eh = init_hi[i + 1] - _ONE
        new_shard(meta, hashes, nsh, init_hi[i], init_lo[i], eh, el, 0, EMPTY, EMPTY, khi, klo, nk)
    headt = np.zeros(M, np.int64)
    unread = np.zeros(M)
    expired_once = np.zeros(M, np.bool_)
    usum = np.zeros(M)
    util = np.zeros(M)
    hot = np.zeros(M, np.int64)
    splitting = np.zeros(M, np.bool_)
    ops = np.full((MAX_OPS, len(OP)), EMPTY, np.int64)
    usc_times = np.full(USC_HISTORY, -(10**12), np.int64)
    rule = np.zeros(len(RULE), np.int64)
    rule[RULE.LAST_REFUSAL] = -1
    olds = np.zeros(M, np.int64)
    news = np.zeros(M, np.int64)
    pending = 0.0
    for t in range(T):
        # 1. reshards due now complete: parents close (readable until retention), children open
        n_ev = complete_reshards(t, ops, act, ub_hi, ub_lo, khi, klo, nk, cumw, meta, hashes, nsh, max_shards, ev,
                                 n_ev, pend, splitting, olds, news)  # fmt: skip
        # 2. writes: new records by key popularity + retries due now; over-limit ones throttled
        slot = t % D
        n_open = 0
        maxu = 0.0
        for i in range(nsh[0]):
            if meta[i, SHARD.STATE] != STATE.OPEN:
                continue
            n_open += 1
            new = rate[t] * dt * (cumw[meta[i, SHARD.KEY_END]] - cumw[meta[i, SHARD.KEY_START]])
            retry = 0.0
            for j in range(2, attempts + 1):
                retry += pend[i, j, slot]
            pending -= retry
            inc = new + retry
            acc = min(inc, cap)
            thr = inc - acc
            f = thr / inc if inc > 0.0 else 0.0
            if thr > 0.0:  # try 1 -> try 2, try j -> try j+1, the last try is lost
                if attempts >= 2:
                    pend[i, 2, (t + dsteps[1]) % D] += new * f
                    pending += new * f
                else:
                    out[t, OUT.LOST_RECORDS] += new * f
                for j in range(2, attempts + 1):
                    x = pend[i, j, slot] * f
                    if j < attempts:
                        pend[i, j + 1, (t + dsteps[j]) % D] += x
                        pending += x
                    else:
                        out[t, OUT.LOST_RECORDS] += x
            for j in range(2, attempts + 1):
                pend[i, j, slot] = 0.0
            sh_inc[t, i], sh_acc[t, i], sh_thr[t, i] = inc / dt, acc / dt, thr / dt
            u = 100.0 * inc / cap if cap > 0.0 else 0.0
            util[i] = u
            usum[i] += u
            maxu = max(maxu, u)
            out[t, OUT.PRODUCED_RECORDS] += new
            out[t, OUT.RETRIED_RECORDS] += retry
            out[t, OUT.ACCEPTED_RECORDS] += acc
            out[t, OUT.THROTTLED_RECORDS] += thr
            # accepted records join the shard's stored data (slot of this step)
            ring[i, t % L] += acc
            unread[i] += acc
            if unread[i] == acc:
                headt[i] = t
        # 3. retention and consumers (open and closed shards)
        age = 0.0
        for i in range(nsh[0]):
            if meta[i, SHARD.STATE] == STATE.EXPIRED:
                continue
            while unread[i] > 0.0 and headt[i] <= t - ret:
                x = ring[i, headt[i] % L]
                if x > 0.0:
                    if not expired_once[i]:
                        expired_once[i] = True
                        n_ev = emit(ev, n_ev, t, EV.EXPIRY, i, x, ret * dt)
                    out[t, OUT.EXPIRED_RECORDS] += x
                    unread[i] -= x
                    ring[i, headt[i] % L] = 0.0
                headt[i] += 1
            if unread[i] < 1e-9:
                unread[i] = 0.0
            blocked = False
            for k in (meta[i, SHARD.PARENT], meta[i, SHARD.PARENT2]):
                if k >= 0 and meta[k, SHARD.STATE] != STATE.EXPIRED and unread[k] > 0.0:
                    blocked = True  # KCL reads a parent shard to its end before its children
            budget = 0.0 if blocked else min(p[P.READ_RECORDS], p[P.READ_BYTES] / bpr) * dt
            while budget > 0.0 and unread[i] > 0.0 and headt[i] <= t:
                s = headt[i] % L
                x = min(ring[i, s], budget)
                ring[i, s] -= x
                unread[i] -= x
                budget -= x
                out[t, OUT.READ_RECORDS] += x
                if ring[i, s] <= 0.0:
                    ring[i, s] = 0.0
                    headt[i] += 1
            if unread[i] < 1e-9:
                out[t, OUT.READ_RECORDS] += unread[i]
                unread[i] = 0.0
            if unread[i] > 0.0:
                age = max(age, (t - headt[i]) * dt)
            out[t, OUT.UNREAD_RECORDS] += unread[i]
            if meta[i, SHARD.STATE] == STATE.CLOSED and t - meta[i, SHARD.CLOSED] >= ret and unread[i] == 0.0:
                meta[i, SHARD.STATE] = STATE.EXPIRED
                n_ev = emit(ev, n_ev, t, EV.SHARD_EXPIRED, i, ret * dt)
        out[t, OUT.PENDING_RETRIES] = max(pending, 0.0)
        out[t, OUT.SHARDS] = n_open
        out[t, OUT.ITERATOR_AGE_S] = age
        out[t, OUT.MAX_UTILIZATION_PCT] = maxu
        out[t, OUT.WRITE_CAPACITY_RECORDS] = n_open * cap / dt
        # 4. resharding decisions (they take effect P.RESHARD_STEPS steps later)
        n_ev = decide_reshards(t, p, act, ops, rule, usc_times, util, usum, hot, splitting, meta, hashes, nsh, n_open,
                               ev, n_ev)  # fmt: skip
        for i in range(nsh[0]):
            util[i] = 0.0
    return n_ev


@njit(cache=True, nogil=True)
def run_batch(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
              sh_inc, sh_acc, sh_thr, out, meta, hashes, ev, n_ev, nsh, pend, ring):  # type: ignore[no-untyped-def]  # fmt: skip
    """Run every scenario (leading axis) through :func:`run_one`; outputs are filled in place and
    ``n_ev[s]`` gets scenario ``s``'s event count."""
    for s in range(rate.shape[0]):
        n_ev[s] = run_one(rate[s], khi[s], klo[s], cumw[s], nk[s], p[s], init_hi[s], init_lo[s], n0[s], act[s],
                          ub_hi[s], ub_lo[s], dsteps[s], sh_inc[s], sh_acc[s], sh_thr[s], out[s], meta[s], hashes[s],
                          ev[s], nsh[s : s + 1], pend[s], ring[s])  # fmt: skip
