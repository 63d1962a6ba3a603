"""Every lab's knobs: each names a field of its lab's default config, the config accepts both ends
of its range (or every choice), and :func:`views.knobs.apply` writes the value it was given."""

from __future__ import annotations

import dataclasses
import importlib
from typing import Any

import pytest

from engine.autoscaling import GroupConfig, VerticalConfig
from engine.batch import BatchConfig
from engine.cloudfront import CloudFrontConfig
from engine.coupling import CouplingConfig
from engine.dynamodb import DynamoConfig
from engine.emr import EmrConfig
from engine.eventbridge import BusConfig
from engine.kinesis import KinesisConfig
from engine.lambda_ import LambdaConfig
from engine.mq import MqConfig
from engine.queues import QueueConfig
from engine.stepfunctions import WorkflowConfig
from engine.sweep import with_value
from views.knobs import Knob, apply

# (views package, name of its knob tuple, the config those knobs set)
LABS: list[tuple[str, str, Any]] = [
    ("autoscaling", "KNOBS", GroupConfig()),
    ("autoscaling", "OPTIONS_KNOBS", GroupConfig()),
    ("autoscaling", "VERTICAL_KNOBS", VerticalConfig()),
    ("kinesis", "KNOBS", KinesisConfig()),
    ("dynamodb", "KNOBS", DynamoConfig()),
    ("queues", "KNOBS", QueueConfig()),
    ("lambda_", "KNOBS", LambdaConfig()),
    ("coupling", "KNOBS", CouplingConfig()),
    ("cloudfront", "KNOBS", CloudFrontConfig()),
    ("eventbridge", "KNOBS", BusConfig()),
    ("stepfunctions", "KNOBS", WorkflowConfig()),
    ("batch", "KNOBS", BatchConfig()),
    ("emr", "KNOBS", EmrConfig()),
    ("mq", "KNOBS", MqConfig()),
]
# A step or simple policy has a threshold, not a target: the policies page's threshold knob acts
# on a group whose first policy is one.
_STEP_GROUP = dataclasses.replace(
    GroupConfig(), policies=(importlib.import_module("engine.autoscaling").SimpleScalingPolicy(threshold=50.0),)
)

# Values valid only with another setting: retention over 7 days is AWS today's (course: 168 h at
# most); the Spot allocation strategies need a Spot compute environment.
_COMPANION = {
    ("kinesis", "retention"): {"rules": "aws-today"},
    ("batch", "strategy"): {"compute_environments.0.resource_type": "SPOT"},
}

CASES = [
    pytest.param(cfg, knob, _COMPANION.get((lab, knob.name), {}), id=f"{lab}.{attr}.{knob.name}")
    for lab, attr, cfg in LABS
    for knob in getattr(importlib.import_module(f"views.{lab}.knobs"), attr)
]


def field_value(config: Any, path: str) -> Any:
    """The value at a dotted field path (tuple elements by index)."""
    for part in path.split("."):
        config = config[int(part)] if isinstance(config, tuple) else getattr(config, part)
    return config


def base_for(config: Any, knob: Knob) -> Any:
    return _STEP_GROUP if knob.field == "policies.0.threshold" else config


def values_of(knob: Knob) -> list[Any]:
    return list(knob.choices) if knob.choices else [knob.lo, knob.hi]


def test_every_lab_has_knobs_with_unique_names() -> None:
    for lab, attr, _ in LABS:
        knobs = getattr(importlib.import_module(f"views.{lab}.knobs"), attr)
        assert knobs, lab
        names = [k.name for k in knobs]
        assert len(names) == len(set(names)), f"{lab}.{attr}: duplicate knob names"
        assert all(isinstance(k, Knob) for k in knobs)


@pytest.mark.parametrize(("config", "knob", "companion"), CASES)
def test_knob_field_exists_on_the_default_config(config: Any, knob: Knob, companion: dict) -> None:
    field_value(base_for(config, knob), knob.field)  # raises if the path names no field


@pytest.mark.parametrize(("config", "knob", "companion"), CASES)
def test_config_accepts_the_knob_range_and_apply_round_trips(config: Any, knob: Knob, companion: dict) -> None:
    base = base_for(config, knob)
    for value in values_of(knob):
        try:
            out = apply(base, [knob], {knob.name: value})
        except ValueError:
            if not companion:
                raise
            other = base
            for path, v in companion.items():
                other = with_value(other, path, v)
            out = apply(other, [knob], {knob.name: value})
            base = other
        assert type(out) is type(base)
        written = field_value(out, knob.field)
        assert written == pytest.approx(knob.to_config(value)) if not knob.choices else written == value
        assert knob.from_config(written) == pytest.approx(value) if not knob.choices else True
        # every other field is the base config's
        for f in dataclasses.fields(base):
            if f.name != knob.field.split(".")[0]:
                assert getattr(out, f.name) == getattr(base, f.name), f.name


def test_apply_names_unknown_knobs() -> None:
    from views.dynamodb.knobs import KNOBS

    with pytest.raises(ValueError, match="unknown knob"):
        apply(DynamoConfig(), KNOBS, {"nope": 1})


def test_apply_refuses_a_value_the_config_refuses() -> None:
    from views.dynamodb.knobs import KNOBS

    with pytest.raises(ValueError):
        apply(DynamoConfig(), KNOBS, {"rcu": -5})
