"""The AWS Batch time-step kernel (numba): job counts per queue, attempt and finishing slot.

Per step, in this order (aws-facts §8.3):

1. jobs that finish this step leave RUNNING: SUCCEEDED, or FAILED with attempts left -> RUNNABLE
   again (retry strategy, :data:`~engine.batch.config.ATTEMPTS`); attempts that hit the timeout are FAILED and *not*
   retried (BATCH-UG ``job_timeouts.md``);
2. Spot interruptions reclaim whole instances; their jobs' attempts fail and are retried if
   attempts remain;
3. jobs SUBMITTED last step become RUNNABLE (no dependencies, so PENDING is skipped);
4. each managed compute environment (CE) scales towards the vCPUs its queues need, between
   min and max vCPUs; new capacity arrives after a launch delay;
5. queues are served in priority order, **higher number first**, each on its CEs in order; a
   job starts when its vCPUs fit in a CE's free vCPUs and on one instance: a job runs on one
   instance, so an instance of ``inst`` vCPUs holds ``floor(inst / vcpu)`` jobs of a queue, and a
   job bigger than every instance of its queue's CEs stays RUNNABLE (one ``unplaceable`` event;
   those CEs do not scale out for it). Jobs of several queues share an instance's vCPUs only in
   the aggregate (an approximation). STARTING is folded into RUNNING;
6. new submissions (array jobs expand to their children) enter SUBMITTED.

Cost per step: EC2/Spot CEs bill their provisioned vCPUs, Fargate CEs their running jobs' vCPUs
and memory, each at the prices of the CE the job runs on.

Counts are integers; random failures and interruptions are binomial draws from a numpy
Generator made from the seed and passed in (one per scenario, so a run is reproducible and a
batch equals its scenarios run one by one). Loops run over time steps (and the few queue/CE/attempt
cells), never over jobs.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.batch.layout import CEOUT, CF, CI, EV, FINISH, MAX_ATTEMPTS, N_BINS, QF, QI, QOUT, QUEUE_CES
from engine.kernel.events import emit

__all__ = ["batch_kernel"]

N_FINISH = len(FINISH)


@njit(cache=True, nogil=True)
def _slot_vcpus(vcpu, inst, fargate):  # pragma: no cover - compiled
    """vCPUs one job occupies on a CE: its own on Fargate; on EC2/Spot its share of a whole instance,
    ``inst / floor(inst / vcpu)`` (a job runs on one instance; 0 = it fits on none)."""
    if fargate:
        return vcpu
    per = np.floor(inst / vcpu + 1e-9)
    return inst / per if per >= 1 else 0.0


@njit(cache=True, nogil=True)
def batch_kernel(
    rng, arrivals, ce_int, ce_float, q_int, q_float, q_order, q_ces, q_bin_steps, q_bin_timeout, bin_p, ring, ev, n_ev
):
    """Run every scenario's time loop; returns ``(out_q, out_ce, out_cost)`` and writes events into ``ev``/``n_ev``.

    ``rng``: a numpy Generator made from the seed; ``arrivals [S, Q, T]`` jobs submitted per step;
    ``ce_int``/``ce_float [S, C, CI|CF]``, ``q_int``/``q_float [S, Q, QI|QF]`` (see
    :mod:`engine.batch.layout`); ``q_order [S, Q]`` queue indices, highest priority first (-1 =
    none); ``q_ces [S, Q, QUEUE_CES]`` each queue's compute environments in order (-1 = none);
    ``q_bin_steps``/``q_bin_timeout [S, Q, N_BINS]`` each duration bin's steps and whether it runs
    into the timeout; ``bin_p [N_BINS]``; ``ring`` the finishing ring's length (> every bin's steps);
    ``ev [S, cap, EVENT_WIDTH]``, ``n_ev [S]`` the event buffers (:func:`engine.kernel.events.event_buffer`).

    One function: its six phases share a dozen state arrays (24 h at 10 s steps runs in about
    30 ms, ``benchmarks/bench_workflows.py``).
    """
    S, Q, T = arrivals.shape
    C = ce_int.shape[1]
    A = MAX_ATTEMPTS
    out_q = np.zeros((S, T, Q, len(QOUT)), np.int64)
    out_ce = np.zeros((S, T, C, len(CEOUT)))
    out_cost = np.zeros((S, T))
    for s in range(S):
        runnable = np.zeros((Q, A), np.int64)
        submitted = np.zeros(Q, np.int64)
        done = np.zeros((Q, C, A, N_FINISH, ring), np.int64)  # attempts finishing at a ring slot, by FINISH kind
        running = np.zeros((Q, C), np.int64)
        succ = np.zeros(Q, np.int64)
        fail = np.zeros(Q, np.int64)
        timed = np.zeros(Q, np.int64)  # of which stopped by the timeout
        cap = np.zeros(C)
        for c in range(C):
            if ce_int[s, c, CI.PRESENT] != 0:
                cap[c] = ce_float[s, c, CF.MIN] if ce_int[s, c, CI.MANAGED] != 0 else ce_float[s, c, CF.MAX]
        launching = np.zeros((C, int(ce_int[s, :, CI.LAUNCH].max()) + 2))
        last_kind = np.zeros(C, np.int64)
        idle = np.zeros(C, np.int64)
        stuck = np.zeros(Q, np.bool_)  # the queue's "fits on no instance" event is written
        slot_v = np.zeros((Q, C))  # vCPUs a job of queue q occupies on CE c (0: fits on none of its instances)
        for q in range(Q):
            for c in range(C):
                slot_v[q, c] = _slot_vcpus(
                    q_float[s, q, QF.VCPU], ce_float[s, c, CF.INST], ce_int[s, c, CI.FARGATE] != 0
                )
        ne = 0
        for t in range(T):
            slot = t % ring
            intr = np.zeros(Q, np.int64)
            # 1. finishing attempts
            for q in range(Q):
                fail_p = q_float[s, q, QF.FAIL]
                for c in range(C):
                    for a in range(A):
                        n = done[q, c, a, FINISH.NORMAL, slot]
                        if n > 0:
                            done[q, c, a, FINISH.NORMAL, slot] = 0
                            running[q, c] -= n
                            bad = rng.binomial(n, fail_p) if fail_p > 0 else 0
                            succ[q] += n - bad
                            if a + 1 < q_int[s, q, QI.ATTEMPTS]:
                                runnable[q, a + 1] += bad
                            else:
                                fail[q] += bad
                        m = done[q, c, a, FINISH.TIMEOUT, slot]
                        if m > 0:
                            done[q, c, a, FINISH.TIMEOUT, slot] = 0
                            running[q, c] -= m
                            fail[q] += m
                            timed[q] += m
                            ne = emit(ev[s], ne, t, EV.TIMEOUT, q, m, c)
            # 2. Spot interruptions
            for c in range(C):
                rate, inst = ce_float[s, c, CF.INT_RATE], ce_float[s, c, CF.INST]
                if rate <= 0 or cap[c] <= 0:
                    continue
                k = rng.poisson(rate * cap[c] / inst)
                for _ in range(k):
                    if cap[c] <= 0:
                        break
                    lost = min(inst, cap[c])
                    f = lost / cap[c]
                    hit_total = 0
                    for q in range(Q):
                        for a in range(A):
                            for r in range(ring):
                                for k2 in range(N_FINISH):
                                    n = done[q, c, a, k2, r]
                                    if n > 0:
                                        h = rng.binomial(n, f)
                                        if h > 0:
                                            done[q, c, a, k2, r] -= h
                                            running[q, c] -= h
                                            intr[q] += h
                                            hit_total += h
                                            if a + 1 < q_int[s, q, QI.ATTEMPTS]:
                                                runnable[q, a + 1] += h
                                            else:
                                                fail[q] += h
                    cap[c] -= lost
                    # the jobs left must fit on the instances left: take more if the draw fell short
                    excess = -cap[c]
                    for q in range(Q):
                        excess += running[q, c] * q_float[s, q, QF.VCPU]
                    for q in range(Q):
                        vcpu = q_float[s, q, QF.VCPU]
                        for a in range(A):
                            for r in range(ring):
                                for k2 in range(N_FINISH):
                                    n = done[q, c, a, k2, r]
                                    if excess > 1e-9 and n > 0:
                                        h = min(n, int(np.ceil(excess / vcpu - 1e-9)))
                                        done[q, c, a, k2, r] -= h
                                        running[q, c] -= h
                                        intr[q] += h
                                        hit_total += h
                                        excess -= h * vcpu
                                        if a + 1 < q_int[s, q, QI.ATTEMPTS]:
                                            runnable[q, a + 1] += h
                                        else:
                                            fail[q] += h
                    ne = emit(ev[s], ne, t, EV.INTERRUPT, c, lost, hit_total)
            # 3. SUBMITTED -> RUNNABLE
            for q in range(Q):
                runnable[q, 0] += submitted[q]
                submitted[q] = 0
            # 4. scaling: capacity arriving, then what each CE should have
            used = np.zeros(C)
            held = np.zeros(C)  # vCPUs of whole instances the running jobs hold
            for c in range(C):
                cap[c] += launching[c, t % launching.shape[1]]
                launching[c, t % launching.shape[1]] = 0.0
                for q in range(Q):
                    used[c] += running[q, c] * q_float[s, q, QF.VCPU]
                    held[c] += running[q, c] * slot_v[q, c]
            want = held.copy()
            for qi in range(Q):
                q = q_order[s, qi]
                if q < 0 or q_int[s, q, QI.PRESENT] == 0:
                    continue
                jobs = float(runnable[q].sum())
                fits = False
                largest = 0.0
                for j in range(QUEUE_CES):
                    c = q_ces[s, q, j]
                    if c < 0:
                        continue
                    largest = max(largest, ce_float[s, c, CF.INST])
                    if slot_v[q, c] <= 0:  # bigger than every instance of this CE: never placed there
                        continue
                    fits = True
                    if jobs <= 0:
                        continue
                    room = max(ce_float[s, c, CF.MAX] - want[c], 0.0)
                    take = min(jobs, np.floor(room / slot_v[q, c] + 1e-9))
                    want[c] += take * slot_v[q, c]
                    jobs -= take
                if not fits and runnable[q].sum() > 0 and not stuck[q]:
                    stuck[q] = True
                    ne = emit(ev[s], ne, t, EV.UNPLACEABLE, q, q_float[s, q, QF.VCPU], largest)
            for c in range(C):
                if ce_int[s, c, CI.PRESENT] == 0 or ce_int[s, c, CI.MANAGED] == 0:
                    continue
                fargate = ce_int[s, c, CI.FARGATE] != 0
                inst, ce_max = ce_float[s, c, CF.INST], ce_float[s, c, CF.MAX]
                desired = min(max(want[c], ce_float[s, c, CF.MIN]), ce_max)
                pending = launching[c].sum()
                if desired > cap[c] + pending:
                    idle[c] = 0
                    add = min(desired - cap[c] - pending, ce_float[s, c, CF.STEP_CAP])
                    if not fargate:  # whole instances, within max
                        add = min(np.ceil(add / inst) * inst, ce_max - cap[c] - pending)
                    launching[c, (t + ce_int[s, c, CI.LAUNCH]) % launching.shape[1]] += add
                    if last_kind[c] != EV.SCALE_OUT:
                        ne = emit(ev[s], ne, t, EV.SCALE_OUT, c, cap[c], desired)
                    last_kind[c] = EV.SCALE_OUT
                elif desired < cap[c] - (0.0 if fargate else inst - 1e-9) and pending == 0:
                    idle[c] += 1
                    new = max(desired, held[c])
                    if not fargate:
                        new = min(np.ceil(new / inst) * inst, cap[c])
                    if new < cap[c] and idle[c] >= ce_int[s, c, CI.IDLE_STEPS]:
                        idle[c] = 0
                        if last_kind[c] != EV.SCALE_IN:
                            ne = emit(ev[s], ne, t, EV.SCALE_IN, c, cap[c], new)
                        last_kind[c] = EV.SCALE_IN
                        cap[c] = new
            # 5. start jobs, highest priority queue first
            for qi in range(Q):
                q = q_order[s, qi]
                if q < 0 or q_int[s, q, QI.PRESENT] == 0:
                    continue
                vcpu = q_float[s, q, QF.VCPU]
                for j in range(QUEUE_CES):
                    c = q_ces[s, q, j]
                    if c < 0 or slot_v[q, c] <= 0:
                        continue
                    fit = int((cap[c] - used[c]) // vcpu + 1e-9)
                    if ce_int[s, c, CI.FARGATE] == 0:  # whole jobs per instance: none spread over two
                        per = np.floor(ce_float[s, c, CF.INST] / vcpu + 1e-9)
                        fit = min(fit, int(np.floor(cap[c] / ce_float[s, c, CF.INST] + 1e-9) * per) - running[q, c])
                    for a in range(A):
                        if fit <= 0:
                            break
                        n = min(fit, runnable[q, a])
                        if n <= 0:
                            continue
                        runnable[q, a] -= n
                        fit -= n
                        running[q, c] += n
                        used[c] += n * vcpu
                        left = n
                        for b in range(N_BINS):
                            m = left if b == N_BINS - 1 else rng.binomial(left, bin_p[b] / max(bin_p[b:].sum(), 1e-12))
                            left -= m
                            r = (t + q_bin_steps[s, q, b]) % ring
                            done[q, c, a, FINISH.TIMEOUT if q_bin_timeout[s, q, b] else FINISH.NORMAL, r] += m
            # 6. new submissions
            for q in range(Q):
                submitted[q] += arrivals[s, q, t]
            cost = 0.0
            for c in range(C):
                if ce_int[s, c, CI.FARGATE] != 0:
                    for q in range(Q):  # billed at this CE's prices
                        job = (
                            q_float[s, q, QF.VCPU] * ce_float[s, c, CF.PER_VCPU]
                            + q_float[s, q, QF.MEM_GB] * ce_float[s, c, CF.PER_GB]
                        )
                        cost += running[q, c] * job
                else:
                    cost += cap[c] * ce_float[s, c, CF.PER_VCPU]
                out_ce[s, t, c, CEOUT.VCPUS] = cap[c]
                out_ce[s, t, c, CEOUT.VCPUS_USED] = used[c]
            out_cost[s, t] = cost
            for q in range(Q):
                out_q[s, t, q, QOUT.SUBMITTED] = submitted[q]
                out_q[s, t, q, QOUT.RUNNABLE] = runnable[q].sum()
                out_q[s, t, q, QOUT.RUNNING] = running[q].sum()
                out_q[s, t, q, QOUT.SUCCEEDED] = succ[q]
                out_q[s, t, q, QOUT.FAILED] = fail[q]
                out_q[s, t, q, QOUT.INTERRUPTED] = intr[q]
                out_q[s, t, q, QOUT.TIMED_OUT] = timed[q]
        n_ev[s] = ne
    return out_q, out_ce, out_cost
