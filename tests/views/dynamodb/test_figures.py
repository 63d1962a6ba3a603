"""DynamoDB figures: traces present, bounded frames, fixed ranges, small payloads."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from engine import dynamodb as ddb
from engine.load import Constant, LoadTrace, Spike
from views.dynamodb import figures as figs


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    cfg = ddb.DynamoConfig(
        autoscaling=True, dax=True, popularity="hot", hot_key_pct=30, capacity_changes=((3600.0, 1000.0, 3000.0),)
    )
    load = LoadTrace((Constant(800.0), Spike(height=2000.0, at_s=36_000.0)))
    return ddb.simulate(cfg, load)


def test_capacity_figure_has_partitions_and_bounded_frames(result) -> None:  # type: ignore[no-untyped-def]
    fig = figs.capacity_figure(result)
    names = [t.name for t in fig.data]
    for wanted in ("Provisioned WCU", "Consumed WCU", "Throttled writes", "Partitions", "Provisioned RCU"):
        assert wanted in names
    parts = next(t for t in fig.data if t.name == "Partitions")
    assert max(parts.y) == result.frame["partitions"].max()
    assert 2 <= len(fig.frames) <= 30
    assert all(len(t.x) <= 240 for t in fig.data if t.name != "Events" and not t.name.startswith("Events"))
    assert fig.layout.yaxis.autorange is False
    assert len(fig.to_json()) < 350_000


def test_key_events_keep_splits_and_cap_markers(result) -> None:  # type: ignore[no-untyped-def]
    ev = figs.key_events(result.events)
    assert len(ev) <= 80
    assert (ev["kind"] == "split").sum() == (result.events["kind"] == "split").sum()
    assert not ev["kind"].isin(["update_done", "throttle_end"]).any()
    scaling = ev[ev["kind"] == "scaling"]["t_s"]
    assert (scaling // 1800).is_unique  # at most one scaling marker per 30 minutes


def test_heatmap_is_small_and_names_partitions(result) -> None:  # type: ignore[no-untyped-def]
    fig = figs.heatmap_figure(result)
    hm = fig.data[0]
    assert hm.type == "heatmap"
    assert len(hm.x) <= 100
    assert len(hm.y) == result.frame["partitions"].max()
    assert (hm.zmin, hm.zmax) == (0, 100)
    assert len(fig.to_json()) < 150_000


def test_cost_and_dax_figures_are_static_and_small(result) -> None:  # type: ignore[no-untyped-def]
    cost = figs.cost_figure(result)
    assert {t.name for t in cost.data} == {"Provisioned cost so far", "On-demand cost so far"}
    assert not cost.frames
    dax = figs.dax_figure(result)
    assert max(dax.data[0].y) <= 100 and max(dax.data[0].y) > 0
    assert len(cost.to_json()) + len(dax.to_json()) < 100_000


def test_numbers_for_the_metrics(result) -> None:  # type: ignore[no-untyped-def]
    calc = figs.calculator_numbers(result)
    assert [c[0] for c in calc][:2] == ["RCU at peak", "WCU at peak"]
    summary = figs.summary_numbers(result)
    assert summary[0][1] == str(int(result.frame["partitions"].iloc[-1]))
    assert all(len(row) == 3 for row in calc + summary)


def test_dax_caption_states_saving_or_pass_through(result) -> None:  # type: ignore[no-untyped-def]
    """§3.5: cached reads use no RCU; strongly consistent reads pass through."""
    text = figs.dax_caption(result)
    assert "RCU/s on average" in text and "of reads" in text
    strong = ddb.DynamoConfig(dax=True, consistency="strong")
    assert "passes strongly consistent" in figs.dax_caption(replace(result, config=strong))


def test_capacity_caption_reads_the_event_log(result) -> None:  # type: ignore[no-untyped-def]
    text = figs.capacity_caption(result)
    assert "split(s) in this run" in text
    assert text.startswith("Triangles mark")


def test_axis_titles_come_from_the_engine_units(result) -> None:  # type: ignore[no-untyped-def]
    """Units are declared once, in the engine: the panels' titles read Result.units."""
    fig = figs.capacity_figure(result)
    titles = [fig.layout[k].title.text for k in fig.layout if k.startswith("yaxis")]
    assert "Writes (WCU)" in titles and "Reads (RCU)" in titles and "Throttled (req/s)" in titles
    dax = figs.dax_figure(result)
    assert [dax.layout[k].title.text for k in ("yaxis", "yaxis2")] == ["DAX hit ratio (%)", "Mean read latency (ms)"]


def test_shares_figure_stacks_each_partitions_capacity_share_and_a_split_cuts_a_band() -> None:
    """§3.2 (halving splits): 1 RCU + 999 WCU is one partition (100 %); UpdateTable to 2,999 WCU at
    10 min splits it into four quarters (1 -> 1a/1b, then 1aa/1ab and 1ba/1bb), so each band is
    100 % then 50 % and then 25 %; keys and capacity agree, in every point the bands sum to 100 %."""
    cfg = ddb.DynamoConfig(
        rcu=1, wcu=999, read_fraction=0.0, item_size_kb=1.0, popularity="uniform", update_delay_s=0,
        horizon_s=1800, capacity_changes=((600.0, 1.0, 2999.0),),
    )  # fmt: skip
    fig = figs.shares_figure(ddb.simulate(cfg, 500.0))
    assert sorted(t.name for t in fig.data) == ["1aa", "1ab", "1ba", "1bb"]
    first = next(t for t in fig.data if t.name == "1aa")
    assert first.y[0] == 100 and first.y[-1] == 25
    assert all(t.stackgroup == "shares" for t in fig.data)
    totals = sum(np.asarray(t.y, dtype=float) for t in fig.data)
    assert totals == pytest.approx(np.full(len(first.x), 100.0))
    assert all((np.asarray(t.customdata)[:, 0] == np.asarray(t.y)).all() for t in fig.data)  # keys = capacity
    assert len(first.x) <= figs.MAX_SHARE_POINTS + 1
    assert fig.layout.yaxis.range == (0, 100)


def test_shares_caption_names_each_partitions_keys_and_traffic(result) -> None:  # type: ignore[no-untyped-def]
    text = figs.shares_caption(result)
    assert text.startswith("**Each partition's share**")
    assert "% of keys /" in text and "% of traffic" in text


def test_capacity_figure_has_a_gsi_panel_when_the_table_has_one() -> None:
    """§3.2 GSI back-pressure is drawn: the index's provisioned and consumed WCU and the writes it throttled."""
    cfg = ddb.DynamoConfig(gsi=True, gsi_wcu=200, gsi_autoscaling=True, horizon_s=1800)
    names = [t.name for t in figs.capacity_figure(ddb.simulate(cfg, 800.0)).data]
    for wanted in ("GSI provisioned WCU", "GSI consumed WCU", "Writes throttled by the GSI"):
        assert wanted in names
    assert "GSI consumed WCU" not in [
        t.name for t in figs.capacity_figure(ddb.simulate(ddb.DynamoConfig(horizon_s=600), 10.0)).data
    ]
