"""A subset of the Amazon States Language: parse, validate and compile a definition.

State types (aws-facts §8.1, SFN-DG ``concepts-states.md``): Task, Choice, Parallel, Map, Wait,
Pass, Succeed, Fail. Task/Parallel/Map take ``Retry`` (``ErrorEquals``, ``IntervalSeconds``
default 1, ``MaxAttempts`` default 3, ``BackoffRate`` default 2.0, ``MaxDelaySeconds`` and
``JitterStrategy`` ``FULL``/``NONE``) and ``Catch`` (``ErrorEquals``, ``Next``). The n-th retry waits
``IntervalSeconds * BackoffRate**(n-1)`` seconds, at most ``MaxDelaySeconds``; with ``FULL`` jitter
a random time between 0 and that (SFN-DG ``concepts-error-handling``: retrier fields).

Validation collects every problem and names its place in the document as a JSON path
(``States.CheckStock.Next: 'Ship' is not a state``), the way the Step Functions console does.

Simplification (documented in the page): data does not flow between states. Choice rules and
``SecondsPath``/``ItemsPath`` read fields of the *execution input*, which the simulator generates
per execution (``engine.stepfunctions.config.INPUT_FIELDS``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["COMPARATORS", "STATE_TYPES", "Catcher", "Machine", "Retrier", "Rule", "State", "parse"]

STATE_TYPES = ("Task", "Choice", "Parallel", "Map", "Wait", "Pass", "Succeed", "Fail")
COMPARATORS = (
    "StringEquals",
    "NumericEquals",
    "NumericLessThan",
    "NumericGreaterThan",
    "NumericLessThanEquals",
    "NumericGreaterThanEquals",
    "BooleanEquals",
)
JITTER_STRATEGIES = ("NONE", "FULL")
"""A retrier's ``JitterStrategy`` (SFN-DG ``concepts-error-handling``; default NONE)."""
MAX_DELAY_S = 31_622_400
"""A retrier's ``MaxDelaySeconds`` is a whole number of seconds from 1 to 31,622,400 (366 days; SFN-DG
``concepts-error-handling``)."""


@dataclass(frozen=True)
class Retrier:
    """One ``Retry`` entry."""

    errors: tuple[str, ...]
    interval_s: float = 1.0
    max_attempts: int = 3
    backoff: float = 2.0
    max_delay_s: float | None = None
    jitter: str = "NONE"

    def wait_s(self, n: int) -> float:
        """Seconds waited before retry number ``n`` (1-based) without jitter: Interval x Backoff^(n-1),
        capped at ``MaxDelaySeconds`` (SFN-DG ``concepts-error-handling``). With ``FULL`` jitter the
        interpreter waits a uniform random fraction of this.

        >>> [Retrier(("E",), 3.0, 5, 2.0, 10.0).wait_s(n) for n in range(1, 6)]
        [3.0, 6.0, 10.0, 10.0, 10.0]
        """
        w = self.interval_s * self.backoff ** (n - 1)
        return min(w, self.max_delay_s) if self.max_delay_s is not None else w


@dataclass(frozen=True)
class Catcher:
    """One ``Catch`` entry: errors it handles and the state it routes to."""

    errors: tuple[str, ...]
    next: str


@dataclass(frozen=True)
class Rule:
    """A Choice rule: a comparison (or And/Or/Not of rules) and, at top level, its Next."""

    op: str  # a comparator, or "And" | "Or" | "Not"
    variable: str = ""
    value: Any = None
    children: tuple[Rule, ...] = ()
    next: str = ""


@dataclass(frozen=True)
class State:
    """One state, compiled."""

    name: str
    type: str
    next: str | None = None
    end: bool = False
    timeout_s: float | None = None
    retry: tuple[Retrier, ...] = ()
    catch: tuple[Catcher, ...] = ()
    choices: tuple[Rule, ...] = ()
    default: str | None = None
    seconds: float | None = None
    seconds_path: str | None = None
    branches: tuple[Machine, ...] = ()
    items_path: str | None = None
    max_concurrency: int = 0
    error: str = "States.Fail"
    resource: str = ""


