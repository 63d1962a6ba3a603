"""Lambda figures: the cap, the scaling ceiling and the async panel; bounded payload."""

from __future__ import annotations

from engine.lambda_ import LambdaConfig, simulate
from tests.views.queues.test_figures import check_figure
from views.lambda_.figures import lambda_figure


def test_lambda_figure_shows_the_cap_and_async_panel() -> None:
    r = simulate(LambdaConfig(horizon_s=21_600, reserved=100, invocation="async"), 300.0)
    fig = lambda_figure(r)
    assert {"Concurrency", "Ceiling", "Async events waiting"} <= {t.name for t in fig.data}
    assert any("cap 100" in a.text for a in fig.layout.annotations)
    check_figure(fig)


def test_sync_runs_have_no_async_panel_and_cost_is_titled_by_its_unit() -> None:
    r = simulate(LambdaConfig(horizon_s=600), 50.0)
    fig = lambda_figure(r)
    assert "Async events waiting" not in {t.name for t in fig.data}
    titles = [fig.layout[k].title.text for k in fig.layout if k.startswith("yaxis")]
    assert "Cost so far (USD)" in titles
