"""Step Functions page: defaults, presets, URL values, an invalid state machine."""

from __future__ import annotations

import json

import pytest

from engine.stepfunctions import ORDER_FULFILMENT
from tests.pages.apptest import event_log, metric, run_page

PAGE = "app_pages/stepfunctions.py"
PRESETS = [
    "Order fulfilment",
    "Express hits 5 min",
    "Flaky payment API",
    "Huge Map: history limit",
    "Retry with backoff",
]


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert metric(at, "Timed out") == "0"
    assert "SWF history events" in [m.label for m in at.metric]
    # the lesson in the first run: ChargePayment's errors retried with backoff, in the log
    log = event_log(at)
    assert log["what"].eq("retry").any() and log["why"].str.contains("ChargePayment").any()


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"stepfunctions.__preset.{name}").click().run()
    assert not at.exception and not at.error
    if name == "Express hits 5 min":
        assert int(metric(at, "Timed out")) > 0
    if name == "Huge Map: history limit":
        assert int(metric(at, "Failed")) > 0


def test_url_values_and_bad_ones() -> None:
    at = run_page(PAGE, {"stepfunctions.type": "EXPRESS", "stepfunctions.executions": "99999"})
    assert not at.exception
    assert at.radio(key="stepfunctions.type").value == "EXPRESS"
    assert "stepfunctions.executions=99999" in " ".join(w.value for w in at.warning)


def test_invalid_state_machine_names_the_path_and_page_keeps_working() -> None:
    doc = json.loads(ORDER_FULFILMENT)
    doc["States"]["CheckStock"]["Next"] = "Ship!"
    at = run_page(PAGE, {"stepfunctions.definition": json.dumps(doc)})
    assert not at.exception
    text = " ".join(e.value for e in at.error)
    assert "States.CheckStock.Next: 'Ship!' is not a state" in text
    assert metric(at, "Succeeded")  # the default machine is shown instead