@dataclass(frozen=True)
class Machine:
    """A compiled state machine (or a Parallel branch / Map iterator)."""

    start: str
    states: dict[str, State] = field(hash=False)
    path: str = ""
    timeout_s: float | None = None

    def state_names(self) -> list[str]:
        """Every state name, nested ones as ``Parent/Child``, in document order."""
        out: list[str] = []
        for name, st in self.states.items():
            out.append(name)
            for b in st.branches:
                out.extend(f"{name}/{n}" for n in b.state_names())
        return out


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, msg: str) -> None:
        self.items.append(f"{path}: {msg}")


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _errors_list(v: Any, path: str, errs: _Errors) -> tuple[str, ...]:
    if not isinstance(v, list) or not v or not all(isinstance(e, str) and e for e in v):
        errs.add(path, 'must be a non-empty list of error names (e.g. ["States.ALL"])')
        return ()
    if "States.ALL" in v and len(v) > 1:
        errs.add(path, "'States.ALL' must appear alone in its ErrorEquals")
    return tuple(v)


def _retry(v: Any, path: str, errs: _Errors) -> tuple[Retrier, ...]:
    if not isinstance(v, list):
        errs.add(path, "must be a list of retriers")
        return ()
    out = []
    for i, r in enumerate(v):
        p = f"{path}[{i}]"
        if not isinstance(r, dict):
            errs.add(p, "must be an object")
            continue
        errors = _errors_list(r.get("ErrorEquals"), f"{p}.ErrorEquals", errs)
        if "States.ALL" in errors and i != len(v) - 1:
            errs.add(f"{p}.ErrorEquals", "a retrier with 'States.ALL' must be the last one")
        interval = r.get("IntervalSeconds", 1)
        if not isinstance(interval, int) or isinstance(interval, bool) or not 1 <= interval <= 99_999_999:
            errs.add(f"{p}.IntervalSeconds", f"must be a whole number of seconds from 1 to 99999999, got {interval!r}")
            interval = 1
        attempts = r.get("MaxAttempts", 3)
        if not isinstance(attempts, int) or isinstance(attempts, bool) or not 0 <= attempts <= 99_999_999:
            errs.add(f"{p}.MaxAttempts", f"must be a whole number from 0 to 99999999, got {attempts!r}")
            attempts = 3
        backoff = r.get("BackoffRate", 2.0)
        if not _num(backoff) or backoff < 1.0:
            errs.add(f"{p}.BackoffRate", f"must be a number of at least 1.0, got {backoff!r}")
            backoff = 2.0
        max_delay = r.get("MaxDelaySeconds")
        if max_delay is not None and (
            not isinstance(max_delay, int) or isinstance(max_delay, bool) or not 1 <= max_delay <= MAX_DELAY_S
        ):
            errs.add(
                f"{p}.MaxDelaySeconds", f"must be a whole number of seconds from 1 to {MAX_DELAY_S}, got {max_delay!r}"
            )
            max_delay = None
        jitter = r.get("JitterStrategy", "NONE")
        if jitter not in JITTER_STRATEGIES:
            errs.add(f"{p}.JitterStrategy", f"must be one of {', '.join(JITTER_STRATEGIES)}, got {jitter!r}")
            jitter = "NONE"
        out.append(
            Retrier(
                errors,
                float(interval),
                int(attempts),
                float(backoff),
                float(max_delay) if max_delay is not None else None,
                jitter,
            )
        )
    return tuple(out)


def _catch(v: Any, path: str, errs: _Errors) -> tuple[Catcher, ...]:
    if not isinstance(v, list):
        errs.add(path, "must be a list of catchers")
        return ()
    out = []
    for i, c in enumerate(v):
        p = f"{path}[{i}]"
        if not isinstance(c, dict):
            errs.add(p, "must be an object")
            continue
        errors = _errors_list(c.get("ErrorEquals"), f"{p}.ErrorEquals", errs)
        if "States.ALL" in errors and i != len(v) - 1:
            errs.add(f"{p}.ErrorEquals", "a catcher with 'States.ALL' must be the last one")
        nxt = c.get("Next")
        if not isinstance(nxt, str):
            errs.add(f"{p}.Next", "is required: the state to go to when the error is caught")
            nxt = ""
        out.append(Catcher(errors, nxt))
    return tuple(out)


