"""The group kernel called directly on tiny hand-made arrays: named outputs and event payloads.

The case: 2 instances of 10 req/s each, 30 req/s offered, 10 s steps, a one-step launch and a
one-step alarm period; one simple policy (CPU > 70 % for 1 datapoint: +1 instance) with a
cooldown of 3 steps (§1.4: locked until the activity ends plus the cooldown).
"""

from __future__ import annotations

import numpy as np

from engine.autoscaling import GroupConfig, SimpleScalingPolicy
from engine.autoscaling.explain import explain
from engine.autoscaling.kernel import run_kernel
from engine.autoscaling.layout import EV, GF, GI, KINDS, MC, OUT, SC, TOTAL
from engine.autoscaling.policies import policy_arrays
from engine.core import EventLog
from engine.kernel.events import event_buffer
from engine.kernel.layout import pack, slot_names

N_STEPS = 6
DT = 10.0
POLICY = SimpleScalingPolicy(threshold=70, adjustment=1)


def _group(**over: float) -> dict[str, float]:
    row = dict.fromkeys(slot_names(GI), 0)
    row.update(min_size=1, max_size=10, desired=2, launch_steps=1, detect_steps=1, period_steps=1, n_policies=1)
    row.update(cooldown_steps=3, check_steps=-1)  # EC2 health checks (the default)
    row.update(over)
    return row


def _run(cap: int = 100, **over: float):
    gi = pack(GI, [_group(**over)], np.int64)
    gf = pack(GF, [{**dict.fromkeys(slot_names(GF), 0.0), "capacity_rps": 10.0, "base_latency_ms": 50.0,
                    "timeout_ms": 30_000.0, "dt_s": DT}])  # fmt: skip
    pi, pf, st = policy_arrays([(POLICY,)], [DT])
    out = np.zeros((1, N_STEPS, len(OUT)))
    summ = np.zeros((1, len(TOTAL)))
    ev, ev_n = event_buffer(1, cap)
    none = np.full((1, 1), -1, np.int64)
    run_kernel(
        np.full((1, N_STEPS), 30.0), np.zeros((1, 1)), none, none, gi, gf, pi, pf, st,
        np.zeros((1, 1, len(SC)), np.int64), np.zeros((1, 1, len(MC)), np.int64), out, summ, ev, ev_n,
    )  # fmt: skip
    return out[0], summ[0], ev[0], int(ev_n[0])


def test_simple_policy_scales_out_then_waits_for_the_cooldown() -> None:
    """Step 0: CPU 100 % > 70 %: desired 2 -> 3, one instance Pending, 10 req/s dropped. The lock
    lasts until the launch ends (step 1) plus 3 steps: the alarm at steps 1-3 is held (one
    event), at step 4 desired goes 3 -> 4."""
    out, summ, ev, n = _run()
    assert out[0, OUT.DESIRED] == 3 and out[0, OUT.IN_SERVICE] == 2 and out[0, OUT.PENDING] == 1
    assert out[0, OUT.SERVING] == 2 and out[0, OUT.CPU_PCT] == 100.0
    assert out[0, OUT.SERVED_RPS] == 20.0 and out[0, OUT.DROPPED_RPS] == 10.0
    assert out[1, OUT.SERVING] == 3 and out[1, OUT.DROPPED_RPS] == 0.0
    assert out[:, OUT.DESIRED].tolist() == [3, 3, 3, 3, 4, 4]
    assert out[0, OUT.DATAPOINT] == 100.0 and out[0, OUT.FORECAST_CAPACITY] == -1
    events = list(KINDS.decode(ev, n))
    assert [(e.t, e.kind) for e in events] == [
        (0.0, EV.SCALE_OUT), (1.0, EV.HELD_COOLDOWN), (4.0, EV.SCALE_OUT), (5.0, EV.HELD_COOLDOWN)
    ]  # fmt: skip
    out0, held = events[0], events[1]
    assert (out0["policy"], out0["frm"], out0["to"], out0["metric"]) == (0, 2, 3, 100.0)
    assert (held["want"], held["until_s"], held["direction"]) == (4, 4 * DT, 1)
    assert summ[TOTAL.ACTIVITIES] == 2 and summ[TOTAL.SUPPRESSED] == 2 and summ[TOTAL.MAX_DESIRED] == 4
    assert summ[TOTAL.OFFERED] == 30.0 * DT * N_STEPS
    assert summ[TOTAL.OFFERED] == summ[TOTAL.SERVED] + summ[TOTAL.DROPPED] + summ[TOTAL.QUEUED_END]


def test_max_size_caps_the_policy_and_says_so() -> None:
    """§1.1: desired never exceeds max: the first alarm wants 3 but max is 2."""
    out, _, ev, n = _run(max_size=2)
    assert (out[:, OUT.DESIRED] == 2).all() and (out[:, OUT.MAX_SIZE] == 2).all()
    capped = next(e for e in KINDS.decode(ev, n) if e.kind == EV.CAPPED_MAX)
    assert (capped.t, capped["want"], capped["limit"]) == (0.0, 3, 2)


def test_a_full_event_buffer_is_counted_and_reported_as_truncated() -> None:
    """Events past the buffer are counted, not written; the log says how many were dropped."""
    *_, ev, n = _run(cap=1)
    assert n == 4 and len(ev) == 1
    log = EventLog()
    explain(GroupConfig(policies=(POLICY,), dt_s=DT), ev, n, log)
    frame = log.frame()
    assert frame["kind"].tolist() == ["scale_out", "truncated"]
    assert frame["data"].iloc[1] == {"dropped": 3}
