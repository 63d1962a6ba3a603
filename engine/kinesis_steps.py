"""Compiled helper steps of the Kinesis kernel (:mod:`engine.kinesis_kernel`), and the array layout
they share with it: output columns, event codes, parameter slots and shard states.

Hash ranges are exact 128-bit values held as (high, low) ``uint64`` pairs. Here: writing an event
row, counting the keys below a hash value, opening a shard, and finishing the reshards due at a
step (a split halves the parent's hash range, a merge joins two adjacent ranges, UpdateShardCount
replaces every open shard by an even table; aws-facts §2.1): parents close and stay readable until
retention ends, and their pending producer retries move to the children owning the same keys.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["CLOSED", "EXPIRED", "NC", "NE", "NP", "OPEN", "add_event", "complete_reshards", "new_shard"]


# stream-level output columns (counts per step unless noted)
C_PRODUCED, C_RETRIED, C_ACCEPTED, C_THROTTLED, C_LOST, C_PENDING = 0, 1, 2, 3, 4, 5
C_SHARDS, C_READ, C_EXPIRED, C_UNREAD, C_AGE, C_MAXUTIL, C_CAPACITY = 6, 7, 8, 9, 10, 11, 12
NC = 13
NE = 6  # event row: step, code, shard, a, b, c
OPEN, CLOSED, EXPIRED = 1, 2, 3
# event codes
E_SPLIT_START, E_SPLIT_DONE, E_MERGE_START, E_MERGE_DONE, E_USC_START, E_USC_DONE = 1, 2, 3, 4, 5, 6
E_NO_QUOTA, E_BUSY, E_NO_CALLS, E_BAD_FACTOR, E_ONE_KEY, E_TABLE_FULL = 7, 8, 9, 10, 11, 12
E_EXPIRY, E_SHARD_EXPIRED, E_NO_PAIR = 13, 14, 15
# parameter slots
(P_DT, P_BPR, P_REC_CAP, P_BYTE_CAP, P_RESHARD, P_HIGH, P_LOW, P_COOLDOWN, P_EVAL, P_READ_REC, P_READ_BYTES,
 P_RET, P_QUOTA, P_STREAM_MAX, P_USC_CALLS, P_OD, P_OD_LAG, P_ATTEMPTS, P_AUTO, P_DAY) = range(20)  # fmt: skip
NP = 20
_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_S63 = np.uint64(63)


@njit(cache=True, inline="always")
def _lt(ah, al, bh, bl):
    return ah < bh or (ah == bh and al < bl)


@njit(cache=True)
def _count_below(khi, klo, n, bh, bl):
    """Keys hashing strictly below (bh, bl): binary search on exact 128-bit values."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _lt(khi[mid], klo[mid], bh, bl):
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True)
def _count_le(khi, klo, n, bh, bl):
    """Keys hashing at or below (bh, bl)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _lt(bh, bl, khi[mid], klo[mid]):
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=True)
def add_event(ev, nev, step, code, shard, a, b, c):
    k = nev[0]
    if k < ev.shape[0]:
        ev[k, 0], ev[k, 1], ev[k, 2], ev[k, 3], ev[k, 4], ev[k, 5] = step, code, shard, a, b, c
    nev[0] = k + 1


@njit(cache=True)
def new_shard(meta, hmeta, nsh, sh, sl, eh, el, t, p1, p2, khi, klo, nk):
    i = nsh[0]
    nsh[0] = i + 1
    hmeta[i, 0], hmeta[i, 1], hmeta[i, 2], hmeta[i, 3] = sh, sl, eh, el
    meta[i, 0] = _count_below(khi, klo, nk, sh, sl)
    meta[i, 1] = _count_le(khi, klo, nk, eh, el)
    meta[i, 2], meta[i, 3], meta[i, 4], meta[i, 5], meta[i, 6] = OPEN, t, -1, p1, p2
    return i


@njit(cache=True)
def _move_pending(pend, meta, cumw, olds, n_old, news, n_new):
    """Hand the closing shards' pending retries to the new shards owning the same keys."""
    for a in range(n_old):
        x = olds[a]
        wx = cumw[meta[x, 1]] - cumw[meta[x, 0]]
        for j in range(pend.shape[1]):
            for d in range(pend.shape[2]):
                amount = pend[x, j, d]
                if amount == 0.0:
                    continue
                left = amount
                last = -1
                for b in range(n_new):
                    c = news[b]
                    lo = max(meta[x, 0], meta[c, 0])
                    hi = min(meta[x, 1], meta[c, 1])
                    if hi > lo or (wx <= 0.0 and last < 0):
                        last = c
                        share = amount * (cumw[hi] - cumw[lo]) / wx if wx > 0.0 else 0.0
                        pend[c, j, d] += share
                        left -= share
                if last < 0:
                    last = news[0]
                pend[last, j, d] += left
                pend[x, j, d] = 0.0


