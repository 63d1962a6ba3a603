"""Malformed uploads through a page's uploader: one clear message, no exception, the scenario kept.

The load lab (its own uploader) and one lab that takes a trace (queues, through ``load_controls``).
"""

from __future__ import annotations

import pytest

from tests.pages.apptest import run_page
from tests.upload_cases import HEAVY, KINDS, malformed_traces

CASES = [c for c in malformed_traces(len(KINDS), seed=5) if c.kind not in HEAVY or c.kind == "a 5 MB line"]
PAGES = {
    "app_pages/load.py": ("load.csv", {"load.base": "0", "load.mean": "1000", "load.amp": "0.0"}),
    "app_pages/queues.py": ("queues.csv", {"queues.peak": "750"}),
}


def _scene(at) -> tuple:
    return (
        tuple((m.label, m.value) for m in at.metric),
        tuple(sorted(at.query_params.items())) if hasattr(at.query_params, "items") else (),
        tuple((s.key, s.value) for s in at.slider),
    )


@pytest.mark.parametrize("page", list(PAGES))
def test_each_malformed_upload_is_named_once_and_the_scenario_is_kept(page) -> None:
    key, query = PAGES[page]
    at = run_page(page, query)
    assert not at.exception and not at.error
    before = _scene(at)
    for case in CASES:
        at.file_uploader(key=key).set_value((case.name, case.data, "text/csv")).run()
        assert not at.exception, case.kind
        errors = [e.value for e in at.error]
        assert len(errors) == 1, (case.kind, errors)
        assert "cannot be used as a trace" in errors[0].replace("\\", ""), errors
        assert _scene(at) == before, case.kind
    at.file_uploader(key=key).set_value(None).run()
    assert not at.error and _scene(at) == before


def test_a_file_name_and_cell_with_markdown_or_html_are_shown_as_text() -> None:
    at = run_page("app_pages/load.py")
    data = b't_s,value\n0,"![x](http://example.com/x.png)<script>alert(1)</script>"\n'
    at.file_uploader(key="load.csv").set_value(("<b>:red[x]</b>.csv", data, "text/csv")).run()
    shown = at.error[0].value
    for raw in ("![x](", "<script>", "<b>", ":red["):
        assert raw not in shown  # every Markdown/HTML character is escaped
    assert shown.replace("\\", "").startswith("<b>:red[x]</b>.csv cannot be used as a trace")
