"""The Kinesis time loop: one numba kernel over plain arrays, for one scenario or a batch.

Per step and per shard (aws-facts §2.1): new records arrive in proportion to the popularity of
the keys whose MD5 hash falls in the shard's range, plus producer retries due now; writes above
the shard's write limits (records/s and bytes/s, :mod:`engine.kinesis.limits`) are throttled;
throttled records retry after an exponential backoff and are lost after the last try. Accepted
records wait in the shard until the consumer reads them (the shared or enhanced fan-out read
limits) or retention ends. Resharding (split, merge, UpdateShardCount, the automatic rule and
on-demand splits) closes parent shards, which stay readable until retention ends. Loops run over
steps and shards only.

The per-step loop (writes and retries, retention and reads, resharding decisions) stays one
function, its state layout, parameters and events declared in :mod:`engine.kinesis.layout`.
Moving the decisions into a compiled function of their own (called once per step) was measured:
the kernel of the benchmark's batch of 4 streams (64 shards, 100,000 keys, 1 h at 1 s) went from
about 17 to 20 ms of CPU, some 15 % slower, so they stay inline. Finishing reshards and opening
shards are in :mod:`engine.kinesis.resharding`; events go through
:func:`engine.kernel.events.emit`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kernel.events import emit
from engine.kinesis.layout import (
    ACT,
    AUTO_MERGE,
    AUTO_SPLIT,
    BY,
    EMPTY,
    EV,
    HASH,
    MAX_OPS,
    OP,
    OUT,
    RESHARD,
    SHARD,
    STATE,
    USC_HISTORY,
    P,
)
from engine.kinesis.resharding import complete_reshards, new_shard

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
    reshard = int(p[P.RESHARD_STEPS])
    max_shards = int(p[P.MAX_SHARDS])
    L = ring.shape[1]
    D = pend.shape[2]
    day = int(p[P.DAY_STEPS])
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
    cooldown_until = 0
    last_supp = -1
    olds = np.zeros(M, np.int64)
    news = np.zeros(M, np.int64)
    n_act = act.shape[0]
    pending = 0.0
    carry = np.zeros(M)  # each shard's fraction of a record not yet produced
    depth = p[P.BUCKET_BYTES]
    bucket = np.full(M, depth)  # each shard's write byte bucket
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
            # whole records: the shard's share of the load, its fraction carried to the next step
            want = rate[t] * dt * (cumw[meta[i, SHARD.KEY_END]] - cumw[meta[i, SHARD.KEY_START]]) + carry[i]
            new = np.floor(want + 1e-6)
            carry[i] = max(0.0, want - new)
            retry = 0.0
            for j in range(2, attempts + 1):
                retry += pend[i, j, slot]
            pending -= retry
            inc = new + retry
            # whole records against the byte bucket and the record limit (aws-facts §2.1)
            bucket[i] = min(depth, bucket[i] + p[P.BYTE_CAP] * dt) if t > 0 else depth
            room = min(np.floor(p[P.RECORD_CAP] * dt + 1e-9), np.floor(bucket[i] / bpr + 1e-9))
            acc = min(inc, room)
            bucket[i] = max(0.0, bucket[i] - acc * bpr)
            thr = inc - acc
            if thr > 0.0:  # try 1 -> try 2, try j -> try j+1, the last try is lost; whole records each
                f = thr / inc
                done = 0.0
                total = new
                x = np.floor(total * f + 0.5) - done
                done += x
                if attempts >= 2:
                    pend[i, 2, (t + dsteps[1]) % D] += x
                    pending += x
                else:
                    out[t, OUT.LOST_RECORDS] += x
                for j in range(2, attempts + 1):
                    total += pend[i, j, slot]
                    x = (thr if j == attempts else np.floor(total * f + 0.5)) - done
                    done += x
                    if j < attempts:
                        pend[i, j + 1, (t + dsteps[j]) % D] += x
                        pending += x
                    else:
                        out[t, OUT.LOST_RECORDS] += x
                if attempts < 2 and thr - done != 0.0:
                    out[t, OUT.LOST_RECORDS] += thr - done
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
                seen = sh_inc[t, i]  # records/s
                over = seen * bpr > p[P.OD_SPLIT_BYTES] or seen > p[P.OD_SPLIT_RECORDS]
                hot[i] = hot[i] + 1 if over else 0
                one_key = meta[i, SHARD.KEY_END] - meta[i, SHARD.KEY_START] <= 1
                if hot[i] >= p[P.OD_LAG_STEPS] and not splitting[i] and not one_key:
                    for q in range(ops.shape[0]):
                        if ops[q, OP.KIND] == EMPTY:
                            ops[q, OP.KIND], ops[q, OP.SHARD], ops[q, OP.OTHER] = RESHARD.SPLIT, i, EMPTY
                            ops[q, OP.DONE] = t + reshard + 1
                            splitting[i] = True
                            n_ev = emit(ev, n_ev, t, EV.SPLIT_START, i, util[i], p[P.RESHARD_STEPS] * dt, BY.ON_DEMAND)
                            break
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
