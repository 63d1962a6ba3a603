"""The EMR kernel called directly on a tiny hand-made case: outputs and events by slot name."""

from __future__ import annotations

import numpy as np

from engine.emr import EmrConfig, JobStep
from engine.emr.explain import events
from engine.emr.kernel import emr_kernel
from engine.emr.layout import CL, EV, KINDS, OUT, STEP
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack

CLUSTER = {
    "core0": 1.0,
    "task0": 1.0,
    "managed": 0.0,
    "min_u": 1.0,
    "max_u": 10.0,
    "core_cap": 5.0,
    "launch": 1.0,
    "core_loss": 0.0,
    "task_loss": 0.0,
    "replication": 1.0,
    "container_s": 60.0,
    "containers_per_node": 4.0,
    "rerep_s_per_gb": 0.0,
    "idle_steps": 1.0,
}


def test_one_parallel_step_on_two_nodes_takes_work_over_nodes() -> None:
    """100 node-seconds, fully parallel, on 2 nodes at 10 s steps: 20 node-seconds a step, done
    after 5 steps (Amdahl with s = 0); then the cluster terminates."""
    step = pack(STEP, [{"work": 100.0, "serial": 0.0, "out_gb": 1.0}])[np.newaxis]
    ev, n_ev = event_buffer(1, 8)
    out, finish = emr_kernel(np.random.default_rng(0), 8, 10.0, step, pack(CL, [CLUSTER]), ev, n_ev)
    o = out[0]
    np.testing.assert_allclose(o[:5, OUT.WORK_LEFT_S], [80, 60, 40, 20, 0])
    assert o[3, OUT.JOB_STEP] == 0 and o[4, OUT.JOB_STEP] == 1
    assert o[3, OUT.HDFS_GB] == 0 and o[4, OUT.HDFS_GB] == 1
    assert o[4, OUT.CORE_NODES] == 1 and o[4, OUT.TASK_NODES] == 1
    assert o[5, OUT.CORE_NODES] == 0 and o[5, OUT.TASK_NODES] == 0  # terminated after the last step
    assert finish[0] == 50.0
    first, done = KINDS.decode(ev[0], n_ev[0])
    assert (first.kind, first.t, first["step"], first["nodes"]) == (EV.STEP, 0, 0, 2)
    assert (done.kind, done.t, done["nodes"]) == (EV.DONE, 5, 2)


def test_a_run_over_its_event_cap_says_how_many_events_were_dropped() -> None:
    cfg = EmrConfig((JobStep("a", 100.0, 0.0, 0.0), JobStep("b", 100.0, 0.0, 0.0)), horizon_s=600.0)
    step = pack(STEP, [{"work": 100.0, "serial": 0.0, "out_gb": 0.0}] * 2)[np.newaxis]
    ev, n_ev = event_buffer(1, 1)
    _, finish = emr_kernel(np.random.default_rng(0), cfg.grid.n_steps, cfg.dt_s, step, pack(CL, [CLUSTER]), ev, n_ev)
    assert n_ev[0] == 3  # step a, step b, done: only the first kept
    log = events(cfg, ev[0], int(n_ev[0]), float(finish[0]))
    assert list(log["kind"]) == ["step", "truncated"]
    assert log["data"].iloc[1] == {"dropped": 2}
