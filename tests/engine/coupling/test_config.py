"""Coupling settings: the queue side is validated by SQS's own rules (aws-facts.md §4)."""

from __future__ import annotations

import pytest

from engine.coupling import CouplingConfig


def test_bad_retention_names_the_sqs_rule() -> None:
    with pytest.raises(ValueError, match="retention_s must be between 60 and 1209600"):
        CouplingConfig(retention_s=10)
