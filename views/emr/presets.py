"""Presets of the EMR page: each sets several controls to a scenario that teaches one thing."""

from __future__ import annotations

from typing import Any

from engine.emr import MANAGED_EXAMPLE
from views.preset import Preset

__all__ = ["PRESETS"]

_BASE: dict[str, Any] = {"gb": 200, "serial": 0.05, "core": 4, "task": 6, "core_mkt": "ON_DEMAND"}
_MAX, _CORE_CAP = MANAGED_EXAMPLE
_BASE |= {"task_mkt": "ON_DEMAND", "managed": False, "min": 2, "max": _MAX, "core_cap": _CORE_CAP, "loss": 0.2}

PRESETS: dict[str, dict[str, Preset]] = {
    "emr": {
        "Word count on 10 nodes": Preset(
            "4 core + 6 task nodes, on-demand: the baseline.",
            _BASE,
            claim={"all": [{">=": [{"count": "job_done"}, 1]}, {"==": [{"summary": "peak_nodes"}, 10]}]},
        ),
        f"Managed scaling {_MAX} / core cap {_CORE_CAP}": Preset(
            f"Starts at 2 nodes and grows with pending work: at most {_CORE_CAP} core, the rest task nodes "
            "(aws-facts §8.4).",
            {**_BASE, "gb": 1000, "core": 2, "task": 0, "managed": True},
            claim={
                "all": [
                    {">=": [{"count": "scale_out"}, 1]},
                    {"==": [{"summary": "peak_nodes"}, _MAX]},
                    {"<=": [{"max": "core_nodes"}, _CORE_CAP]},
                ]
            },
        ),
        "Spot task nodes": Preset(
            "Task nodes on Spot are reclaimed often: only running containers are redone, no data is lost.",
            {**_BASE, "core": 4, "task": 16, "task_mkt": "SPOT", "loss": 3.0},
            claim={"all": [{">=": [{"count": "task_lost"}, 1]}, {"==": [{"count": "core_lost"}, 0]}]},
        ),
        "Spot core nodes": Preset(
            "3 core nodes on Spot: HDFS replication is 1, so a lost core node takes blocks with it and work is redone.",
            {**_BASE, "core": 3, "task": 7, "core_mkt": "SPOT", "loss": 2.0},
            claim={
                "all": [
                    {">=": [{"count": "core_lost"}, 1]},
                    {">": [{"summary": "recomputed_h"}, 0]},
                    {"==": [{"summary": "replication"}, 1]},
                ]
            },
        ),
        "Serial 30 %": Preset(
            "A 30 % serial fraction: 50 nodes are hardly faster than 10 (Amdahl).",
            {**_BASE, "serial": 0.3, "core": 10, "task": 40},
            claim={
                "all": [
                    {
                        "<": [
                            {"summary": "finish_s", "scenario": 3},
                            {"*": [1.3, {"summary": "finish_s", "scenario": 7}]},
                        ]
                    }
                ]
            },
            source="sweep",
        ),
    }
}
