"""The Kinesis time loop: one numba kernel over plain arrays, for one scenario or a batch.

Per step and per shard (aws-facts §2.1): new records arrive in proportion to the popularity of
the keys whose MD5 hash falls in the shard's range, plus producer retries due now; writes above
1,000 records/s or 1 MiB/s per shard are throttled; throttled records retry after an exponential
backoff and are lost after the last try. Accepted records wait in the shard until the consumer
reads them (shared 2 MB/s and 5 reads/s per shard, or 2 MB/s per consumer with enhanced fan-out)
or retention ends. Resharding (split, merge, UpdateShardCount, the automatic rule and on-demand
splits) closes parent shards, which stay readable until retention ends. Hash ranges are exact
128-bit values held as (high, low) ``uint64`` pairs. Loops run over steps and shards only.

This module holds the per-step loop (writes and retries, retention and reads, resharding
decisions) and the batch driver; the compiled helper steps it calls (event rows, opening shards,
finishing reshards) and the shared array layout are in :mod:`engine.kinesis_steps`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kinesis_steps import (
    C_ACCEPTED,
    C_AGE,
    C_CAPACITY,
    C_EXPIRED,
    C_LOST,
    C_MAXUTIL,
    C_PENDING,
    C_PRODUCED,
    C_READ,
    C_RETRIED,
    C_SHARDS,
    C_THROTTLED,
    C_UNREAD,
    CLOSED,
    E_BAD_FACTOR,
    E_BUSY,
    E_EXPIRY,
    E_MERGE_START,
    E_NO_CALLS,
    E_NO_PAIR,
    E_NO_QUOTA,
    E_ONE_KEY,
    E_SHARD_EXPIRED,
    E_SPLIT_START,
    E_USC_START,
    EXPIRED,
    NC,
    NE,
    OPEN,
    P_ATTEMPTS,
    P_AUTO,
    P_BPR,
    P_BYTE_CAP,
    P_COOLDOWN,
    P_DAY,
    P_DT,
    P_EVAL,
    P_HIGH,
    P_LOW,
    P_OD,
    P_OD_LAG,
    P_QUOTA,
    P_READ_BYTES,
    P_READ_REC,
    P_REC_CAP,
    P_RESHARD,
    P_RET,
    P_STREAM_MAX,
    P_USC_CALLS,
    add_event,
    complete_reshards,
    new_shard,
)

__all__ = ["CLOSED", "EXPIRED", "NC", "NE", "OPEN", "run_batch"]

_ONE = np.uint64(1)
_ZERO = np.uint64(0)


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
        new_shard(meta, hmeta, nsh, init_hi[i], init_lo[i], eh, el, 0, -1, -1, khi, klo, nk)
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
        complete_reshards(t, ops, act, ub_hi, ub_lo, khi, klo, nk, cumw, meta, hmeta, nsh, ev, nev, pend, splitting,
                          olds, news)  # fmt: skip
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
                        add_event(ev, nev, t, E_EXPIRY, i, x, ret * dt, 0)
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
                add_event(ev, nev, t, E_SHARD_EXPIRED, i, ret * dt, 0, 0)
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
                    add_event(ev, nev, t, E_SPLIT_START, hottest, hot_u, p[P_RESHARD] * dt, 1.0 if w < 0 else 0.0)
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
                    add_event(ev, nev, t, E_MERGE_START, a, b, bu, 1.0 if w < 0 else 0.0)
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
                    add_event(ev, nev, t, E_USC_START, -1, n_open, n, calls + 1)
            if code == 0 and w == -1:
                cooldown_until = t + int(p[P_COOLDOWN])
            if code != 0:
                if w >= 0 or code != last_supp:  # the automatic rule reports a new reason once
                    target = act[w, 2] if w >= 0 and kind == 3 else p[P_QUOTA]
                    add_event(ev, nev, t, code, hottest if kind == 1 else -1, n_open, target, kind)
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
                            add_event(ev, nev, t, E_SPLIT_START, i, util[i], p[P_RESHARD] * dt, 2.0)
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
