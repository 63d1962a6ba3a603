"""Lambda concurrency: rate x duration, limits, scaling rate by edition, cold starts, throttles, cost.

Facts (aws-facts.md §6, §9; the numbers are defined once in :mod:`engine.lambda_.config`):

* concurrency ≈ requests per second x average duration (100 req/s x 0.5 s = 50);
* account limit default **1,000** per Region; **reserved concurrency** is a guaranteed share and a
  hard cap; at least **100** must stay unreserved;
* scaling rate — course notes: **no limits to scaling** (environments as fast as demand asks);
  AWS today: **+1,000 environments every 10 s per function**, refilled continuously and not
  accumulated (0 → 1,000 at once, 5,000 after 40 s), and at most **10 x the account concurrency**
  invocations per second; AWS's older documented model (docs to Oct 2023), a lab option
  (``scaling="old-burst"``): a **Region-wide burst** of 500, 1,000 or 3,000, then **+500 per
  minute**, shared by all functions;
* a new environment runs Init first (≤ 10 s): the request that lands on it waits — a **cold
  start**; **provisioned concurrency** keeps environments initialised (no cold starts, charged);
* over the limit, **synchronous** callers get **429 TooManyRequestsException** (counted, not retried
  by Lambda); **asynchronous** events wait in Lambda's internal queue and are retried for up to
  ``MaximumEventAgeInSeconds`` (60-21,600 s, default 6 h), then dropped to the on-failure target.
  Backoff is not modelled: a waiting event runs as soon as there is room (delays are a lower bound);
* cost per request and per GB-second — **illustrative us-east-1 x86 list prices as of 2026**
  (:mod:`engine.lambda_.cost`).

Idle environments are kept for ``idle_s`` (AWS does not document how long; 10 min here is an
assumption) and reused without a cold start. Counts per step in one numba kernel
(:mod:`engine.lambda_.kernel`, arrays and events declared in :mod:`engine.lambda_.layout`). The
package is ``lambda_`` because ``lambda`` is a Python keyword; ``engine.serverless``, its old
name, still imports it with a deprecation warning.

In a notebook:

>>> from engine.lambda_ import LambdaConfig, simulate, steady_concurrency
>>> steady_concurrency(100, 0.5)
50.0
>>> r = simulate(LambdaConfig(horizon_s=300, reserved=50), 200.0)
>>> float(r.summary["peak_concurrency"].iloc[0]), r.units["load"]
(50.0, 'req/s')
"""

from __future__ import annotations

from engine.lambda_.config import LambdaConfig, steady_concurrency
from engine.lambda_.cost import PRICES
from engine.lambda_.simulation import SCHEMA, SUMMARY, simulate, simulate_many, warmup

__all__ = [
    "PRICES",
    "SCHEMA",
    "SUMMARY",
    "LambdaConfig",
    "simulate",
    "simulate_many",
    "steady_concurrency",
    "warmup",
]