@njit(cache=True)
def complete_reshards(t, ops, act, ub_hi, ub_lo, khi, klo, nk, cumw, meta, hmeta, nsh, ev, nev, pend, splitting,
                      olds, news):  # fmt: skip
    """Finish the reshards due at step ``t`` (``ops`` rows: kind, a, b or action index, done step)."""
    M = meta.shape[0]
    hmax = ~_ZERO
    for q in range(ops.shape[0]):
        if ops[q, 0] < 0 or ops[q, 3] != t:
            continue
        kind, a, b = ops[q, 0], ops[q, 1], ops[q, 2]
        ops[q, 0] = -1
        n_old, n_new = 0, 0
        if kind == 1:
            splitting[a] = False
            if nsh[0] + 2 > M:
                add_event(ev, nev, t, E_TABLE_FULL, a, M, 0, 0)
                continue
            sh, sl, eh, el = hmeta[a, 0], hmeta[a, 1], hmeta[a, 2], hmeta[a, 3]
            dh = eh - sh - (_ONE if el < sl else _ZERO)
            dl = el - sl
            hh = dh >> _ONE
            hl = (dl >> _ONE) | (dh << _S63)
            inc = dl & _ONE
            hl2 = hl + inc
            hh = hh + (_ONE if hl2 < hl else _ZERO)
            mh = sh + hh + (_ONE if sl + hl2 < sl else _ZERO)
            ml = sl + hl2
            bh, bl = (mh, ml - _ONE) if ml != _ZERO else (mh - _ONE, hmax)
            c1 = new_shard(meta, hmeta, nsh, sh, sl, bh, bl, t, a, -1, khi, klo, nk)
            c2 = new_shard(meta, hmeta, nsh, mh, ml, eh, el, t, a, -1, khi, klo, nk)
            olds[0] = a
            n_old = 1
            news[0], news[1] = c1, c2
            n_new = 2
            add_event(ev, nev, t, E_SPLIT_DONE, a, c1, c2, 0)
        elif kind == 2:
            if nsh[0] + 1 > M:
                add_event(ev, nev, t, E_TABLE_FULL, a, M, 0, 0)
                continue
            c = new_shard(meta, hmeta, nsh, hmeta[a, 0], hmeta[a, 1], hmeta[b, 2], hmeta[b, 3], t, a, b,
                           khi, klo, nk)  # fmt: skip
            olds[0], olds[1] = a, b
            n_old = 2
            news[0] = c
            n_new = 1
            add_event(ev, nev, t, E_MERGE_DONE, a, b, c, 0)
        else:
            n = act[b, 2]
            off = act[b, 3]
            if nsh[0] + n > M:
                add_event(ev, nev, t, E_TABLE_FULL, -1, M, 0, 0)
                continue
            for i in range(M):
                if meta[i, 2] == OPEN:
                    olds[n_old] = i
                    n_old += 1
            for i in range(n):
                eh, el = hmax, hmax
                if i + 1 < n:
                    eh, el = ub_hi[off + i + 1], ub_lo[off + i + 1] - _ONE
                    if ub_lo[off + i + 1] == _ZERO:
                        eh = ub_hi[off + i + 1] - _ONE
                news[n_new] = new_shard(meta, hmeta, nsh, ub_hi[off + i], ub_lo[off + i], eh, el, t, -1, -1,
                                         khi, klo, nk)  # fmt: skip
                n_new += 1
            add_event(ev, nev, t, E_USC_DONE, -1, n_old, n, 0)
        for i in range(n_old):
            meta[olds[i], 2] = CLOSED
            meta[olds[i], 4] = t
        _move_pending(pend, meta, cumw, olds, n_old, news, n_new)
