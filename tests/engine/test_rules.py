"""Rules editions: known editions only; each lab's differences are listed with a source."""

from __future__ import annotations

import pytest

from engine.rules import EDITIONS, OLD_KEYS, check_edition, differences, lab_keys


def test_editions() -> None:
    assert EDITIONS == ("course", "aws-today")
    check_edition("aws-today")
    with pytest.raises(ValueError, match="rules must be one of 'course', 'aws-today', got 'aws-2019'"):
        check_edition("aws-2019")


@pytest.mark.parametrize("lab", ["autoscaling", "kinesis", "dynamodb", "queues", "lambda", "cloudfront"])
def test_labs_with_section_9_entries_list_them(lab: str) -> None:
    diffs = differences(lab)
    assert diffs, lab
    for d in diffs:
        assert d.course and d.aws_today and "aws-facts" in d.source


def test_kinesis_retention_difference_is_the_documented_one() -> None:
    """aws-facts §9: retention 24 h-7 days (course) vs 24 h-365 days (today)."""
    d = next(d for d in differences("kinesis") if d.topic == "Retention")
    assert "7 days" in d.course and "365 days" in d.aws_today


def test_every_lab_name_is_accepted_and_unknown_ones_are_not() -> None:
    keys = lab_keys()
    assert {"load", "autoscaling", "lambda", "eventbridge", "stepfunctions"} <= set(keys)
    for lab in keys:
        differences(lab)
    with pytest.raises(ValueError, match="lab must be one of"):
        differences("s3")


@pytest.mark.parametrize(("old", "new"), sorted(OLD_KEYS.items()))
def test_keys_from_before_the_rename_still_answer(old: str, new: str) -> None:
    assert differences(old) == differences(new)
