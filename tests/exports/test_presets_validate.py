"""Every AWS artefact of every preset of every lab validates against AWS's own models, offline:
botocore's service model for each API input, cfn-lint for each CloudFormation or SAM template.

The configs come from the real pages (a preset pressed, the page's Export panel records the configs
it exports), so what is checked is what a learner downloads.
"""

from __future__ import annotations

import pytest

from tests.exports.presets import all_presets, with_preset
from tests.exports.validate import errors
from views.exports import artefacts_for

CASES = all_presets()


@pytest.mark.parametrize(("file", "prefix", "name", "values"), CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES])
def test_every_artefact_of_a_preset_validates(file: str, prefix: str, name: str, values: dict) -> None:
    at = with_preset(file, prefix, values)
    configs = at.session_state[f"__exports.{prefix}"]["configs"]
    arts = [a for c in configs for a in artefacts_for(prefix, c)]
    assert arts, "every lab exports at least one artefact"
    problems = [e for a in arts for e in errors(a)]
    assert problems == []


def test_the_presets_cover_every_lab_page() -> None:
    assert len({prefix for _, prefix, _, _ in CASES}) >= 14
