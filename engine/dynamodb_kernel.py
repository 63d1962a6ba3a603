"""The DynamoDB time loop: one numba kernel, one step per second, batched over scenarios.

Called only by :mod:`engine.dynamodb`, which turns configs into the parameter vector below and
the arrays back into frames and sentences. Facts (aws-facts.md):

* §3.1 DynamoDB throttles per second; §3.2 per-partition ceiling 3,000 RCU / 1,000 WCU;
  partitions split (never merge) when capacity or size needs more of them; capacity is spread
  equally (course formula); burst capacity banks up to 300 s of unused capacity; adaptive
  capacity lends unused table capacity to a hot partition up to the partition maximum; split for
  heat gives hot keys their own partition; a GSI short of write capacity throttles base writes.
* §3.3 auto scaling: target tracking, 2 datapoints above target to scale up, 15 consecutive
  below (0.9 × target, §10) to scale down, the update takes minutes (throttling meanwhile);
  decreases: 4 in the first hour of a UTC day, then 1 per hour if none in the previous hour,
  27 a day. Zero consumption: no datapoint, so no scale-in (course notes, 2017-2019 docs).
* §3.4 on-demand: up to 2 × the previous peak at once; initial peak 4,000 WRU / 12,000 RRU;
  a new peak counts only after 30 min (growth beyond 2× within 30 min throttles).

The event rows, the auto-scaling datapoint and the decrease budget (§3.3) are compiled helpers in
:mod:`engine.dynamodb_scaling`, re-exported here; this file holds the parameter layout, the
partition helpers and the per-second loop. Cross-file helpers are safe with ``cache=True``
because :mod:`engine` keys numba's cache folder by a hash of every engine source file.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# re-exported: engine.dynamodb and engine.dynamodb_events read the event layout and codes from here
from engine.dynamodb_scaling import (  # noqa: F401
    EV_DONE,
    EV_PIN,
    EV_REFUSED,
    EV_SCALE,
    EV_SPLIT,
    EV_THROTTLE,
    EV_THROTTLE_END,
    EV_UNPIN,
    EV_W,
    EV_ZERO_COUNTED,
    EV_ZERO_HOLD,
    MAXEV,
    SC_DAY,
    SC_LAST,
    SC_PIN,
    SC_ZERO,
    _ev,
    autoscale_minute,
    decrease_ok,
)

# parameter vector layout
(
    P_MODE, P_RCU, P_WCU, P_RPR, P_WPW, P_STORE, P_GROWTH, P_BURST, P_ADAPT, P_HEAT,
    P_AS, P_TARGET, P_MIN_R, P_MAX_R, P_MIN_W, P_MAX_W, P_DELAY, P_ZERO_HOLD, P_PIN,
    P_GSI, P_GSI_WCU, P_DAX, P_BUCKET, P_NKEYS,
) = range(24)  # fmt: skip
N_PARAMS = 24

MAXP = 256  # partition slots
BURST_S = 300.0  # §3.2 burst capacity window
HEAT_S = 300  # seconds a partition must stay hot before a split for heat (assumption)
OD_WINDOW_S = 1800  # §3.4: a new peak counts after 30 min
OD_INIT_R, OD_INIT_W = 12_000.0, 4_000.0  # §3.4 initial previous peak
TABLE_MAX = 40_000.0
PMAX = (3000.0, 1000.0)


@njit(cache=True)
def _needed(r, w, gb):
    x = max(r / 3000.0 + w / 1000.0, gb / 10.0)
    return max(1, math.ceil(x - 1e-9))


@njit(cache=True)
def _locate(p, lo, hi, ilo, ihi, pop, hashes, cum):
    ilo[p] = np.searchsorted(hashes, lo[p])
    ihi[p] = np.searchsorted(hashes, hi[p])
    pop[p] = cum[ihi[p]] - cum[ilo[p]]


@njit(cache=True)
def _split(p, at, n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum):
    q = n
    lo[q] = at
    hi[q] = hi[p]
    hi[p] = at
    for d in range(2):
        bank[d, p] *= 0.5
        bank[d, q] = bank[d, p]
    hot[p] = 0
    hot[q] = 0
    _locate(p, lo, hi, ilo, ihi, pop, hashes, cum)
    _locate(q, lo, hi, ilo, ihi, pop, hashes, cum)
    return q


@njit(cache=True)
def run_one(par, load_r, load_w, change, hashes, cum, miss, log_grid, o, buckets, ev, ev_n):
    """One scenario. ``o``: [12, T] outputs; ``buckets``: [3, NB, MAXP]; ``ev``: [MAXEV, EV_W]."""
    T = load_r.shape[0]
    od = par[P_MODE] == 1.0
    unit = np.array([par[P_RPR], par[P_WPW]])
    bucket_s = int(par[P_BUCKET])
    lo = np.zeros(MAXP)
    hi = np.zeros(MAXP)
    ilo = np.zeros(MAXP, np.int64)
    ihi = np.zeros(MAXP, np.int64)
    pop = np.zeros(MAXP)
    bank = np.zeros((2, MAXP))
    hot = np.zeros(MAXP, np.int64)
    dem = np.zeros((2, MAXP))
    srv = np.zeros((2, MAXP))
    rshare = np.zeros(MAXP)
    prov = np.array([par[P_RCU], par[P_WCU]])
    if od:
        prov[0], prov[1] = 2 * OD_INIT_R, 2 * OD_INIT_W
    minc = np.array([par[P_MIN_R], par[P_MIN_W]])
    maxc = np.array([par[P_MAX_R], par[P_MAX_W]])
    pend_val = np.zeros(2)
    pend_end = np.full(2, np.inf)
    pend_manual = np.zeros(2, np.int64)
    high = np.zeros(2, np.int64)
    low = np.zeros(2, np.int64)
    cons_min = np.zeros(2)
    zlog = np.zeros(2, np.int64)  # zero-traffic event logged, per dimension
    rlog = np.zeros(2, np.int64)  # refused-decrease event logged, per dimension
    peak = np.array([OD_INIT_R, OD_INIT_W])
    sc = np.array([0.0, -1e18, 0.0, 0.0])  # decreases today, last decrease t, zero-traffic minutes, max pinned
    gsi_bank = 0.0
    in_ep = False
    ep_start = 0
    ep_last = 0
    ep_total = 0.0
    n = _needed(prov[0], prov[1], par[P_STORE])
    for p in range(n):
        lo[p] = p / n
        hi[p] = (p + 1) / n
        _locate(p, lo, hi, ilo, ihi, pop, hashes, cum)
        for d in range(2):
            bank[d, p] = 0.0
    G = log_grid.shape[0]
    for t in range(T):
        if t % 86400 == 0:
            sc[SC_DAY] = 0.0
        # 1. manual UpdateTable
        for d in range(2):
            target = change[d, t]
            if not np.isnan(target) and not od and target != prov[d]:
                if target < prov[d]:
                    why = decrease_ok(t, sc)
                    if why:
                        _ev(ev, ev_n, t, EV_REFUSED, d, prov[d], target, why, 0.0, sc[SC_DAY])
                        continue
                    sc[SC_DAY] += 1
                    sc[SC_LAST] = t
                pend_val[d] = target
                pend_end[d] = t + par[P_DELAY]
                pend_manual[d] = 1
                _ev(ev, ev_n, t, EV_SCALE, d, prov[d], target, 0.0, -1.0, par[P_DELAY])
        # 2. updates that finish now
        for d in range(2):
            if t >= pend_end[d]:
                if pend_manual[d] == 1:  # auto-scaling messages already say when they land
                    _ev(ev, ev_n, t, EV_DONE, d, prov[d], pend_val[d])
                pend_manual[d] = 0
                prov[d] = pend_val[d]
                pend_end[d] = np.inf
        # 3. on-demand: the limit is 2x the peak seen at least 30 min ago
        if od:
            if t >= OD_WINDOW_S:
                for d in range(2):
                    peak[d] = max(peak[d], o[2 + d, t - OD_WINDOW_S])
            for d in range(2):
                prov[d] = min(2.0 * peak[d], TABLE_MAX)
        # 4. splits for capacity or size (never merge)
        store = par[P_STORE] + par[P_GROWTH] * t
        need = _needed(prov[0], prov[1], store)
        by_size = store / 10.0 > prov[0] / 3000.0 + prov[1] / 1000.0
        while n < need and n < MAXP:
            best = 0
            for p in range(1, n):
                if hi[p] - lo[p] > hi[best] - lo[best] + 1e-15:
                    best = p
            q = _split(best, 0.5 * (lo[best] + hi[best]), n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum)
            n += 1
            _ev(ev, ev_n, t, EV_SPLIT, best, q, 1.0 if by_size else 0.0, need, prov[0], prov[1], store)
        # 5. demand per partition (DAX hits never reach the table)
        R = load_r[t]
        W = load_w[t]
        hits = 0.0
        if par[P_DAX] == 1.0 and R > 0:
            x = (math.log(R) - log_grid[0]) / (log_grid[1] - log_grid[0])
            g = min(max(int(x), 0), G - 2)
            wgt = min(max(x - g, 0.0), 1.0)
            total_miss = 0.0
            for p in range(n):
                m0 = miss[g, ihi[p]] - miss[g, ilo[p]]
                m1 = miss[g + 1, ihi[p]] - miss[g + 1, ilo[p]]
                rshare[p] = (1 - wgt) * m0 + wgt * m1
                total_miss += rshare[p]
            hits = R * max(1.0 - total_miss, 0.0)
        else:
            for p in range(n):
                rshare[p] = pop[p]
        for p in range(n):
            dem[0, p] = R * rshare[p] * unit[0]
            dem[1, p] = W * pop[p] * unit[1]
        # 6. serve: equal share, adaptive capacity, burst, partition ceiling
        thr_cu = np.zeros(2)
        worst_p, worst_d, worst_v = 0, 0, 0.0
        for d in range(2):
            # on-demand has no provisioned share: each partition is bounded by its ceiling only
            base = PMAX[d] if od else prov[d] / n
            pool = 0.0
            want = 0.0
            for p in range(n):
                pool += max(base - dem[d, p], 0.0)
                want += max(min(dem[d, p], PMAX[d]) - base, 0.0)
            frac = 0.0
            if par[P_ADAPT] == 1.0 and want > 0:
                frac = min(1.0, pool / want)
            lent = frac * want / pool if pool > 0 else 0.0
            for p in range(n):
                borrowed = max(min(dem[d, p], PMAX[d]) - base, 0.0) * frac
                allowed = min(base + borrowed, PMAX[d])
                extra = 0.0
                if par[P_BURST] == 1.0 and not od:
                    extra = min(bank[d, p], PMAX[d] - allowed)
                s = min(dem[d, p], allowed + extra)
                srv[d, p] = s
                used = max(s - allowed, 0.0)
                saved = max(base - dem[d, p], 0.0) * (1.0 - lent)
                bank[d, p] = min(bank[d, p] - used + saved, BURST_S * base)
                th = dem[d, p] - s
                thr_cu[d] += th
                if th > worst_v:
                    worst_p, worst_d, worst_v = p, d, th
            if od:  # the table-level limit: 2x the previous peak
                tot = 0.0
                for p in range(n):
                    tot += srv[d, p]
                if tot > prov[d]:
                    f = prov[d] / tot
                    for p in range(n):
                        srv[d, p] *= f
                    thr_cu[d] += tot - prov[d]
        # GSI back-pressure: writes need room in the index too
        gsi_thr = 0.0
        if par[P_GSI] == 1.0 and not od:
            wsum = 0.0
            for p in range(n):
                wsum += srv[1, p]
            gcap = par[P_GSI_WCU] + (gsi_bank if par[P_BURST] == 1.0 else 0.0)
            if wsum > gcap:
                f = gcap / wsum
                for p in range(n):
                    srv[1, p] *= f
                gsi_thr = wsum - gcap
            done = min(wsum, gcap)
            gsi_bank = min(
                gsi_bank + max(par[P_GSI_WCU] - done, 0.0) - max(done - par[P_GSI_WCU], 0.0), BURST_S * par[P_GSI_WCU]
            )
        cons = np.zeros(2)
        for p in range(n):
            cons[0] += srv[0, p]
            cons[1] += srv[1, p]
        o[0, t] = prov[0]
        o[1, t] = prov[1]
        o[2, t] = cons[0]
        o[3, t] = cons[1]
        o[4, t] = R
        o[5, t] = W
        o[6, t] = hits
        o[7, t] = thr_cu[0] / unit[0]
        o[8, t] = (thr_cu[1] + gsi_thr) / unit[1]
        o[9, t] = gsi_thr / unit[1]
        o[10, t] = n
        o[11, t] = store
        b = t // bucket_s
        for p in range(n):
            buckets[0, b, p] += dem[0, p]
            buckets[1, b, p] += dem[1, p]
            buckets[2, b, p] += (dem[0, p] - srv[0, p]) / unit[0] + (dem[1, p] - srv[1, p]) / unit[1]
        # 7. split for heat (aws-today): a partition hot for HEAT_S s is split at its popularity median
        if par[P_HEAT] == 1.0:
            n0 = n
            for p in range(n0):
                h0 = PMAX[0] if od else prov[0] / n0
                h1 = PMAX[1] if od else prov[1] / n0
                is_hot = dem[0, p] > h0 + 1e-9 or dem[1, p] > h1 + 1e-9
                hot[p] = hot[p] + 1 if is_hot else 0
                if hot[p] >= HEAT_S and ihi[p] - ilo[p] >= 2 and n < MAXP:
                    half = cum[ilo[p]] + 0.5 * pop[p]
                    j = ilo[p]
                    while j < ihi[p] - 2 and cum[j + 1] < half:
                        j += 1
                    at = 0.5 * (hashes[j] + hashes[j + 1])
                    plo, phi, d_r, d_w = lo[p], hi[p], dem[0, p], dem[1, p]
                    q = _split(p, at, n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum)
                    n += 1
                    _ev(ev, ev_n, t, EV_SPLIT, p, q, 2.0, n, d_r, d_w, plo, phi)
        # 8. throttling episodes
        total_thr = o[7, t] + o[8, t]
        if total_thr > 0:
            if not in_ep:
                in_ep = True
                ep_start = t
                ep_total = 0.0
                cause = 0.0
                if gsi_thr > 0 and worst_v == 0:
                    cause = 1.0
                elif od and (R * unit[0] > prov[0] or W * unit[1] > prov[1]):
                    cause = 2.0
                elif R * unit[0] - hits * unit[0] > prov[0] or W * unit[1] > prov[1]:
                    cause = 3.0
                util = (cons[worst_d] / prov[worst_d]) if prov[worst_d] > 0 else 0.0
                _ev(ev, ev_n, t, EV_THROTTLE, worst_p, worst_d, dem[worst_d, worst_p], prov[worst_d] / n, util, cause,
                    lo[worst_p], hi[worst_p])  # fmt: skip
            ep_total += total_thr
            ep_last = t
        elif in_ep and t - ep_last >= 60:
            in_ep = False
            _ev(ev, ev_n, ep_last + 1, EV_THROTTLE_END, ep_last + 1 - ep_start, ep_total)
        # 9. auto scaling: one datapoint a minute per dimension
        cons_min[0] += cons[0]
        cons_min[1] += cons[1]
        if t % 60 == 59:
            if par[P_AS] == 1.0 and not od:
                autoscale_minute(t, par[P_TARGET], par[P_ZERO_HOLD] == 1.0, par[P_PIN] == 1.0, par[P_DELAY], prov, minc,
                                 maxc, pend_val, pend_end, high, low, cons_min, zlog, rlog, sc, ev, ev_n)  # fmt: skip
            cons_min[0] = 0.0
            cons_min[1] = 0.0
    if in_ep:  # still throttling when the run ends
        _ev(ev, ev_n, T - 1, EV_THROTTLE_END, T - ep_start, ep_total, 1.0)


@njit(cache=True)
def run_batch(par, load_r, load_w, change, hashes, cum, miss, log_grid, o, buckets, ev, ev_n):
    """Every scenario of a batch (leading axis) through :func:`run_one`."""
    for s in range(par.shape[0]):
        run_one(
            par[s],
            load_r[s],
            load_w[s],
            change[s],
            hashes[s],
            cum[s],
            miss[s],
            log_grid,
            o[s],
            buckets[s],
            ev[s],
            ev_n[s],
        )
