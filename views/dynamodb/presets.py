"""Named scenarios of the DynamoDB page: page stem -> name -> (what it teaches, control values).

Control names are the part of a URL key after ``dynamodb.``.
"""

from __future__ import annotations

from typing import Any

from engine.core import format_duration
from engine.dynamodb.capacity import ON_DEMAND_PEAK_FACTOR, ON_DEMAND_PEAK_WINDOW_S
from views.preset import Preset

__all__ = ["PRESETS"]

FLAT: dict[str, Any] = {
    "mode": "provisioned",
    "load": "Flat",
    "autoscaling": False,
    "launch": False,
    "night": False,
    "dax": False,
    "gsi": False,
    "gsi_auto": False,
    "item_kb": 1.0,
    "pop": "uniform",
}
"""What every preset starts from: flat load, uniform keys, no extras."""

PRESETS: dict[str, dict[str, Preset]] = {
    "dynamodb": {
        "Scale up for a launch, then down: dilution": Preset(
            "WCU raised to 2,500 for a launch asks for 3 partitions; halving gives one partition half the keys "
            "(1,250 WCU, more than a partition holds), so it splits too: 4. Lowering WCU back leaves 4 partitions "
            "of a quarter each (never merge) — uniform keys still fit, but the key with 10 % of the traffic now "
            "throttles its partition while the table uses 88 % of its write capacity (course notes; AWS today's split "
            "for heat gives the hot key a partition of its own and the throttling stops).",
            {
                **FLAT,
                "rcu": 600,
                "wcu": 800,
                "launch_wcu": 2500,
                "launch": True,
                "launch_h": (8.0, 12.0),
                "peak": 1400,
                "read_pct": 50,
                "pop": "hot",
                "hot_pct": 10.0,
            },
            claim={
                "all": [
                    {"==": [{"summary": "final_partitions"}, 4]},
                    {">": [{"summary": "throttled_requests"}, 0]},
                    {"<": [{"summary": "peak_consumed_wcu"}, {"last": "provisioned_wcu"}]},
                ]
            },
            rules=("course",),
        ),
        "Celebrity item": Preset(
            "One key gets 40 % of the traffic: its partition throttles while the table is 60 % used. DAX absorbs "
            "its reads but not its writes; the AWS-today edition (adaptive capacity, split for heat) absorbs both.",
            {**FLAT, "rcu": 6000, "wcu": 1000, "peak": 8000, "read_pct": 90, "pop": "hot", "hot_pct": 40.0},
            claim={
                "all": [
                    {">": [{"summary": "throttled_pct"}, 1]},
                    {"<": [{"summary": "peak_consumed_rcu"}, {"*": [0.7, {"max": "provisioned_rcu"}]}]},
                ]
            },
            rules=("course",),
        ),
        "Zero-traffic night (course notes)": Preset(
            "Traffic stops at 18:00: auto scaling never scales in (no datapoints). Try the two workarounds.",
            {
                **FLAT,
                "load": "Business day",
                "peak": 2000,
                "autoscaling": True,
                "night": True,
                "trickle": False,
                "pin": False,
                "item_kb": 2.0,
                "pop": "zipf",
            },
            claim={
                "all": [
                    {">=": [{"count": "zero_traffic_hold"}, 1]},
                    {">": [{"last": "provisioned_rcu"}, {"*": [10, {"last": "consumed_rcu"}]}]},
                ]
            },
            rules=("course",),
        ),
        "GSI back-pressure, relieved by GSI auto scaling": Preset(
            "Every write also writes the index: with 200 GSI WCU the base table's writes throttle although the table "
            "has room. The GSI's own target tracking raises its WCU step by step until the writes fit; switch it "
            "off to see the throttling stay.",
            {**FLAT, "wcu": 1500, "peak": 1500, "read_pct": 50, "gsi": True, "gsi_wcu": 200, "gsi_auto": True},
            claim={
                "all": [
                    {">": [{"max": "gsi_throttled_writes"}, 0]},
                    {">": [{"last": "gsi_provisioned_wcu"}, 200]},
                    {"==": [{"last": "gsi_throttled_writes"}, 0]},
                    {"<": [{"summary": "peak_consumed_wcu"}, {"max": "provisioned_wcu"}]},
                ]
            },
        ),
        "On-demand doubling": Preset(
            f"On demand serves {ON_DEMAND_PEAK_FACTOR:g}× the previous peak at once; a 3.3× step at noon throttles "
            f"for {format_duration(ON_DEMAND_PEAK_WINDOW_S)}.",
            {**FLAT, "mode": "on-demand", "load": "Step up at noon", "peak": 30000, "read_pct": 50},
            claim={
                "all": [
                    {">=": [{"count": "throttle"}, 1]},
                    {">": [{"summary": "throttled_requests"}, 0]},
                    {
                        "==": [
                            {
                                "+": [
                                    {"at": {"col": "throttled_reads", "t": 45600}},
                                    {"at": {"col": "throttled_writes", "t": 45600}},
                                ]
                            },
                            0,
                        ]
                    },
                ]
            },
        ),
    }
}
