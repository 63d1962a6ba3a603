"""The AWS Batch time-step kernel (numba): job counts per queue, attempt and finishing slot.

Per step, in this order (aws-facts §8.3):

1. jobs that finish this step leave RUNNING: SUCCEEDED, or FAILED with attempts left -> RUNNABLE
   again (retry strategy, 1-10 attempts); attempts that hit the timeout are FAILED and *not*
   retried (BATCH-UG ``job_timeouts.md``);
2. Spot interruptions reclaim whole instances; their jobs' attempts fail and are retried if
   attempts remain;
3. jobs SUBMITTED last step become RUNNABLE (no dependencies, so PENDING is skipped);
4. each managed compute environment (CE) scales towards the vCPUs its queues need, between
   min and max vCPUs; new capacity arrives after a launch delay;
5. queues are served in priority order, **higher number first**, each on its CEs in order; a
   job starts when its vCPUs fit in a CE's free vCPUs (STARTING is folded into RUNNING);
6. new submissions (array jobs expand to their children) enter SUBMITTED.

Counts are integers; random failures and interruptions are binomial draws from a numpy
Generator made from the seed and passed in (one per scenario, so a run is reproducible and a
batch equals its scenarios run one by one). Loops run over time steps (and the few queue/CE/attempt
cells), never over jobs.
"""

# Randomness: a numpy Generator made from the seed is passed in (numba supports Generator
# methods in nopython mode); the caller gives each scenario its own Generator from the same seed,
# so a batch equals its scenarios run one by one.

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kernel_events import add_event

__all__ = ["EV_INTERRUPT", "EV_SCALE_IN", "EV_SCALE_OUT", "EV_TIMEOUT", "batch_kernel"]

EV_SCALE_OUT, EV_SCALE_IN, EV_INTERRUPT, EV_TIMEOUT = 1, 2, 3, 4
MAX_EVENTS = 4000


