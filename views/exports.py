"""The Export panel of every lab page: the run as CSV, the scenario as a file (download and upload),
the scenario's AWS artefacts, and its load shape as a Locust and a k6 load test.

One call per page, after its controls and its run: ``exports.panel(P, ctrl, result, trace)``.
Cheap on a cached rerun: the panel's contents are drawn only while it is open
(:func:`views.page.lazy_expander`); CSVs and load tests are built only when their button is pressed
(a callable ``data``), the artefacts once per cached Result (:func:`views.page.derived`).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from engine.core import Result
from engine.export import loadtest
from engine.export.aws import Artefact, text_of
from engine.load import LoadTrace
from views import page, scenario
from views.catalog import LABS, LabPage
from views.controls import Controls, ControlSpec, carry_notices

__all__ = [
    "artefacts_for",
    "csv_columns",
    "events_csv",
    "fingerprint",
    "frame_csv",
    "load_test",
    "panel",
    "result_config",
]

_STATE = "__exports"
_STAGES = {"1 min": 60.0, "5 min": 300.0, "15 min": 900.0, "1 h": 3600.0}
_SPEEDS = {"real time": 1.0, "10× faster": 0.1, "60× faster": 1 / 60, "100× faster": 0.01}
_GENERIC_UNITS = {"", "metric", "flag", "code"}
_ICON = ":material/ios_share:"


def _slug(unit: str) -> str:
    text = unit.replace("%", "pct").replace("/", "_per_").replace("$", "usd").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def csv_columns(columns: Sequence[str], units: dict[str, str]) -> dict[str, str]:
    """Column → CSV header with its unit (``desired`` in instances → ``desired_instances``); a name
    that already ends in its unit (``latency_ms``, ``cpu_pct``, ``t_s``) is kept."""
    out = {}
    for col in columns:
        unit = units.get(col, "")
        slug = _slug(unit)
        if unit in _GENERIC_UNITS or not slug or col.endswith(f"_{slug}") or col == slug:
            out[col] = col
        else:
            short = {"req_per_s": "rps", "usd": "usd"}.get(slug, slug)
            out[col] = col if col.endswith(f"_{short}") else f"{col}_{short}"
    return out


def frame_csv(result: Result) -> bytes:
    """The run's frame as CSV, units in the header names."""
    f = result.frame
    return f.rename(columns=csv_columns(list(f.columns), dict(result.units))).to_csv(index=False).encode()


def events_csv(result: Result) -> bytes:
    """The event log as CSV (each event's numbers as JSON)."""
    e = result.events
    if "data" in e.columns:
        e = e.assign(data=[json.dumps(d, default=str) if d is not None else "" for d in e["data"]])
    return e.to_csv(index=False).encode()


def result_config(result: Result) -> Any:
    """The config of the learner's own scenario (the first of a batched run)."""
    return result.scenario(0).config if isinstance(result.config, (list, tuple)) else result.config


def fingerprint(result: Result) -> str:
    """A digest of the run (config, frame and event log): the same scenario gives the same one."""
    h = hashlib.sha256(repr(result.config).encode())
    h.update(pd.util.hash_pandas_object(result.frame, index=False).to_numpy().tobytes())
    h.update(
        pd.util.hash_pandas_object(result.events.drop(columns="data", errors="ignore"), index=False)
        .to_numpy()
        .tobytes()
    )
    return h.hexdigest()[:16]


def _lab(prefix: str) -> LabPage:
    return next(lab for lab in LABS if lab.prefix == prefix)


def artefacts_for(prefix: str, config: Any) -> tuple[Artefact, ...]:
    """The AWS artefacts of ``config`` on the page ``prefix`` (its lab's ``engine.<lab>.aws``)."""
    module = importlib.import_module(f"engine.{_lab(prefix).package}.aws")
    return tuple(module.artefacts(config))


def _artefacts(result: Result, prefix: str) -> tuple[tuple[Artefact, str], ...]:
    return tuple((a, text_of(a)) for a in artefacts_for(prefix, result_config(result)))


