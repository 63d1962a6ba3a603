"""A downloaded scenario, uploaded on a fresh page, reproduces the same run (one test per lab page):
the same config and the same Result (the run's digest: config, frame and event log). And a file that
is no scenario of the page gives a clear notice, never an error box."""

from __future__ import annotations

import json

import pytest

from tests.exports.presets import all_presets, with_preset
from tests.pages.apptest import run_page
from views.exports import fingerprint

# One preset per page: the last, far from the page's defaults.
LAST = {prefix: (file, prefix, name, values) for file, prefix, name, values in all_presets()}
CASES = list(LAST.values())


def _fingerprint(state: dict) -> str:
    """The digest of the run a page's export state points at (it holds the run weakly)."""
    result = state["result"]()
    assert result is not None, "the run was dropped before the test read it"
    return fingerprint(result)


def _upload(at, prefix: str, data: bytes, name: str = "scenario.json"):  # type: ignore[no-untyped-def]
    at.session_state[f"{prefix}.__export.open"] = True  # the Export panel draws its uploader only when open
    at.run()
    at.file_uploader(key=f"{prefix}.__export.upload").set_value((name, data, "application/json")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("file", "prefix", "name", "values"), CASES, ids=[c[1] for c in CASES])
def test_a_downloaded_scenario_reimported_reproduces_the_run(file: str, prefix: str, name: str, values: dict) -> None:
    made = with_preset(file, prefix, values, timeout=240)
    made.session_state["seed"] = 7  # the seed travels too
    made.run()
    exported = made.session_state[f"__exports.{prefix}"]
    made_print = _fingerprint(exported)
    fresh = run_page(file, timeout=240)
    assert _fingerprint(fresh.session_state[f"__exports.{prefix}"]) != made_print
    back = _upload(fresh, prefix, exported["scenario"])
    again = back.session_state[f"__exports.{prefix}"]
    assert again["configs"] == exported["configs"]
    assert _fingerprint(again) == made_print
    assert json.loads(again["scenario"]) == json.loads(exported["scenario"])
    assert not [w.value for w in back.warning if "Scenario file" in w.value]


def _notices(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(w.value for w in at.warning)


def test_bad_values_are_named_with_what_is_allowed_and_defaults_used() -> None:
    at = run_page("app_pages/dynamodb.py", timeout=240)
    doc = json.loads(at.session_state["__exports.dynamodb"]["scenario"])
    doc["controls"]["wcu"]["value"] = 10**9
    doc["controls"]["mode"]["value"] = "free"
    doc["controls"]["no_such_knob"] = {"value": 3}
    doc["seed"] = -1
    at = _upload(at, "dynamodb", json.dumps(doc).encode(), "mine.json")
    text = _notices(at)
    assert "`wcu=1000000000` is not usable (a whole number from 10 to 10000)" in text
    assert "`mode=free` is not usable (one of provisioned, on-demand)" in text
    assert "`no_such_knob` is no setting of this page" in text
    assert "`seed=-1` is not usable" in text
    assert at.session_state["dynamodb.wcu"] == 500 and at.session_state["dynamodb.mode"] == "provisioned"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"{not json", "is not JSON text"),
        (b'{"hello": 1}', 'has no `"scalelab"` version'),
        (b'{"scalelab": 99, "page": "dynamodb"}', "format version 99"),
        (
            b'{"scalelab": 1, "page": "kinesis", "controls": {}}',
            "scenario of the page `kinesis`, not of DynamoDB capacity",
        ),
        (b"\xff\xfe\x00", "is not JSON text"),
    ],
)
def test_a_file_that_is_no_scenario_of_this_page_gives_a_clear_message(data: bytes, says: str) -> None:
    at = run_page("app_pages/dynamodb.py", timeout=240)
    before = _fingerprint(at.session_state["__exports.dynamodb"])
    at = _upload(at, "dynamodb", data, "x.json")
    assert says in _notices(at)
    assert not at.error or all("cannot be simulated" not in e.value for e in at.error)
    assert _fingerprint(at.session_state["__exports.dynamodb"]) == before
