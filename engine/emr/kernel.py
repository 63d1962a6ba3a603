"""The EMR time-step kernel (numba): one job of steps on master, core and task nodes.

Per step of ``dt`` seconds (aws-facts §8.4):

1. nodes launched ``launch`` steps ago join (core or task); once the last step is done the
   cluster terminates: its nodes and its HDFS (ephemeral storage) are gone;
2. Spot nodes are lost at ``loss`` per node per step: a **task** node takes only the work of its
   running containers (one container length of node-seconds is redone, no data is lost); a
   **core** node takes its HDFS blocks. Each block has ``c = min(replication, core nodes)``
   copies on distinct core nodes, so losing ``l`` of ``n`` core nodes loses the blocks whose every
   copy was on them, a share ``C(l, c) / C(n, c)`` (:func:`lost_share`): with replication 1 any
   loss takes blocks; with replication r, a loss of r or more core nodes at once does, and once
   fewer than r core nodes are left the blocks keep fewer copies, so a smaller loss can. The work
   that wrote the lost blocks (the steps so far) is computed again; surviving blocks that lost a copy are copied again
   (re-replication work). Without managed scaling the instance group launches replacements;
3. work is done: a step's serial part runs on one node at a time, its parallel part on every
   node (Amdahl: T = s*W + (1-s)*W/N); re-replication work is served first;
4. managed scaling sizes the cluster to the pending parallel work, between min and max units,
   adding core nodes up to the core cap and task nodes above it; scale-in removes task nodes
   only (a core node's HDFS blocks would have to be copied away first; this model keeps them).

Random losses are Poisson draws from a numpy Generator made from the seed and passed in.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.emr.layout import CL, EV, OUT, STEP
from engine.kernel.events import emit

__all__ = ["emr_kernel", "lost_share"]


@njit(cache=True, nogil=True)
def lost_share(lost, nodes, copies):  # pragma: no cover - compiled
    """Share of HDFS blocks with every one of their ``copies`` on the ``lost`` of ``nodes`` core
    nodes (copies on distinct nodes, placed at random): ``C(lost, copies) / C(nodes, copies)``."""
    if lost < copies:
        return 0.0
    out = 1.0
    for i in range(int(copies)):
        out *= (lost - i) / (nodes - i)
    return out


@njit(cache=True, nogil=True)
def emr_kernel(rng, n_steps, dt, step, cluster, ev, n_ev):
    """Run every scenario's job; returns ``(out [S, T, OUT], finish [S])`` and writes events into ``ev``/``n_ev``.

    ``rng``: a numpy Generator made from the seed; ``step [S, K, STEP]`` and ``cluster [S, CL]``
    as in :mod:`engine.emr.layout`; ``ev [S, cap, EVENT_WIDTH]``, ``n_ev [S]`` the event buffers.
    One function: its four phases share the cluster's state (24 h at 10 s steps runs in about
    2 ms, ``benchmarks/bench_workflows.py``).
    """
    S, K = step.shape[0], step.shape[1]
    T = n_steps
    out = np.zeros((S, T, len(OUT)))
    finish = np.full(S, -1.0)
    for s in range(S):
        work = step[s, :, STEP.WORK]
        serial = step[s, :, STEP.SERIAL]
        p = cluster[s]
        managed = p[CL.MANAGED] != 0
        core_loss, task_loss, replication = p[CL.CORE_LOSS], p[CL.TASK_LOSS], p[CL.REPLICATION]
        container_s = p[CL.CONTAINER_S]
        core, task = p[CL.CORE0], p[CL.TASK0]
        L = int(p[CL.LAUNCH]) + 1
        pend_core = np.zeros(L)
        pend_task = np.zeros(L)
        k = 0
        ser_left = serial[0] * work[0]
        par_left = (1.0 - serial[0]) * work[0]
        done_k = 0.0  # work done in the current job step
        hdfs = 0.0
        rerep = 0.0
        redo_total = 0.0
        ne = emit(ev[s], 0, 0, EV.STEP, 0, core + task)
        last = 0
        idle = 0
        for t in range(T):
            slot = t % L
            core += pend_core[slot]
            task += pend_task[slot]
            pend_core[slot] = 0.0
            pend_task[slot] = 0.0
            running = k < K
            if not running:  # the cluster terminates after its last step, and HDFS with it
                core = 0.0
                task = 0.0
                hdfs = 0.0
                rerep = 0.0
            # Spot losses
            if core_loss > 0 and core > 0:
                lost = min(float(rng.poisson(core_loss * core)), core - 1.0 if core > 1 else 0.0)
                if lost > 0:
                    share = lost / core
                    copies = min(replication, core)  # each block's copies (re-replication assumed done)
                    gone = lost_share(lost, core, copies)
                    gone_gb = hdfs * gone
                    redo = 0.0
                    if running and gone > 0:  # the work that wrote the lost blocks is done again
                        produced = min(done_k, work[k])
                        for j in range(k):
                            produced += work[j]
                        redo = produced * gone
                        par_left += redo
                        redo_total += redo
                    hdfs -= gone_gb
                    left_nodes = core - lost
                    # surviving blocks that lost a copy are copied again, up to the nodes left
                    rerep += hdfs * min(copies, left_nodes) * share * p[CL.REREP_S_PER_GB]
                    core = left_nodes
                    if not managed:  # the instance group asks for a replacement
                        pend_core[(t + L - 1) % L] += lost
                    ne = emit(ev[s], ne, t, EV.CORE_LOST, lost, redo, gone_gb, left_nodes, min(k, K - 1))
            if task_loss > 0 and task > 0:
                lost = float(rng.poisson(task_loss * task))
                lost = min(lost, task)
                if lost > 0:
                    redo = lost * container_s if running and ser_left <= 0 else 0.0
                    par_left += redo
                    redo_total += redo
                    task -= lost
                    if not managed:
                        pend_task[(t + L - 1) % L] += lost
                    ne = emit(ev[s], ne, t, EV.TASK_LOST, lost, redo)
            # work
            nodes = core + task
            if running and nodes > 0:
                cap = nodes * dt
                use = min(rerep, cap)
                rerep -= use
                cap -= use
                if ser_left > 0:
                    d = min(ser_left, dt, cap)
                    ser_left -= d
                    done_k += d
                else:
                    d = min(par_left, cap)
                    par_left -= d
                    done_k += d
                if ser_left <= 1e-9 and par_left <= 1e-9:
                    hdfs += step[s, k, STEP.OUT_GB]
                    k += 1
                    done_k = 0.0
                    if k < K:
                        ser_left = serial[k] * work[k]
                        par_left = (1.0 - serial[k]) * work[k]
                        ne = emit(ev[s], ne, t + 1, EV.STEP, k, nodes)
                    else:
                        finish[s] = (t + 1) * dt
                        ne = emit(ev[s], ne, t + 1, EV.DONE, nodes)
            # managed scaling
            if managed and k < K:
                pend = pend_core.sum() + pend_task.sum()
                if k < K and ser_left <= 0:
                    want = np.ceil((par_left + rerep) / container_s / p[CL.CONTAINERS_PER_NODE])
                else:
                    want = 0.0
                want = min(max(want, p[CL.MIN_U]), p[CL.MAX_U])
                have = core + task + pend
                idle = idle + 1 if want < core + task and pend == 0 else 0
                if want > have:
                    add = want - have
                    add_core = min(add, max(p[CL.CORE_CAP] - core - pend_core.sum(), 0.0))
                    pend_core[(t + L - 1) % L] += add_core
                    pend_task[(t + L - 1) % L] += add - add_core
                    if last != EV.SCALE_OUT:
                        ne = emit(ev[s], ne, t, EV.SCALE_OUT, have, want, add_core)
                    last = EV.SCALE_OUT
                elif k < K and idle >= p[CL.IDLE_STEPS]:
                    idle = 0
                    drop = core + task - want
                    drop_task = min(drop, task)
                    task -= drop_task
                    drop_core = 0.0  # core nodes hold HDFS blocks: kept while the job runs
                    if last != EV.SCALE_IN and (drop_task > 0 or drop_core > 0):
                        ne = emit(ev[s], ne, t, EV.SCALE_IN, drop_task, drop_core, want)
                    last = EV.SCALE_IN
            o = out[s, t]
            o[OUT.CORE_NODES] = core
            o[OUT.TASK_NODES] = task
            o[OUT.PENDING_NODES] = pend_core.sum() + pend_task.sum()
            o[OUT.JOB_STEP] = k
            left = ser_left + par_left
            for j in range(k + 1, K):
                left += work[j]
            o[OUT.WORK_LEFT_S] = left if k < K else 0.0
            o[OUT.HDFS_GB] = hdfs
            o[OUT.REREPLICATION_S] = rerep
            o[OUT.RECOMPUTED_S] = redo_total
        n_ev[s] = ne
    return out, finish