def _horizon(result: Result) -> float:
    t = result.frame["t_s"]
    step = float(t.iloc[1] - t.iloc[0]) if len(t) > 1 else 60.0
    return float(t.iloc[-1]) + step


def _import(prefix: str, title: str, specs: dict[str, ControlSpec]) -> None:
    """The uploader's callback (before the next run, so widgets can still be set)."""
    upload = st.session_state.get(f"{prefix}.__export.upload")
    if upload is None:
        return
    got = scenario.read(upload.getvalue(), str(upload.name), prefix, title, specs)
    if got.problem:
        carry_notices(prefix, [got.problem])
        st.toast("That file is not a scenario of this page: see the notice at the top.", icon=":material/warning:")
        return
    for key, value in got.values.items():
        st.session_state[key] = value
    st.session_state["rules"], st.session_state["seed"] = got.rules, got.seed
    st.session_state[f"{_STATE}.later.{prefix}"] = (got.later, got.notices, str(upload.name), 0)
    carry_notices(prefix, got.notices)
    named = f", {len(got.notices)} value(s) replaced by defaults (named at the top)" if got.notices else ""
    st.toast(f"Scenario {upload.name} loaded{named}.", icon=":material/upload_file:")


def _resolve_later(prefix: str, specs: dict[str, ControlSpec]) -> None:
    """Values of the file for controls that only appear once others are set (a toggle's sliders):
    checked and set once drawn; what never appears is named as no setting of the page."""
    state = st.session_state.pop(f"{_STATE}.later.{prefix}", None)
    if state is None:
        return
    later, notices, name, rounds = state
    ready = {k: v for k, v in later.items() if k in specs}
    still = {k: v for k, v in later.items() if k not in specs}
    values = {}
    for key, raw in ready.items():
        ok, value, allowed = scenario.check(raw, specs[key])
        if not ok:
            short = key.removeprefix(f"{prefix}.")
            notices.append(
                f"Scenario file `{name}`: `{short}` = `{json.dumps(raw)[:40]}` is not usable ({allowed}); "
                f"the default {specs[key].default!r} is used instead."
            )
            value = specs[key].default
        if st.session_state.get(key) != value:
            values[key] = value
    if values and rounds < 3:
        st.session_state[f"{_STATE}.later.{prefix}"] = (still, notices, name, rounds + 1)
        carry_notices(prefix, notices, values)
        st.rerun()
    if still:
        shown = ", ".join(f"`{k.removeprefix(prefix + '.')}`" for k in still)
        notices.append(f"Scenario file `{name}`: {shown} is no setting of this page (with these settings); ignored.")
        carry_notices(prefix, notices)
        st.rerun()


def download(label: str, data: Callable[[], bytes | str], name: str, mime: str, key: str) -> None:
    """A download button whose file is built when it is pressed: a rerun neither builds the file nor
    leaves the browser holding the address of a file the next rerun has dropped."""
    st.download_button(label, data, file_name=name, mime=mime, key=key, icon=":material/download:", on_click="ignore")


