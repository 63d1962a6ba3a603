"""Named scenarios of the Lambda page: each sets several controls (names after ``lambda.``)."""

from __future__ import annotations

from typing import Any

from engine.lambda_.config import ACCOUNT_LIMIT, BURSTS, NEW_RATE_PER_10S, OLD_RATE_PER_MIN, RPS_PER_CONCURRENCY
from views.preset import Preset

__all__ = ["PRESETS"]

# fmt: off
_BASE: dict[str, Any] = {
    "hours": 6, "inv": "sync", "dur": 0.5, "mem": 512, "acct": ACCOUNT_LIMIT, "reserve": False, "prov": 0,
    "burst": BURSTS[-1], "cold": 0.5, "other": 0, "scaling": "edition",
}
PRESETS: dict[str, dict[str, Preset]] = {"lambda": {
    "Flash sale": Preset(
        f"8,000 req/s x 0.5 s needs 4,000 environments. The course notes put no limit on scaling; AWS today adds "
        f"{NEW_RATE_PER_10S:,.0f} at once and {NEW_RATE_PER_10S:,.0f} per 10 s per function. Switch the scaling "
        f"model to AWS before Nov 2023 (a {BURSTS[0]} Region burst, then +{OLD_RATE_PER_MIN:,.0f}/min) and compare "
        "the throttles.",
        {**_BASE, "load": "Flash crowd", "peak": 8000, "acct": 10_000, "burst": BURSTS[0], "hours": 1}, claim={'all': [{'>=': [{'summary': 'needed_at_peak'}, 3500]}]}),
    "Short functions, request-rate quota": Preset(
        f"20,000 req/s of 20 ms functions need only 400 environments, well under the limit of {ACCOUNT_LIMIT:,}. "
        f"AWS today also caps invocations at {RPS_PER_CONCURRENCY} x the account limit "
        f"({RPS_PER_CONCURRENCY * ACCOUNT_LIMIT:,}/s): half the peak gets 429s with environments to spare.",
        {**_BASE, "load": "Flash crowd", "peak": 20_000, "dur": 0.02, "hours": 1}, claim={'all': [{'<': [{'summary': 'needed_at_peak'}, 1000]}, {'>': [{'summary': 'rate_limited_total'}, 0]}, {'<': [{'summary': 'peak_concurrency'}, 1000]}]}, rules=("aws-today",)),
    "Reserved concurrency as a cap": Preset(
        "Reserving 100 guarantees this function 100 environments and caps it there: at the afternoon peak "
        "(~200 needed) callers get 429s. Switch to async: events wait instead of failing.",
        {**_BASE, "load": "Business day", "peak": 400, "reserve": True, "res": 100, "hours": 24}, claim={'all': [{'>': [{'summary': 'throttled_total'}, 0]}, {'<=': [{'summary': 'peak_concurrency'}, 100]}, {'>=': [{'summary': 'needed_at_peak'}, 150]}]}),
    "Provisioned concurrency for a slow start": Preset(
        "A Java-style 3 s Init on every new environment. 600 provisioned environments serve the morning ramp's "
        "first 600 concurrent requests warm; only the environments above them (the peak needs 1,000) start cold. "
        "Compare the cold starts and the cost with provisioned at 0.",
        {**_BASE, "load": "Morning ramp", "peak": 1000, "dur": 1.0, "cold": 3.0, "prov": 600, "hours": 24}, claim={'all': [{'>': [{'summary': 'cold_starts_total'}, 0]}, {'<=': [{'summary': 'cold_starts_total'}, {'-': [{'summary': 'peak_concurrency'}, 600]}]}]}),
}}
# fmt: on
