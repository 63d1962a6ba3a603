"""Every lab's entry points under fuzzed configs and loads: ``simulate`` and ``simulate_many`` either
return a Result whose frame has no NaN in a numeric column, no negative count and the lab's
conservation, or raise ``ValueError`` whose message names a field that was changed (or the load);
never another exception.

Configs come from :mod:`tests.engine.fuzz_configs` (defaults with fields replaced by extremes:
0, negative, tiny, huge, 20-digit and 400-digit integers, ``nan``, ``±inf``, unknown strings,
mangled JSON, nested policies and queues). The CI lane runs ``FUZZ_EXAMPLES`` examples per lab
(default 25) with horizons cut to 4 h unless the draw sets one; the long run is

    SCALELAB_FUZZ_EXAMPLES=2000 SCALELAB_FUZZ_FULL=1 python -m pytest -q -p no:cacheprovider \\
        tests/engine/test_fuzz_entry_points.py

(``SCALELAB_FUZZ_FULL=1`` keeps the drawn configs' own horizons, up to each lab's maximum.)
"""

from __future__ import annotations

import math
import os
import re
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.core import Result, Schema
from tests.engine.fuzz_configs import LAB_CONFIGS, Draw, build, loads, plans

EXAMPLES = int(os.environ.get("SCALELAB_FUZZ_EXAMPLES", "25"))
FULL = os.environ.get("SCALELAB_FUZZ_FULL", "") not in ("", "0")
TOL = 1e-6

# Columns that are signed by meaning (a change, a net flow, an error against a target).
SIGNED = re.compile(r"(delta|change|net|diff|error|slope|growth|_vs_|surplus|margin|headroom|rise|trend)")


def _close(a, b, scale: float) -> bool:
    return bool(np.allclose(np.asarray(a, float), np.asarray(b, float), rtol=1e-7, atol=TOL * max(1.0, scale)))


def _arrived(load: np.ndarray, dt: float) -> np.ndarray:
    """Requests arrived so far, whole requests carried over as the kernels count them (load x dt)."""
    acc, total, out = 0.0, 0, np.empty(len(load))
    for i, rate in enumerate(load):
        acc += rate * dt
        whole = math.floor(acc + 1e-9)
        acc -= whole
        total += whole
        out[i] = total
    return out


def _conservation(lab: str, r: Result) -> str | None:
    """The lab's conservation law on one scenario's frame, or why it fails."""
    f, cfg = r.frame, r.config
    if f.empty:
        return None
    if lab == "autoscaling" and "queued" in f:
        offered = np.cumsum(f["load_rps"] * cfg.dt_s)
        accounted = np.cumsum((f["served_rps"] + f["dropped_rps"]) * cfg.dt_s) + f["queued"]
        if not _close(offered, accounted, float(offered.iloc[-1])):
            return "offered != served + dropped + queued"
    elif lab == "dynamodb":
        reads = f["dax_hits"] + f["served_reads"] + f["throttled_reads"]
        if not _close(reads, f["read_requests"], float(f["read_requests"].max())):
            return "reads != DAX hits + served + throttled"
        if not _close(
            f["served_writes"] + f["throttled_writes"], f["write_requests"], float(f["write_requests"].max())
        ):
            return "writes != served + throttled"
    elif lab == "queues":
        rhs = f["deleted"].cumsum() + f["visible"] + f["in_flight"] + f["delayed"] + f["dead_lettered"] + f["expired"]
        if not _close(f["sent"].cumsum(), rhs, float(f["sent"].sum())):
            return "sent != deleted + visible + in flight + delayed + DLQ + expired"
    elif lab == "stepfunctions":
        total = f["in_progress"] + f["succeeded"] + f["failed"] + f["timed_out"] + f["not_started"]
        if not (total == cfg.executions).all():
            return "executions not conserved"
    elif lab == "eventbridge":
        if not _close(f["matched_rps"] + f["unmatched_rps"], f["events_rps"], float(f["events_rps"].max())):
            return "matched + unmatched != events"
    elif lab == "cloudfront":
        total = f["blocked_rps"] + f["edge_hits_rps"] + f["shield_hits_rps"] + f["origin_rps"]
        if not _close(total, f["requests"], float(f["requests"].max())):
            return "requests != blocked + edge + shield + origin"
    elif lab == "kinesis":
        dt = cfg.dt_s
        produced = np.cumsum(f["produced_records"]) * dt
        scale = max(1.0, float(produced.iloc[-1]))
        accepted = np.cumsum(f["accepted_records"]) * dt
        if not _close(produced, accepted + np.cumsum(f["lost_records"]) * dt + f["pending_retries"], scale):
            return "produced != accepted + lost + pending retries"
        read = np.cumsum(f["read_records"]) * dt + np.cumsum(f["expired_records"]) * dt + f["unread_records"]
        if not _close(accepted, read, scale):
            return "accepted != read + expired + unread"
    elif lab == "coupling":
        arrived = _arrived(f["load"].to_numpy(), cfg.dt_s)
        if not np.all(np.cumsum(f["sync_served"]) + f["sync_lost"] + f["sync_waiting"] == arrived):
            return "sync arrivals != served + lost + waiting"
    elif lab == "lambda_":
        arrived = _arrived(f["load"].to_numpy(), cfg.dt_s)
        if cfg.invocation == "sync":
            ok = np.all(np.cumsum(f["invocations"] + f["throttled"]) == arrived)
        else:
            ok = np.all(np.cumsum(f["invocations"]) + f["async_waiting"] + f["async_dropped"] == arrived)
        if not ok:
            return "arrivals != invocations + throttled (or waiting + dropped)"
    elif lab == "batch":
        held = f["submitted"] + f["runnable"] + f["running"] + f["jobs_succeeded"] + f["jobs_failed"]
        if not (held == f["arrived"]).all():
            return "arrived != submitted + runnable + running + succeeded + failed"
    elif lab == "mq":
        a = f["sent"].to_numpy() * cfg.dt_s
        for side, rej in (("broker", f["broker_rejected"].to_numpy() * cfg.dt_s), ("sqs", 0.0)):
            q = f[f"{side}_backlog"].to_numpy()
            dq = np.diff(np.concatenate([[0.0], q]))
            if not _close(a, f[f"{side}_delivered"].to_numpy() * cfg.dt_s + dq + rej, float(np.max(a, initial=0))):
                return f"{side}: arrivals != delivered + backlog change + refused"
    elif lab == "emr" and (np.diff(f["work_left_h"] - f["recomputed_h"]) > 1e-6).any():
        return "work left rose without a recompute"
    return None


