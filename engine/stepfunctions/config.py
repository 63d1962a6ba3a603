"""Step Functions settings: the workflow types' limits and prices, the simulated order input and
``WorkflowConfig``, validated when built.

Facts (aws-facts §8.1, SFN-DG ``concepts-standard-vs-express.md``, ``limits-overview.md``):
Standard workflows last at most 1 year and keep a history of at most 25,000 events; Express
workflows last at most 5 minutes and keep no execution history (CloudWatch Logs only). Standard
is billed per state transition, Express per request plus duration and memory. Only Standard runs
``.sync``, ``.waitForTaskToken`` and activity Tasks: an Express config with one is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from engine.core import check_choice, check_int, check_range
from engine.stepfunctions.asl import Machine, Rule, State, parse
from engine.stepfunctions.definitions import DEFAULT_PROFILES, ORDER_FULFILMENT

__all__ = [
    "EXPRESS_MAX_S",
    "HISTORY_LIMIT",
    "INPUT_FIELDS",
    "MAX_EXECUTIONS",
    "MAX_ITERATIONS",
    "PRICES",
    "STANDARD_MAX_S",
    "WORKFLOW_TYPES",
    "WorkflowConfig",
    "express_refuses",
    "task_names",
]

EXPRESS_MAX_S = 300.0
"""§8.1: an Express execution lasts at most 5 minutes."""
STANDARD_MAX_S = 365 * 86_400.0
"""§8.1: a Standard execution lasts at most 1 year."""
HISTORY_LIMIT = 25_000
"""§8.1: a Standard execution's history holds at most 25,000 events (hard limit)."""
WORKFLOW_TYPES = ("STANDARD", "EXPRESS")
MAX_EXECUTIONS = 10_000
"""The most executions one run simulates (a lab limit, not an AWS one)."""
MAX_ITERATIONS = 2_000_000
"""The most Map iterations (executions × max_items) one run simulates (a lab limit)."""
# Illustrative us-east-1 list prices as of 2026 (check the AWS pricing page before relying on them).
PRICES = {
    "standard_per_transition": 0.025 / 1000,
    "express_per_request": 1.00 / 1_000_000,
    "express_per_gb_s": 0.00001667,
    "express_memory_gb": 64 / 1024,
}
INPUT_FIELDS = {
    "order_id": "execution number",
    "total": "order value in USD (log-normal, median 150)",
    "items": "number of line items (uniform 1..max_items); a Map's ItemsPath reads it as the array length",
    "in_stock": "true with probability in_stock_p",
    "express_shipping": "true for 30 % of orders",
}


@dataclass(frozen=True)
class WorkflowConfig:
    """A state machine, its type and the simulated work behind its Task states."""

    definition: str = ORDER_FULFILMENT
    workflow_type: str = "STANDARD"
    executions: int = 1000
    rate_per_min: float = 60.0
    task_time_scale: float = 1.0
    default_task_s: float = 1.0
    default_fail: float = 0.0
    profiles: tuple[tuple[str, float, float, str], ...] = DEFAULT_PROFILES
    flaky_task: str = ""
    flaky_fail: float = 0.0
    in_stock_p: float = 0.9
    max_items: int = 5

    def __post_init__(self) -> None:
        check_choice("workflow_type", self.workflow_type, WORKFLOW_TYPES)
        check_int("executions", self.executions, 1, MAX_EXECUTIONS)
        check_range("rate_per_min", self.rate_per_min, 0.01, 100_000, unit="executions/min")
        check_range("task_time_scale", self.task_time_scale, 0.01, 1000)
        check_range("default_task_s", self.default_task_s, 0.01, 86_400, unit="s")
        check_range("default_fail", self.default_fail, 0, 1)
        check_range("flaky_fail", self.flaky_fail, 0, 1)
        check_range("in_stock_p", self.in_stock_p, 0, 1)
        check_int("max_items", self.max_items, 0, 10_000)
        if self.executions * max(self.max_items, 1) > MAX_ITERATIONS:
            raise ValueError(
                f"executions × max_items = {self.executions * self.max_items:,} Map iterations; "
                f"at most {MAX_ITERATIONS:,} can be simulated (lower one of them)"
            )
        machine = parse(self.definition)  # raises ValueError naming the JSON path
        for where, path in _paths(machine, ""):
            if path[2:] not in INPUT_FIELDS:
                raise ValueError(
                    f"{where}: {path!r} is not a field of the simulated order input "
                    f"(fields: {', '.join('$.' + k for k in INPUT_FIELDS)})"
                )
        if self.workflow_type == "EXPRESS":
            for where, st in _tasks(machine, ""):
                why = express_refuses(st.resource)
                if why:
                    raise ValueError(
                        f"{where}.Resource {st.resource!r}: {why}; Express workflows support only Request "
                        "Response integrations (aws-facts §8.1): use a STANDARD workflow or a plain call"
                    )
        if self.flaky_task and self.flaky_task not in task_names(machine):
            raise ValueError(f"flaky_task {self.flaky_task!r} is not a Task state of the definition")

    @property
    def machine(self) -> Machine:
        """The parsed, validated definition."""
        return parse(self.definition)

    @property
    def max_duration_s(self) -> float:
        """The workflow type's duration limit (§8.1), or the definition's TimeoutSeconds if lower."""
        limit = EXPRESS_MAX_S if self.workflow_type == "EXPRESS" else STANDARD_MAX_S
        t = self.machine.timeout_s
        return min(limit, t) if t else limit

    def profile(self, name: str) -> tuple[float, float, str]:
        """(mean duration s, failure probability, error name) of a Task state."""
        mean, fail, err = self.default_task_s, self.default_fail, "States.TaskFailed"
        for n, m, f, e in self.profiles:
            if n == name:
                mean, fail, err = m, f, e
        if name == self.flaky_task:
            fail = self.flaky_fail
        return mean * self.task_time_scale, fail, err


