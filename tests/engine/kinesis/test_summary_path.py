"""A sweep's summary-only batch is built without a frame per scenario: it must still be exactly
what the full batch gives, down to column types, and read a day of hot-key streams."""

from __future__ import annotations

import pandas as pd

from engine import kinesis as k
from engine.kinesis.frames import summary, summary_row
from engine.load import PRESETS, retimed, scaled


def test_the_summary_only_batch_is_the_full_batch_emptied() -> None:
    base = PRESETS["Random bursts"]
    load = retimed(scaled(base, 4_000 / base.peak_hint), 6 * 3600 / 86_400)
    configs = [
        k.KinesisConfig(horizon_s=6 * 3600, dt_s=10, shards=n, popularity="hot", hot_pct=h, auto_reshard=n == 2)
        for n in (1, 2, 6)
        for h in (5.0, 60.0)
    ]
    full = k.simulate_many(configs, load, seed=3)
    fast = k.simulate_many(configs, load, seed=3, summary=True)
    pd.testing.assert_frame_equal(fast.summary, full.summary, check_exact=True)
    pd.testing.assert_frame_equal(fast.frame, full.frame.iloc[:0], check_exact=True, check_index_type=False)
    assert fast.config == configs and fast.units == full.units
    assert fast.events.empty and dict(fast.events.dtypes) == dict(
        k.simulate_many(configs, load, summary=True).events.dtypes
    )
    assert fast.summary["throttled_records_total"].nunique() > 1  # the grid's scenarios differ


def test_summary_row_reads_the_frame_or_its_columns_alike() -> None:
    cfg = k.KinesisConfig(shards=1, max_attempts=1, horizon_s=600, dt_s=10, popularity="hot", hot_pct=80)
    r = k.simulate(cfg, 1_800.0)
    assert summary(cfg, r.frame).equals(r.summary)
    assert summary_row(cfg, {c: r.frame[c].to_numpy() for c in r.frame.columns}) == summary_row(cfg, r.frame)
