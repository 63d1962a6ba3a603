"""SQS queues (and SNS fan-out): depth, visibility timeout, dead-letter queue, retention, FIFO,
scaled consumers.

Facts (aws-facts.md §4 SQS, §1.6 target tracking, §6 Lambda SQS event source, §9 editions; the
numbers are defined once in :mod:`engine.queues.limits`):

* standard queues deliver **at least once** (``duplicate_rate`` extra deliveries) in best-effort
  order; **FIFO** queues keep order per message group, allow **300 messages/s per action without
  batching, 3,000 with batches of 10**, deduplicate producer retries within **5 min**, keep one
  batch per group in flight, and have **no per-message delay**;
* **visibility timeout** default 30 s, 0-43,200 s: processing longer than it makes the message
  visible again and processed twice. AWS deletes only with the latest receipt handle, so the
  simulator takes the pessimistic reading: the overrunning consumer's late delete is ignored;
* a failed receive returns the message after the timeout; once its receive count reaches
  **maxReceiveCount** (1-1,000) it moves to the **dead-letter queue**;
* **retention** default 4 days, 60 s-14 days: older messages expire (lost);
* in flight at most about **120,000** (standard) or **20,000** (FIFO) messages;
* maximum message size 256 KB (course notes) or 1 MiB (AWS today); the **S3 pointer** (extended
  client) allows up to 2 GB;
* CloudWatch metrics: visible, not visible (in flight), age of oldest message; datapoints each 60 s;
* consumers: a fixed fleet, an Auto Scaling group on **backlog per instance** (visible ÷ in service,
  target = acceptable latency ÷ processing time: 1,500 / 10 = 150 vs 10 s / 0.1 s = 100 → 15), on
  raw queue depth (AWS advises against it), or Lambda's SQS poller (+60/min course, +300/min today,
  up to 1,000).

Simplifications: standard queues deliver oldest first (retries before new messages); in a FIFO
queue only the explicit poison message blocks its group (transient failures just retry); the
age of oldest follows the heads of the fresh and retry FIFOs; message size is validated, not timed.

Modules: :mod:`~engine.queues.limits` (documented numbers), :mod:`~engine.queues.config`,
:mod:`~engine.queues.layout` (kernel arrays and event kinds), :mod:`~engine.queues.kernel` (the
compiled time loop), :mod:`~engine.queues.cohorts` and :mod:`~engine.queues.fleet` (its compiled
steps), :mod:`~engine.queues.explain` (event sentences), :mod:`~engine.queues.simulation`, and
:mod:`~engine.queues.sns` (SNS fan-out to one queue per subscriber).

In a notebook:

>>> from engine.queues import QueueConfig, simulate, simulate_many
>>> r = simulate(QueueConfig(horizon_s=600, consumers=0, retention_s=60), 10.0)
>>> int(r.summary["expired_total"].iloc[0]), r.units["load"]
(5400, 'msg/s')
>>> many = simulate_many([QueueConfig(horizon_s=600), QueueConfig(horizon_s=600, consumers=0)], 10.0, summary=True)
>>> many.summary[["scenario", "peak_visible"]].values.tolist()
[[0, 0], [1, 6000]]
"""

from __future__ import annotations

from engine.queues.config import QueueConfig, backlog_per_instance_capacity, max_message_kb
from engine.queues.limits import FIFO_BATCH_TPS, FIFO_TPS, MAX_MESSAGE_KB
from engine.queues.simulation import SCHEMA, SUMMARY, simulate, simulate_many, warmup

__all__ = [
    "FIFO_BATCH_TPS",
    "FIFO_TPS",
    "MAX_MESSAGE_KB",
    "SCHEMA",
    "SUMMARY",
    "QueueConfig",
    "backlog_per_instance_capacity",
    "max_message_kb",
    "simulate",
    "simulate_many",
    "warmup",
]
