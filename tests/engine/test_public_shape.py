"""Every lab has the same public shape: ``simulate(config, load, *, seed) -> Result`` and
``simulate_many(configs, load, *, seed, summary) -> Result`` whose scenario ``i`` is exactly what
``simulate(configs[i], ...)`` gives, with a summary row per scenario (what sweeps compare)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

import engine
from engine.load import preset
from tests.engine.public_shape import check_simulate_many

# lab -> (two configs that differ, a load): short runs, so the suite stays fast.
CASES: dict[str, Callable[[Any], tuple[list[Any], Any]]] = {
    "autoscaling": lambda m: ([m.GroupConfig(cooldown_s=0), m.GroupConfig(cooldown_s=600)], preset("Flash crowd")),
    "kinesis": lambda m: ([m.KinesisConfig(shards=2), m.KinesisConfig(shards=4)], 2500.0),
    "dynamodb": lambda m: ([m.DynamoConfig(wcu=500), m.DynamoConfig(wcu=1500)], 900.0),
    "queues": lambda m: ([m.QueueConfig(consumers=2), m.QueueConfig(consumers=8)], 100.0),
    "lambda_": lambda m: ([m.LambdaConfig(), m.LambdaConfig(duration_s=2.0)], 200.0),
    "coupling": lambda m: ([m.CouplingConfig(), m.CouplingConfig(workers=4)], 50.0),
    "cloudfront": lambda m: ([m.CloudFrontConfig(default_ttl_s=60), m.CloudFrontConfig(default_ttl_s=3600)], 200.0),
    "eventbridge": lambda m: ([m.BusConfig(), m.BusConfig(incident_at_s=3600.0)], 20.0),
    "stepfunctions": lambda m: ([m.WorkflowConfig(), m.WorkflowConfig(workflow_type="EXPRESS")], None),
    "batch": lambda m: ([m.BatchConfig(), m.BatchConfig(spot_interruptions_per_h=0.5)], None),
    "emr": lambda m: ([m.EmrConfig(core_nodes=2), m.EmrConfig(core_nodes=4)], None),
    "mq": lambda m: ([m.MqConfig(), m.MqConfig(instance="mq.m5.large")], preset("Flash crowd")),
}


def test_every_lab_has_a_case() -> None:
    assert sorted(CASES) == sorted(engine.LABS)


@pytest.mark.parametrize("lab", sorted(CASES))
def test_simulate_many_stacks_exactly_what_simulate_gives(lab: str) -> None:
    """Checked by the one shared check every lab's own tests use too."""
    module = importlib.import_module(f"engine.{lab}")
    configs, load = CASES[lab](module)
    check_simulate_many(module.simulate, module.simulate_many, configs, load, seed=3)
