"""The Kinesis page's controls that set one field of :class:`~engine.kinesis.KinesisConfig`
(compare and sweep panels); ranges and labels are the page's own."""

from __future__ import annotations

from engine import kinesis as k
from engine.kinesis import limits as lim
from views.knobs import Knob

__all__ = ["KNOBS"]

_COURSE, _TODAY = k.EDITION["course"], k.EDITION["aws-today"]

KNOBS: tuple[Knob, ...] = (
    Knob("shards", "Shards", "shards", 1, _COURSE.quota, 1),
    Knob("hot", "Hot key share (%)", "hot_pct", 0, 100, 1, unit="%"),
    Knob("pop", "Key popularity", "popularity", choices=("uniform", "zipf", "hot")),
    Knob("keys", "Distinct partition keys", "n_keys", choices=(1, 10, 100, 1_000, 10_000, 100_000)),
    Knob("zipf", "Zipf exponent", "zipf_s", 0.0, 2.0, 0.1),
    Knob("size", "Record size (bytes)", "record_size_bytes", 1, _COURSE.record_max_bytes, 100, unit="B"),
    Knob("agg", "KPL aggregation", "aggregation", choices=(False, True)),
    Knob("tries", "Producer tries per record", "max_attempts", 1, 10, 1),
    Knob("auto", "Automatic split rule", "auto_reshard", choices=(False, True)),
    Knob("high", "Split when a shard's 1-min utilisation ≥ (%)", "auto_high_pct", 50, 300, 1, unit="%"),
    Knob("took", "A reshard takes (s)", "reshard_s", 0, 600, 1, unit="s"),
    Knob("consumers", "Consumer applications", "consumers", 0, k.MAX_CONSUMERS, 1),
    Knob("rate", "Consumer processing rate (records/s per shard)", "consumer_rate", 0, 20_000, 100),
    Knob(
        "retention",
        "Retention (h)",
        "retention_h",
        choices=(lim.RETENTION_MIN_H, 48, 72, _COURSE.retention_max_h, 720, _TODAY.retention_max_h),
        unit="h",
    ),
)
