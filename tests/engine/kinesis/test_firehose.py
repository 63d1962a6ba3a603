"""Firehose buffering (aws-facts §2.2, §9)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import kinesis as k
from engine.kinesis import FirehoseConfig, firehose


def test_firehose_delivers_by_size_when_the_buffer_fills_first() -> None:
    """§2.2: delivery when either threshold is reached first. 0.1 MiB/s fills 5 MiB in 50 s < 300 s."""
    r = firehose(FirehoseConfig(buffer_mb=5, interval_s=300), np.full(600, 0.1), dt_s=1.0)
    first = int(np.nonzero(r.frame["deliveries"].to_numpy())[0][0])
    assert first == 49  # the 50th second's data completes 5 MiB
    assert r.frame["delivered_mb"].iloc[first] == pytest.approx(5.0)
    assert "by size" in r.events["message"].iloc[0]


def test_firehose_delivers_by_interval_when_time_runs_out_first() -> None:
    """§2.2: 0.01 MiB/s needs 500 s to fill 5 MiB, so the 300 s interval delivers 3 MiB first."""
    r = firehose(FirehoseConfig(buffer_mb=5, interval_s=300), np.full(1000, 0.01), dt_s=1.0)
    first = int(np.nonzero(r.frame["deliveries"].to_numpy())[0][0])
    assert first == 299
    assert r.frame["delivered_mb"].iloc[first] == pytest.approx(3.0)
    assert "by interval" in r.events["message"].iloc[0]


def test_zero_buffering_only_today() -> None:
    """§9: interval 60-900 s in the course notes, 0-900 s today."""
    with pytest.raises(ValueError, match="interval_s must be between 60 and 900"):
        FirehoseConfig(interval_s=0)
    r = firehose(FirehoseConfig(rules="aws-today", interval_s=0), np.full(10, 0.01), dt_s=1.0)
    assert (r.frame["deliveries"] == 1).all()
    with pytest.raises(ValueError, match="buffer_mb must be between 1 and 128"):
        FirehoseConfig(buffer_mb=200)


@given(
    inflow=st.lists(st.floats(0, 50), min_size=1, max_size=400),
    size=st.floats(1, 128),
    interval=st.floats(60, 900),
)
def test_firehose_conserves_data(inflow, size, interval) -> None:
    r = firehose(FirehoseConfig(buffer_mb=size, interval_s=interval), np.array(inflow), dt_s=1.0).frame
    arrived = np.cumsum(r["incoming_mb"])
    assert np.allclose(arrived, np.cumsum(r["delivered_mb"]) + r["buffer_mb"], atol=1e-6 * max(1, arrived.iloc[-1]))
    assert (r["buffer_mb"] < size + 1e-9).all()


def test_firehose_reads_a_stream_result() -> None:
    res = k.simulate(k.KinesisConfig(horizon_s=600), 1000.0)
    r = firehose(FirehoseConfig(), res)
    assert r.frame["incoming_mb"].iloc[0] == pytest.approx(1000 * res.config.bytes_per_record / 1_048_576)