@njit(cache=True)
def batch_kernel(
    rng,  # np.random.Generator made from the seed
    arrivals,  # [S, Q, T] jobs submitted per step
    ce_present,  # [S, C] bool
    ce_managed,  # [S, C] bool
    ce_min,  # [S, C] vCPUs
    ce_max,  # [S, C]
    ce_step_cap,  # [S, C] max vCPUs launched per step
    ce_launch,  # [S, C] launch delay in steps
    ce_idle_steps,  # [S, C] steps of surplus capacity before it is released
    ce_int_rate,  # [S, C] interruption events per instance per step
    ce_inst,  # [S, C] vCPUs per instance
    ce_per_vcpu,  # [S, C] USD per provisioned vCPU per step (EC2/Spot)
    ce_fargate,  # [S, C] bool: billed per running job
    q_present,  # [S, Q] bool
    q_order,  # [S, Q] queue indices, highest priority first
    q_ces,  # [S, Q, 3] CE indices in order, -1 = none
    q_vcpu,  # [S, Q]
    q_job_cost,  # [S, Q] USD per running job per step (Fargate price of its vCPU + memory)
    q_fail,  # [S, Q] failure probability per attempt
    q_attempts,  # [S, Q] 1..10
    q_bin_steps,  # [S, Q, 3] duration of each duration bin in steps
    q_bin_timeout,  # [S, Q, 3] bool: that bin runs into the timeout
    bin_p,  # [3]
    ring,  # int: ring length (> every bin's steps)
):
    S, Q, T = arrivals.shape
    C = ce_present.shape[1]
    A = 10
    out_sub = np.zeros((S, T, Q), np.int64)
    out_runnable = np.zeros((S, T, Q), np.int64)
    out_running = np.zeros((S, T, Q), np.int64)
    out_succ = np.zeros((S, T, Q), np.int64)
    out_fail = np.zeros((S, T, Q), np.int64)
    out_intr = np.zeros((S, T, Q), np.int64)
    out_cap = np.zeros((S, T, C))
    out_used = np.zeros((S, T, C))
    out_cost = np.zeros((S, T))
    events = np.zeros((S, MAX_EVENTS, 5))
    n_events = np.zeros(S, np.int64)
    for s in range(S):
        runnable = np.zeros((Q, A), np.int64)
        submitted = np.zeros(Q, np.int64)
        done = np.zeros((Q, C, A, 2, ring), np.int64)  # finishing at slot: [..., 0] normally, [..., 1] by timeout
        running = np.zeros((Q, C), np.int64)
        succ = np.zeros(Q, np.int64)
        fail = np.zeros(Q, np.int64)
        cap = np.zeros(C)
        for c in range(C):
            if ce_present[s, c]:
                cap[c] = ce_min[s, c] if ce_managed[s, c] else ce_max[s, c]
        launching = np.zeros((C, int(ce_launch[s].max()) + 2))
        last_kind = np.zeros(C, np.int64)
        idle = np.zeros(C, np.int64)
        ne = 0
        for t in range(T):
            slot = t % ring
            intr = np.zeros(Q, np.int64)
            # 1. finishing attempts
            for q in range(Q):
                for c in range(C):
                    for a in range(A):
                        n = done[q, c, a, 0, slot]
                        if n > 0:
                            done[q, c, a, 0, slot] = 0
                            running[q, c] -= n
                            bad = rng.binomial(n, q_fail[s, q]) if q_fail[s, q] > 0 else 0
                            succ[q] += n - bad
                            if a + 1 < q_attempts[s, q]:
                                runnable[q, a + 1] += bad
                            else:
                                fail[q] += bad
                        m = done[q, c, a, 1, slot]
                        if m > 0:
                            done[q, c, a, 1, slot] = 0
                            running[q, c] -= m
                            fail[q] += m
                            ne = add_event(events[s], ne, t, EV_TIMEOUT, q, m, c)
            # 2. Spot interruptions
            for c in range(C):
                if ce_int_rate[s, c] <= 0 or cap[c] <= 0:
                    continue
                k = rng.poisson(ce_int_rate[s, c] * cap[c] / ce_inst[s, c])
                for _ in range(k):
                    if cap[c] <= 0:
                        break
                    lost = min(ce_inst[s, c], cap[c])
                    f = lost / cap[c]
                    hit_total = 0
                    for q in range(Q):
                        for a in range(A):
                            for r in range(ring):
                                for k2 in range(2):
                                    n = done[q, c, a, k2, r]
                                    if n > 0:
                                        h = rng.binomial(n, f)
                                        if h > 0:
                                            done[q, c, a, k2, r] -= h
                                            running[q, c] -= h
                                            intr[q] += h
                                            hit_total += h
                                            if a + 1 < q_attempts[s, q]:
                                                runnable[q, a + 1] += h
                                            else:
                                                fail[q] += h
                    cap[c] -= lost
                    # the jobs left must fit on the instances left: take more if the draw fell short
                    excess = -cap[c]
                    for q in range(Q):
                        excess += running[q, c] * q_vcpu[s, q]
                    for q in range(Q):
                        for a in range(A):
                            for r in range(ring):
                                for k2 in range(2):
                                    n = done[q, c, a, k2, r]
                                    if excess > 1e-9 and n > 0:
                                        h = min(n, int(np.ceil(excess / q_vcpu[s, q] - 1e-9)))
                                        done[q, c, a, k2, r] -= h
                                        running[q, c] -= h
                                        intr[q] += h
                                        hit_total += h
                                        excess -= h * q_vcpu[s, q]
                                        if a + 1 < q_attempts[s, q]:
                                            runnable[q, a + 1] += h
                                        else:
                                            fail[q] += h
                    ne = add_event(events[s], ne, t, EV_INTERRUPT, c, lost, hit_total)
            # 3. SUBMITTED -> RUNNABLE
            for q in range(Q):
                runnable[q, 0] += submitted[q]
                submitted[q] = 0
            # 4. scaling: capacity arriving, then what each CE should have
            used = np.zeros(C)
            for c in range(C):
                cap[c] += launching[c, t % launching.shape[1]]
                launching[c, t % launching.shape[1]] = 0.0
                for q in range(Q):
                    used[c] += running[q, c] * q_vcpu[s, q]
            want = used.copy()
            for qi in range(Q):
                q = q_order[s, qi]
                if q < 0 or not q_present[s, q]:
                    continue
                need = runnable[q].sum() * q_vcpu[s, q]
                for j in range(3):
                    c = q_ces[s, q, j]
                    if c < 0 or need <= 0:
                        continue
                    room = max(ce_max[s, c] - want[c], 0.0)
                    take = min(need, room)
                    want[c] += take
                    need -= take
            for c in range(C):
                if not ce_present[s, c] or not ce_managed[s, c]:
                    continue
                desired = min(max(want[c], ce_min[s, c]), ce_max[s, c])
                pending = launching[c].sum()
                if desired > cap[c] + pending:
                    idle[c] = 0
                    add = min(desired - cap[c] - pending, ce_step_cap[s, c])
                    if not ce_fargate[s, c]:  # whole instances, within max
                        add = min(np.ceil(add / ce_inst[s, c]) * ce_inst[s, c], ce_max[s, c] - cap[c] - pending)
                    launching[c, (t + ce_launch[s, c]) % launching.shape[1]] += add
                    if last_kind[c] != EV_SCALE_OUT:
                        ne = add_event(events[s], ne, t, EV_SCALE_OUT, c, cap[c], desired)
                    last_kind[c] = EV_SCALE_OUT
                elif desired < cap[c] - (0.0 if ce_fargate[s, c] else ce_inst[s, c] - 1e-9) and pending == 0:
                    idle[c] += 1
                    new = max(desired, used[c])
                    if not ce_fargate[s, c]:
                        new = min(np.ceil(new / ce_inst[s, c]) * ce_inst[s, c], cap[c])
                    if new < cap[c] and idle[c] >= ce_idle_steps[s, c]:
                        idle[c] = 0
                        if last_kind[c] != EV_SCALE_IN:
                            ne = add_event(events[s], ne, t, EV_SCALE_IN, c, cap[c], new)
                        last_kind[c] = EV_SCALE_IN
                        cap[c] = new
            # 5. start jobs, highest priority queue first
            for qi in range(Q):
                q = q_order[s, qi]
                if q < 0 or not q_present[s, q]:
                    continue
                for j in range(3):
                    c = q_ces[s, q, j]
                    if c < 0:
                        continue
                    fit = int((cap[c] - used[c]) // q_vcpu[s, q] + 1e-9)
                    for a in range(A):
                        if fit <= 0:
                            break
                        n = min(fit, runnable[q, a])
                        if n <= 0:
                            continue
                        runnable[q, a] -= n
                        fit -= n
                        running[q, c] += n
                        used[c] += n * q_vcpu[s, q]
                        left = n
                        for b in range(3):
                            m = left if b == 2 else rng.binomial(left, bin_p[b] / max(bin_p[b:].sum(), 1e-12))
                            left -= m
                            r = (t + q_bin_steps[s, q, b]) % ring
                            done[q, c, a, 1 if q_bin_timeout[s, q, b] else 0, r] += m
            # 6. new submissions
            for q in range(Q):
                submitted[q] += arrivals[s, q, t]
            cost = 0.0
            for c in range(C):
                if ce_fargate[s, c]:
                    for q in range(Q):
                        cost += running[q, c] * q_job_cost[s, q]
                else:
                    cost += cap[c] * ce_per_vcpu[s, c]
                out_cap[s, t, c] = cap[c]
                out_used[s, t, c] = used[c]
            out_cost[s, t] = cost
            for q in range(Q):
                out_sub[s, t, q] = submitted[q]
                out_runnable[s, t, q] = runnable[q].sum()
                out_running[s, t, q] = running[q].sum()
                out_succ[s, t, q] = succ[q]
                out_fail[s, t, q] = fail[q]
                out_intr[s, t, q] = intr[q]
        n_events[s] = ne
    return (
        out_sub,
        out_runnable,
        out_running,
        out_succ,
        out_fail,
        out_intr,
        out_cap,
        out_used,
        out_cost,
        events,
        n_events,
    )
