"""Step Functions vs SWF lab: run an Amazon States Language definition for many executions at
once, and the same execution as Amazon SWF would record it.

From a notebook::

    >>> from engine.stepfunctions import WorkflowConfig, simulate
    >>> r = simulate(WorkflowConfig(executions=20, workflow_type="EXPRESS"), seed=1)
    >>> int(r.summary["executions"].iloc[0]), sorted(r.extra)
    (20, ['executions', 'visits'])
    >>> from engine.stepfunctions import parse, task_names
    >>> task_names(parse(EXAMPLES["Retry with backoff"]))
    ['CallFlakyApi']

Modules: :mod:`~engine.stepfunctions.asl` (parse and validate a definition),
:mod:`~engine.stepfunctions.interpreter` (run it, vectorised across executions),
:mod:`~engine.stepfunctions.config` (limits, prices, ``WorkflowConfig``),
:mod:`~engine.stepfunctions.definitions` (example machines), :mod:`~engine.stepfunctions.run`
(``simulate``), :mod:`~engine.stepfunctions.explain` (event sentences),
:mod:`~engine.stepfunctions.swf` (the SWF history). ``engine.workflows`` is the old name.
"""

from __future__ import annotations

from engine.stepfunctions.asl import Machine, parse
from engine.stepfunctions.config import (
    EXPRESS_MAX_S,
    HISTORY_LIMIT,
    INPUT_FIELDS,
    PRICES,
    STANDARD_MAX_S,
    WORKFLOW_TYPES,
    WorkflowConfig,
    task_names,
)
from engine.stepfunctions.definitions import DEFAULT_PROFILES, EXAMPLES, ORDER_FULFILMENT
from engine.stepfunctions.run import EXECUTIONS, SCHEMA, SUMMARY, VISITS, simulate, simulate_many, warmup
from engine.stepfunctions.swf import swf_history, swf_summary

__all__ = [
    "DEFAULT_PROFILES",
    "EXAMPLES",
    "EXECUTIONS",
    "EXPRESS_MAX_S",
    "HISTORY_LIMIT",
    "INPUT_FIELDS",
    "ORDER_FULFILMENT",
    "PRICES",
    "SCHEMA",
    "STANDARD_MAX_S",
    "SUMMARY",
    "VISITS",
    "WORKFLOW_TYPES",
    "Machine",
    "WorkflowConfig",
    "parse",
    "simulate",
    "simulate_many",
    "swf_history",
    "swf_summary",
    "task_names",
    "warmup",
]
