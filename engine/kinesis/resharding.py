"""Compiled resharding steps of the Kinesis kernel: opening a shard and finishing due reshards.

Hash ranges are exact 128-bit values held as (high, low) ``uint64`` pairs (aws-facts §2.1): a
split halves the parent's hash range, a merge joins two adjacent ranges, UpdateShardCount
replaces every open shard by an even table. Parents close and stay readable until retention
ends, and their pending producer retries move to the children owning the same keys. Arrays and
event kinds are those of :mod:`engine.kinesis.layout`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kernel.events import emit
from engine.kinesis.hashing import count_at_most_128, count_below_128
from engine.kinesis.layout import ACT, EMPTY, EV, HASH, OP, RESHARD, SHARD, STATE

__all__ = ["complete_reshards", "new_shard"]

_ONE = np.uint64(1)
_ZERO = np.uint64(0)
_S63 = np.uint64(63)


@njit(cache=True, nogil=True)
def new_shard(meta, hashes, nsh, sh, sl, eh, el, t, p1, p2, khi, klo, nk):  # type: ignore[no-untyped-def]
    """Open shard id ``nsh[0]`` over hash range (sh, sl) … (eh, el) at step ``t``; return its id."""
    i = nsh[0]
    nsh[0] = i + 1
    hashes[i, HASH.START_HI], hashes[i, HASH.START_LO] = sh, sl
    hashes[i, HASH.END_HI], hashes[i, HASH.END_LO] = eh, el
    meta[i, SHARD.KEY_START] = count_below_128(khi, klo, nk, sh, sl)
    meta[i, SHARD.KEY_END] = count_at_most_128(khi, klo, nk, eh, el)
    meta[i, SHARD.STATE], meta[i, SHARD.OPENED], meta[i, SHARD.CLOSED] = STATE.OPEN, t, EMPTY
    meta[i, SHARD.PARENT], meta[i, SHARD.PARENT2] = p1, p2
    return i


@njit(cache=True, nogil=True)
def _move_pending(pend, meta, cumw, olds, n_old, news, n_new):  # type: ignore[no-untyped-def]
    """Hand the closing shards' pending retries to the new shards owning the same keys, in whole
    records (each child its share rounded down, the last one the rest)."""
    for a in range(n_old):
        x = olds[a]
        x0, x1 = meta[x, SHARD.KEY_START], meta[x, SHARD.KEY_END]
        wx = cumw[x1] - cumw[x0]
        for j in range(pend.shape[1]):
            for d in range(pend.shape[2]):
                amount = pend[x, j, d]
                if amount == 0.0:
                    continue
                left = amount
                last = -1
                for b in range(n_new):
                    c = news[b]
                    lo = max(x0, meta[c, SHARD.KEY_START])
                    hi = min(x1, meta[c, SHARD.KEY_END])
                    if hi > lo or (wx <= 0.0 and last < 0):
                        last = c
                        share = np.floor(amount * (cumw[hi] - cumw[lo]) / wx + 1e-9) if wx > 0.0 else 0.0
                        pend[c, j, d] += share
                        left -= share
                if last < 0:
                    last = news[0]
                pend[last, j, d] += left
                pend[x, j, d] = 0.0


@njit(cache=True, nogil=True)
def complete_reshards(t, ops, act, ub_hi, ub_lo, khi, klo, nk, cumw, meta, hashes, nsh, max_shards, ev, n_ev, pend,
                      splitting, olds, news):  # type: ignore[no-untyped-def]  # fmt: skip
    """Finish the reshards of ``ops`` due at step ``t``; returns the new event count.

    ``max_shards`` is how many shard ids this scenario may use: a reshard that would need more
    is skipped with a ``TABLE_FULL`` event.
    """
    hmax = ~_ZERO
    for q in range(ops.shape[0]):
        if ops[q, OP.KIND] == EMPTY or ops[q, OP.DONE] != t:
            continue
        kind, a, b = ops[q, OP.KIND], ops[q, OP.SHARD], ops[q, OP.OTHER]
        ops[q, OP.KIND] = EMPTY
        n_old, n_new = 0, 0
        if kind == RESHARD.SPLIT:
            splitting[a] = False
            if nsh[0] + 2 > max_shards:
                n_ev = emit(ev, n_ev, t, EV.TABLE_FULL, a, max_shards)
                continue
            sh, sl = hashes[a, HASH.START_HI], hashes[a, HASH.START_LO]
            eh, el = hashes[a, HASH.END_HI], hashes[a, HASH.END_LO]
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
            c1 = new_shard(meta, hashes, nsh, sh, sl, bh, bl, t, a, EMPTY, khi, klo, nk)
            c2 = new_shard(meta, hashes, nsh, mh, ml, eh, el, t, a, EMPTY, khi, klo, nk)
            olds[0] = a
            n_old = 1
            news[0], news[1] = c1, c2
            n_new = 2
            n_ev = emit(ev, n_ev, t, EV.SPLIT_DONE, a, c1, c2)
        elif kind == RESHARD.MERGE:
            if nsh[0] + 1 > max_shards:
                n_ev = emit(ev, n_ev, t, EV.TABLE_FULL, a, max_shards)
                continue
            c = new_shard(meta, hashes, nsh, hashes[a, HASH.START_HI], hashes[a, HASH.START_LO],
                          hashes[b, HASH.END_HI], hashes[b, HASH.END_LO], t, a, b, khi, klo, nk)  # fmt: skip
            olds[0], olds[1] = a, b
            n_old = 2
            news[0] = c
            n_new = 1
            n_ev = emit(ev, n_ev, t, EV.MERGE_DONE, a, b, c)
        else:
            n = act[b, ACT.SHARDS]
            off = act[b, ACT.OFFSET]
            if nsh[0] + n > max_shards:
                n_ev = emit(ev, n_ev, t, EV.TABLE_FULL, EMPTY, max_shards)
                continue
            for i in range(nsh[0]):
                if meta[i, SHARD.STATE] == STATE.OPEN:
                    olds[n_old] = i
                    n_old += 1
            for i in range(n):
                eh, el = hmax, hmax
                if i + 1 < n:
                    eh, el = ub_hi[off + i + 1], ub_lo[off + i + 1] - _ONE
                    if ub_lo[off + i + 1] == _ZERO:
                        eh = ub_hi[off + i + 1] - _ONE
                news[n_new] = new_shard(meta, hashes, nsh, ub_hi[off + i], ub_lo[off + i], eh, el, t, EMPTY, EMPTY,
                                        khi, klo, nk)  # fmt: skip
                n_new += 1
            n_ev = emit(ev, n_ev, t, EV.USC_DONE, n_old, n)
        for i in range(n_old):
            meta[olds[i], SHARD.STATE] = STATE.CLOSED
            meta[olds[i], SHARD.CLOSED] = t
        _move_pending(pend, meta, cumw, olds, n_old, news, n_new)
    return n_ev
