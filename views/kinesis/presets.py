"""Named scenarios of the Kinesis page: each sets several controls at once (and so the URL).

``PRESETS[page stem][name] = (what it teaches, {control name: value})``; a control name is the
part of its URL key after ``kinesis.``.
"""

from __future__ import annotations

from typing import Any

from engine.kinesis import WRITE_RECORDS_PER_S
from views.preset import Preset

__all__ = ["PRESETS"]

_BASE: dict[str, Any] = {
    "load": "Flat",
    "shards": 4,
    "pop": "uniform",
    "keys": 1000,
    "auto": False,
    "action": "none",
    "horizon": "1 h",
    "rate": 2000,
    "retention": 24,
}
"""What every preset resets, so one preset never inherits another's settings."""

PRESETS: dict[str, dict[str, Preset]] = {
    "kinesis": {
        "Hot partition key": Preset(
            "One key takes 40 % of 3,500 rec/s: its shard throttles while the others idle.",
            {**_BASE, "peak": 3500, "pop": "hot", "hot": 40},
            claim={
                "all": [
                    {">": [{"summary": "throttled_records_total"}, 0]},
                    {">": [{"summary": "max_utilization_pct"}, 100]},
                    {"<": [{"max": "produced_records"}, {"max": "write_capacity_records"}]},
                ]
            },
        ),
        "Celebrity tweet": Preset(
            "A flash crowd on one key: the automatic rule splits and splits, but one key stays capped at "
            f"{WRITE_RECORDS_PER_S:,} rec/s.",
            {**_BASE, "load": "Flash crowd", "peak": 6000, "shards": 8, "pop": "hot", "hot": 60, "auto": True},
            claim={
                "all": [
                    {">=": [{"count": "split"}, 2]},
                    {">": [{"summary": "final_shards"}, 8]},
                    {">": [{"sum": "throttled_records"}, 0]},
                ]
            },
        ),
        "Consumer falls behind retention": Preset(
            "The consumer reads 100 of 500 rec/s: iterator age climbs to 24 h, then records expire unread.",
            {**_BASE, "peak": 500, "shards": 1, "rate": 100, "horizon": "2 days"},
            claim={
                "all": [
                    {">=": [{"summary": "max_iterator_age_s"}, 84600.0]},
                    {">=": [{"count": "expiry"}, 1]},
                    {">": [{"summary": "expired_records_total"}, 0]},
                ]
            },
        ),
        "Reshard under load": Preset(
            "At 30 min load steps to 6,000 rec/s, past 4 shards' limit; UpdateShardCount ×2 at 40 min ends the "
            "throttling, parents stay readable.",
            {
                **_BASE,
                "load": "Step up at noon",
                "peak": 6000,
                "pop": "zipf",
                "zipf": 0.6,
                "keys": 10000,
                "action": "UpdateShardCount ×2",
                "at_min": 40,
            },
            claim={
                "all": [
                    {">=": [{"first_t": "throttle"}, 1800]},
                    {">=": [{"first_t": "reshard"}, 2400]},
                    {"==": [{"summary": "final_shards"}, 8]},
                    {"==": [{"at": {"col": "throttled_records", "t": 3000}}, 0]},
                ]
            },
        ),
    }
}
"""The Kinesis page's presets."""
