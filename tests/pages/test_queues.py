"""The SQS & SNS page: defaults, every preset, URL values good and bad, impossible settings."""

from __future__ import annotations

import pytest

from tests.pages.apptest import metric, run_page
from tests.pages.charts import charts

PAGE = "app_pages/queues.py"
PRESETS = [
    "Visibility timeout shorter than processing",
    "Poison message in a FIFO group",
    "Scale consumers on backlog per instance",
    "Consumers down for an hour",
]


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception
    assert metric(at, "Expired (lost)") == "0"
    assert not at.error
    assert len(charts(at)) == 2


def test_default_run_shows_a_backlog_that_builds_and_drains() -> None:
    """Issue 11, "each core lab opens on its lesson": the default flash crowd (peak 180 msg/s against
    10 consumers x 0.1 s = 100 msg/s) builds a backlog that drains; the log says both, and reports the
    duplicate deliveries the metrics count instead of "No events"."""
    at = run_page(PAGE)
    log = at.dataframe[0].value
    kinds = set(log["what"])
    assert {"backlog", "drained", "totals"} <= kinds, kinds
    dups = metric(at, "Duplicate deliveries")
    assert dups != "0"
    assert f"Over the run: {dups} duplicate deliveries" in " ".join(log["why"])
    assert not [i for i in at.info if "No events" in i.value]


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_runs(name) -> None:
    at = run_page(PAGE)
    at.button(key=f"queues.__preset.{name}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    if name.startswith("Visibility"):
        assert metric(at, "Duplicate deliveries") != "0"
        assert metric(at, "Dead-lettered") != "0"
    if name.startswith("Poison"):
        assert metric(at, "Dead-lettered") == "1"
    if name.startswith("Consumers down"):
        assert metric(at, "Oldest message") in ("60 min", "61 min")
        assert metric(at, "Expired (lost)") == "0"


def test_url_values_are_used_and_bad_ones_named() -> None:
    at = run_page(PAGE, {"queues.type": "fifo", "queues.proc": "abc", "queues.hours": "7"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "queues.proc=abc" in text and "queues.hours=7" in text
    assert at.radio(key="queues.type").value == "fifo"


@pytest.mark.parametrize(
    ("query", "rule"),
    [
        ({"queues.vis": "50000"}, "visibility_timeout_s must be between 0 and 43200"),
        ({"queues.ret": "30"}, "retention_s must be between 60"),
        ({"queues.mrc": "0"}, "max_receive_count must be between 1 and 1000"),
        ({"queues.type": "fifo", "queues.msgdelay": "true"}, "FIFO queues do not support per-message delays"),
        ({"queues.kb": "512"}, "maximum message size of 256 KB"),
    ],
)
def test_impossible_settings_give_a_clear_error_and_the_page_keeps_working(query, rule) -> None:
    at = run_page(PAGE, query)
    assert not at.exception
    assert any(rule in e.value for e in at.error), [e.value for e in at.error]
    assert len(charts(at)) == 2


def test_size_limit_follows_the_edition_and_the_s3_pointer() -> None:
    """§9: 512 KB is over the course's 256 KB but within today's 1 MiB; the S3 pointer lifts both."""
    assert not run_page(PAGE, {"queues.kb": "512"}, rules="aws-today").error
    assert not run_page(PAGE, {"queues.kb": "4096", "queues.s3": "true"}).error


def test_producer_retries_duplicate_on_standard_and_are_deduplicated_on_fifo() -> None:
    """§4: a FIFO queue drops a resent message within its 5-min window; a standard queue delivers it."""
    std = run_page(PAGE, {"queues.retry": "0.1", "queues.dup": "0.0", "queues.hours": "1 h"})
    fifo = run_page(PAGE, {"queues.retry": "0.1", "queues.type": "fifo", "queues.hours": "1 h"})
    assert metric(std, "Duplicate deliveries") != "0"
    assert metric(fifo, "Duplicate deliveries") == "0"


def test_every_preset_names_real_widget_keys() -> None:
    """A preset sets controls by name: each name must be a widget of the page (`queues.<name>`)."""
    from views.queues.presets import PRESETS as PAGE_PRESETS

    at = run_page(PAGE)
    for name, (_, values) in PAGE_PRESETS["queues"].items():
        missing = [k for k in values if f"queues.{k}" not in at.session_state]
        assert not missing, (name, missing)
