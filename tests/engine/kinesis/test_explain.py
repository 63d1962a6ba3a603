"""Kinesis event sentences: every kernel event kind reads its payload by name and states the
documented limits from engine.kinesis.limits (aws-facts §2.1, §9)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.kernel.events import emit, event_buffer
from engine.kinesis import KinesisConfig
from engine.kinesis.explain import build_events
from engine.kinesis.hashing import key_set
from engine.kinesis.layout import BY, EV, KINDS, RESHARD, SHARD, STATE
from engine.kinesis.limits import WRITE_RECORDS_PER_S


def sentences(rows, cfg=None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The (kind, message) log of hand-written kernel event rows ``(t, code, payload...)``."""
    cfg = cfg or KinesisConfig(shards=2, n_keys=10, consumers=0)
    ks = key_set(10)
    w_sorted = cfg.weights()[ks.order]
    meta = np.zeros((3, len(SHARD)), np.int64)
    meta[:, SHARD.KEY_START], meta[:, SHARD.KEY_END] = (0, 5, 0), (5, 10, 1)
    meta[:, SHARD.STATE] = STATE.OPEN
    ev, _counts = event_buffer(1, 32)
    count = 0
    for t, code, *payload in rows:
        count = emit(ev[0], count, t, code, *payload)
    log = build_events(cfg, ev[0], count, np.zeros((4, 3)), meta, ks, w_sorted)
    return list(zip(log["kind"], log["message"], strict=True))


def test_every_kind_has_a_sentence() -> None:
    """No kind falls through to another's sentence: each one names what happened."""
    payloads = {
        EV.SPLIT_START: (0, 95.0, 30.0, BY.RULE),
        EV.SPLIT_DONE: (0, 1, 2),
        EV.MERGE_START: (0, 1, 40.0, BY.SCHEDULE),
        EV.MERGE_DONE: (0, 1, 2),
        EV.USC_START: (4, 8, 1),
        EV.USC_DONE: (4, 8),
        EV.NO_QUOTA: (-1, 4, 16, RESHARD.UPDATE),
        EV.BUSY: (-1, 4, 500, RESHARD.MERGE),
        EV.NO_CALLS: (-1, 4, 8, RESHARD.UPDATE),
        EV.BAD_FACTOR: (-1, 4, 9, RESHARD.UPDATE),
        EV.ONE_KEY: (2, 4, 500, RESHARD.SPLIT),
        EV.TABLE_FULL: (0, 12),
        EV.EXPIRY: (1, 250.0, 86_400.0),
        EV.SHARD_EXPIRED: (0, 86_400.0),
        EV.NO_PAIR: (-1, 1, 500, RESHARD.MERGE),
    }
    assert set(payloads) == set(KINDS.enum)
    said = sentences([(3, code, *p) for code, p in payloads.items()])
    assert [kind for kind, _ in said] == [KINDS.tag(code) for code in payloads]
    assert len({message for _, message in said}) == len(payloads)
    text = dict(zip(payloads, (m for _, m in said), strict=True))
    assert "split of shard 0 started (automatic rule): it runs at 95 % of its write limit" in text[EV.SPLIT_START]
    assert text[EV.SPLIT_START].endswith("the split takes 30 s")
    assert "merge of adjacent shards 0 and 1 started (scheduled)" in text[EV.MERGE_START]
    assert "UpdateShardCount 4 → 8 shards started (call 1 of 2 allowed per 24 h, course notes)" in text[EV.USC_START]
    assert text[EV.NO_QUOTA].startswith("UpdateShardCount to 16 shards refused: it would exceed the shard quota of 500")
    assert text[EV.BUSY].startswith("merge refused: the stream is UPDATING")
    assert "2 calls already in the last 24 h (course notes limit)" in text[EV.NO_CALLS]
    assert "from 4 shards one call may go to 2–8" in text[EV.BAD_FACTOR]
    assert f"capped at {WRITE_RECORDS_PER_S:,} rec/s and 1 MiB/s" in text[EV.ONE_KEY]
    assert text[EV.TABLE_FULL] == "reshard skipped: this simulator tracks at most 12 shards per run"
    assert "more than the 24 h retention behind; 250 records lost this step" in text[EV.EXPIRY]
    assert text[EV.SHARD_EXPIRED] == "closed shard 0 expired: 24 h retention passed since it closed"


def test_the_other_edition_states_its_own_limits() -> None:
    """§9: 10 UpdateShardCount calls per 24 h today, not 2."""
    cfg = KinesisConfig(rules="aws-today", shards=2, n_keys=10, consumers=0)
    said = dict(sentences([(0, EV.NO_CALLS, -1, 4, 8, RESHARD.UPDATE)], cfg))
    assert "10 calls already in the last 24 h (AWS today limit)" in said["refused"]


@pytest.mark.parametrize(("fan_out", "expected"), [("shared", "split each shard's 2 MB/s and 5 reads/s"),
                                                   ("enhanced", "get 2 MB/s each per shard")])  # fmt: skip
def test_the_consumers_share_of_the_read_limits(fan_out, expected) -> None:
    """§2.1: shared consumers split 2 MB/s and 5 GetRecords/s per shard; enhanced fan-out gets its own 2 MB/s."""
    said = dict(sentences([], KinesisConfig(consumers=2, fan_out=fan_out, n_keys=10)))
    assert expected in said["consumers"]
