"""Hypothesis strategies over every lab's config and every load shape, extremes included.

A config is drawn by starting from the lab's defaults and replacing some fields with values from
pools of the field's kind (numbers near the default, zero, negative, tiny, huge, ``nan``, ``±inf``,
20-digit integers; strings the lab knows and strings it does not; ``None``), nested configs
(policies, queues, compute environments, job steps, schedules) the same way. Building it may raise
``ValueError``: that is a correct answer if the message names a field of what was built (a changed
field can make an unchanged one wrong). Those names are kept with the draw (:class:`Draw`), so the
test can check exactly that.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st

from engine.load import PRESETS, Bursts, Constant, Diurnal, LoadTrace, Ramp, Series, Spike, Step

__all__ = ["LAB_CONFIGS", "Draw", "build", "loads", "plans"]

INF = float("inf")
NAN = float("nan")

# lab -> (config class names to draw from, does simulate take a load)
LAB_CONFIGS: dict[str, tuple[tuple[str, ...], bool]] = {
    "autoscaling": (("GroupConfig", "VerticalConfig"), True),
    "batch": (("BatchConfig",), False),
    "cloudfront": (("CloudFrontConfig",), True),
    "coupling": (("CouplingConfig",), True),
    "dynamodb": (("DynamoConfig",), True),
    "emr": (("EmrConfig",), False),
    "eventbridge": (("BusConfig",), True),
    "kinesis": (("KinesisConfig",), True),
    "lambda_": (("LambdaConfig",), True),
    "mq": (("MqConfig",), True),
    "queues": (("QueueConfig",), True),
    "stepfunctions": (("WorkflowConfig",), False),
}

# Nested config classes a field may hold (lab, field) -> class names in the lab module.
NESTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("autoscaling", "policies"): ("TargetTrackingPolicy", "SimpleScalingPolicy", "StepScalingPolicy"),
    ("autoscaling", "predictive"): ("PredictivePolicy",),
    ("autoscaling", "scheduled"): ("ScheduledAction",),
    ("autoscaling", "manual"): ("ManualChange",),
    ("batch", "compute_environments"): ("ComputeEnvironment",),
    ("batch", "queues"): ("JobQueue",),
    ("emr", "steps"): ("JobStep",),
}
# Required arguments of nested classes without defaults.
REQUIRED: dict[str, dict[str, Any]] = {
    "ScheduledAction": {"at_s": 600.0, "desired": 3},
    "ManualChange": {"at_s": 600.0, "desired": 3},
    "JobStep": {"name": "step", "work_s": 3000.0, "serial_fraction": 0.05, "output_gb": 10.0},
}

_HUGE_INTS = [10**12, 2**63, -(2**63), 12345678901234567890, 10**400]


def _floats(default: float) -> st.SearchStrategy[float]:
    d = abs(float(default)) or 1.0
    pool = [0.0, -1.0, 1e-12, 0.5, 1.0, 2.0, 60.0, 3600.0, 86_400.0, d * 0.01, d * 10, d * 1000, 1e9, 1e15,
            1e300, -1e300, 1.7976931348623157e308, INF, -INF, NAN, -0.0]  # fmt: skip
    return st.one_of(st.sampled_from(pool), st.floats(0, d * 10, allow_nan=False), st.floats(allow_nan=True))


def _ints(default: int) -> st.SearchStrategy[int]:
    d = abs(int(default)) or 1
    pool = [0, -1, 1, 2, 3, 10, 100, 10_000, 10**6, d * 10, d * 1000, *_HUGE_INTS]
    return st.one_of(st.sampled_from(pool), st.integers(0, d * 10 + 10), st.integers(-(2**70), 2**70))


def _strings(module: Any, default: str) -> st.SearchStrategy[str]:
    known = {default}
    for name in dir(module):
        value = getattr(module, name)
        if name.isupper() and isinstance(value, (tuple, list, dict, frozenset, set)):
            known |= {v for v in value if isinstance(v, str) and len(v) < 60}
    junk = ["", " ", "none", "NaN", "<script>alert(1)</script>", "é" * 3, "x" * 200, "{", "[]", "null"]
    return st.sampled_from(sorted(known) + junk)


@dataclass
class Draw:
    """A drawn config (or the exception building it raised) and the field names of the classes built."""

    lab: str
    config: Any
    error: Exception | None
    changed: set[str]  # field and class names of everything built


def _value(draw: Callable, module: Any, lab: str, owner: type, f: dataclasses.Field, default: Any, changed: set[str]):
    """A new value for field ``f`` (whose default is ``default``), recording the names changed."""
    nested = NESTED.get((lab, f.name))
    if nested:
        names = draw(st.lists(st.sampled_from(nested), min_size=0, max_size=3))
        items = tuple(_instance(draw, module, lab, n, changed) for n in names)
        if "| None" in str(f.type) and not str(f.type).startswith("tuple"):
            return items[0] if items else None
        return items
    if isinstance(default, bool):
        return draw(st.booleans())
    if default is None:
        kind = str(f.type)
        if "int" in kind:
            return draw(st.one_of(st.none(), _ints(10)))
        if "float" in kind:
            return draw(st.one_of(st.none(), _floats(60.0)))
        return None
    if isinstance(default, int):
        return draw(_ints(default))
    if isinstance(default, float):
        return draw(_floats(default))
    if isinstance(default, str):
        if len(default) > 60:  # a JSON document (an event pattern, a state machine): mangle it
            cut = draw(st.integers(0, len(default)))
            return draw(st.sampled_from([default[:cut], default.replace("1", "-1"), default + "}", "{}", "",
                                         default.replace('"', "'"), "[" * 5000, '{"a":' * 3000 + "[1]" + "}" * 3000, '{"States": {"A": {"Type": "Parallel", "Branches": [' * 400, "<script>alert(1)</script>"]))  # fmt: skip
        return draw(_strings(module, default))
    if isinstance(default, tuple):
        return _tuple(draw, default, f.type)
    return default


def _number_like(draw: Callable, x: Any) -> Any:
    if isinstance(x, bool) or x is None or isinstance(x, str):
        return x
    if isinstance(x, int):
        return draw(_ints(x))
    if isinstance(x, float):
        return draw(_floats(x))
    return x


def _tuple(draw: Callable, default: tuple, kind: Any) -> tuple:
    kind = str(kind)
    if default:
        keep = draw(st.integers(0, len(default)))
        items = list(default[:keep])
        if items and draw(st.booleans()):
            i = draw(st.integers(0, len(items) - 1))
            item = items[i]
            if isinstance(item, tuple) and item:
                j = draw(st.integers(0, len(item) - 1))
                items[i] = (*item[:j], _number_like(draw, item[j]), *item[j + 1 :])
            else:
                items[i] = _number_like(draw, item)
        return tuple(items)
    if kind.startswith("tuple[tuple[float, float, float]"):
        return tuple(draw(st.lists(st.tuples(_floats(600.0), _floats(1000.0), _floats(500.0)), max_size=3)))
    if kind.startswith("tuple[tuple[float, int]"):
        return tuple(draw(st.lists(st.tuples(_floats(600.0), _ints(4)), max_size=3)))
    if kind.startswith("tuple[float"):
        return tuple(draw(st.lists(_floats(600.0), max_size=3)))
    if kind.startswith("tuple[str"):
        return tuple(draw(st.lists(st.sampled_from(["US", "DE", "GB", "XX", "", "lambda", "sqs", "sns", "sfn", "us"]),
                                   max_size=4)))  # fmt: skip
    return default


def _instance(draw: Callable, module: Any, lab: str, cls_name: str, changed: set[str]) -> Any:
    cls = getattr(module, cls_name)
    base = cls(**REQUIRED.get(cls_name, {}))
    kwargs = {}
    fields = dataclasses.fields(cls)
    k = draw(st.integers(0, min(len(fields), 6)))
    picked = draw(st.lists(st.sampled_from([f.name for f in fields]), min_size=k, max_size=k, unique=True))
    for f in fields:
        if f.name in picked:
            kwargs[f.name] = _value(draw, module, lab, cls, f, getattr(base, f.name), changed)
        changed.add(f.name)  # any field may be named: a changed one can make an unchanged one wrong
    changed.add(cls_name)
    return cls(**{**REQUIRED.get(cls_name, {}), **kwargs})


@st.composite
def plans(draw: Callable, lab: str, *, shorten: bool = True) -> Draw:
    """A config for ``lab``: defaults with some fields replaced (see the module docstring).

    With ``shorten`` (the CI lane) the horizon is kept to a few hours unless the draw changes it,
    so that each example runs in milliseconds; the drawn horizons still include each lab's extremes.
    """
    module = importlib.import_module(f"engine.{lab}")
    cls_name = draw(st.sampled_from(LAB_CONFIGS[lab][0]))
    changed: set[str] = set()
    try:
        cfg = _instance(draw, module, lab, cls_name, changed)
    except Exception as exc:  # kept for the test to judge: a ValueError naming a field is right
        return Draw(lab, None, exc, changed)
    default_horizon = getattr(type(cfg)(), "horizon_s", None)
    if shorten and default_horizon is not None and cfg.horizon_s == default_horizon:  # the draw kept it
        with contextlib.suppress(ValueError):
            cfg = dataclasses.replace(cfg, horizon_s=min(default_horizon, 4 * 3600.0))
    return Draw(lab, cfg, None, changed)


def _or_constant(make: Callable[..., Any]) -> Callable[..., Any]:
    """``make`` with a flat load instead when the drawn arguments are refused (a load's own check)."""

    def safe(*args: Any) -> Any:
        try:
            return make(*args)
        except ValueError:
            return Constant(10.0)

    return safe


def _component() -> st.SearchStrategy[Any]:
    lvl = st.one_of(st.sampled_from([0.0, 1.0, 50.0, 1e4, 1e6, 1e9]), st.floats(0, 5000))
    when = st.sampled_from([0.0, 60.0, 1800.0, 3600.0, 86_400.0])
    return st.one_of(
        st.builds(_or_constant(Constant), lvl),
        st.builds(_or_constant(Step), st.floats(-5000, 5000), when),
        st.builds(_or_constant(Ramp), st.floats(-5000, 5000), st.just(0.0), when.filter(lambda t: t > 0)),
        st.builds(_or_constant(Diurnal), lvl, st.floats(0, 1), st.floats(0, 24)),
        st.builds(_or_constant(Spike), lvl, when, st.just(60.0), st.sampled_from([60.0, 600.0]), st.just(300.0)),
        st.builds(_or_constant(Bursts), st.floats(0, 20), lvl, st.just(300.0)),
        st.builds(
            lambda n, v: Series(tuple(float(60 * i) for i in range(n)), tuple(v for _ in range(n))),
            st.integers(1, 50),
            lvl,
        ),
    )


def loads() -> st.SearchStrategy[Any]:
    """Every load shape a lab accepts: plain numbers (extremes too), arrays, presets, composed traces."""
    return st.one_of(
        st.sampled_from([0.0, 1.0, 100.0, 1e6, 1e9, 1e15, -1.0, INF, NAN, 0]),
        st.floats(0, 10_000),
        st.sampled_from(list(PRESETS.values())),
        st.builds(
            _or_constant(lambda comps, noise: LoadTrace(tuple(comps), noise)),
            st.lists(_component(), min_size=1, max_size=3),
            st.sampled_from([0.0, 0.05, 0.5, 1.0]),
        ),
        st.builds(lambda v, n: np.full(n, v), st.sampled_from([0.0, 10.0, 1e6, NAN, -5.0]), st.integers(1, 50)),
    )


def build(lab: str) -> tuple[Any, Any]:
    """The lab module and its simulate."""
    module = importlib.import_module(f"engine.{lab}")
    return module, module.simulate
