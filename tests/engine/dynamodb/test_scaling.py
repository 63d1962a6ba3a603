"""DynamoDB auto scaling, the decrease budget and the zero-traffic quirk (aws-facts §3.3)."""

from __future__ import annotations

import pytest

from engine import dynamodb as ddb
from engine.load import Constant, LoadTrace, Step

W_ONLY = {"read_fraction": 0.0, "item_size_kb": 1.0, "n_keys": 10_000, "popularity": "uniform"}


def test_decrease_budget_refuses_the_fifth_decrease_in_the_first_hour() -> None:
    """§3.3: 4 decreases in the first hour of a UTC day, then 1 per hour, 27 per day."""
    changes = tuple((60.0 * (i + 1), 1000.0, 1000.0 - 100 * (i + 1)) for i in range(5))
    cfg = ddb.DynamoConfig(rcu=1000, wcu=1000, update_delay_s=0, horizon_s=600, capacity_changes=changes)
    r = ddb.simulate(cfg, 10.0)
    refused = r.events[r.events["kind"] == "decrease_refused"]
    assert len(refused) == 1 and refused["t_s"].iloc[0] == 300
    assert "first hour" in refused["message"].iloc[0]
    assert r.frame["provisioned_wcu"].iloc[-1] == 600


def _zero_night(**kw: object) -> ddb.DynamoConfig:
    return ddb.DynamoConfig(autoscaling=True, horizon_s=4 * 3600, update_delay_s=60, **kw)  # type: ignore[arg-type]


ZERO_LOAD = LoadTrace((Constant(500.0), Step(-500.0, 3600.0)))


def test_zero_traffic_holds_capacity_in_course_edition() -> None:
    """§3.3 [HIST] / course notes: at zero consumption auto scaling does not scale down."""
    r = ddb.simulate(_zero_night(), ZERO_LOAD)
    f = r.frame
    held = f["provisioned_wcu"].iloc[3 * 3600]
    assert held > 5 and f["provisioned_wcu"].iloc[-1] == held
    assert (r.events["kind"] == "zero_traffic_hold").any()


@pytest.mark.parametrize("kw", [{"trickle": True}, {"pin_max_to_min": True}, {"rules": "aws-today"}])
def test_zero_traffic_workarounds_bring_capacity_down(kw: dict) -> None:
    """Course notes' workarounds (a trickle of requests; max = min) reach the minimum; AWS today
    (note removed May 2019, undocumented) is modelled as counting zero as a low datapoint."""
    f = ddb.simulate(_zero_night(**kw), ZERO_LOAD).frame
    assert f["provisioned_wcu"].iloc[-1] == 5
    assert f["provisioned_rcu"].iloc[-1] == 5


def test_autoscaling_raises_after_two_datapoints_and_update_delay() -> None:
    """§3.3: 2 datapoints above target, then the update takes minutes; throttling meanwhile."""
    load = LoadTrace((Constant(100.0), Step(900.0, 600.0)))
    cfg = ddb.DynamoConfig(wcu=200, autoscaling=True, update_delay_s=300, burst=False, horizon_s=3600, **W_ONLY)
    r = ddb.simulate(cfg, load)
    f = r.frame
    ups = r.events[(r.events["kind"] == "scaling") & r.events["message"].str.contains("raises WCU")]
    assert ups["t_s"].iloc[0] == 719  # minutes ending at 659 and 719 are above target
    assert f["provisioned_wcu"].iloc[1018] == 200 and f["provisioned_wcu"].iloc[1019] > 200
    assert f["throttled_writes"].iloc[700:1019].min() > 0


def test_decrease_budget_after_the_first_hour_is_one_per_hour() -> None:
    """§3.3: after the first hour of the UTC day, a decrease needs an hour without one."""
    changes = ((60.0, 1000.0, 900.0), (4000.0, 1000.0, 800.0), (4100.0, 1000.0, 700.0), (7700.0, 1000.0, 600.0))
    cfg = ddb.DynamoConfig(rcu=1000, wcu=1000, update_delay_s=0, horizon_s=8000, capacity_changes=changes)
    r = ddb.simulate(cfg, 10.0)
    refused = r.events[r.events["kind"] == "decrease_refused"]
    assert refused["t_s"].tolist() == [4100.0]
    assert "1 decrease per hour" in refused["message"].iloc[0]
    assert r.frame["provisioned_wcu"].iloc[-1] == 600


