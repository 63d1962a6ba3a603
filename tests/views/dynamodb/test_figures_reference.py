"""The DynamoDB figures' array code against the plain pandas statement of what they show: the
shares of capacity, keys and traffic per partition, and the events marked on the chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine import dynamodb as ddb
from engine.core import EventLog
from engine.load import Constant, LoadTrace, Spike
from views.dynamodb import figures as figs

LOAD = LoadTrace((Constant(900.0), Spike(height=6000.0, at_s=30_000.0, hold_s=3600.0)), noise=0.05)
CONFIGS = [
    ddb.DynamoConfig(autoscaling=True, popularity="hot", hot_key_pct=30, horizon_s=43_200),
    ddb.DynamoConfig(autoscaling=True, rules="aws-today", popularity="hot", hot_key_pct=60, horizon_s=43_200),
    ddb.DynamoConfig(mode="on-demand", horizon_s=43_200),
    ddb.DynamoConfig(horizon_s=43_200, capacity_changes=((3600.0, 9000.0, 3000.0), (20_000.0, 100.0, 100.0))),
]


def shares_by_pandas(result) -> list[tuple[str, np.ndarray, np.ndarray]]:  # type: ignore[no-untyped-def]
    """(name, band, [keys, traffic]) per partition, by group-by and reindex."""
    per = result.extra["partitions"]
    ts = np.sort(per["t_s"].unique())
    step = max(1, int(np.ceil(len(ts) / figs.MAX_SHARE_POINTS)))
    keep = np.append(ts[::step], ts[-1])
    sub = per[per["t_s"].isin(keep)]
    demand = sub["read_demand"] + sub["write_demand"]
    traffic = 100 * demand / demand.groupby(sub["t_s"]).transform("sum").replace(0.0, np.nan)
    band = sub["key_share"] if result.config.mode != "provisioned" else sub["capacity_share"]
    out = []
    for _, rows in sub.assign(band=band, traffic=traffic.fillna(0.0)).groupby("partition"):
        full = rows.set_index("t_s").reindex(keep)
        custom = np.stack([full["key_share"].fillna(0.0).to_numpy(), full["traffic"].fillna(0.0).to_numpy()], axis=1)
        out.append(
            (str(rows["name"].iloc[0]), full["band"].fillna(0.0).to_numpy(np.float32), custom.astype(np.float32))
        )
    return out


def key_events_by_pandas(events: pd.DataFrame, limit: int = 80) -> pd.DataFrame:
    ev = events[events["kind"].isin(figs.KEY_EVENTS)]
    scaling = ev[ev["kind"] == "scaling"]
    scaling = scaling[~(scaling["t_s"] // 1800).duplicated()]
    rest = ev[ev["kind"] != "scaling"].head(limit)
    return pd.concat([rest, scaling.head(limit - len(rest))]).sort_values("t_s", kind="stable")


@pytest.fixture(scope="module", params=range(len(CONFIGS)))
def result(request):  # type: ignore[no-untyped-def]
    return ddb.simulate(CONFIGS[request.param], LOAD, seed=request.param)


def test_shares_figure_is_the_group_by_of_the_partition_frame(result) -> None:  # type: ignore[no-untyped-def]
    fig = figs.shares_figure(result)
    want = shares_by_pandas(result)
    assert len(fig.data) == len(want) >= 1
    for trace, (name, band, custom) in zip(fig.data, want, strict=True):
        assert trace.name == name
        np.testing.assert_array_equal(np.asarray(trace.y), band)
        np.testing.assert_array_equal(np.asarray(trace.customdata), custom)


def test_key_events_are_the_filtered_thinned_sorted_log(result) -> None:  # type: ignore[no-untyped-def]
    for limit in (80, 3, 1):
        pd.testing.assert_frame_equal(
            figs.key_events(result.events, limit=limit), key_events_by_pandas(result.events, limit)
        )


def test_key_events_of_an_empty_log_is_the_empty_log() -> None:
    empty = EventLog().frame()
    assert figs.key_events(empty) is empty
