"""The EMR time-step kernel (numba): one job of steps on master, core and task nodes.

Per step of ``dt`` seconds (aws-facts §8.4):

1. nodes launched ``launch`` steps ago join (core or task);
2. Spot nodes are lost at ``loss`` per node per step: a **task** node takes only the work of its
   running containers (one container length of node-seconds is redone, no data is lost); a
   **core** node takes its HDFS blocks: with replication >= 2 the blocks are copied again
   (re-replication work), with replication 1 they are gone and the work that produced them is
   computed again; without managed scaling the instance group launches a replacement;
3. work is done: a step's serial part runs on one node at a time, its parallel part on every
   node (Amdahl: T = s*W + (1-s)*W/N); re-replication work is served first;
4. managed scaling sizes the cluster to the pending parallel work, between min and max units,
   adding core nodes up to the core cap and task nodes above it; scale-in removes task nodes
   only (a core node's HDFS blocks would have to be copied away first; this model keeps them).

Random losses are Poisson draws from a numpy Generator made from the seed and passed in.
"""

# Randomness: a numpy Generator made from the seed is passed in (numba supports Generator
# methods in nopython mode); the caller gives each scenario its own Generator from the same seed,
# so a batch equals its scenarios run one by one.

from __future__ import annotations

import numpy as np
from numba import njit

from engine.kernel_events import add_event

__all__ = ["EV_CORE_LOST", "EV_DONE", "EV_SCALE_IN", "EV_SCALE_OUT", "EV_STEP", "EV_TASK_LOST", "emr_kernel"]

EV_STEP, EV_DONE, EV_SCALE_OUT, EV_SCALE_IN, EV_CORE_LOST, EV_TASK_LOST = 1, 2, 3, 4, 5, 6
MAX_EVENTS = 2000