def test_decrease_ok_names_the_rule_that_refuses() -> None:
    """§3.3 directly on the compiled rule: 4 in the first hour, then 1 an hour, 27 a day."""
    import numpy as np

    from engine.dynamodb.layout import RULE, SC
    from engine.dynamodb.scaling import DECREASES_FIRST_HOUR, DECREASES_PER_DAY, decrease_ok

    sc = np.zeros(len(SC))
    sc[SC.LAST_DECREASE_T] = -1e18
    assert decrease_ok(100, sc) == RULE.ALLOWED
    sc[SC.DECREASES_TODAY] = DECREASES_FIRST_HOUR  # first made at t = 0
    assert decrease_ok(100, sc) == RULE.FIRST_HOUR
    sc[SC.LAST_DECREASE_T] = 3000
    assert decrease_ok(4000, sc) == RULE.HOURLY and decrease_ok(6600, sc) == RULE.ALLOWED
    sc[SC.DECREASES_TODAY] = DECREASES_PER_DAY
    assert decrease_ok(80_000, sc) == RULE.DAILY


def test_one_update_table_lowering_rcu_and_wcu_is_one_decrease() -> None:
    """§3.3 (DDB-DG ServiceQuotas: decreases count per UpdateTable call): five calls in the first
    hour, each lowering RCU and WCU together (1,000 -> 900 -> ... -> 500): the first four are
    four decreases, all allowed; the fifth is refused as a whole, both values stay at 600. (Counted
    per value, the old rule refused the third call's WCU and let its RCU through.)"""
    changes = tuple((60.0 * (i + 1), 1000.0 - 100 * (i + 1), 1000.0 - 100 * (i + 1)) for i in range(5))
    cfg = ddb.DynamoConfig(rcu=1000, wcu=1000, update_delay_s=0, horizon_s=600, capacity_changes=changes)
    r = ddb.simulate(cfg, 10.0)
    refused = r.events[r.events["kind"] == "decrease_refused"]
    assert refused["t_s"].tolist() == [300.0, 300.0]
    assert {d["dimension"] for d in refused["data"]} == {"RCU", "WCU"}
    assert (r.events["kind"] == "manual_update").sum() == 8
    assert r.frame["provisioned_rcu"].iloc[-1] == r.frame["provisioned_wcu"].iloc[-1] == 600


def test_the_four_decrease_hour_starts_with_the_days_first_decrease() -> None:
    """§3.3 "up to 4 decreases in the first hour of a UTC day (if none made yet)": the hour opens
    at the day's first decrease. Hand timeline, one UpdateTable lowering WCU by 50 each time:
    10:00, 10:10, 10:20, 10:30 allowed (4 in the first hour of decreases); 10:40 refused (4 made);
    11:05 refused (the first hour is over, and 10:30 was less than an hour ago); 11:31 allowed
    (an hour after 10:30); 11:45 refused (11:31 was in the last hour). The old rule allowed 4 only
    from 00:00 to 01:00 UTC and refused 10:10 already."""
    times = (36_000, 36_600, 37_200, 37_800, 38_400, 39_900, 41_460, 42_300)
    changes = tuple((float(t), 1000.0, 1000.0 - 50 * (i + 1)) for i, t in enumerate(times))
    cfg = ddb.DynamoConfig(rcu=1000, wcu=1000, update_delay_s=0, horizon_s=43_000, capacity_changes=changes)
    r = ddb.simulate(cfg, 10.0)
    refused = r.events[r.events["kind"] == "decrease_refused"]
    assert refused["t_s"].tolist() == [38_400.0, 39_900.0, 42_300.0]
    msgs = refused["message"].tolist()
    assert "4 decreases were already made in the first hour of decreases" in msgs[0]
    assert "only 1 decrease per hour" in msgs[1] and "only 1 decrease per hour" in msgs[2]
    assert r.frame["provisioned_wcu"].iloc[-1] == 1000 - 50 * 7  # the 11:31 call (the 7th) landed last


def test_decrease_ok_opens_the_first_hour_at_the_first_decrease() -> None:
    """§3.3 on the compiled rule: none made -> allowed anywhere in the day; then 4 within an hour
    of the first; then 1 an hour after a decrease-free hour; 27 a day; a new day starts again."""
    import numpy as np

    from engine.dynamodb.layout import RULE, SC
    from engine.dynamodb.scaling import decrease_ok, new_day, record_decrease

    sc = np.zeros(len(SC))
    new_day(sc)
    sc[SC.LAST_DECREASE_T] = -1e18
    assert decrease_ok(50_000, sc) == RULE.ALLOWED
    for t in (50_000, 50_100, 50_200, 50_300):
        record_decrease(t, sc)
    assert sc[SC.FIRST_DECREASE_T] == 50_000 and sc[SC.DECREASES_TODAY] == 4
    assert decrease_ok(53_599, sc) == RULE.FIRST_HOUR
    assert decrease_ok(53_600, sc) == RULE.HOURLY  # 53,600 - 50,300 < 3,600
    assert decrease_ok(53_900, sc) == RULE.ALLOWED
    new_day(sc)
    assert decrease_ok(86_400, sc) == RULE.ALLOWED and sc[SC.DECREASES_TODAY] == 0