def _rule(v: Any, path: str, errs: _Errors, top: bool) -> Rule | None:
    if not isinstance(v, dict):
        errs.add(path, "must be an object")
        return None
    nxt = v.get("Next", "")
    if top and (not isinstance(nxt, str) or not nxt):
        errs.add(f"{path}.Next", "is required in a top-level Choice rule")
    for op in ("And", "Or"):
        if op in v:
            kids = v[op]
            if not isinstance(kids, list) or not kids:
                errs.add(f"{path}.{op}", "must be a non-empty list of rules")
                return None
            children = tuple(_rule(k, f"{path}.{op}[{i}]", errs, False) for i, k in enumerate(kids))
            return Rule(op, children=tuple(c for c in children if c), next=str(nxt))
    if "Not" in v:
        child = _rule(v["Not"], f"{path}.Not", errs, False)
        return Rule("Not", children=(child,) if child else (), next=str(nxt))
    var = v.get("Variable")
    if not isinstance(var, str) or not var.startswith("$."):
        errs.add(f"{path}.Variable", f"must be a path starting with '$.', got {var!r}")
        return None
    ops = [k for k in v if k in COMPARATORS]
    if len(ops) != 1:
        errs.add(path, "needs exactly one comparison operator (" + ", ".join(COMPARATORS) + ")")
        return None
    op = ops[0]
    val = v[op]
    if op.startswith("Numeric") and not _num(val):
        errs.add(f"{path}.{op}", f"must be a number, got {val!r}")
    if op == "BooleanEquals" and not isinstance(val, bool):
        errs.add(f"{path}.{op}", f"must be true or false, got {val!r}")
    if op == "StringEquals" and not isinstance(val, str):
        errs.add(f"{path}.{op}", f"must be a string, got {val!r}")
    return Rule(op, var, val, next=str(nxt))


def _state(name: str, s: Any, path: str, errs: _Errors) -> State | None:
    if not isinstance(s, dict):
        errs.add(path, "must be an object with a Type")
        return None
    typ = s.get("Type")
    if typ not in STATE_TYPES:
        errs.add(f"{path}.Type", f"must be one of {', '.join(STATE_TYPES)}, got {typ!r}")
        return None
    kw: dict[str, Any] = {"name": name, "type": typ}
    terminal = typ in ("Succeed", "Fail")
    if typ == "Choice":
        choices = s.get("Choices")
        if not isinstance(choices, list) or not choices:
            errs.add(f"{path}.Choices", "must be a non-empty list of rules")
            choices = []
        rules = [_rule(c, f"{path}.Choices[{i}]", errs, True) for i, c in enumerate(choices)]
        kw["choices"] = tuple(r for r in rules if r)
        if "Default" in s and not isinstance(s["Default"], str):
            errs.add(f"{path}.Default", "must be a state name")
        kw["default"] = s.get("Default") if isinstance(s.get("Default"), str) else None
        if "Next" in s or "End" in s:
            errs.add(path, "a Choice state has no Next or End: use Choices and Default")
    elif not terminal:
        has_next, has_end = "Next" in s, s.get("End") is True
        if has_next == has_end:
            errs.add(path, 'needs exactly one of Next (a state name) or "End": true')
        if has_next and not isinstance(s["Next"], str):
            errs.add(f"{path}.Next", "must be a state name")
        kw["next"] = s.get("Next") if isinstance(s.get("Next"), str) else None
        kw["end"] = has_end
    elif "Next" in s or "End" in s:
        errs.add(path, f"a {typ} state is terminal: it takes no Next or End")
    if typ in ("Task", "Parallel", "Map"):
        kw["retry"] = _retry(s["Retry"], f"{path}.Retry", errs) if "Retry" in s else ()
        kw["catch"] = _catch(s["Catch"], f"{path}.Catch", errs) if "Catch" in s else ()
    if typ == "Task":
        res = s.get("Resource")
        if not isinstance(res, str) or not res:
            errs.add(f"{path}.Resource", "is required: the ARN of the work (a Lambda function, an activity ...)")
        kw["resource"] = res if isinstance(res, str) else ""
        if "TimeoutSeconds" in s:
            t = s["TimeoutSeconds"]
            if not isinstance(t, int) or isinstance(t, bool) or t < 1:
                errs.add(f"{path}.TimeoutSeconds", f"must be a positive whole number, got {t!r}")
            else:
                kw["timeout_s"] = float(t)
    if typ == "Wait":
        given = [k for k in ("Seconds", "SecondsPath", "Timestamp", "TimestampPath") if k in s]
        if len(given) != 1:
            errs.add(path, "a Wait state needs exactly one of Seconds or SecondsPath")
        elif given[0] in ("Timestamp", "TimestampPath"):
            errs.add(f"{path}.{given[0]}", "is not supported by this simulator: use Seconds or SecondsPath")
        elif given[0] == "Seconds":
            sec = s["Seconds"]
            if not isinstance(sec, int) or isinstance(sec, bool) or sec < 0:
                errs.add(f"{path}.Seconds", f"must be a whole number of seconds ≥ 0, got {sec!r}")
            else:
                kw["seconds"] = float(sec)
        else:
            sp = s["SecondsPath"]
            if not isinstance(sp, str) or not sp.startswith("$."):
                errs.add(f"{path}.SecondsPath", f"must be a path starting with '$.', got {sp!r}")
            else:
                kw["seconds_path"] = sp
    if typ == "Fail":
        kw["error"] = str(s.get("Error", "States.Fail"))
    if typ == "Parallel":
        branches = s.get("Branches")
        if not isinstance(branches, list) or not branches:
            errs.add(f"{path}.Branches", "must be a non-empty list of {StartAt, States} objects")
            branches = []
        kw["branches"] = tuple(
            m for i, b in enumerate(branches) if (m := _machine(b, f"{path}.Branches[{i}]", errs)) is not None
        )
    if typ == "Map":
        key = "ItemProcessor" if "ItemProcessor" in s else "Iterator"
        it = _machine(s.get(key), f"{path}.{key}", errs)
        kw["branches"] = (it,) if it else ()
        ip = s.get("ItemsPath", "$.items")
        if not isinstance(ip, str) or not ip.startswith("$."):
            errs.add(f"{path}.ItemsPath", f"must be a path starting with '$.', got {ip!r}")
            ip = "$.items"
        kw["items_path"] = ip
        mc = s.get("MaxConcurrency", 0)
        if not isinstance(mc, int) or isinstance(mc, bool) or mc < 0:
            errs.add(f"{path}.MaxConcurrency", f"must be a whole number ≥ 0 (0 = no limit), got {mc!r}")
            mc = 0
        kw["max_concurrency"] = mc
    return State(**kw)


