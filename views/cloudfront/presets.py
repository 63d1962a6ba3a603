"""The CloudFront page's named scenarios: what each teaches and the controls it sets."""

from __future__ import annotations

from typing import Any

from views.preset import Preset

__all__ = ["PRESETS"]

_SHORT_TTL: dict[str, Any] = {
    "load": "Business day",
    "peak": 2000,
    "objects": 100_000,
    "zipf": 0.8,
    "origin": "elb",
    "shield": False,
    "deploy": False,
    "age": 10,
    "header": "none",
    "warm": True,
}

PRESETS: dict[str, dict[str, Preset]] = {
    "cloudfront": {
        "Flash crowd on a cold cache": Preset(
            "A new catalogue goes live as a crowd arrives: every edge misses at once and a single EC2 origin drowns.",
            {
                "load": "Flash crowd",
                "peak": 6000,
                "objects": 100_000,
                "zipf": 0.8,
                "origin": "ec2",
                "shield": False,
                "deploy": True,
                "deploy_h": 10.0,
                "changed": 100_000,
                "mode": "versioned",
                "age": -1,
                "header": "none",
                "warm": False,
            },
            claim={"all": [{">=": [{"count": "origin_saturated"}, 1]}, {">": [{"summary": "origin_errors"}, 0]}]},
        ),
        "Invalidate everything at peak": Preset(
            "`/*` at the afternoon peak empties every edge: the origin load jumps while caches refill.",
            {
                "load": "Business day",
                "peak": 4000,
                "objects": 10_000,
                "zipf": 1.0,
                "origin": "ec2",
                "shield": False,
                "deploy": True,
                "deploy_h": 14.0,
                "changed": 50,
                "mode": "all",
                "age": -1,
                "header": "none",
                "warm": True,
            },
            claim={
                "all": [
                    {">=": [{"count": "deploy"}, 1]},
                    {">": [{"summary": "peak_origin_rps"}, {"*": [2, {"summary": "mean_origin_rps"}]}]},
                ]
            },
        ),
        "TTL too short": Preset(
            "max-age=10 s on a long-tail catalogue: most copies expire before anyone asks again.",
            _SHORT_TTL,
            claim={"all": [{"<": [{"summary": "hit_ratio"}, 50]}]},
        ),
        "Cache-Control: private on static files": Preset(
            "The origin marks every response private: with MinTTL 0 no edge keeps a copy, so the hit ratio "
            "is 0 % and the single EC2 origin takes every request.",
            {**_SHORT_TTL, "origin": "ec2", "age": 86_400, "header": "private", "min_ttl": 0},
            claim={"all": [{"==": [{"summary": "hit_ratio"}, 0]}, {">": [{"summary": "origin_errors"}, 0]}]},
        ),
        "Origin Shield to the rescue": Preset(
            "The same short TTL with Origin Shield: five edges' misses meet in one cache before the origin.",
            {**_SHORT_TTL, "shield": True},
            claim={"all": [{">": [{"sum": "shield_hits_rps"}, 0]}, {">=": [{"count": "origin_shield"}, 1]}]},
        ),
    }
}
