"""Loose vs tight coupling: one workload, one worker outage, two architectures.

(a) **tight**: the web tier calls the worker tier synchronously. Each request holds a web thread
while it waits for a worker and while the worker runs; a request still waiting after
``timeout_s`` fails (504), and when every web thread is held new requests are refused at once
(503) — the worker's trouble cascades upstream (:mod:`engine.coupling.kernel`).
(b) **loose**: the web tier sends a message to an SQS queue and answers at once; the worker tier
reads the queue (:mod:`engine.queues`). During the outage the queue absorbs the work and it
drains afterwards: nothing is lost within the retention period (aws-facts §4).

The worker behind the queue is either an EC2 fleet or Lambda's SQS poller (§6): the producer and
the queue do not change — the course notes' layers of abstraction and interchangeable components.

In a notebook:

>>> from engine.coupling import CouplingConfig, simulate
>>> r = simulate(CouplingConfig(outage_start_s=600, outage_s=600), 30.0)
>>> int(r.summary["queue_lost_total"].iloc[0]), int(r.summary["sync_lost_total"].iloc[0]) > 15_000
(0, True)
"""

from __future__ import annotations

from engine.coupling.config import CouplingConfig
from engine.coupling.simulation import SCHEMA, SUMMARY, simulate, simulate_many, warmup

__all__ = ["SCHEMA", "SUMMARY", "CouplingConfig", "simulate", "simulate_many", "warmup"]
