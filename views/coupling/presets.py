"""Named scenarios of the coupling page: each sets several controls (names after ``coupling.``)."""

from __future__ import annotations

from typing import Any

from engine.queues.limits import DEFAULT_RETENTION_S
from views.preset import Preset

__all__ = ["PRESETS"]

# fmt: off
_BASE: dict[str, Any] = {
    "load": "Flat", "peak": 30, "worker": "ec2", "workers": 10, "proc": 0.2, "threads": 200, "timeout": 10,
    "outage": True, "out_at": 10, "out_min": 10, "slow": False, "ret": DEFAULT_RETENTION_S,
}
PRESETS: dict[str, dict[str, Preset]] = {"coupling": {
    "Worker outage for 10 minutes": Preset(
        "The worker tier is down for 10 minutes. The chain fails every request and its web tier runs out of "
        "threads; the queue just holds 18,000 messages and drains them: later, not lost.",
        {**_BASE}, claim={'all': [{'>': [{'summary': 'sync_lost_total'}, 0]}, {'>=': [{'count': 'saturated'}, 1]}, {'==': [{'summary': 'queue_lost_total'}, 0]}, {'>=': [{'max': 'queue_visible'}, 17000]}, {'>=': [{'count': 'drained'}, 1]}]}),
    "Worker slowdown x4": Preset(
        "The workers get 4x slower for 15 minutes (a slow database). The chain's latency hits the timeout and "
        "requests fail; the queue grows and catches up.",
        {**_BASE, "outage": False, "slow": True, "slow_x": 4.0, "slow_at": 10, "slow_min": 15}, claim={'all': [{'>': [{'summary': 'sync_timeouts_total'}, 0]}, {'==': [{'summary': 'queue_lost_total'}, 0]}, {'>=': [{'count': 'drained'}, 1]}]}),
    "Swap the worker for Lambda": Preset(
        "Same producer, same queue; the worker behind it is now Lambda's SQS poller. Nothing upstream changes: "
        "components behind a queue are interchangeable.",
        {**_BASE, "worker": "lambda"}, claim={'all': [{'==': [{'summary': 'queue_lost_total'}, 0]}, {'>=': [{'count': 'drained'}, 1]}]}),
    "Outage longer than retention": Preset(
        "A queue protects work only within its retention period: with retention at 5 minutes, a 10-minute outage "
        "loses messages too.",
        {**_BASE, "ret": 300}, claim={'all': [{'>': [{'summary': 'queue_lost_total'}, 0]}, {'>=': [{'count': 'expired'}, 1]}]}),
}}
# fmt: on