@njit(cache=True)
def emr_kernel(
    rng,  # np.random.Generator made from the seed
    n_steps_t,  # time steps
    dt,
    work,  # [S, K] single-node seconds of each job step
    serial,  # [S, K] serial fraction
    out_gb,  # [S, K] HDFS GB each job step writes
    core0,  # [S] initial core nodes
    task0,  # [S]
    managed,  # [S] bool
    min_u,  # [S]
    max_u,  # [S]
    core_cap,  # [S]
    launch,  # [S] steps
    core_loss,  # [S] loss probability rate per core node per step (0 if on-demand)
    task_loss,  # [S]
    replication,  # [S] HDFS replication factor
    container_s,  # [S] node-seconds lost with a task node's running containers
    containers_per_node,  # [S]
    rerep_s_per_gb,  # [S] node-seconds to copy one GB of blocks
    idle_steps,  # [S] steps the cluster must want fewer nodes before it scales in
):
    S, K = work.shape
    T = n_steps_t
    o_core = np.zeros((S, T))
    o_task = np.zeros((S, T))
    o_pending = np.zeros((S, T))
    o_step = np.zeros((S, T))
    o_left = np.zeros((S, T))
    o_hdfs = np.zeros((S, T))
    o_rerep = np.zeros((S, T))
    o_redo = np.zeros((S, T))
    events = np.zeros((S, MAX_EVENTS, 5))
    n_ev = np.zeros(S, np.int64)
    finish = np.full(S, -1.0)
    for s in range(S):
        core, task = core0[s], task0[s]
        L = int(launch[s]) + 1
        pend_core = np.zeros(L)
        pend_task = np.zeros(L)
        k = 0
        ser_left = serial[s, 0] * work[s, 0]
        par_left = (1.0 - serial[s, 0]) * work[s, 0]
        done_k = 0.0  # work done in the current job step
        hdfs = 0.0
        rerep = 0.0
        redo_total = 0.0
        ne = add_event(events[s], 0, 0, EV_STEP, 0, core + task, 0)
        last = 0
        idle = 0
        for t in range(T):
            slot = t % L
            core += pend_core[slot]
            task += pend_task[slot]
            pend_core[slot] = 0.0
            pend_task[slot] = 0.0
            running = k < K
            if not running:  # the cluster terminates after its last step
                core = 0.0
                task = 0.0
            # Spot losses
            if core_loss[s] > 0 and core > 0:
                lost = min(float(rng.poisson(core_loss[s] * core)), core - 1.0 if core > 1 else 0.0)
                if lost > 0:
                    share = lost / core
                    gone_gb = hdfs * share
                    if replication[s] >= 2:
                        rerep += hdfs * replication[s] * share * rerep_s_per_gb[s]
                        redo = 0.0
                    else:
                        produced = min(done_k, work[s, k]) if running else 0.0
                        for j in range(min(k, K)):
                            produced += work[s, j]
                        redo = produced * share if running else 0.0
                        par_left += redo
                        redo_total += redo
                        hdfs -= hdfs * share
                    core -= lost
                    if not managed[s]:  # the instance group asks for a replacement
                        pend_core[(t + L - 1) % L] += lost
                    ne = add_event(events[s], ne, t, EV_CORE_LOST, lost, redo, gone_gb)
            if task_loss[s] > 0 and task > 0:
                lost = float(rng.poisson(task_loss[s] * task))
                lost = min(lost, task)
                if lost > 0:
                    redo = lost * container_s[s] if running and ser_left <= 0 else 0.0
                    par_left += redo
                    redo_total += redo
                    task -= lost
                    if not managed[s]:
                        pend_task[(t + L - 1) % L] += lost
                    ne = add_event(events[s], ne, t, EV_TASK_LOST, lost, redo, 0)
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
                    hdfs += out_gb[s, k]
                    k += 1
                    done_k = 0.0
                    if k < K:
                        ser_left = serial[s, k] * work[s, k]
                        par_left = (1.0 - serial[s, k]) * work[s, k]
                        ne = add_event(events[s], ne, t + 1, EV_STEP, k, nodes, 0)
                    else:
                        finish[s] = (t + 1) * dt
                        ne = add_event(events[s], ne, t + 1, EV_DONE, nodes, 0, 0)
            # managed scaling
            if managed[s] and k < K:
                pend = pend_core.sum() + pend_task.sum()
                if k < K and ser_left <= 0:
                    want = np.ceil((par_left + rerep) / container_s[s] / containers_per_node[s])
                else:
                    want = 0.0
                want = min(max(want, min_u[s]), max_u[s])
                have = core + task + pend
                idle = idle + 1 if want < core + task and pend == 0 else 0
                if want > have:
                    add = want - have
                    add_core = min(add, max(core_cap[s] - core - pend_core.sum(), 0.0))
                    pend_core[(t + L - 1) % L] += add_core
                    pend_task[(t + L - 1) % L] += add - add_core
                    if last != EV_SCALE_OUT:
                        ne = add_event(events[s], ne, t, EV_SCALE_OUT, have, want, add_core)
                    last = EV_SCALE_OUT
                elif k < K and idle >= idle_steps[s]:
                    idle = 0
                    drop = core + task - want
                    drop_task = min(drop, task)
                    task -= drop_task
                    drop_core = 0.0  # core nodes hold HDFS blocks: kept while the job runs
                    if last != EV_SCALE_IN and (drop_task > 0 or drop_core > 0):
                        ne = add_event(events[s], ne, t, EV_SCALE_IN, drop_task, drop_core, want)
                    last = EV_SCALE_IN
            o_core[s, t] = core
            o_task[s, t] = task
            o_pending[s, t] = pend_core.sum() + pend_task.sum()
            o_step[s, t] = k
            left = ser_left + par_left
            for j in range(k + 1, K):
                left += work[s, j]
            o_left[s, t] = left if k < K else 0.0
            o_hdfs[s, t] = hdfs
            o_rerep[s, t] = rerep
            o_redo[s, t] = redo_total
        n_ev[s] = ne
    return o_core, o_task, o_pending, o_step, o_left, o_hdfs, o_rerep, o_redo, finish, events, n_ev
