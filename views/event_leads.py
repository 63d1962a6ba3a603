"""One plain-language lead per event kind: the words a learner reads before the engine's sentence.

The engine's sentences carry the numbers and the rule (``cooldown 300 s still running: 2 of 3
alarm breaches held back``); where that jargon is dense, the event log opens the row with a short
lead that says what happened in everyday words. Keyed by the event-log kind (the tags declared with
each lab's :class:`engine.kernel.events.EventKinds`, or written by its explain module); a kind that
reads plainly on its own has no lead.
"""

from __future__ import annotations

__all__ = ["LEADS", "kind_label", "lead_for"]

LEADS: dict[str, str] = {
    # compute scaling (Auto Scaling groups, vertical scaling, Batch, EMR)
    "scale_out": "Capacity added",
    "scale_in": "Capacity removed",
    "suppressed": "The group waited: cooldown or warm-up held this change back",
    "capped": "The group hit its minimum or maximum size",
    "scheduled": "A scheduled action ran at its set time",
    "manual": "Someone changed the desired capacity by hand",
    "refused": "A change was refused: it breaks a limit",
    "failure": "An instance failed",
    "replace": "Unhealthy instances were replaced",
    "unhealthy": "A health check failed",
    "predictive": "Predictive scaling raised capacity ahead of the forecast",
    "max_raised": "The maximum was raised for the forecast",
    "scale_up": "A bigger instance type: more capacity per instance",
    "scale_down": "A smaller instance type",
    "restarted": "The instance restarted to change size: capacity was down meanwhile",
    "ceiling": "The largest instance type is reached: only more instances can help",
    "spot_interruption": "AWS took a Spot instance back",
    "unplaceable": "No instance type can run this job",
    "step": "A cluster step changed state",
    "job_done": "The job finished",
    "core_lost": "A core node was lost: its HDFS data goes with it",
    "task_lost": "A task node was lost: only its running work is redone",
    # partitions and shards (DynamoDB, Kinesis)
    "split": "A partition (or shard) split: one became two, each with its own limit",
    "merge": "Two shards became one: fewer shards to pay for",
    "reshard": "The stream was resharded",
    "expiry": "Records aged out of retention before being read: data lost",
    "throttle": "Requests refused: over the limit",
    "throttle_end": "Throttling stopped",
    "scaling": "Auto scaling changed the provisioned capacity",
    "manual_update": "The provisioned capacity was changed by hand",
    "update_done": "The capacity change took effect",
    "decrease_refused": "A decrease was refused: the daily limit on decreases is used up",
    "zero_traffic": "No traffic: auto scaling does not scale in on zero requests",
    "zero_traffic_hold": "No traffic: capacity stays where it is",
    "workaround": "A workaround took effect",
    # functions (Lambda)
    "cold_start": "New execution environments started: those requests waited for a cold start",
    "at_cap": "Concurrency reached its limit",
    "rate_limit": "Concurrency could not grow faster: the scaling rate limit",
    "dropped": "Requests were dropped",
    # queues, topics and brokers (SQS, SNS, Amazon MQ, coupling)
    "redelivery": "A message came back: its visibility timeout ran out before it was deleted",
    "dead_letter": "A message went to the dead-letter queue after too many receives",
    "expired": "Messages were deleted unread: retention ran out",
    "outage": "The consumers stopped",
    "recovered": "Back to normal",
    "slowdown": "Processing slowed down",
    "poison": "A message that always fails is blocking its group",
    "at_max": "The consumers are at their maximum",
    "timeout": "Time ran out: the waiting side gave up",
    "saturated": "A component is saturated: work piles up in front of it",
    "broker_saturated": "The broker is saturated",
    "flow_control": "The broker slowed the producers down",
    "fifo_limit": "The FIFO throughput limit was reached",
    "fan_out": "One message copied to every subscriber",
    # edges and workflows (CloudFront, EventBridge, Step Functions)
    "origin_saturated": "The origin is overloaded: cache misses wait",
    "origin_recovered": "The origin recovered",
    "origin_shield": "Origin Shield absorbed requests for the edges",
    "invalidation_rejected": "An invalidation was refused: over the limit",
    "retries_exhausted": "Every retry failed: the work is given up",
    "still_retrying": "Still retrying",
    "caught": "A Catch handled the error",
    "failed_state": "A state failed",
    "truncated": "The log is full: later events were not kept",
}
"""Event kind -> plain-language lead (one line, no numbers: the sentence after it has them)."""


def lead_for(kind: str) -> str:
    """The plain-language lead of ``kind`` ("" when the kind reads plainly on its own); a kind a
    page prefixed with its side (``vertical · scale_up``) has the lead of its last part."""
    return LEADS.get(str(kind).rsplit(" · ", 1)[-1], "")


def kind_label(kind: str) -> str:
    """An event kind as the log names it: ``scale_out`` -> ``scale out``."""
    return str(kind).replace("_", " ")
