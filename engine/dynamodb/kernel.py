"""The DynamoDB time loop: one numba kernel, one step per second, batched over scenarios.

Called only by :mod:`engine.dynamodb.simulation`, which packs configs into the arrays declared in
:mod:`engine.dynamodb.layout` and turns the outputs back into frames and sentences. Facts
(aws-facts.md):

* §3.1 DynamoDB throttles per second; §3.2 per-partition ceilings
  (:data:`~engine.dynamodb.capacity.PARTITION_MAX`); partitions split (never merge) when capacity
  or size needs more of them, halving a partition's keys, and each partition's share of the
  provisioned capacity is its share of the keys (equal shares at creation, course formula; see
  :mod:`engine.dynamodb.capacity` for how the count is reached); burst capacity banks
  up to :data:`~engine.dynamodb.capacity.BURST_S` of unused capacity; adaptive capacity lends
  unused table capacity to a hot partition up to the partition maximum; split for heat gives hot
  keys their own partition; a GSI short of write capacity throttles base writes (every base
  write is assumed to write the index too), and the GSI's own target tracking (course notes:
  auto scaling "Supports Global Secondary Indexes") raises its write capacity.
* §3.3 auto scaling and the decrease budget (the table's and the GSI's, separate):
  :mod:`engine.dynamodb.scaling`; a manual UpdateTable lowering RCU and WCU is one decrease.
* §3.4 on-demand: the table serves :func:`~engine.dynamodb.capacity.on_demand_limit` of the
  peak seen :data:`~engine.dynamodb.capacity.ON_DEMAND_PEAK_WINDOW_S` ago (faster growth throttles).

The partition formula and the split rule are compiled helpers of :mod:`engine.dynamodb.capacity`;
this file holds the per-second loop only. It stays one function: each step reads the partition
arrays of the step before, and splitting the loop into per-step calls would copy them. Cross-file
helpers are safe with ``cache=True`` because :mod:`engine` keys numba's cache folder by a hash of
every engine source file.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.dynamodb.capacity import (
    BURST_S,
    ON_DEMAND_INITIAL_PEAK,
    ON_DEMAND_PEAK_WINDOW_S,
    PARTITION_MAX,
    capacity_share,
    heat_count,
    heat_split_at,
    heat_split_due,
    initial_bounds,
    key_median,
    key_share,
    on_demand_limit,
    over_limit,
    partition_capacity,
    partition_terms,
    partitions_needed,
    split_for_count,
    split_partition,
)
from engine.dynamodb.layout import (
    BUCKET,
    CAUSE,
    CONSUMED,
    DIM,
    EV,
    GSI_DIM,
    MAX_CAPACITY,
    MAX_PARTITIONS,
    MIN_CAPACITY,
    N_DIM,
    OUT,
    PAR,
    RULE,
    SC,
    SPLIT_WHY,
    START_CAPACITY,
)
from engine.dynamodb.scaling import DATAPOINT_S, DAY_S, autoscale_minute, decrease_ok, new_day, record_decrease
from engine.kernel.events import emit

__all__ = ["THROTTLE_MIN_REQUESTS", "THROTTLE_QUIET_S", "run_batch", "run_one"]

THROTTLE_QUIET_S = 60
"""Seconds without throttling that end a throttling burst (for the event log)."""
THROTTLE_MIN_REQUESTS = 1.0
"""Requests a second must throttle to count as throttling in the event log: DynamoDB throttles
whole requests, and the per-second flow model can leave fractions of one."""


@njit(cache=True, nogil=True)
def run_one(par, load, change, hashes, cum, miss, log_grid, out, buckets, ev):
    """One scenario; returns its event count.

    ``par``: [PAR]; ``load``, ``change``: [DIM, T]; ``hashes``: sorted key hashes (padded with
    2.0); ``cum``: popularity prefix sums in hash order; ``miss``: DAX miss prefix sums on the
    log-rate grid ``log_grid``; ``out``: [OUT, T]; ``buckets``: [BUCKET, NB, MAX_PARTITIONS];
    ``ev``: [MAX_EVENTS, EVENT_WIDTH].
    """
    T = load.shape[1]
    od = par[PAR.ON_DEMAND] == 1.0
    unit = np.zeros(N_DIM)  # capacity units one request costs
    unit[DIM.RCU] = par[PAR.RCU_PER_READ]
    unit[DIM.WCU] = par[PAR.WCU_PER_WRITE]
    bucket_s = int(par[PAR.BUCKET_S])
    lo = np.zeros(MAX_PARTITIONS)
    hi = np.zeros(MAX_PARTITIONS)
    ilo = np.zeros(MAX_PARTITIONS, np.int64)
    ihi = np.zeros(MAX_PARTITIONS, np.int64)
    pop = np.zeros(MAX_PARTITIONS)
    bank = np.zeros((N_DIM, MAX_PARTITIONS))
    hot = np.zeros(MAX_PARTITIONS, np.int64)
    dem = np.zeros((N_DIM, MAX_PARTITIONS))
    srv = np.zeros((N_DIM, MAX_PARTITIONS))
    rshare = np.zeros(MAX_PARTITIONS)
    base_p = np.zeros(MAX_PARTITIONS)  # a partition's capacity in the dimension being served
    prov = np.zeros(N_DIM)
    minc = np.zeros(N_DIM)
    maxc = np.zeros(N_DIM)
    peak = np.zeros(N_DIM)
    for d in range(N_DIM):
        prov[d] = on_demand_limit(ON_DEMAND_INITIAL_PEAK[d]) if od else par[START_CAPACITY[d]]
        minc[d] = par[MIN_CAPACITY[d]]
        maxc[d] = par[MAX_CAPACITY[d]]
        peak[d] = ON_DEMAND_INITIAL_PEAK[d]
    pend_val = np.zeros(N_DIM)
    pend_end = np.full(N_DIM, np.inf)
    pend_manual = np.zeros(N_DIM, np.int64)
    high = np.zeros(N_DIM, np.int64)
    low = np.zeros(N_DIM, np.int64)
    cons_min = np.zeros(N_DIM)
    zlog = np.zeros(N_DIM, np.int64)  # zero-traffic event logged, per dimension
    rlog = np.zeros(N_DIM, np.int64)  # refused-decrease event logged, per dimension
    sc = np.zeros(len(SC))
    sc[SC.LAST_DECREASE_T] = -1e18
    n_ev = 0
    n_keys = int(par[PAR.N_KEYS])
    # the GSI's write capacity and its own target tracking (arrays of one dimension)
    has_gsi = par[PAR.GSI] == 1.0 and not od
    g_prov = np.full(1, par[PAR.GSI_WCU])
    g_min = np.full(1, par[PAR.GSI_MIN_WCU])
    g_max = np.full(1, par[PAR.GSI_MAX_WCU])
    g_pend_val = np.zeros(1)
    g_pend_end = np.full(1, np.inf)
    g_high = np.zeros(1, np.int64)
    g_low = np.zeros(1, np.int64)
    g_cons_min = np.zeros(1)
    g_zlog = np.zeros(1, np.int64)
    g_rlog = np.zeros(1, np.int64)
    g_sc = np.zeros(len(SC))
    g_sc[SC.LAST_DECREASE_T] = -1e18
    gsi_bank = 0.0
    in_ep = False
    ep_start = 0
    ep_last = 0
    ep_total = 0.0
    n = partitions_needed(prov[DIM.RCU], prov[DIM.WCU], par[PAR.STORAGE_GB])
    initial_bounds(n, n_keys, lo, hi, ilo, ihi, pop, hashes, cum)
    G = log_grid.shape[0]
    for t in range(T):
        if t % DAY_S == 0:
            new_day(sc)
            new_day(g_sc)
        # 1. manual UpdateTable: one call sets RCU and WCU; lowering either is one decrease
        lowers = False
        for d in range(N_DIM):
            target = change[d, t]
            if not np.isnan(target) and not od and target < prov[d]:
                lowers = True
        why = decrease_ok(t, sc) if lowers else RULE.ALLOWED
        if lowers and why == RULE.ALLOWED:
            record_decrease(t, sc)
        for d in range(N_DIM):
            target = change[d, t]
            if not np.isnan(target) and not od and target != prov[d]:
                if why != RULE.ALLOWED:  # the whole call is refused
                    if target < prov[d]:
                        n_ev = emit(ev, n_ev, t, EV.REFUSED, d, prov[d], target, why, 0.0, sc[SC.DECREASES_TODAY])
                    continue
                pend_val[d] = target
                pend_end[d] = t + par[PAR.DELAY_S]
                pend_manual[d] = 1
                n_ev = emit(ev, n_ev, t, EV.MANUAL, d, prov[d], target, par[PAR.DELAY_S])
        # 2. updates that finish now
        for d in range(N_DIM):
            if t >= pend_end[d]:
                if pend_manual[d] == 1:  # auto-scaling messages already say when they land
                    n_ev = emit(ev, n_ev, t, EV.DONE, d, prov[d], pend_val[d])
                pend_manual[d] = 0
                prov[d] = pend_val[d]
                pend_end[d] = np.inf
        if t >= g_pend_end[0]:
            g_prov[0] = g_pend_val[0]
            g_pend_end[0] = np.inf
        # 3. on-demand: the limit follows the peak seen at least ON_DEMAND_PEAK_WINDOW_S ago
        if od:
            if t >= ON_DEMAND_PEAK_WINDOW_S:
                for d in range(N_DIM):
                    peak[d] = max(peak[d], out[CONSUMED[d], t - ON_DEMAND_PEAK_WINDOW_S])
            for d in range(N_DIM):
                prov[d] = on_demand_limit(peak[d])
        # 4. splits for capacity or size (never merge): the formula's count, then any partition
        #    whose share is more than one partition supports
        store = par[PAR.STORAGE_GB] + par[PAR.GROWTH_GB_PER_S] * t
        need = partitions_needed(prov[DIM.RCU], prov[DIM.WCU], store)
        by_capacity, by_size = partition_terms(prov[DIM.RCU], prov[DIM.WCU], store)
        while n < MAX_PARTITIONS:
            if n < need:
                reason = SPLIT_WHY.SIZE if by_size > by_capacity else SPLIT_WHY.CAPACITY
                p = -1
            else:
                reason = SPLIT_WHY.OVER_LIMIT
                p = over_limit(n, ilo, ihi, n_keys, prov[DIM.RCU], prov[DIM.WCU], store)
                if p < 0:
                    break
            if p < 0:
                p, q = split_for_count(n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum)
            else:
                at = key_median(p, lo, hi, ilo, ihi, hashes)
                q = split_partition(p, at, n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum)
            parent = key_share(p, ilo, ihi, n_keys) + key_share(q, ilo, ihi, n_keys)
            n += 1
            n_ev = emit(ev, n_ev, t, EV.SPLIT, p, q, reason, need, prov[DIM.RCU], prov[DIM.WCU], store, parent)
        # 5. demand per partition (DAX hits never reach the table)
        R = load[DIM.RCU, t]
        W = load[DIM.WCU, t]
        hits = 0.0
        if par[PAR.DAX] == 1.0 and R > 0:
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
            dem[DIM.RCU, p] = R * rshare[p] * unit[DIM.RCU]
            dem[DIM.WCU, p] = W * pop[p] * unit[DIM.WCU]
        # 6. serve: each partition's share (its share of the keys), adaptive capacity, burst, ceiling
        thr_cu = np.zeros(N_DIM)
        worst_p, worst_d, worst_v = 0, 0, 0.0
        for d in range(N_DIM):
            ceiling = PARTITION_MAX[d]
            # on-demand has no provisioned share: each partition is bounded by its ceiling only
            for p in range(n):
                base_p[p] = ceiling if od else partition_capacity(p, d, prov, ilo, ihi, n_keys)
            pool = 0.0
            want = 0.0
            for p in range(n):
                pool += max(base_p[p] - dem[d, p], 0.0)
                want += max(min(dem[d, p], ceiling) - base_p[p], 0.0)
            frac = 0.0
            if par[PAR.ADAPTIVE] == 1.0 and want > 0:
                frac = min(1.0, pool / want)
            lent = frac * want / pool if pool > 0 else 0.0
            for p in range(n):
                base = base_p[p]
                borrowed = max(min(dem[d, p], ceiling) - base, 0.0) * frac
                allowed = min(base + borrowed, ceiling)
                extra = 0.0
                if par[PAR.BURST] == 1.0 and not od:
                    extra = min(bank[d, p], ceiling - allowed)
                s = min(dem[d, p], allowed + extra)
                srv[d, p] = s
                used = max(s - allowed, 0.0)
                saved = max(base - dem[d, p], 0.0) * (1.0 - lent)
                bank[d, p] = min(bank[d, p] - used + saved, BURST_S * base)
                th = dem[d, p] - s
                thr_cu[d] += th
                if th > worst_v:
                    worst_p, worst_d, worst_v = p, d, th
            if od:  # the table-level limit: on_demand_limit of the previous peak
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
        wsum = 0.0
        gcap = 0.0
        done = 0.0
        if has_gsi:
            gsi_wcu = g_prov[0]
            for p in range(n):
                wsum += srv[DIM.WCU, p]
            gcap = gsi_wcu + (gsi_bank if par[PAR.BURST] == 1.0 else 0.0)
            if wsum > gcap:
                f = gcap / wsum
                for p in range(n):
                    srv[DIM.WCU, p] *= f
                gsi_thr = wsum - gcap
            done = min(wsum, gcap)
            gsi_bank = min(gsi_bank + max(gsi_wcu - done, 0.0) - max(done - gsi_wcu, 0.0), BURST_S * gsi_wcu)
        cons = np.zeros(N_DIM)
        for p in range(n):
            cons[DIM.RCU] += srv[DIM.RCU, p]
            cons[DIM.WCU] += srv[DIM.WCU, p]
        out[OUT.PROVISIONED_RCU, t] = prov[DIM.RCU]
        out[OUT.PROVISIONED_WCU, t] = prov[DIM.WCU]
        out[OUT.CONSUMED_RCU, t] = cons[DIM.RCU]
        out[OUT.CONSUMED_WCU, t] = cons[DIM.WCU]
        out[OUT.READ_REQUESTS, t] = R
        out[OUT.WRITE_REQUESTS, t] = W
        out[OUT.DAX_HITS, t] = hits
        out[OUT.THROTTLED_READS, t] = thr_cu[DIM.RCU] / unit[DIM.RCU]
        out[OUT.THROTTLED_WRITES, t] = (thr_cu[DIM.WCU] + gsi_thr) / unit[DIM.WCU]
        out[OUT.GSI_THROTTLED_WRITES, t] = gsi_thr / unit[DIM.WCU]
        out[OUT.GSI_PROVISIONED_WCU, t] = g_prov[0] if has_gsi else 0.0
        out[OUT.GSI_CONSUMED_WCU, t] = done
        out[OUT.PARTITIONS, t] = n
        out[OUT.STORAGE_GB, t] = store
        b = t // bucket_s
        for p in range(n):
            buckets[BUCKET.READ_DEMAND, b, p] += dem[DIM.RCU, p]
            buckets[BUCKET.WRITE_DEMAND, b, p] += dem[DIM.WCU, p]
            buckets[BUCKET.THROTTLED, b, p] += (dem[DIM.RCU, p] - srv[DIM.RCU, p]) / unit[DIM.RCU] + (
                dem[DIM.WCU, p] - srv[DIM.WCU, p]
            ) / unit[DIM.WCU]
        if t % bucket_s == bucket_s - 1 or t == T - 1:  # shares at the bucket's end (partitions never merge)
            for p in range(n):
                buckets[BUCKET.KEY_SHARE, b, p] = key_share(p, ilo, ihi, n_keys)
                buckets[BUCKET.CAPACITY_SHARE, b, p] = np.nan if od else capacity_share(p, prov, ilo, ihi, n_keys)
        # 7. split for heat (aws-today): a partition above its equal share long enough splits
        if par[PAR.HEAT] == 1.0:
            n0 = n
            for p in range(n0):
                h0 = PARTITION_MAX[DIM.RCU] if od else partition_capacity(p, DIM.RCU, prov, ilo, ihi, n_keys)
                h1 = PARTITION_MAX[DIM.WCU] if od else partition_capacity(p, DIM.WCU, prov, ilo, ihi, n_keys)
                hot[p] = heat_count(hot[p], dem[DIM.RCU, p], dem[DIM.WCU, p], h0, h1)
                if heat_split_due(hot[p], ihi[p] - ilo[p]) and n < MAX_PARTITIONS:
                    at = heat_split_at(p, ilo, ihi, pop, hashes, cum)
                    plo, phi, d_r, d_w = lo[p], hi[p], dem[DIM.RCU, p], dem[DIM.WCU, p]
                    q = split_partition(p, at, n, lo, hi, ilo, ihi, pop, bank, hot, hashes, cum)
                    n += 1
                    n_ev = emit(ev, n_ev, t, EV.HEAT_SPLIT, p, q, n, d_r, d_w, plo, phi)
        # 8. throttling episodes
        total_thr = out[OUT.THROTTLED_READS, t] + out[OUT.THROTTLED_WRITES, t]
        if total_thr >= THROTTLE_MIN_REQUESTS or (in_ep and total_thr > 0):
            if not in_ep:
                in_ep = True
                ep_start = t
                ep_total = 0.0
                cause = CAUSE.PARTITION
                if gsi_thr > 0 and worst_v == 0:
                    cause = CAUSE.GSI
                    n_ev = emit(
                        ev, n_ev, t, EV.THROTTLE, worst_p, GSI_DIM, wsum, gcap, done / g_prov[0], cause, 0.0, 1.0
                    )
                elif od and (R * unit[DIM.RCU] > prov[DIM.RCU] or W * unit[DIM.WCU] > prov[DIM.WCU]):
                    cause = CAUSE.ON_DEMAND
                elif R * unit[DIM.RCU] - hits * unit[DIM.RCU] > prov[DIM.RCU] or W * unit[DIM.WCU] > prov[DIM.WCU]:
                    cause = CAUSE.TABLE
                if cause != CAUSE.GSI:
                    util = (cons[worst_d] / prov[worst_d]) if prov[worst_d] > 0 else 0.0
                    share = (
                        PARTITION_MAX[worst_d] if od else partition_capacity(worst_p, worst_d, prov, ilo, ihi, n_keys)
                    )
                    n_ev = emit(ev, n_ev, t, EV.THROTTLE, worst_p, worst_d, dem[worst_d, worst_p], share, util, cause,
                                lo[worst_p], hi[worst_p])  # fmt: skip
            ep_total += total_thr
            ep_last = t
        elif in_ep and t - ep_last >= THROTTLE_QUIET_S:
            in_ep = False
            n_ev = emit(ev, n_ev, ep_last + 1, EV.THROTTLE_END, ep_last + 1 - ep_start, ep_total)
        # 9. auto scaling: one datapoint a minute per dimension
        for d in range(N_DIM):
            cons_min[d] += cons[d]
        g_cons_min[0] += done
        if t % DATAPOINT_S == DATAPOINT_S - 1:
            if par[PAR.AUTOSCALING] == 1.0 and not od:
                n_ev = autoscale_minute(t, par[PAR.TARGET], par[PAR.ZERO_HOLD] == 1.0, par[PAR.PIN] == 1.0,
                                        par[PAR.DELAY_S], prov, minc, maxc, pend_val, pend_end, high, low, cons_min,
                                        zlog, rlog, sc, ev, n_ev, 0)  # fmt: skip
            if has_gsi and par[PAR.GSI_AUTOSCALING] == 1.0:
                n_ev = autoscale_minute(t, par[PAR.GSI_TARGET], par[PAR.ZERO_HOLD] == 1.0, False, par[PAR.DELAY_S],
                                        g_prov, g_min, g_max, g_pend_val, g_pend_end, g_high, g_low, g_cons_min,
                                        g_zlog, g_rlog, g_sc, ev, n_ev, GSI_DIM)  # fmt: skip
            for d in range(N_DIM):
                cons_min[d] = 0.0
            g_cons_min[0] = 0.0
    if in_ep:  # still throttling when the run ends
        n_ev = emit(ev, n_ev, T - 1, EV.THROTTLE_END, T - ep_start, ep_total, 1.0)
    return n_ev


@njit(cache=True, nogil=True)
def run_batch(par, load, change, hashes, cum, miss, log_grid, out, buckets, ev, counts):
    """Every scenario of a batch (leading axis) through :func:`run_one`; ``counts[s]`` gets
    scenario ``s``'s event count."""
    for s in range(par.shape[0]):
        counts[s] = run_one(par[s], load[s], change[s], hashes[s], cum[s], miss[s], log_grid, out[s], buckets[s], ev[s])