def _rule_paths(rule: Rule, where: str) -> Iterator[tuple[str, str]]:
    if rule.variable:
        yield f"{where}.Variable", rule.variable
    for i, c in enumerate(rule.children):
        yield from _rule_paths(c, f"{where}.{rule.op}[{i}]" if rule.op != "Not" else f"{where}.Not")


def _paths(m: Machine, pre: str) -> Iterator[tuple[str, str]]:
    """(JSON path, input path) of every place a definition reads the input."""
    for name, s in m.states.items():
        here = f"{pre}States.{name}"
        for i, r in enumerate(s.choices):
            yield from _rule_paths(r, f"{here}.Choices[{i}]")
        if s.seconds_path:
            yield f"{here}.SecondsPath", s.seconds_path
        if s.type == "Map" and s.items_path:
            yield f"{here}.ItemsPath", s.items_path
        key = "Iterator" if s.type == "Map" else "Branches"
        for j, b in enumerate(s.branches):
            yield from _paths(b, f"{here}.{key}." if s.type == "Map" else f"{here}.{key}[{j}].")


def express_refuses(resource: str) -> str:
    """Why an Express workflow cannot run a Task with this ``Resource`` ('' if it can): aws-facts §8.1
    (``.sync`` / ``.waitForTaskToken`` / activities: Standard only; SFN-DG ``integrate-optimized``:
    Express supports only Request Response).

    >>> express_refuses("arn:aws:states:::batch:submitJob.sync"), express_refuses("arn:aws:lambda:us-east-1:1:function:f")
    ('.sync (Run a Job) waits for the job to finish', '')
    """
    if ".waitForTaskToken" in resource:
        return ".waitForTaskToken (Wait for Callback) pauses for a task token"
    if resource.endswith(".sync") or ".sync:" in resource:
        return ".sync (Run a Job) waits for the job to finish"
    if ":activity:" in resource:
        return "an activity waits for a worker to poll it"
    return ""


def _tasks(m: Machine, pre: str) -> Iterator[tuple[str, State]]:
    """(JSON path, state) of every Task state, nested ones included."""
    for name, s in m.states.items():
        here = f"{pre}States.{name}"
        if s.type == "Task":
            yield here, s
        key = "Iterator" if s.type == "Map" else "Branches"
        for j, b in enumerate(s.branches):
            yield from _tasks(b, f"{here}.{key}." if s.type == "Map" else f"{here}.{key}[{j}].")


def task_names(m: Machine) -> list[str]:
    """Every Task state name, nested ones included."""
    out = []
    for name, s in m.states.items():
        if s.type == "Task":
            out.append(name)
        for b in s.branches:
            out.extend(task_names(b))
    return out
