"""The CloudFront page's controls that set one field of :class:`~engine.cloudfront.CloudFrontConfig`
(compare and sweep panels); the TTL menu is the page's DefaultTTL menu."""

from __future__ import annotations

from engine.cloudfront import MAX_TTL_S, ORIGINS
from views.knobs import Knob

__all__ = ["KNOBS"]

_TTLS = tuple(float(t) for t in (0, 10, 60, 300, 3600, 86_400, 604_800, MAX_TTL_S))

KNOBS: tuple[Knob, ...] = (
    Knob("ttl", "DefaultTTL", "default_ttl_s", choices=_TTLS, unit="s"),
    Knob("shield", "Origin Shield", "origin_shield", choices=(False, True)),
    Knob("objects", "Objects in the catalogue", "n_objects", choices=(100, 1000, 10_000, 100_000, 1_000_000)),
    Knob("zipf", "Zipf popularity exponent", "zipf_s", 0.0, 2.0, 0.1),
    Knob("dynamic", "Dynamic content (%)", "dynamic_pct", 0, 100, 1, unit="%"),
    Knob("origin", "Origin kind", "origin", choices=tuple(ORIGINS)),
    Knob("warm", "Start with warm caches", "warm_start", choices=(False, True)),
    Knob("mode", "How viewers get the new version", "mode", choices=("none", "paths", "all", "versioned")),
    Knob("changed", "Objects changed", "changed", 0, 1_000_000, 10),
)
