"""The compiled queue kernel on tiny hand-made cases, read through the layout's names."""

from __future__ import annotations

import numpy as np

from engine.core import EventLog
from engine.kernel.events import event_buffer, write_log
from engine.queues import QueueConfig
from engine.queues.kernel import run_queue
from engine.queues.layout import EV, KINDS, OUT, P


def _run(cfg: QueueConfig, load: list[float], cap: int = 16):
    ev, _ = event_buffer(1, cap)
    out, n = run_queue(cfg.params(), np.array(load, float), cfg.processing_bins, np.random.default_rng(0), ev[0])
    return out, ev[0], n


def test_no_consumers_the_backlog_grows_by_the_load_and_the_outage_events_carry_it() -> None:
    """3 msg/s, nobody receiving: visible after step k is 3 (k + 1). The outage from 2 s to 4 s is
    logged at its edges with the messages visible at the start of those steps (6, then 12)."""
    cfg = QueueConfig(horizon_s=6, consumers=0, outage_start_s=2, outage_s=2)
    out, ev, n = _run(cfg, [3.0] * 6)
    assert out[OUT.SENT].tolist() == [3] * 6
    assert out[OUT.VISIBLE].tolist() == [3, 6, 9, 12, 15, 18]
    assert out[OUT.RECEIVED].sum() == 0 and out[OUT.CONSUMERS].max() == 0
    events = list(KINDS.decode(ev, n))
    assert [(e.t, e.kind) for e in events] == [(2.0, EV.OUTAGE_START), (4.0, EV.OUTAGE_END)]
    assert events[0]["visible"] == 6 and events[1]["visible"] == 12


def test_one_consumer_receives_at_once_and_deletes_after_its_processing_time() -> None:
    """1 message, 1 consumer, 1 s of processing at 1 s steps: received in step 0, in flight during
    it, deleted in step 1; nothing left visible."""
    out, _, n = _run(QueueConfig(horizon_s=4, consumers=1, processing_s=1.0), [1.0, 0, 0, 0])
    assert out[OUT.RECEIVED].tolist() == [1, 0, 0, 0]
    assert out[OUT.IN_FLIGHT].tolist() == [1, 0, 0, 0]
    assert out[OUT.DELETED].tolist() == [0, 1, 0, 0]
    assert out[OUT.VISIBLE].sum() == 0 and n == 0


def test_the_parameter_row_is_read_by_slot_name() -> None:
    """Setting ``P.CONSUMERS`` to 0 in the packed row stops the receives of a fixed fleet."""
    cfg = QueueConfig(horizon_s=4, consumers=3)
    p = cfg.params()
    assert p[P.CONSUMERS] == 3 and p[P.VISIBILITY_S] == cfg.visibility_timeout_s
    p[P.CONSUMERS] = 0
    ev, _ = event_buffer(1, 4)
    out, _ = run_queue(p, np.full(4, 2.0), cfg.processing_bins, np.random.default_rng(0), ev[0])
    assert out[OUT.RECEIVED].sum() == 0 and out[OUT.VISIBLE, 3] == 8


def test_a_full_event_buffer_keeps_counting_and_the_log_says_so() -> None:
    """A buffer of one event: the outage start is kept, its end is counted and reported as dropped."""
    cfg = QueueConfig(horizon_s=6, consumers=0, outage_start_s=2, outage_s=2)
    _, ev, n = _run(cfg, [3.0] * 6, cap=1)
    assert n == 2
    log = EventLog()
    write_log(log, KINDS, ev, n, dt_s=cfg.dt_s, explain=lambda e: e.tag)
    frame = log.frame()
    assert frame["kind"].tolist() == ["outage", "truncated"]
    assert frame["data"].iloc[1]["dropped"] == 1
