"""A global secondary index: its own write capacity, GSI back-pressure on the base table, and its
own target tracking (aws-facts §3.2 "GSI back-pressure", §3.3; course notes: auto scaling
"Supports Global Secondary Indexes")."""

from __future__ import annotations

import pytest

from engine import dynamodb as ddb

W_ONLY = {"read_fraction": 0.0, "item_size_kb": 1.0, "n_keys": 10_000, "popularity": "uniform"}
GSI = {"wcu": 1000, "gsi": True, "gsi_wcu": 200, "burst": False, "update_delay_s": 0, **W_ONLY}


def test_gsi_auto_scaling_relieves_back_pressure_step_by_step() -> None:
    """500 writes/s into a 1,000 WCU table whose GSI has 200 WCU: §3.2, the index lacks write
    capacity so 300 base writes/s throttle. The GSI's target tracking (70 %, §3.3: 2 datapoints
    above target, one a minute) raises it to ceil(consumed / 0.7) each time, from what it
    *consumed* (capped by its capacity), so it climbs in steps:
    minutes ending 0:59 and 1:59 at 100 % -> 200 -> ceil(285.7) = 286 at 2:00;
    3:59 -> ceil(286 / 0.7) = 409 at 4:00; 5:59 -> ceil(584.3) = 585 at 6:00, which holds 500.
    Throttled: 300/s × 120 s + 214/s × 120 s + 91/s × 120 s = 72,600 writes, none after 6:00;
    then 500/585 = 85 % is still above target: 7:59 -> ceil(500 / 0.7) = 715 at 8:00."""
    r = ddb.simulate(ddb.DynamoConfig(gsi_autoscaling=True, horizon_s=900, **GSI), 500.0)
    f = r.frame
    assert f["gsi_provisioned_wcu"].iloc[[0, 119, 120, 239, 240, 360, 480, -1]].tolist() == [
        200, 200, 286, 286, 409, 585, 715, 715,
    ]  # fmt: skip
    assert f["gsi_throttled_writes"].iloc[[0, 119, 120, 240, 359, 360]].tolist() == pytest.approx(
        [300, 300, 214, 91, 91, 0]
    )
    assert f["gsi_throttled_writes"].sum() == pytest.approx(72_600)
    assert (f["throttled_writes"] == f["gsi_throttled_writes"]).all()  # the table itself has room
    assert f["gsi_consumed_wcu"].iloc[-1] == pytest.approx(500)
    assert f["provisioned_wcu"].eq(1000).all()  # the table's capacity is not what scales
    scaling = r.events[r.events["kind"] == "scaling"]  # four steps up, rolled into one row
    assert scaling["t_s"].tolist() == [119.0]
    assert scaling["message"].iloc[0].startswith("GSI auto scaling (its own target tracking) raises GSI WCU 200 → 286")
    assert scaling["message"].iloc[0].endswith("then 3 more step(s) the same way, to 715 GSI WCU by 00:07:59")
    assert scaling["data"].iloc[0]["steps"] == 4
    throttle = r.events[r.events["kind"] == "throttle"]
    assert len(throttle) == 1 and "GSI back-pressure" in throttle["message"].iloc[0]
    assert "72,600 requests throttled over 6 min" in throttle["message"].iloc[0]


def test_without_gsi_auto_scaling_the_back_pressure_stays() -> None:
    """§3.2: the same table with a fixed 200 WCU index throttles 300 of 500 writes/s all along."""
    f = ddb.simulate(ddb.DynamoConfig(horizon_s=900, **GSI), 500.0).frame
    assert f["gsi_provisioned_wcu"].eq(200).all()
    assert f["gsi_throttled_writes"].sum() == pytest.approx(300 * 900)


def test_table_and_gsi_keep_separate_decrease_budgets() -> None:
    """§3.3 "Table and each GSI have separate budgets": four manual decreases of the table in its
    first hour use up the table's four; the GSI's own scale-in (15 minutes below 63 % after the
    write rate drops) is still allowed. Both auto-scaled too: the table's target tracking needs no
    decrease after those four, and its refusal would be logged as "auto scaling", not the GSI's."""
    from engine.load import Constant, LoadTrace, Step

    changes = tuple((60.0 * (i + 1), 1000.0 - 10 * (i + 1), 1000.0 - 10 * (i + 1)) for i in range(4))
    cfg = ddb.DynamoConfig(
        gsi_autoscaling=True, gsi_wcu=800, gsi_min_wcu=100, capacity_changes=changes, horizon_s=3000,
        **{k: v for k, v in GSI.items() if k != "gsi_wcu"},
    )  # fmt: skip
    r = ddb.simulate(cfg, LoadTrace((Constant(500.0), Step(-400.0, 600.0))))
    f = r.frame
    assert f["provisioned_wcu"].iloc[-1] == 960
    lowered = r.events[(r.events["kind"] == "scaling") & r.events["message"].str.contains("lowers GSI WCU")]
    assert len(lowered) >= 1
    assert lowered["message"].str.contains("the GSI's own daily decrease budget").all()
    assert not (r.events["kind"] == "decrease_refused").any()
    assert f["gsi_provisioned_wcu"].iloc[-1] == 143  # ceil(100 / 0.7)


def test_gsi_config_is_validated_by_name() -> None:
    with pytest.raises(ValueError, match="gsi_target_pct must be between 20 and 90"):
        ddb.DynamoConfig(gsi_target_pct=95)
    with pytest.raises(ValueError, match="gsi_min_wcu 600 must not exceed gsi_max_wcu 500"):
        ddb.DynamoConfig(gsi_min_wcu=600, gsi_max_wcu=500)


def test_table_and_gsi_target_tracking_together_settle_each_on_its_own_target() -> None:
    """Two target-tracking policies at once (§3.3, each scalable target its own): writes step from
    200/s to 800/s at 30 min. Each raises from what it consumed, and the table can consume only what
    the GSI lets through (§3.2 back-pressure), so they climb together until the writes fit; they
    settle where 800 WCU consumed is at or below each one's target: the table (50 %) at
    ceil(800 / 0.5) = 1,600 WCU, the GSI (90 %) at ceil(800 / 0.9) = 889 WCU, and nothing throttles.
    Before the step both scaled in (200 of 500 is below 0.9 × target): the GSI to ceil(200 / 0.9) =
    223, below the table's 400, so after the step the index is what throttles the table first."""
    from engine.load import Constant, LoadTrace, Step

    cfg = ddb.DynamoConfig(
        autoscaling=True, target_pct=50, gsi_autoscaling=True, gsi_target_pct=90, gsi_wcu=500,
        horizon_s=3 * 3600, **{k: v for k, v in GSI.items() if k != "gsi_wcu"},
    )  # fmt: skip
    r = ddb.simulate(cfg, LoadTrace((Constant(200.0), Step(600.0, 1800.0))))
    f = r.frame
    assert f["provisioned_wcu"].iloc[1799] == 400 and f["gsi_provisioned_wcu"].iloc[1799] == 223
    assert f["provisioned_wcu"].iloc[-1] == 1600 and f["gsi_provisioned_wcu"].iloc[-1] == 889
    assert f["throttled_writes"].iloc[-1800:].max() == 0
    assert f["gsi_throttled_writes"].iloc[1800:].sum() > 0  # the index held the table back on the way up
    scaling = r.events[r.events["kind"] == "scaling"]["message"]
    assert scaling.str.contains("auto scaling raises WCU").any() and scaling.str.contains("raises GSI WCU").any()
