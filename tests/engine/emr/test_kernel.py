"""The EMR kernel called directly on a tiny hand-made case: outputs and events by slot name."""

from __future__ import annotations

import numpy as np
import pytest

from engine.emr import EmrConfig, JobStep
from engine.emr.explain import events
from engine.emr.kernel import emr_kernel, lost_share
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
    assert o[5, OUT.HDFS_GB] == 0  # and its HDFS went with it
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


@pytest.mark.parametrize(
    ("lost", "nodes", "copies", "share"),
    [
        (1, 4, 1, 1 / 4),
        (3, 4, 1, 3 / 4),
        (1, 4, 2, 0.0),
        (2, 4, 2, 1 / 6),
        (3, 4, 2, 3 / 6),
        (2, 4, 3, 0.0),
        (3, 4, 3, 1 / 4),
    ],
)
def test_lost_share_is_blocks_with_every_copy_on_lost_nodes(lost, nodes, copies, share) -> None:
    """C(lost, copies) / C(nodes, copies): e.g. 3 of 4 core nodes with 2 copies: C(3,2)/C(4,2) = 3/6;
    2 of 4 with 3 copies: no block has all three copies on two nodes, so 0."""
    assert lost_share(float(lost), float(nodes), float(copies)) == pytest.approx(share)


@pytest.mark.parametrize(("replication", "gone_gb", "redo_s"), [(1, 7.5, 45.0), (2, 5.0, 30.0), (3, 2.5, 15.0)])
def test_losing_three_of_four_core_nodes_loses_blocks_at_every_replication(replication, gone_gb, redo_s) -> None:
    """4 Spot core nodes (certain loss: 3 go whenever 4 are up, one is always kept) and 1 on-demand
    task node, launch 3 steps, 10 s steps. t = 0: 3 core nodes go (HDFS empty); 1 core + 1 task do
    step A (20 node-s, writes 10 GB) in step 0 and 40 node-s of step B in steps 1-2. t = 3: the 3
    replacements join and are lost at once, with copies = min(replication, 4): the share of blocks
    gone is C(3, r)/C(4, r) = 3/4, 1/2, 1/4 for r = 1, 2, 3, so 7.5 / 5 / 2.5 GB of the 10 GB go and
    the work that wrote them, (20 + 40) × share = 45 / 30 / 15 node-s, is redone."""
    step = pack(
        STEP, [{"work": 20.0, "serial": 0.0, "out_gb": 10.0}, {"work": 10_000.0, "serial": 0.0, "out_gb": 0.0}]
    )[np.newaxis]
    cl = {**CLUSTER, "core0": 4.0, "task0": 1.0, "launch": 3.0, "core_loss": 1e9, "replication": float(replication)}
    ev, n_ev = event_buffer(1, 16)
    out, _ = emr_kernel(np.random.default_rng(0), 5, 10.0, step, pack(CL, [cl]), ev, n_ev)
    o = out[0]
    assert o[2, OUT.HDFS_GB] == 10.0 and o[2, OUT.RECOMPUTED_S] == 0.0
    assert o[3, OUT.HDFS_GB] == pytest.approx(10.0 - gone_gb)
    assert o[3, OUT.RECOMPUTED_S] == pytest.approx(redo_s)
    lost = [e for e in KINDS.decode(ev[0], n_ev[0]) if e.kind == EV.CORE_LOST]
    assert [(e.t, e["nodes"], e["left"]) for e in lost] == [(0, 3, 1), (3, 3, 1)]
    assert lost[1]["lost_gb"] == pytest.approx(gone_gb) and lost[1]["step"] == 1
    cfg = EmrConfig((JobStep("A", 20.0, 0.0, 10.0), JobStep("B", 10_000.0, 0.0, 0.0)), core_nodes=4)
    text = events(cfg, ev[0], int(n_ev[0]), -1.0)["message"].tolist()
    assert any("steps 1–2 recompute it" in m and "gone" in m for m in text)
    if replication >= 2:
        assert any("fewer core nodes than the replication factor" in m for m in text)
