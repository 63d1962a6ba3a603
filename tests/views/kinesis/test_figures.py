"""Kinesis figures: what they draw, bounded frames, fixed ranges, small payloads."""

from __future__ import annotations

import numpy as np
import pytest

from engine import kinesis as k
from engine.core import Result
from engine.kinesis import FirehoseConfig, firehose
from views.kinesis import figures as kf


@pytest.fixture(scope="module")
def hot() -> Result:
    cfg = k.KinesisConfig(shards=4, n_keys=1_000, popularity="hot", hot_pct=40, auto_reshard=True)
    return k.simulate(cfg, 3_500.0)


def test_heatmap_has_one_row_per_shard_and_bounded_columns(hot) -> None:
    fig = kf.heatmap_figure(hot)
    heat = fig.data[0]
    assert heat.type == "heatmap"
    z = np.asarray(heat.z)
    assert z.shape == (len(hot.extra["shards"]), 100)
    assert heat.zmin == 0 and heat.zmax == 200
    hot_shard = k.shard_for_key("user-000000", 4)
    assert np.nanmax(z[hot_shard]) > 100 > np.nanmax(z[[i for i in range(4) if i != hot_shard]])
    assert len(fig.data[1].x) > 0  # throttle markers
    assert 2 <= len(fig.frames) <= 40
    assert fig.layout.xaxis.autorange is False
    assert len(fig.to_json()) < 200_000


def test_heatmap_reduced_motion_has_no_frames(hot) -> None:
    fig = kf.heatmap_figure(hot, reduced_motion=True)
    assert not fig.frames and len(fig.data) == 2


def test_stream_figure_panels_and_payload(hot) -> None:
    fig = kf.stream_figure(hot)
    names = [t.name for t in fig.data]
    assert "Throttled" in names and "Open shards" in names and "Iterator age" in names
    assert len(fig.frames) <= 30
    assert len(fig.to_json()) < 300_000


def test_hash_ring_shows_open_shards_and_top_keys(hot) -> None:
    fig = kf.hash_ring_figure(hot)
    arcs, keys = fig.data
    open_shards = (hot.extra["shards"]["state"] == "OPEN").sum()
    assert len(arcs.r) == open_shards
    assert sum(arcs.width) == pytest.approx(360.0)
    assert keys.text[0] == "user-000000" and len(keys.r) == 200
    angle = k.hash_key("user-000000") / 2**128 * 360
    assert keys.theta[0] == pytest.approx(angle)


def test_firehose_and_analytics_figures(hot) -> None:
    fh = firehose(FirehoseConfig(), hot)
    fig = kf.firehose_figure(fh)
    assert [t.name for t in fig.data][:2] == ["Firehose buffer", "Delivered so far"]
    assert len(fig.to_json()) < 150_000
    fig = kf.analytics_figure(hot, "tumbling", 60)
    assert [t.name for t in fig.data] == ["user-000000", "user-000001", "user-000002", "other keys"]
    assert len(fig.data[0].x) == 60


def test_whole_page_payload_under_one_megabyte(hot) -> None:
    fh = firehose(FirehoseConfig(), hot)
    figs = [kf.heatmap_figure(hot), kf.stream_figure(hot), kf.hash_ring_figure(hot), kf.firehose_figure(fh),
            kf.analytics_figure(hot, "sliding", 60)]  # fmt: skip
    assert sum(len(f.to_json()) for f in figs) < 1_000_000
