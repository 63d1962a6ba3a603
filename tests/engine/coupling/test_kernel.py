"""The compiled synchronous-chain kernel on a tiny hand-made case, read through the layout's names."""

from __future__ import annotations

import numpy as np

from engine.coupling import CouplingConfig
from engine.coupling.kernel import run_chain
from engine.coupling.layout import EV, KINDS, OUT, P
from engine.kernel.events import event_buffer


def test_a_down_worker_tier_holds_threads_until_they_run_out_then_refuses() -> None:
    """5 req/s, 8 web threads, workers down from the start, 2 s timeout. Step 0 takes 5; step 1
    takes 3 and refuses 2 (503: saturated); in step 2 the first 5 time out (504), freeing threads
    for 5 new ones: 8 held, 5 failed. Every failure counts as lost."""
    cfg = CouplingConfig(horizon_s=6, web_threads=8, timeout_s=2, outage_start_s=0, outage_s=6)
    p = cfg.params()
    assert p[P.TIMEOUT_STEPS] == 2 and p[P.WEB_THREADS] == 8
    ev, _ = event_buffer(1, 8)
    out, n = run_chain(p, np.full(6, 5.0), ev[0])
    assert out[OUT.SYNC_SERVED].sum() == 0
    assert out[OUT.SYNC_WAITING].tolist()[:3] == [5, 8, 8]
    assert out[OUT.SYNC_FAILED].tolist()[:3] == [0, 2, 5]
    assert out[OUT.SYNC_LOST, 5] == out[OUT.SYNC_FAILED].sum()
    first = next(iter(KINDS.decode(ev[0], n)))
    assert first.kind == EV.SATURATED and first.t == 1 and first["failed"] == 2
