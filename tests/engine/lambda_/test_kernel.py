"""The compiled Lambda kernel on a tiny hand-made case, read through the layout's names."""

from __future__ import annotations

import numpy as np

from engine.kernel.events import event_buffer
from engine.lambda_ import LambdaConfig
from engine.lambda_.kernel import run_function
from engine.lambda_.layout import EV, KINDS, OUT, P


def test_reserved_two_serves_two_a_second_and_throttles_the_third() -> None:
    """§6: 3 req/s of 1 s each against reserved concurrency 2: two start every step (cold in the
    first), one is throttled every step; the first step logs the throttle and the cap by name."""
    cfg = LambdaConfig(horizon_s=4, duration_s=1.0, reserved=2, cold_start_s=0.5)
    p = cfg.params()
    assert p[P.CAP] == 2 and p[P.SYNC] == 1
    ev, _ = event_buffer(1, 8)
    out, n = run_function(p, np.full(4, 3.0), ev[0])
    assert out[OUT.INVOCATIONS].tolist() == [2, 2, 2, 2]
    assert out[OUT.THROTTLED].tolist() == [1, 1, 1, 1]
    assert out[OUT.COLD_STARTS].tolist() == [2, 0, 0, 0]
    assert out[OUT.DURATION_MS].tolist() == [1500.0, 1000.0, 1000.0, 1000.0]
    assert out[OUT.LIMIT].max() == 2
    events = {e.kind: e for e in KINDS.decode(ev[0], n)}
    assert events[EV.THROTTLE].t == 0 and events[EV.THROTTLE]["over"] == 1 and events[EV.THROTTLE]["ceiling"] == 2
    assert events[EV.AT_CAP]["cap"] == 2 and events[EV.AT_CAP]["demand"] == 3