def panel(
    prefix: str,
    ctrl: Controls,
    result: Result,
    trace: LoadTrace | None = None,
    *,
    more: Sequence[Result] = (),
) -> None:
    """The Export expander of page ``prefix``: ``result`` is the learner's run (its config is
    exported), ``trace`` its load (``None``: the lab's load is not a request rate), ``more`` other
    runs of the page whose configs are exported too (the SNS fan-out beside the queue)."""
    lab = _lab(prefix)
    specs = ctrl.drawn()
    _resolve_later(prefix, specs)
    s = page.settings()
    values = {k: st.session_state.get(k, spec.default) for k, spec in specs.items()}
    doc = scenario.dump(prefix, lab.url_path, values, specs, s.rules, s.seed)
    st.session_state[f"{_STATE}.{prefix}"] = {
        "scenario": doc,
        "configs": (result_config(result), *(result_config(r) for r in more)),
        # the run itself, for tests to fingerprint: a weak reference (the result cache owns the run;
        # a session must not keep an evicted day alive), and no digest of 86,400 rows per new run
        "result": weakref.ref(result),
    }
    box = page.lazy_expander("Export: results, scenario, AWS, load test", f"{prefix}.__export.open", icon=_ICON)
    if box is None:  # closed: nothing in it is drawn (no CPU spent on a rerun)
        return
    with box:
        st.markdown("**This run as CSV** — one row per step, units in the column names.")
        c = st.columns(3)
        with c[0]:
            download(
                "Results (CSV)",
                lambda: frame_csv(result),
                f"{prefix}-results.csv",
                "text/csv",
                f"{prefix}.__export.csv",
            )
        with c[1]:
            download(
                "Event log (CSV)",
                lambda: events_csv(result),
                f"{prefix}-events.csv",
                "text/csv",
                f"{prefix}.__export.events",
            )
        st.markdown(
            "**The scenario as a file** — every control, the rules edition and the seed. Upload it here "
            "again (or send it to someone) to get the same run back."
        )
        c = st.columns([1, 2])
        with c[0]:
            download(
                "Scenario (JSON)",
                lambda: doc,
                f"{prefix}-scenario.json",
                "application/json",
                f"{prefix}.__export.scenario",
            )
        with c[1]:
            st.file_uploader(
                "Load a scenario file",
                type=["json"],
                key=f"{prefix}.__export.upload",
                on_change=_import,
                args=(prefix, lab.title, specs),
                help="A file downloaded from this page; bad values are named and replaced by defaults.",
            )
        _aws(prefix, result, more, s.rules)
        load_test(prefix, trace, _horizon(result), s.seed)


def _aws(prefix: str, result: Result, more: Sequence[Result], rules: str) -> None:
    arts = [x for r in (result, *more) for x in page.derived(_artefacts, r, prefix)]
    st.markdown(f"**In AWS** — {len(arts)} artefact(s) from the settings above, in the form AWS takes them.")
    if rules == "course":
        st.caption(
            "This run follows the course notes; where they differ from AWS today (the rules-edition panel), "
            "the real service behaves as AWS today says."
        )
    names = [a.title for a, _ in arts]
    chosen = st.selectbox("Artefact", names, key=f"{prefix}.__export.artefact") if names else None
    for i, (art, text) in enumerate(arts):
        if art.title != chosen:
            continue
        st.code(text, language=art.language, height=260 if text.count("\n") > 12 else "content")
        if art.how:
            st.caption(f"How to use: `{art.how}`")
        for n in art.notes:
            st.caption(f"Note: {n}")
        mime = "application/json" if art.language == "json" else "text/plain"
        download(f"Download {art.filename}", lambda text=text: text, art.filename, mime, f"{prefix}.__export.aws.{i}")


def load_test(prefix: str, trace: LoadTrace | None, horizon_s: float, seed: int) -> None:
    """The trace as a Locust and a k6 load test (built when a button is pressed)."""
    st.markdown("**The load as a load test** — the same shape, to replay against a real system.")
    if trace is None:
        st.caption("This lab's work is a set of jobs or executions, not a request rate: no load test to export.")
        return
    c = st.columns(4)
    stage = c[0].selectbox("Stage length", list(_STAGES), 1, key=f"{prefix}.__export.stage")
    speed = c[1].selectbox("Replay speed", list(_SPEEDS), 0, key=f"{prefix}.__export.speed")

    def make(kind: str) -> bytes:
        st_ = loadtest.stages(trace, horizon_s, stage_s=_STAGES[stage], seed=seed, time_scale=_SPEEDS[speed])
        return (loadtest.locustfile(st_) if kind == "locust" else loadtest.k6_script(st_)).encode()

    with c[2]:
        download("Locust (.py)", lambda: make("locust"), "locustfile.py", "text/x-python", f"{prefix}.__export.locust")
    with c[3]:
        download("k6 (.js)", lambda: make("k6"), "scalelab-k6.js", "text/javascript", f"{prefix}.__export.k6")
    st.caption(
        "Run: `locust -f locustfile.py --headless --host https://your-system` or `k6 run -e BASE_URL=https://your-system scalelab-k6.js`."
    )
