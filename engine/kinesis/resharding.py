"""Compiled resharding rules of the Kinesis kernel: deciding reshards, opening shards, finishing
reshards.

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
from engine.kinesis.layout import ACT, AUTO_MERGE, AUTO_SPLIT, BY, EMPTY, EV, HASH, OP, RESHARD, RULE, SHARD, STATE, P

__all__ = ["complete_reshards", "decide_reshards", "new_shard"]

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
    """Hand the closing shards' pending retries to the new shards owning the same keys."""
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
                        share = amount * (cumw[hi] - cumw[lo]) / wx if wx > 0.0 else 0.0
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


@njit(cache=True, nogil=True)
def decide_reshards(t, p, act, ops, rule, usc_times, util, usum, hot, splitting, meta, hashes, nsh, n_open, ev,
                    n_ev):  # type: ignore[no-untyped-def]  # fmt: skip
    """Step ``t``'s reshard decisions; returns the new event count. They take effect
    ``P.RESHARD_STEPS`` steps later (:func:`complete_reshards`).

    In turn: the scheduled actions due now (``act``), the automatic rule at the end of each
    evaluation period (split the hottest shard above ``HIGH_PCT``, or merge the coldest adjacent
    pair below ``LOW_PCT``; a cooldown after each), then on-demand mode's own splits. A reshard
    is refused while another is under way, past the quota, on a one-key shard, past
    UpdateShardCount's calls or factor; the automatic rule reports a new reason once.
    ``util``/``usum``: this step's and this period's utilisation per shard; ``hot``: steps each
    shard has been above the on-demand threshold; ``rule[RULE.*]``: the automatic rule's state.
    """
    n_act = act.shape[0]
    dt = p[P.DT]
    reshard = int(p[P.RESHARD_STEPS])
    day = int(p[P.DAY_STEPS])
    M = meta.shape[0]
    hmax = ~_ZERO
    cooldown_until = rule[RULE.COOLDOWN_UNTIL]
    last_supp = rule[RULE.LAST_REFUSAL]
    busy = False
    for q in range(ops.shape[0]):
        busy = busy or ops[q, OP.KIND] != EMPTY
    hottest, hot_u = -1, -1.0
    for i in range(nsh[0]):
        if meta[i, SHARD.STATE] == STATE.OPEN and util[i] > hot_u:
            hottest, hot_u = i, util[i]
    want = np.zeros(0, np.int64)
    for k in range(n_act):
        if act[k, ACT.STEP] == t:
            want = np.append(want, k)
    evaluate = p[P.AUTO] > 0.0 and (t + 1) % int(p[P.EVAL_STEPS]) == 0
    if evaluate and t >= cooldown_until:
        n_eval = int(p[P.EVAL_STEPS])
        h2, u2 = -1, -1.0
        for i in range(nsh[0]):
            if meta[i, SHARD.STATE] == STATE.OPEN and usum[i] / n_eval > u2:
                h2, u2 = i, usum[i] / n_eval
        if u2 >= p[P.HIGH_PCT]:
            want = np.append(want, AUTO_SPLIT)
            hottest, hot_u = h2, u2
        elif p[P.LOW_PCT] > 0.0 and n_open >= 2:
            want = np.append(want, AUTO_MERGE)
    if evaluate:
        usum[:] = 0.0
    for w in want:
        by = BY.RULE if w < 0 else BY.SCHEDULE
        kind = act[w, ACT.KIND] if w >= 0 else (RESHARD.SPLIT if w == AUTO_SPLIT else RESHARD.MERGE)
        code = 0
        if busy:
            code = EV.BUSY
        elif kind == RESHARD.SPLIT:
            if hottest < 0 or meta[hottest, SHARD.KEY_END] - meta[hottest, SHARD.KEY_START] <= 1:
                code = EV.ONE_KEY
            elif n_open + 1 > p[P.QUOTA]:
                code = EV.NO_QUOTA
            else:
                ops[0, OP.KIND], ops[0, OP.SHARD], ops[0, OP.OTHER] = RESHARD.SPLIT, hottest, EMPTY
                ops[0, OP.DONE] = t + reshard + 1
                splitting[hottest] = True
                n_ev = emit(ev, n_ev, t, EV.SPLIT_START, hottest, hot_u, p[P.RESHARD_STEPS] * dt, by)
        elif kind == RESHARD.MERGE:
            order = np.zeros(0, np.int64)
            for i in range(nsh[0]):
                if meta[i, SHARD.STATE] == STATE.OPEN:
                    order = np.append(order, i)
            best, bu = -1, 1e300
            for x in range(len(order)):
                for y in range(len(order)):
                    a, b = order[x], order[y]
                    eh, el = hashes[a, HASH.END_HI], hashes[a, HASH.END_LO]
                    if eh == hmax and el == hmax:
                        continue
                    nh = eh + (_ONE if el == hmax else _ZERO)
                    adjacent = nh == hashes[b, HASH.START_HI] and el + _ONE == hashes[b, HASH.START_LO]
                    if adjacent and util[a] + util[b] < bu:
                        best, bu = x * M + y, util[a] + util[b]
            if best < 0 or (w < 0 and bu >= p[P.LOW_PCT]):
                code = EV.NO_PAIR if w >= 0 else 0
            else:
                a, b = order[best // M], order[best % M]
                ops[0, OP.KIND], ops[0, OP.SHARD], ops[0, OP.OTHER] = RESHARD.MERGE, a, b
                ops[0, OP.DONE] = t + reshard + 1
                n_ev = emit(ev, n_ev, t, EV.MERGE_START, a, b, bu, by)
                if w < 0:
                    cooldown_until = t + int(p[P.COOLDOWN_STEPS])
        else:
            n = act[w, ACT.SHARDS]
            calls = 0
            for c in usc_times:
                calls += 1 if t - c < day else 0
            factor = p[P.USC_FACTOR]
            if calls >= p[P.USC_CALLS]:
                code = EV.NO_CALLS
            elif n > factor * n_open or factor * n < n_open:
                code = EV.BAD_FACTOR
            elif n > p[P.QUOTA] or n > p[P.STREAM_MAX]:
                code = EV.NO_QUOTA
            else:
                usc_times[np.argmin(usc_times)] = t
                ops[0, OP.KIND], ops[0, OP.SHARD], ops[0, OP.OTHER] = RESHARD.UPDATE, EMPTY, w
                ops[0, OP.DONE] = t + reshard + 1
                n_ev = emit(ev, n_ev, t, EV.USC_START, n_open, n, calls + 1)
        if code == 0 and w == AUTO_SPLIT:
            cooldown_until = t + int(p[P.COOLDOWN_STEPS])
        if code != 0:
            if w >= 0 or code != last_supp:  # the automatic rule reports a new reason once
                target = act[w, ACT.SHARDS] if w >= 0 and kind == RESHARD.UPDATE else p[P.QUOTA]
                shard = hottest if kind == RESHARD.SPLIT else EMPTY
                n_ev = emit(ev, n_ev, t, code, shard, n_open, target, kind)
            last_supp = code if w < 0 else last_supp
        elif w < 0:
            last_supp = -1
        busy = busy or code == 0
    # on-demand mode: a shard above its split threshold for the lag is split on its own
    if p[P.ON_DEMAND] > 0.0:
        for i in range(nsh[0]):
            if meta[i, SHARD.STATE] != STATE.OPEN:
                continue
            hot[i] = hot[i] + 1 if util[i] >= p[P.OD_SPLIT_PCT] else 0
            one_key = meta[i, SHARD.KEY_END] - meta[i, SHARD.KEY_START] <= 1
            if hot[i] >= p[P.OD_LAG_STEPS] and not splitting[i] and not one_key:
                for q in range(ops.shape[0]):
                    if ops[q, OP.KIND] == EMPTY:
                        ops[q, OP.KIND], ops[q, OP.SHARD], ops[q, OP.OTHER] = RESHARD.SPLIT, i, EMPTY
                        ops[q, OP.DONE] = t + reshard + 1
                        splitting[i] = True
                        n_ev = emit(ev, n_ev, t, EV.SPLIT_START, i, util[i], p[P.RESHARD_STEPS] * dt, BY.ON_DEMAND)
                        break
    rule[RULE.COOLDOWN_UNTIL] = cooldown_until
    rule[RULE.LAST_REFUSAL] = last_supp
    return n_ev
