"""EventBridge & SAM lab: write an event pattern, see what it matches and where it goes; the SAM template."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from engine.core import format_duration
from engine.eventbridge import MAX_TARGETS, TARGETS, BusConfig, PatternError, record, routes, sample_table, simulate
from engine.eventbridge.sam import MEMORY_MB, RUNTIMES, TIMEOUT_S, SamSettings, parse, settings_from_template, template
from engine.load import LoadTrace
from views import compare, exports, page
from views.controls import Controls
from views.eventbridge.compare import SPEC
from views.eventbridge.figures import kinds_figure, targets_figure, timeline_figure
from views.eventbridge.knobs import KNOBS
from views.eventbridge.presets import PRESETS, pretty
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls

P = "eventbridge"
DEFAULT = BusConfig()
OUTAGES = [600, 1800, 3600, 7200, 21_600, 86_400]
AGES = [60, 300, 3600, 21_600, 86_400]  # MaximumEventAgeInSeconds: 60 s to 24 h


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(cfg: BusConfig, load: LoadTrace, seed: int):  # type: ignore[no-untyped-def]
    """The engine call, cached per scenario."""
    return simulate(cfg, load, seed=seed)


@page.simulation_cache(max_entries=4, show_spinner=False)
def samples(n: int, seed: int, count: int) -> list[dict]:
    """The first ``count`` sample events as JSON documents."""
    return [record(sample_table(n, seed)[0], i) for i in range(count)]


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "EventBridge & SAM",
        "An event bus takes events from your apps, SaaS and AWS services; **rules filter them with event "
        "patterns and send each match to their targets**. A pattern names fields (nested like the event), "
        "keys are ANDed, the values in an array are ORed (`$or` joins whole sub-patterns), and operators — prefix, "
        "suffix, equals-ignore-case, wildcard, anything-but, numeric, cidr, exists — refine a field. Every rule "
        "that matches delivers its own copy: that is fan-out. A target that is down gets retries for up to "
        "24 h / 185 attempts, then the event goes to a dead-letter queue, or is lost without one.",
        icon=":material/hub:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    top = st.container()
    left, right = st.columns([1, 1.6], gap="large")
    with left:
        text = ctrl.text("Event pattern (JSON)", "pattern", pretty(json.loads(DEFAULT.pattern)), area=True, height=220,
                         help="Edit it, then Ctrl+Enter: counts and charts follow.")  # fmt: skip
        targets = ctrl.multiselect(
            f"Targets of your rule (≤ {MAX_TARGETS})", "targets", list(TARGETS), ["lambda"], format_func=TARGETS.get
        )
        team = ctrl.toggle("The team's other rules on the same bus", "team", True)
        lc = load_controls(ctrl, unit="events/s", default_peak=200, max_peak=20_000, allow_upload=False)
        incident = ctrl.toggle("A payment incident", "incident", False)
        at_h = ctrl.slider("Incident at hour", "incident_h", 0.0, 23.5, 10.0, 0.5)
        with ctrl.group(":material/replay: Target outage, retries and dead-letter queue", key="outage"):
            outage = ctrl.toggle("Your rule's targets go down", "outage", False)
            out_h = ctrl.slider("Outage at hour", "outage_h", 0.0, 23.5, 10.0, 0.5)
            out_len = ctrl.select("Outage length", "outage_len", OUTAGES, 7200, format_func=format_duration)
            age = ctrl.select("Retry for at most (MaximumEventAgeInSeconds)", "retry_age", AGES, 86_400,
                              format_func=format_duration)  # fmt: skip
            tries = ctrl.number("Retry attempts (MaximumRetryAttempts)", "retry_attempts", 0, 185, 185, 1)
            dlq = ctrl.toggle("Dead-letter queue (an SQS queue)", "dlq", False)
    # Drawn only while open: the YAML code block loads its own highlighter on a first load.
    with ctrl.group(":material/description: SAM template of this stack (API → Lambda → DynamoDB + your rule)",
                    key="sam") as sam_group:  # fmt: skip
        c = sam_group.columns(4)
        runtime = ctrl.select("Runtime", "runtime", list(RUNTIMES), "python3.12", where=c[0])
        memory = ctrl.slider("Memory (MB)", "memory", *MEMORY_MB, 512, 64, where=c[1])
        timeout = ctrl.slider("Timeout (s)", "timeout", *TIMEOUT_S, 10, where=c[2])
        on_demand = ctrl.toggle("DynamoDB on-demand", "on_demand", True, where=c[3])
        sam_box = sam_group.container()  # filled once the rule is known; None while closed
    versus = compare.controls(ctrl, KNOBS, where=left)
    ctrl.notices()
    try:
        cfg = BusConfig(text, tuple(targets), team, at_h * 3600.0 if incident else None, rules=s.rules,
                        outage_at_s=out_h * 3600.0 if outage else None, outage_s=float(out_len),
                        retry_attempts=int(tries), retry_max_age_s=float(age), dlq=dlq)  # fmt: skip
    except PatternError as exc:
        top.error(
            f"Invalid event pattern — at `{exc.path or 'the top'}`: {exc.rule}. Showing the default rule.",
            icon=":material/block:",
        )
        cfg = DEFAULT
    except ValueError as exc:
        page.config_error(exc)
        cfg = DEFAULT
    res = run(cfg, lc.trace, s.seed)
    guide.reveal(res)
    f = res.frame
    hits = res.extra["sample_matched"]["matched"]
    with top:
        m = st.columns(4)
        m[0].metric(
            "Sample events matched", f"{int(hits.sum()):,} / {len(hits):,}", help="Matched in one vectorised pass."
        )
        m[1].metric("Share of traffic", f"{f['matched_rps'].sum() / max(f['events_rps'].sum(), 1e-9):.1%}")
        m[2].metric("Peak matched", f"{f['matched_rps'].max():,.1f}/s")
        m[3].metric("Deliveries (all rules)", f"{f['delivered_rps'].sum() * cfg.dt_s:,.0f}",
                    help="Each target of each matching rule gets its own copy.")  # fmt: skip
        if cfg.outage_at_s is not None:
            t = res.summary.iloc[0]
            st.caption(f"Target outage: {f['failed_rps'].sum() * cfg.dt_s:,.0f} first tries failed → "
                       f"{t['retried']:,.0f} delivered by a retry, {t['dead_lettered']:,.0f} to the DLQ, "
                       f"{t['dropped']:,.0f} dropped, {t['retrying_at_end']:,.0f} still retrying.")  # fmt: skip
    with right:
        page.chart(page.figure(timeline_figure, res, reduced_motion=s.reduced_motion), f"{P}.timeline")
        st.caption("Matched = each kind's rate × the share of that kind your pattern catches. Watch an incident "
                   "shift the mix: a rule on payment failures spikes while the total barely moves.")  # fmt: skip
        page.chart(page.figure(targets_figure, res), f"{P}.targets_chart")
    page.chart(page.figure(kinds_figure, res), f"{P}.kinds")
    docs = samples(cfg.n_sample, s.seed, 12)
    st.markdown("**The first sample events** — your rule sees every field, nested as in the full event on the right:")
    t1, t2 = st.columns([1.6, 1])
    # A table, not a data grid: its cells wrap, so where each event goes is read whole.
    t1.table(
        pd.DataFrame(
            {
                "yours": ["✓ yes" if hits.iloc[i] else "—" for i in range(len(docs))],
                "detail-type": [d["detail-type"] for d in docs],
                "goes to": routes(res, range(len(docs))),
                "detail": [json.dumps(d["detail"], separators=(", ", ": ")) for d in docs],
            }
        ).set_index("yours")
    )
    shown = next((i for i in range(len(docs)) if hits.iloc[i]), 0)
    t2.caption(
        f"Sample event {shown + 1} ({'matched' if hits.iloc[shown] else 'not matched'}), as EventBridge delivers it:"
    )
    t2.json(docs[shown], expanded=True)
    if sam_box is not None:
        with sam_box:
            sam_panel(runtime, memory, timeout, on_demand, cfg)
    compare.panel(versus, cfg, lc.trace, s.seed, run, SPEC, result=res)
    page.events_panel(res.events, chart=f"{P}.timeline")
    page.editions_panel("eventbridge", s.rules)
    exports.panel(P, ctrl, res, lc.trace)


def sam_panel(runtime: str, memory_mb: int, timeout_s: int, on_demand: bool, cfg: BusConfig) -> None:
    """The stack's SAM template with the learner's rule, and the proof that it parses back to the
    same settings (short-form tags through a safe loader): drawn while its group is open."""
    try:
        sam = SamSettings(runtime=runtime, memory_mb=memory_mb, timeout_s=timeout_s, on_demand=on_demand,
                          pattern=json.dumps(json.loads(cfg.pattern)), targets=cfg.targets)  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        sam = SamSettings()
    yml = template(sam)
    st.code(yml, language="yaml")
    back = settings_from_template(parse(yml))
    ok = (
        ":material/check_circle: parsed back (short-form tags such as `!Ref`, `!GetAtt`, `!Join` through a safe loader) to the same settings"
        if back == sam
        else ":material/cancel: round trip differs"
    )
    st.caption(f"{ok}. SAM extends CloudFormation: `sam build && sam deploy --guided` would deploy it.")


main()
