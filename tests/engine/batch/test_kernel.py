"""The AWS Batch kernel called directly on tiny hand-made cases: outputs and events by slot name."""

from __future__ import annotations

import numpy as np

from engine.batch.kernel import batch_kernel
from engine.batch.layout import BIN_P, CEOUT, CF, CI, EV, KINDS, N_BINS, QF, QI, QOUT, QUEUE_CES
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack


def run(*, steps: int = 6, timeout: bool = False, attempts: int = 1):
    """One unmanaged 4-vCPU compute environment, one queue, two 1-vCPU jobs submitted at t = 0
    that take 2 steps (or hit their timeout after 2 steps)."""
    arrivals = np.zeros((1, 1, steps), np.int64)
    arrivals[0, 0, 0] = 2
    ce_int = pack(CI, [{"present": 1, "managed": 0, "fargate": 0, "launch": 1, "idle_steps": 1}], np.int64)
    ce_float = pack(
        CF, [{"min": 0.0, "max": 4.0, "step_cap": 1e12, "int_rate": 0.0, "inst": 4.0, "per_vcpu": 0.01, "per_gb": 0.0}]
    )
    q_int = pack(QI, [{"present": 1, "attempts": attempts}], np.int64)
    q_float = pack(QF, [{"vcpu": 1.0, "mem_gb": 0.0, "fail": 0.0}])
    q_ces = np.full((1, 1, QUEUE_CES), -1, np.int64)
    q_ces[0, 0, 0] = 0
    ev, n_ev = event_buffer(1, 16)
    out_q, out_ce, out_cost = batch_kernel(
        np.random.default_rng(0),
        arrivals,
        ce_int[np.newaxis],
        ce_float[np.newaxis],
        q_int[np.newaxis],
        q_float[np.newaxis],
        np.zeros((1, 1), np.int64),
        q_ces,
        np.full((1, 1, N_BINS), 2, np.int64),
        np.full((1, 1, N_BINS), timeout),
        np.array(BIN_P),
        3,
        ev,
        n_ev,
    )
    return out_q[0, :, 0], out_ce[0, :, 0], out_cost[0], ev[0], int(n_ev[0])


def test_two_jobs_go_submitted_running_succeeded_on_named_outputs() -> None:
    q, ce, cost, _, n = run()
    assert q[0, QOUT.SUBMITTED] == 2 and q[0, QOUT.RUNNING] == 0
    assert q[1, QOUT.SUBMITTED] == 0 and q[1, QOUT.RUNNING] == 2  # RUNNABLE at step 1, placed at once
    assert q[2, QOUT.RUNNING] == 2 and q[2, QOUT.SUCCEEDED] == 0
    assert q[3, QOUT.RUNNING] == 0 and q[3, QOUT.SUCCEEDED] == 2  # 2 steps after they started
    assert (q[:, QOUT.FAILED] == 0).all() and (q[:, QOUT.INTERRUPTED] == 0).all()
    assert (ce[:, CEOUT.VCPUS] == 4).all()  # unmanaged: its max, always
    assert ce[1, CEOUT.VCPUS_USED] == 2 and ce[3, CEOUT.VCPUS_USED] == 0
    np.testing.assert_allclose(cost, 4 * 0.01)
    assert n == 0


def test_a_timed_out_attempt_fails_with_a_named_timeout_event() -> None:
    q, _, _, ev, n = run(timeout=True, attempts=3)
    assert q[3, QOUT.FAILED] == 2 and q[-1, QOUT.SUCCEEDED] == 0  # not retried, attempts or not
    (event,) = KINDS.decode(ev, n)
    assert event.kind == EV.TIMEOUT and event.t == 3
    assert dict(event.values) == {"queue": 0, "jobs": 2, "ce": 0}
