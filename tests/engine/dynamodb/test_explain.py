"""DynamoDB event sentences: read by payload name, partitions named by lineage, the rules'
numbers formatted from the constants that define them, a visible truncation."""

from __future__ import annotations

import numpy as np

from engine.dynamodb import DynamoConfig
from engine.dynamodb.capacity import PARTITION_MAX_GB
from engine.dynamodb.explain import explain_events
from engine.dynamodb.layout import CAUSE, DIM, EV, GSI_DIM, RULE, SPLIT_WHY
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
        (10, EV.SPLIT, 0, 1, SPLIT_WHY.CAPACITY, 2, 1000, 1500, 5.0, 1.0),
        (20, EV.SPLIT, 0, 2, SPLIT_WHY.SIZE, 3, 1000, 1500, 25.0, 0.5),
        (30, EV.HEAT_SPLIT, 1, 3, 4, 0.0, 1200.0, 0.5, 1.0),
    )
    assert names[:4] == ["1aa", "1ba", "1ab", "1bb"]
    msgs = events["message"].tolist()
    assert msgs[0].startswith("partition 1 split into 1a/1b at 00:00:10: provisioned RCU 1,000 + WCU 1,500")
    assert "(RCU/3000 + WCU/1000 = 1.83)" in msgs[0]
    assert "each half takes half of its 100.0% of the keys and the same share of the capacity" in msgs[0]
    assert f"25.0 GB stored needs 3 partitions of at most {PARTITION_MAX_GB:g} GB" in msgs[1]
    assert "partition 1b split into 1ba/1bb" in msgs[2] and "for 5 min" in msgs[2] and "key #2 (40.0%" in msgs[2]
    assert events["kind"].tolist() == ["split"] * 3
    assert [d["partition"] for d in events["data"]] == ["1", "1a", "1b"]


def test_refusals_and_throttles_say_their_rule() -> None:
    events, _ = _log(
        (5, EV.REFUSED, DIM.WCU, 900, 800, RULE.DAILY, 1.0, DECREASES_PER_DAY),
        (6, EV.THROTTLE, 0, DIM.RCU, 0, 0, 0, CAUSE.ON_DEMAND, 0.0, 1.0),
        (96, EV.THROTTLE_END, 90, 1234.5),
        (99, EV.REFUSED, GSI_DIM, 700, 600, RULE.HOURLY, 1.0, 5),
    )
    msgs = events["message"].tolist()
    assert (
        msgs[0]
        == f"auto scaling: decrease of WCU 900 → 800 refused: all {DECREASES_PER_DAY} decreases of this UTC day are used"
    )
    assert msgs[1] == (
        "on-demand throttling: traffic grew beyond 2× the previous peak within 30 min — "
        "1,234 requests throttled over 1.5 min"
    )
    assert msgs[2].startswith("GSI auto scaling: decrease of GSI WCU 700 → 600 refused: after the first hour")
    assert events["kind"].tolist() == ["decrease_refused", "throttle", "decrease_refused"]


def test_throttling_bursts_of_one_cause_roll_up_into_one_row() -> None:
    """Three partition bursts less than an hour apart are one row saying how many, until when and
    how many requests in all (0.4 + 10.2 + 5.3 = 15.9 -> 16 whole requests); a burst of another
    cause, or one more than an hour later, starts a new row."""
    burst = (0, DIM.WCU, 500.0, 250.0, 0.5, CAUSE.PARTITION, 0.0, 1.0)
    events, _ = _log(
        (100, EV.THROTTLE, *burst), (110, EV.THROTTLE_END, 10, 0.4),
        (400, EV.THROTTLE, *burst), (430, EV.THROTTLE_END, 30, 10.2),
        (3000, EV.THROTTLE, *burst), (3020, EV.THROTTLE_END, 20, 5.3),
        (3100, EV.THROTTLE, 0, DIM.WCU, 900.0, 500.0, 0.9, CAUSE.GSI, 0.0, 1.0), (3160, EV.THROTTLE_END, 60, 600.0),
        (9000, EV.THROTTLE, *burst), (9001, EV.THROTTLE_END, 1, 2.0, 1.0),
    )  # fmt: skip
    assert events["t_s"].tolist() == [100.0, 3100.0, 9000.0]
    first, gsi, last = events["message"].tolist()
    assert first.endswith("— 3 bursts until 00:50:20, 16 requests throttled in all over 1 min of throttling")
    assert events["data"].iloc[0]["bursts"] == 3 and events["data"].iloc[0]["throttled"] == 16
    assert gsi.startswith("base-table writes throttled by GSI back-pressure") and "needs 900 WCU but has 500" in gsi
    assert last.endswith("2 requests throttled over 1 s; still throttling when the run ends")


def test_a_run_past_its_event_cap_says_how_many_were_dropped() -> None:
    rows = [(t, EV.DONE, DIM.WCU, 100, 200) for t in range(5)]
    events, _ = _log(*rows, cap=2)
    assert events["kind"].tolist() == ["update_done", "update_done", "truncated"]
    assert events["message"].iloc[-1].startswith("3 further event(s) were not recorded")


def test_scaling_steps_one_way_roll_up_per_dimension() -> None:
    """Target tracking's many small steps: WCU up at 0:10, 0:20, 0:50 (each within an hour of the
    last) is one row ending at the last; RCU's step between them is its own row; WCU down next is a
    new row (the other way), and WCU up again 2 h later is a new row too."""
    up = lambda t, frm, to, d=DIM.WCU: (t, EV.SCALE, d, frm, to, 0.8, 0.0, 60.0)  # noqa: E731
    events, _ = _log(
        up(600, 100, 120), up(900, 50, 60, DIM.RCU), up(1200, 120, 140), up(3000, 140, 170),
        up(4000, 170, 150), up(11_200, 150, 200),
    )  # fmt: skip
    assert events["t_s"].tolist() == [600.0, 900.0, 4000.0, 11_200.0]
    msgs = events["message"].tolist()
    assert msgs[0].startswith("auto scaling raises WCU 100 → 120")
    assert msgs[0].endswith("then 2 more step(s) the same way, to 170 WCU by 00:50:00")
    assert "more step" not in msgs[1] and "lowers WCU 170 → 150" in msgs[2] and "more step" not in msgs[3]
