"""The Kinesis time loop: one numba kernel over plain arrays, for one scenario or a batch.

Per step and per shard (aws-facts §2.1): new records arrive in proportion to the popularity of
the keys whose MD5 hash falls in the shard's range, plus producer retries due now; writes above
1,000 records/s or 1 MiB/s per shard are throttled; throttled records retry after an exponential
backoff and are lost after the last try. Accepted records wait in the shard until the consumer
reads them (shared 2 MB/s and 5 reads/s per shard, or 2 MB/s per consumer with enhanced fan-out)
or retention ends. Resharding (split, merge, UpdateShardCount, the automatic rule and on-demand
splits) closes parent shards, which stay readable until retention ends. Hash ranges are exact
128-bit values held as (high, low) ``uint64`` pairs. Loops run over steps and shards only.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["CLOSED", "EXPIRED", "NC", "NE", "OPEN", "run_batch"]

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
def _event(ev, nev, step, code, shard, a, b, c):
    k = nev[0]
    if k < ev.shape[0]:
        ev[k, 0], ev[k, 1], ev[k, 2], ev[k, 3], ev[k, 4], ev[k, 5] = step, code, shard, a, b, c
    nev[0] = k + 1


@njit(cache=True)
def _new_shard(meta, hmeta, nsh, sh, sl, eh, el, t, p1, p2, khi, klo, nk):
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
def _one(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
         sh_inc, sh_acc, sh_thr, st, meta, hmeta, ev, nev, nsh, pend, ring):  # fmt: skip
    T, M = sh_inc.shape
    dt = p[P_DT]
    bpr = p[P_BPR]
    cap = min(p[P_REC_CAP], p[P_BYTE_CAP] / bpr) * dt  # user records per shard per step
    attempts = int(p[P_ATTEMPTS])
    ret = int(p[P_RET])
    L = ring.shape[1]
    D = pend.shape[2]
    day = int(p[P_DAY])
    hmax = ~_ZERO
    for i in range(n0):
        eh, el = (init_hi[i + 1], init_lo[i + 1] - _ONE) if i + 1 < n0 else (hmax, hmax)
        if i + 1 < n0 and init_lo[i + 1] == _ZERO:
            eh = init_hi[i + 1] - _ONE
        _new_shard(meta, hmeta, nsh, init_hi[i], init_lo[i], eh, el, 0, -1, -1, khi, klo, nk)
    headt = np.zeros(M, np.int64)
    unread = np.zeros(M)
    expired_once = np.zeros(M, np.bool_)
    usum = np.zeros(M)
    util = np.zeros(M)
    hot = np.zeros(M, np.int64)
    splitting = np.zeros(M, np.bool_)
    ops = np.full((64, 4), -1, np.int64)  # kind, a, b (or action index), done step
    usc_times = np.full(32, -(10**12), np.int64)
    cooldown_until = 0
    last_supp = -1
    olds = np.zeros(M, np.int64)
    news = np.zeros(M, np.int64)
    n_act = act.shape[0]
    pending = 0.0
    for t in range(T):
        # 1. reshards due now complete: parents close (readable until retention), children open
        for q in range(ops.shape[0]):
            if ops[q, 0] < 0 or ops[q, 3] != t:
                continue
            kind, a, b = ops[q, 0], ops[q, 1], ops[q, 2]
            ops[q, 0] = -1
            n_old, n_new = 0, 0
            if kind == 1:
                splitting[a] = False
                if nsh[0] + 2 > M:
                    _event(ev, nev, t, E_TABLE_FULL, a, M, 0, 0)
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
                c1 = _new_shard(meta, hmeta, nsh, sh, sl, bh, bl, t, a, -1, khi, klo, nk)
                c2 = _new_shard(meta, hmeta, nsh, mh, ml, eh, el, t, a, -1, khi, klo, nk)
                olds[0] = a
                n_old = 1
                news[0], news[1] = c1, c2
                n_new = 2
                _event(ev, nev, t, E_SPLIT_DONE, a, c1, c2, 0)
            elif kind == 2:
                if nsh[0] + 1 > M:
                    _event(ev, nev, t, E_TABLE_FULL, a, M, 0, 0)
                    continue
                c = _new_shard(meta, hmeta, nsh, hmeta[a, 0], hmeta[a, 1], hmeta[b, 2], hmeta[b, 3], t, a, b,
                               khi, klo, nk)  # fmt: skip
                olds[0], olds[1] = a, b
                n_old = 2
                news[0] = c
                n_new = 1
                _event(ev, nev, t, E_MERGE_DONE, a, b, c, 0)
            else:
                n = act[b, 2]
                off = act[b, 3]
                if nsh[0] + n > M:
                    _event(ev, nev, t, E_TABLE_FULL, -1, M, 0, 0)
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
                    news[n_new] = _new_shard(meta, hmeta, nsh, ub_hi[off + i], ub_lo[off + i], eh, el, t, -1, -1,
                                             khi, klo, nk)  # fmt: skip
                    n_new += 1
                _event(ev, nev, t, E_USC_DONE, -1, n_old, n, 0)
            for i in range(n_old):
                meta[olds[i], 2] = CLOSED
                meta[olds[i], 4] = t
            _move_pending(pend, meta, cumw, olds, n_old, news, n_new)
        # 2. writes: new records by key popularity + retries due now; over-limit ones throttled
        slot = t % D
        n_open = 0
        maxu = 0.0
        for i in range(nsh[0]):
            if meta[i, 2] != OPEN:
                continue
            n_open += 1
            new = rate[t] * dt * (cumw[meta[i, 1]] - cumw[meta[i, 0]])
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
                    st[t, C_LOST] += new * f
                for j in range(2, attempts + 1):
                    x = pend[i, j, slot] * f
                    if j < attempts:
                        pend[i, j + 1, (t + dsteps[j]) % D] += x
                        pending += x
                    else:
                        st[t, C_LOST] += x
            for j in range(2, attempts + 1):
                pend[i, j, slot] = 0.0
            sh_inc[t, i], sh_acc[t, i], sh_thr[t, i] = inc / dt, acc / dt, thr / dt
            u = 100.0 * inc / cap if cap > 0.0 else 0.0
            util[i] = u
            usum[i] += u
            maxu = max(maxu, u)
            st[t, C_PRODUCED] += new
            st[t, C_RETRIED] += retry
            st[t, C_ACCEPTED] += acc
            st[t, C_THROTTLED] += thr
            # accepted records join the shard's stored data (slot of this step)
            ring[i, t % L] += acc
            unread[i] += acc
            if unread[i] == acc:
                headt[i] = t
        # 3. retention and consumers (open and closed shards)
        age = 0.0
        for i in range(nsh[0]):
            if meta[i, 2] == EXPIRED:
                continue
            while unread[i] > 0.0 and headt[i] <= t - ret:
                x = ring[i, headt[i] % L]
                if x > 0.0:
                    if not expired_once[i]:
                        expired_once[i] = True
                        _event(ev, nev, t, E_EXPIRY, i, x, ret * dt, 0)
                    st[t, C_EXPIRED] += x
                    unread[i] -= x
                    ring[i, headt[i] % L] = 0.0
                headt[i] += 1
            if unread[i] < 1e-9:
                unread[i] = 0.0
            blocked = False
            for k in (meta[i, 5], meta[i, 6]):
                if k >= 0 and meta[k, 2] != EXPIRED and unread[k] > 0.0:
                    blocked = True  # KCL reads a parent shard to its end before its children
            budget = 0.0 if blocked else min(p[P_READ_REC], p[P_READ_BYTES] / bpr) * dt
            while budget > 0.0 and unread[i] > 0.0 and headt[i] <= t:
                s = headt[i] % L
                x = min(ring[i, s], budget)
                ring[i, s] -= x
                unread[i] -= x
                budget -= x
                st[t, C_READ] += x
                if ring[i, s] <= 0.0:
                    ring[i, s] = 0.0
                    headt[i] += 1
            if unread[i] < 1e-9:
                st[t, C_READ] += unread[i]
                unread[i] = 0.0
            if unread[i] > 0.0:
                age = max(age, (t - headt[i]) * dt)
            st[t, C_UNREAD] += unread[i]
            if meta[i, 2] == CLOSED and t - meta[i, 4] >= ret and unread[i] == 0.0:
                meta[i, 2] = EXPIRED
                _event(ev, nev, t, E_SHARD_EXPIRED, i, ret * dt, 0, 0)
        st[t, C_PENDING] = max(pending, 0.0)
        st[t, C_SHARDS] = n_open
        st[t, C_AGE] = age
        st[t, C_MAXUTIL] = maxu
        st[t, C_CAPACITY] = n_open * cap / dt
        # 4. resharding decisions (they take effect P_RESHARD steps later)
        busy = False
        for q in range(ops.shape[0]):
            busy = busy or ops[q, 0] >= 0
        hottest, hot_u = -1, -1.0
        for i in range(nsh[0]):
            if meta[i, 2] == OPEN and util[i] > hot_u:
                hottest, hot_u = i, util[i]
        want = np.zeros(0, np.int64)
        for k in range(n_act):
            if act[k, 0] == t:
                want = np.append(want, k)
        evaluate = p[P_AUTO] > 0.0 and (t + 1) % int(p[P_EVAL]) == 0
        if evaluate and t >= cooldown_until:
            n_eval = int(p[P_EVAL])
            h2, u2 = -1, -1.0
            for i in range(nsh[0]):
                if meta[i, 2] == OPEN and usum[i] / n_eval > u2:
                    h2, u2 = i, usum[i] / n_eval
            if u2 >= p[P_HIGH]:
                want = np.append(want, -1)
                hottest, hot_u = h2, u2
            elif p[P_LOW] > 0.0 and n_open >= 2:
                want = np.append(want, -2)
        if evaluate:
            usum[:] = 0.0
        for w in want:
            kind = act[w, 1] if w >= 0 else (1 if w == -1 else 2)
            code = 0
            if busy:
                code = E_BUSY
            elif kind == 1:
                if hottest < 0 or meta[hottest, 1] - meta[hottest, 0] <= 1:
                    code = E_ONE_KEY
                elif n_open + 1 > p[P_QUOTA]:
                    code = E_NO_QUOTA
                else:
                    ops[0, 0], ops[0, 1], ops[0, 2], ops[0, 3] = 1, hottest, -1, t + int(p[P_RESHARD]) + 1
                    splitting[hottest] = True
                    _event(ev, nev, t, E_SPLIT_START, hottest, hot_u, p[P_RESHARD] * dt, 1.0 if w < 0 else 0.0)
            elif kind == 2:
                order = np.zeros(0, np.int64)
                for i in range(nsh[0]):
                    if meta[i, 2] == OPEN:
                        order = np.append(order, i)
                best, bu = -1, 1e300
                for x in range(len(order)):
                    for y in range(len(order)):
                        a, b = order[x], order[y]
                        eh, el = hmeta[a, 2], hmeta[a, 3]
                        if eh == hmax and el == hmax:
                            continue
                        nh = eh + (_ONE if el == hmax else _ZERO)
                        if nh == hmeta[b, 0] and el + _ONE == hmeta[b, 1] and util[a] + util[b] < bu:
                            best, bu = x * M + y, util[a] + util[b]
                if best < 0 or (w < 0 and bu >= p[P_LOW]):
                    code = E_NO_PAIR if w >= 0 else 0
                else:
                    a, b = order[best // M], order[best % M]
                    ops[0, 0], ops[0, 1], ops[0, 2], ops[0, 3] = 2, a, b, t + int(p[P_RESHARD]) + 1
                    _event(ev, nev, t, E_MERGE_START, a, b, bu, 1.0 if w < 0 else 0.0)
                    if w < 0:
                        cooldown_until = t + int(p[P_COOLDOWN])
            else:
                n = act[w, 2]
                calls = 0
                for c in usc_times:
                    calls += 1 if t - c < day else 0
                if calls >= p[P_USC_CALLS]:
                    code = E_NO_CALLS
                elif n > 2 * n_open or 2 * n < n_open:
                    code = E_BAD_FACTOR
                elif n > p[P_QUOTA] or n > p[P_STREAM_MAX]:
                    code = E_NO_QUOTA
                else:
                    usc_times[np.argmin(usc_times)] = t
                    ops[0, 0], ops[0, 1], ops[0, 2], ops[0, 3] = 3, -1, w, t + int(p[P_RESHARD]) + 1
                    _event(ev, nev, t, E_USC_START, -1, n_open, n, calls + 1)
            if code == 0 and w == -1:
                cooldown_until = t + int(p[P_COOLDOWN])
            if code != 0:
                if w >= 0 or code != last_supp:  # the automatic rule reports a new reason once
                    target = act[w, 2] if w >= 0 and kind == 3 else p[P_QUOTA]
                    _event(ev, nev, t, code, hottest if kind == 1 else -1, n_open, target, kind)
                last_supp = code if w < 0 else last_supp
            elif w < 0:
                last_supp = -1
            busy = busy or code == 0
        # on-demand mode: a shard above half its write limit for the lag is split on its own
        if p[P_OD] > 0.0:
            for i in range(nsh[0]):
                if meta[i, 2] != OPEN:
                    continue
                hot[i] = hot[i] + 1 if util[i] >= 50.0 else 0
                if hot[i] >= p[P_OD_LAG] and not splitting[i] and meta[i, 1] - meta[i, 0] > 1:
                    for q in range(ops.shape[0]):
                        if ops[q, 0] < 0:
                            ops[q, 0], ops[q, 1], ops[q, 2], ops[q, 3] = 1, i, -1, t + int(p[P_RESHARD]) + 1
                            splitting[i] = True
                            _event(ev, nev, t, E_SPLIT_START, i, util[i], p[P_RESHARD] * dt, 2.0)
                            break
        for i in range(nsh[0]):
            util[i] = 0.0


@njit(cache=True)
def run_batch(rate, khi, klo, cumw, nk, p, init_hi, init_lo, n0, act, ub_hi, ub_lo, dsteps,
              sh_inc, sh_acc, sh_thr, st, meta, hmeta, ev, nev, nsh, pend, ring):  # fmt: skip
    """Run every scenario (leading axis) through :func:`_one`; outputs are filled in place."""
    for s in range(rate.shape[0]):
        _one(rate[s], khi[s], klo[s], cumw[s], nk[s], p[s], init_hi[s], init_lo[s], n0[s], act[s], ub_hi[s],
             ub_lo[s], dsteps[s], sh_inc[s], sh_acc[s], sh_thr[s], st[s], meta[s], hmeta[s], ev[s], nev[s : s + 1],
             nsh[s : s + 1], pend[s], ring[s])  # fmt: skip
