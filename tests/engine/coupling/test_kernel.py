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


def test_the_timeout_covers_queueing_and_processing() -> None:
    """Issue 11 item 13: a synchronous caller's timeout covers the whole response. One worker, 4 s
    of work per request, 1 req/s, a 10 s timeout, 40 s:

    * r0 is picked at t = 0 (answered at 4 s), r1 (arrived at 1 s) at 4 s: 3 s wait + 4 = 7 s,
      r2 at 8 s: 6 + 4 = 10 s, exactly the timeout: answered. Three requests are served.
    * r3 is picked at 12 s after a 9 s wait: 9 + 4 = 13 s > 10 s, so its caller gives up at
      3 + 10 = 13 s (504) while the worker still works on it until 16 s. From then on every 4 s the
      worker takes the request that has waited 9 s (r3, r7 … r27: 7 of them) and r4-r6, r8-r10 …
      time out while queued (at arrival + 10 s).
    * Of the 30 requests that arrived by 29 s (all settled by 39 s): 3 answered, 7 picked too
      late, 20 timed out in the queue; r30-r39 still hold threads. Nothing answered took > 10 s."""
    cfg = CouplingConfig(horizon_s=40, workers=1, processing_s=4.0, timeout_s=10.0, web_threads=1000, outage_s=0)
    ev, _ = event_buffer(1, 16)
    out, n = run_chain(cfg.params(), np.full(40, 1.0), ev[0])
    assert np.nonzero(out[OUT.SYNC_SERVED])[0].tolist() == [4, 8, 12]
    assert np.nonzero(out[OUT.SYNC_LATENCY_S])[0].tolist() == [0, 4, 8]
    assert out[OUT.SYNC_LATENCY_S].max() == 10.0
    assert np.nonzero(out[OUT.SYNC_WASTED])[0].tolist() == [12, 16, 20, 24, 28, 32, 36]
    assert out[OUT.SYNC_TIMED_OUT].sum() == 27 and out[OUT.SYNC_REFUSED].sum() == 0
    assert out[OUT.SYNC_TIMED_OUT, 13] == 1  # r3's caller gives up at 3 + 10 s
    assert out[OUT.SYNC_WAITING, 39] == 10
    assert out[OUT.SYNC_SERVED].sum() + out[OUT.SYNC_LOST, 39] + out[OUT.SYNC_WAITING, 39] == 40
    late = [e for e in KINDS.decode(ev[0], n) if e.kind == EV.LATE]
    assert late[0].t == 12 and late[0]["wait_s"] == 9.0
