"""EventBridge page: defaults, every preset, editing the pattern, invalid patterns, SAM panel."""

from __future__ import annotations

import pytest

from tests.pages.apptest import metric, run_page

PAGE = "app_pages/eventbridge.py"
PRESETS = [
    "Payment failures",
    "Instances going down",
    "PNG uploads (suffix)",
    "Big gold orders",
    "$or with cidr",
    "Wildcard keys",
    "Case-sensitive typo",
    "Target down → DLQ",
]


def test_defaults_and_sam_round_trip() -> None:
    """The SAM template is drawn only while its group is open (a code block loads its own
    highlighter on a first load); open, it holds the stack and parses back to its settings."""
    closed = run_page(PAGE)
    assert not closed.exception and not closed.error and not closed.warning
    assert metric(closed, "Sample events matched").endswith("/ 10,000")
    assert not closed.code
    at = run_page(PAGE, groups=("sam",))
    assert not at.exception and not at.error and not at.warning
    assert any("!Ref Orders" in c.value for c in at.code)
    assert any("parsed back" in c.value for c in at.caption)


@pytest.mark.parametrize("name", PRESETS)
def test_presets_run(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"eventbridge.__preset.{name}").click().run()
    assert not at.exception and not at.error
    if name != "Case-sensitive typo":
        assert not metric(at, "Sample events matched").startswith("0 /")


def test_outage_preset_shows_retries_and_the_dlq() -> None:
    """2 h outage, retries for at most 1 h, a DLQ (see tests/engine/eventbridge/test_retry.py for the
    hand count at 100 events/s): the caption splits the failures into retried and dead-lettered."""
    at = run_page(PAGE)
    at.button(key="eventbridge.__preset.Target down → DLQ").click().run()
    cap = next(c.value for c in at.caption if c.value.startswith("Target outage"))
    assert "delivered by a retry" in cap and "0 dropped" in cap and " 0 to the DLQ" not in cap


def test_typo_preset_matches_nothing() -> None:
    at = run_page(PAGE)
    at.button(key="eventbridge.__preset.Case-sensitive typo").click().run()
    assert metric(at, "Sample events matched") == "0 / 10,000"


def test_editing_the_pattern_changes_the_count() -> None:
    at = run_page(PAGE)
    before = metric(at, "Sample events matched")
    at.text_area(key="eventbridge.pattern").input('{"source": [{"prefix": "aws."}]}').run()
    assert not at.exception and metric(at, "Sample events matched") != before


def test_invalid_pattern_names_the_path() -> None:
    at = run_page(PAGE, {"eventbridge.pattern": '{"detail": {"state": [{"startswith": "st"}]}}'})
    assert not at.exception
    assert "detail.state[0]" in at.error[0].value and "unknown operator" in at.error[0].value


def test_bad_url_value_gets_a_notice() -> None:
    at = run_page(PAGE, {"eventbridge.timeout": "5000"})
    assert not at.exception
    assert "eventbridge.timeout=5000" in " ".join(w.value for w in at.warning)


def test_unknown_target_in_url_is_named() -> None:
    at = run_page(PAGE, {"eventbridge.targets": ["SQS queue", "kinesis"]})
    assert not at.exception
    assert "`eventbridge.targets`: `kinesis` not usable" in " ".join(w.value for w in at.warning)
    assert at.multiselect(key="eventbridge.targets").value == ["sqs"]