def _may_be_nan(lab: str) -> set[str]:
    """Columns the lab's schema declares NaN for "no value this step" (an alarm datapoint between periods)."""
    build(lab)
    modules = [
        m for name, m in list(sys.modules.items()) if name == f"engine.{lab}" or name.startswith(f"engine.{lab}.")
    ]
    schemas = [v for m in modules for v in vars(m).values() if isinstance(v, Schema)]
    return {c.name for schema in schemas for c in schema.columns if "NaN" in c.description}


def _problems(lab: str, r: Result) -> list[str]:
    out = []
    declared_nan = _may_be_nan(lab)
    frames = {"frame": r.frame, **{f"extra[{k}]": v for k, v in r.extra.items()}, "summary": r.summary}
    for where, frame in frames.items():
        if not isinstance(frame, pd.DataFrame) or frame.empty:
            continue
        num = frame.select_dtypes(include="number")
        nan = [c for c in num.columns if c not in declared_nan and num[c].isna().any()]
        if nan:
            out.append(f"NaN in {where}: {nan}")
        if where == "frame":
            inf = [c for c in num.columns if np.isinf(num[c].to_numpy(float)).any()]
            if inf:
                out.append(f"inf in {where}: {inf}")
            neg = [
                c for c in num.columns if not SIGNED.search(c) and (num[c] < -TOL * max(1.0, num[c].abs().max())).any()
            ]
            if neg:
                out.append(f"negative values in {where}: {neg}")
    if not out:
        why = _conservation(lab, r)
        if why:
            out.append(why)
    return out


# A field whose messages name the place inside it rather than the field (a state machine's own paths).
ALIASES = {"definition": "invalid state machine"}


def _names_a_field(message: str, names: set[str]) -> bool:
    """The message names one of ``names`` (as written, or in words: ``compute environments``)."""
    low = message.lower()
    words = {n.lower() for n in names} | {n.lower().replace("_", " ").removesuffix(" s") for n in names}
    words |= {ALIASES[n] for n in names if n in ALIASES}
    return any(w in low for w in words) or "load" in low or "series" in low


def run_plan(plan: Draw, load, seed: int) -> list[str]:
    """Everything wrong with one draw (empty: it behaved)."""
    if plan.error is not None and not isinstance(plan.error, ValueError):
        return [f"building the config raised {type(plan.error).__name__}: {plan.error}"]
    if plan.error is not None:
        return [] if _names_a_field(str(plan.error), plan.changed) else [f"ValueError without a field: {plan.error}"]
    module, simulate = build(plan.lab)
    takes_load = LAB_CONFIGS[plan.lab][1]
    args = (load,) if takes_load else ()
    out = []
    for call in ("simulate", "simulate_many"):
        try:
            if call == "simulate":
                r = simulate(plan.config, *args, seed=seed)
            else:
                r = module.simulate_many([plan.config, plan.config], *args, seed=seed).scenario(1)
        except ValueError as exc:
            if not _names_a_field(str(exc), plan.changed):
                out.append(f"{call}: ValueError without a field: {exc}")
            continue
        except Exception as exc:  # the point of the test: any other exception is a finding
            out.append(f"{call}: {type(exc).__name__}: {exc}")
            continue
        out += [f"{call}: {p}" for p in _problems(plan.lab, r)]
    return out


@pytest.mark.parametrize("lab", sorted(LAB_CONFIGS))
def test_entry_points_answer_a_result_or_a_named_value_error(lab: str) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        derandomize=not FULL,
    )
    @given(plans(lab, shorten=not FULL), loads(), st.integers(0, 2**31))
    def check(plan: Draw, load, seed: int) -> None:
        problems = run_plan(plan, load, seed)
        assert not problems, (plan.config, plan.changed, problems)

    check()