def _targets(st: State) -> list[tuple[str, str]]:
    """(json path suffix, target) pairs of every transition out of a state."""
    out = []
    if st.next:
        out.append(("Next", st.next))
    for i, r in enumerate(st.choices):
        out.append((f"Choices[{i}].Next", r.next))
    if st.default:
        out.append(("Default", st.default))
    for i, c in enumerate(st.catch):
        out.append((f"Catch[{i}].Next", c.next))
    return out


def _machine(doc: Any, path: str, errs: _Errors) -> Machine | None:
    pre = f"{path}." if path else ""
    if not isinstance(doc, dict):
        errs.add(path or "(top level)", "must be an object with StartAt and States")
        return None
    states_doc = doc.get("States")
    if not isinstance(states_doc, dict) or not states_doc:
        errs.add(f"{pre}States", "must be a non-empty object of named states")
        return None
    start = doc.get("StartAt")
    if not isinstance(start, str) or start not in states_doc:
        errs.add(f"{pre}StartAt", f"{start!r} is not a state (states here: {', '.join(states_doc)})")
        start = next(iter(states_doc))
    states: dict[str, State] = {}
    for name, s in states_doc.items():
        st = _state(name, s, f"{pre}States.{name}", errs)
        if st is not None:
            states[name] = st
    for name, st in states.items():
        for where, target in _targets(st):
            if target and target not in states_doc:
                errs.add(
                    f"{pre}States.{name}.{where}", f"{target!r} is not a state (states here: {', '.join(states_doc)})"
                )
    # reachability from StartAt (AWS rejects unreachable states)
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        if n in seen or n not in states:
            continue
        seen.add(n)
        todo.extend(t for _, t in _targets(states[n]))
    for name in states:
        if name not in seen:
            errs.add(f"{pre}States.{name}", f"is not reachable from StartAt {start!r}")
    timeout = doc.get("TimeoutSeconds")
    if timeout is not None and (not isinstance(timeout, int) or isinstance(timeout, bool) or timeout < 1):
        errs.add(f"{pre}TimeoutSeconds", f"must be a positive whole number, got {timeout!r}")
        timeout = None
    return Machine(start, states, path, float(timeout) if timeout else None)


def parse(text: str) -> Machine:
    """Parse and validate a definition (JSON text); raise ``ValueError`` listing every problem."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the state machine definition is empty: paste an Amazon States Language JSON document")
    try:
        doc = json.loads(text)
        errs = _Errors()
        machine = _machine(doc, "", errs)
    except json.JSONDecodeError as exc:
        raise ValueError(f"the definition is not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise ValueError(
            "the definition is nested too deeply: states nest a few levels of Parallel and Map at most"
        ) from None
    if errs.items or machine is None:
        shown = errs.items[:6]
        more = f" (and {len(errs.items) - 6} more)" if len(errs.items) > 6 else ""
        raise ValueError("invalid state machine — " + "; ".join(shown) + more)
    return machine
