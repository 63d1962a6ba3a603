"""Named scenarios of the queues page: each sets several controls (names after ``queues.``)."""

from __future__ import annotations

from typing import Any

from engine.queues.limits import DEFAULT_RETENTION_S, DEFAULT_VISIBILITY_S
from engine.queues.sns import HTTP_RETRIES, HTTP_RETRY_DELAY_S
from views.preset import Preset

__all__ = ["PRESETS"]

# fmt: off
_BASE: dict[str, Any] = {
    "load": "Flat", "hours": 1, "type": "standard", "proc": 0.1, "cv": 0.0, "vis": DEFAULT_VISIBILITY_S, "fail": 0.0,
    "mrc": 5, "mode": "fixed", "n": 10, "poison": False, "outage": False, "ret": DEFAULT_RETENTION_S, "delay": 0,
    "msgdelay": False,
}
PRESETS: dict[str, dict[str, Preset]] = {"queues": {
    "Visibility timeout shorter than processing": Preset(
        "Jobs take ~40 s but the message hides for only 30 s: it reappears, is processed twice, and after "
        "maxReceiveCount receives lands in the DLQ although the code never failed.",
        {**_BASE, "peak": 1, "proc": 40.0, "cv": 0.3, "n": 200}, claim={'all': [{'>=': [{'count': 'redelivery'}, 1]}, {'>': [{'summary': 'duplicates_total'}, 0]}, {'>': [{'summary': 'dead_lettered_total'}, 0]}]}),
    "Poison message in a FIFO group": Preset(
        "One message fails every time. In a FIFO queue it blocks its message group (1 of 4) until it is "
        "dead-lettered; a standard queue would flow around it.",
        {**_BASE, "peak": 20, "type": "fifo", "groups": 4, "poison": True}, claim={'all': [{'>=': [{'count': 'poison'}, 1]}, {'==': [{'summary': 'dead_lettered_total'}, 1]}, {'>': [{'summary': 'peak_visible'}, 0]}, {'==': [{'last': 'visible'}, 0]}]}),
    "Scale consumers on backlog per instance": Preset(
        "AWS's recommended metric: visible ÷ in-service consumers, target = acceptable latency ÷ processing time. "
        "An empty queue reads 0, so it scales in to the minimum until a backlog builds: set a sensible floor. "
        "Switch to raw queue depth: the fleet sits near its maximum — why AWS advises against it.",
        {**_BASE, "load": "Business day", "peak": 200, "hours": 24, "mode": "backlog", "n": 30, "min": 30,
         "max": 120, "proc": 0.5, "cv": 0.5, "latency": 60}, claim={'all': [{'==': [{'min': 'consumers'}, 30]}, {'>=': [{'count': 'scale_out'}, 1]}, {'>=': [{'count': 'scale_in'}, 1]}]}),
    "Consumers down for an hour": Preset(
        "The consumers stop for an hour; producers never notice. The queue holds the work (age of oldest climbs "
        "to an hour) and drains when they return: nothing is lost within retention.",
        {**_BASE, "peak": 50, "hours": 6, "outage": True, "out_at": 60, "out_min": 60}, claim={'all': [{'>=': [{'summary': 'peak_age_s'}, 3500]}, {'==': [{'summary': 'expired_total'}, 0]}, {'==': [{'summary': 'deleted_total'}, {'summary': 'sent_total'}]}, {'>=': [{'count': 'drained'}, 1]}]}),
    "Webhook down: retries then DLQ": Preset(
        "The SNS webhook's endpoint is down for 100 s at minute 10. SNS retries each failed delivery 3 times, "
        "20 s apart (the default HTTP/S policy): copies that failed in the outage's last 60 s arrive by a retry, "
        "the earlier ones run out of retries and go to the subscription's dead-letter queue. Turn the DLQ off: "
        "they are discarded; raise the retries: they all arrive.",
        {"fan_rate": 30, "fan_policy": "", "fan_scope": "MessageAttributes", "fan_down": True, "fan_down_at": 10,
         "fan_down_s": 100, "fan_retries": HTTP_RETRIES, "fan_delay": int(HTTP_RETRY_DELAY_S), "fan_dlq": True}, claim={'all': [{'>=': [{'count': 'endpoint_down'}, 1]}]}, source="run_fanout"),
}}
# fmt: on
