"""The EventBridge page's named scenarios: a pattern that teaches one operator each, its targets."""

from __future__ import annotations

import json
from typing import Any

from views.preset import Preset

__all__ = ["PRESETS", "pretty"]


def pretty(doc: dict) -> str:
    """A pattern shown the way a person writes it."""
    return json.dumps(doc, indent=2)


# fmt: off
_CASES = [  # name, what it teaches, pattern, targets, incident (outage presets are below)
    ("Payment failures", "anything-but: every payment failure except plain card declines; an incident spikes it.",
     {"source": ["com.shop.payments"], "detail": {"reason": [{"anything-but": "card-declined"}]}}, ["sns", "sfn"], True),
    ("Instances going down", "Arrays are OR: two states in one list, nested under detail.",
     {"source": ["aws.ec2"], "detail": {"state": ["stopped", "terminated"]}}, ["lambda"], False),
    ("PNG uploads (suffix)", "suffix on a nested field: only uploads ending .png reach the thumbnailer.",
     {"source": ["aws.s3"], "detail": {"object": {"key": [{"suffix": ".png"}]}}}, ["lambda", "sqs"], False),
    ("Big gold orders", "numeric range AND a nested exact value: every key must match.",
     {"detail-type": ["Order Placed"], "detail": {"amount": [{"numeric": [">=", 100]}], "customer": {"tier": ["gold"]}}},
     ["sfn"], False),
    ("$or with cidr", "$or of two sub-patterns: orders from the office block 203.0.113.0/24, or over 200.",
     {"detail-type": ["Order Placed"], "$or": [{"detail": {"source-ip": [{"cidr": "203.0.113.0/24"}]}},
                                               {"detail": {"amount": [{"numeric": [">", 200]}]}}]}, ["lambda"], False),
    ("Wildcard keys", "wildcard images/* catches every image upload; suffix with equals-ignore-case adds .pdf reports in any case.",
     {"source": ["aws.s3"], "detail": {"object": {"key": [{"wildcard": "images/*"}, {"suffix": {"equals-ignore-case": ".PDF"}}]}}},
     ["lambda"], False),
    ("Case-sensitive typo", "'order placed' is not 'Order Placed': matching is exact, so this rule matches nothing.",
     {"source": ["com.shop.orders"], "detail-type": ["order placed"]}, ["lambda"], False),
]
# fmt: on

_MATCHED = {"all": [{">": [{"summary": "matched_events"}, 0]}]}
# What each pattern's run must show (engine.query), by preset name.
_CLAIMS: dict[str, Any] = {
    "Payment failures": {
        "all": [
            {">=": [{"count": "incident"}, 1]},
            {
                ">": [
                    {"at": {"col": "matched_rps", "t": 36720.0}},
                    {"*": [2, {"at": {"col": "matched_rps", "t": 28800}}]},
                ]
            },
        ]
    },
    "Instances going down": _MATCHED,
    "PNG uploads (suffix)": _MATCHED,
    "Big gold orders": {"all": [{">": [{"summary": "matched_events"}, 0]}, {"<": [{"summary": "matched_pct"}, 2]}]},
    "$or with cidr": _MATCHED,
    "Wildcard keys": _MATCHED,
    "Case-sensitive typo": {"all": [{"==": [{"summary": "matched_events"}, 0]}, {">=": [{"count": "no_match"}, 1]}]},
}

_OUTAGE = {"outage": True, "outage_h": 10.0, "outage_len": 7200, "retry_attempts": 185}
PRESETS: dict[str, dict[str, Preset]] = {
    "eventbridge": {
        **{
            name: Preset(
                why,
                {"pattern": pretty(pat), "targets": tg, "incident": inc, "incident_h": 10.0, "outage": False},
                claim=_CLAIMS[name],
            )
            for name, why, pat, tg, inc in _CASES
        },
        "Target down → DLQ": Preset(
            "Retries for at most 1 h: copies that failed early run out and land in the DLQ; the later ones are "
            "delivered late when the target is back.",
            {
                "pattern": pretty({"detail-type": ["Order Placed"]}),
                "targets": ["lambda"],
                "incident": False,
                **_OUTAGE,
                "retry_age": 3600,
                "dlq": True,
            },
            claim={
                "all": [
                    {">": [{"summary": "dead_lettered"}, 0]},
                    {">=": [{"count": "retries_exhausted"}, 1]},
                    {">=": [{"count": "retried"}, 1]},
                ]
            },
        ),
    }
}
