"""Cached Results and memoised figures are shared read-only by every session (views.page).

Every page of the catalogue runs twice, as two sessions following the same link: the second run's
engine calls and figures are cache hits on the very objects the first run made. Nothing a page or
a figure builder does may change them: each shared Result's frame, events, extra frames and
summary (``pd.util.hash_pandas_object``) and each memoised figure's payload, encoded afresh, are
the same after the second run as after the first. The second run also draws the same charts.
"""

from __future__ import annotations

import hashlib
import pickle

import numpy as np
import pandas as pd
import pytest

from engine.core import Result
from tests.pages.apptest import run_page
from tests.pages.charts import charts
from views import page
from views.catalog import available
from views.plotly_chart import chart_payload

PAGES = available()


def frame_digest(df: pd.DataFrame) -> str:
    """A digest of ``df``'s values, index and column names."""
    try:
        values = pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes()
    except TypeError:  # a column of unhashable cells (dicts, lists): compare their pickled form
        values = pickle.dumps(df.to_dict("list"))
    return hashlib.blake2b(values + repr(list(df.columns)).encode(), digest_size=16).hexdigest()


def value_digest(value: object) -> object:
    """What must not change in one shared value."""
    if isinstance(value, Result):
        return (
            frame_digest(value.frame),
            frame_digest(value.events),
            {k: frame_digest(v) for k, v in value.extra.items()},
            frame_digest(value.summary),
        )
    if isinstance(value, pd.DataFrame):
        return frame_digest(value)
    if isinstance(value, np.ndarray):
        return hashlib.blake2b(value.tobytes(), digest_size=16).hexdigest()
    return pickle.dumps(value)


def snapshot() -> tuple[dict[int, object], dict[int, bytes]]:
    """Every shared value's digest and every memoised figure's freshly encoded payload, by id."""
    values = {id(v): value_digest(v) for v in page.shared_results()}
    figures = {id(f): chart_payload(f, page.PLOTLY_CONFIG) for f in page.shared_figures()}
    return values, figures


def test_digest_sees_a_changed_result() -> None:
    """The check can fail: changing one cell of a frame, or a figure's layout, changes the digest."""
    frame = pd.DataFrame({"t_s": [0.0, 1.0], "x": [1.0, 2.0]})
    res = Result(frame=frame.copy(), events=pd.DataFrame({"t_s": [0.0], "kind": ["k"], "message": ["m"]}), config=None)
    before = value_digest(res)
    res.frame.loc[1, "x"] = 3.0
    assert value_digest(res) != before
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[0, 1], y=[1, 2]))
    payload = chart_payload(fig, page.PLOTLY_CONFIG)
    fig.update_layout(title="changed")
    assert chart_payload(fig, page.PLOTLY_CONFIG) != payload


@pytest.mark.parametrize("lab", PAGES, ids=[p.url_path for p in PAGES])
def test_second_session_changes_no_shared_result_or_figure(lab) -> None:
    first = run_page(lab.file)
    assert not first.exception, [e.value for e in first.exception]
    values, figures = snapshot()
    if lab.file != "app_pages/home.py" and lab.lab != "classroom":  # home and class rooms run no scenario
        assert values and figures, f"{lab.file}: no shared result or memoised figure after a run"
    second = run_page(lab.file)
    assert not second.exception, [e.value for e in second.exception]
    after_values, after_figures = snapshot()
    changed = [i for i, d in values.items() if i in after_values and after_values[i] != d]
    assert not changed, f"{lab.file} changed {len(changed)} shared result(s)"
    redrawn = [i for i, p in figures.items() if i in after_figures and after_figures[i] != p]
    assert not redrawn, f"{lab.file} changed {len(redrawn)} memoised figure(s)"
    assert charts(second) == charts(first)
