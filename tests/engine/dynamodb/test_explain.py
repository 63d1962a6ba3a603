"""DynamoDB event sentences: read by payload name, partitions named by lineage, the rules'
numbers formatted from the constants that define them, a visible truncation."""

from __future__ import annotations

import numpy as np

from engine.dynamodb import DynamoConfig
from engine.dynamodb.capacity import PARTITION_MAX_GB
from engine.dynamodb.explain import explain_events
from engine.dynamodb.layout import CAUSE, DIM, EV, RULE
from engine.dynamodb.scaling import DECREASES_PER_DAY
from engine.kernel.events import emit, event_buffer

KEYS = (np.array([0.6, 0.4]), np.array([0.3, 0.7]))  # popularity by rank, hash of each rank


def _log(*rows: tuple, cap: int = 50, config: DynamoConfig | None = None):
    ev, _ = event_buffer(1, cap)
    n = 0
    for row in rows:
        n = emit(ev[0], n, *row)
    return explain_events(config or DynamoConfig(), ev[0], n, KEYS)


def test_splits_name_partitions_by_lineage() -> None:
    events, names = _log(
        (10, EV.SPLIT, 0, 1, 0.0, 2, 1000, 1500, 5.0),
        (20, EV.SPLIT, 0, 2, 1.0, 3, 1000, 1500, 25.0),
        (30, EV.HEAT_SPLIT, 1, 3, 4, 0.0, 1200.0, 0.5, 1.0),
    )
    assert names[:4] == ["1aa", "1ba", "1ab", "1bb"]
    msgs = events["message"].tolist()
    assert msgs[0].startswith("partition 1 split into 1a/1b at 00:00:10: provisioned RCU 1,000 + WCU 1,500")
    assert "(RCU/3000 + WCU/1000 = 1.83)" in msgs[0]
    assert f"25.0 GB stored needs 3 partitions of at most {PARTITION_MAX_GB:g} GB" in msgs[1]
    assert "partition 1b split into 1ba/1bb" in msgs[2] and "for 5 min" in msgs[2] and "key #2 (40.0%" in msgs[2]
    assert events["kind"].tolist() == ["split"] * 3
    assert [d["partition"] for d in events["data"]] == ["1", "1a", "1b"]


def test_refusals_and_throttles_say_their_rule() -> None:
    events, _ = _log(
        (5, EV.REFUSED, DIM.WCU, 900, 800, RULE.DAILY, 1.0, DECREASES_PER_DAY),
        (6, EV.THROTTLE, 0, DIM.RCU, 0, 0, 0, CAUSE.ON_DEMAND, 0.0, 1.0),
        (7, EV.THROTTLE_END, 90, 1234.5),
    )
    msgs = events["message"].tolist()
    assert (
        msgs[0]
        == f"auto scaling: decrease of WCU 900 → 800 refused: all {DECREASES_PER_DAY} decreases of this UTC day are used"
    )
    assert msgs[1] == "on-demand throttling: traffic grew beyond 2× the previous peak within 30 min"
    assert msgs[2] == "throttling stopped after 1.5 min: 1,234 requests throttled in that burst"


def test_a_run_past_its_event_cap_says_how_many_were_dropped() -> None:
    rows = [(t, EV.THROTTLE_END, 1, 1) for t in range(5)]
    events, _ = _log(*rows, cap=2)
    assert events["kind"].tolist() == ["throttle_end", "throttle_end", "truncated"]
    assert events["message"].iloc[-1].startswith("3 further event(s) were not recorded")
