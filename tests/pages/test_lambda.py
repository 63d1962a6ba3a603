"""The Lambda page: defaults, every preset, URL values, impossible reserved concurrency."""

from __future__ import annotations

import pytest

from tests.pages.apptest import event_logs, metric, run_page
from tests.pages.charts import charts

PAGE = "app_pages/lambda.py"
PRESETS = [
    "Flash sale",
    "Short functions, request-rate quota",
    "Reserved concurrency as a cap",
    "Provisioned concurrency for a slow start",
]


def _num(text: str) -> float:
    text = text.replace("$", "").replace(",", "")
    scale = {"k": 1e3, "M": 1e6}.get(text[-1], 1.0)
    return float(text.rstrip("kM")) * scale


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception
    assert not at.error
    assert _num(metric(at, "Needed at peak")) > 0


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name) -> None:
    at = run_page(PAGE)
    at.button(key=f"lambda.__preset.{name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    if name == "Reserved concurrency as a cap":
        assert _num(metric(at, "Peak concurrency")) == 100
        assert _num(metric(at, "Throttled (429s)")) > 0
    if name.startswith("Provisioned"):
        assert _num(metric(at, "Cold starts")) < 1000


def test_flash_sale_under_each_scaling_model() -> None:
    """§6, §9: the course notes' model has no scaling limit (nothing throttled under the 10,000
    limit); AWS today's +1,000 per 10 s per function outruns AWS's older 500 burst + 500/min."""
    q = {"lambda.load": "Flash crowd", "lambda.peak": "8000", "lambda.acct": "10000", "lambda.burst": "500"}
    course = _num(metric(run_page(PAGE, q, rules="course"), "Throttled (429s)"))
    today = _num(metric(run_page(PAGE, q, rules="aws-today"), "Throttled (429s)"))
    old = _num(
        metric(run_page(PAGE, {**q, "lambda.scaling": "AWS before Nov 2023"}, rules="aws-today"), "Throttled (429s)")
    )
    assert course == 0 < today < old


def test_default_run_climbs_to_the_concurrency_limit() -> None:
    """Issue 11, "each core lab opens on its lesson": the default flash crowd (peak 3,000 req/s x
    0.5 s = 1,500 needed) climbs to the 1,000 account limit and the log says so, in both editions."""
    for rules in ("course", "aws-today"):
        at = run_page(PAGE, rules=rules)
        assert not at.exception
        assert _num(metric(at, "Peak concurrency")) == 1000
        assert _num(metric(at, "Throttled (429s)")) > 0
        log = " ".join(df.to_csv() for df in event_logs(at))
        assert "hits the cap of 1,000" in log, rules


@pytest.mark.parametrize(
    ("query", "rule"),
    [
        ({"lambda.reserve": "true", "lambda.res": "5000"}, "above the account limit of 1,000"),
        ({"lambda.reserve": "true", "lambda.res": "950"}, "at least 100 unreserved"),
        ({"lambda.other": "950"}, "at least 100 unreserved"),
    ],
)
def test_impossible_reserved_concurrency_gives_a_clear_error(query, rule) -> None:
    at = run_page(PAGE, query)
    assert not at.exception
    assert any(rule in e.value for e in at.error), [e.value for e in at.error]
    assert charts(at)


def test_bad_url_value_is_named() -> None:
    at = run_page(PAGE, {"lambda.dur": "zzz"})
    assert not at.exception
    assert "lambda.dur=zzz" in " ".join(w.value for w in at.warning)


def test_every_preset_names_real_widget_keys() -> None:
    """A preset sets controls by name: each name must be a widget of the page (`lambda.<name>`)."""
    from views.lambda_.presets import PRESETS as PAGE_PRESETS

    at = run_page(PAGE)
    for name, preset in PAGE_PRESETS["lambda"].items():
        values = preset.values
        missing = [k for k in values if f"lambda.{k}" not in at.session_state]
        assert not missing, (name, missing)
