"""Amazon MQ vs SQS lab: which to choose, and a broker of fixed size saturating while SQS keeps scaling."""

from __future__ import annotations

import streamlit as st

from engine.core import format_duration
from engine.load import LoadTrace
from engine.mq import (
    BROKERS,
    ENGINE_DEPLOYMENTS,
    ENGINE_NAMES,
    PROTOCOLS,
    QUEUE_TYPES,
    SQS_MAX_BATCH,
    MqConfig,
    recommend,
    simulate,
)
from engine.mq import sqs_max_message_kb as max_kb
from views import compare, exports, page
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls
from views.mq.compare import SPEC
from views.mq.figures import comparison_figure, decision_table
from views.mq.knobs import KNOBS
from views.mq.presets import PRESETS

P = "mq"
DEFAULT = MqConfig()
QUEUES = {"standard": "Standard", "fifo": "FIFO, no batching", "fifo-batched": f"FIFO, batches of {SQS_MAX_BATCH}"}
_BY_CONN = {c: [n for n, b in BROKERS.items() if b.connections == c] for c in {b.connections for b in BROKERS.values()}}
CONNECTIONS = ", ".join(f"{c:,} on {' to '.join(dict.fromkeys((ns[0], ns[-1])))}" for c, ns in sorted(_BY_CONN.items()))


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(cfg: MqConfig, load: LoadTrace, seed: int):  # type: ignore[no-untyped-def]
    """The engine call, cached per scenario."""
    return simulate(cfg, load, seed=seed)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Amazon MQ vs SQS",
        "Amazon MQ is a managed message broker that speaks the **industry protocols** (ActiveMQ: JMS, AMQP 1.0, "
        "MQTT, OpenWire, STOMP; RabbitMQ in AWS today: AMQP 0-9-1): move an existing app to AWS without rewriting "
        "its messaging — **lift and shift**. "
        "But a broker has a size: past its throughput the queue builds and latency climbs. **SQS** speaks its "
        "own API and scales by itself, so the course notes recommend it for new applications.",
        icon=":material/sync_alt:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    st.subheader("Same producers, same consumers: a broker vs a queue service")
    top = st.container()
    left, right = st.columns([1, 2.4], gap="large")
    # The run's chart comes first (the experiment); which service to pick for an app sits below it.
    st.subheader("Which one for your app?")
    d1, d2 = st.columns([1, 2], gap="large")
    with d1:
        proto = ctrl.select("What your app speaks today", "protocol", list(PROTOCOLS), "jms", format_func=PROTOCOLS.get)
        new_app = ctrl.toggle("It is a new application", "new_app", False)
        choice, reasons = recommend(proto, new_app, s.rules)
        st.success(f"**Choose {choice}.** " + " ".join(reasons), icon=":material/explore:")
    d2.table(decision_table(s.rules, max_kb(s.rules)).set_index(""))
    with left:
        lc = load_controls(ctrl, unit="msg/s", default_peak=4000, max_peak=50_000)
        inst = ctrl.select("Broker instance type", "instance", list(BROKERS), "mq.m5.large")
        engine = ctrl.select("Broker engine", "engine", list(ENGINE_NAMES), "activemq",
                             format_func=ENGINE_NAMES.get)  # fmt: skip
        ha = ctrl.toggle("Highly available", "standby", True,
                         help="ActiveMQ: an active/standby pair in two AZs (billed ×2). RabbitMQ: a cluster of "
                              "three broker nodes (billed ×3).")  # fmt: skip
        clients = ctrl.slider("Client connections", "clients", 1, 5000, 200,
                              help=f"ActiveMQ's wire-level connections per protocol: {CONNECTIONS}.")  # fmt: skip
        queue = ctrl.select("SQS queue type", "queue", list(QUEUE_TYPES), "standard", format_func=QUEUES.get)
        batch = ctrl.slider(
            "SQS batch size", "batch", 1, SQS_MAX_BATCH, SQS_MAX_BATCH, help="Messages per send/receive/delete request."
        )
        consumers = ctrl.slider("Consumers can process (msg/s)", "consumers", 100, 50_000, 20_000, 100)
        size_kb = ctrl.number("Message size (KB)", "size_kb", 1, 10_000, 4)
    versus = compare.controls(ctrl, KNOBS, where=left)
    ctrl.notices()
    try:
        mode = ENGINE_DEPLOYMENTS.get(engine, ENGINE_DEPLOYMENTS["activemq"])[1 if ha else 0]
        cfg = MqConfig(inst, engine, mode, int(clients), proto, queue, int(batch), float(consumers), float(size_kb),
                       rules=s.rules)  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        cfg = DEFAULT
    res = run(cfg, lc.trace, s.seed)
    guide.reveal(res)
    f = res.frame
    with top:
        m = st.columns(5)
        m[0].metric("Peak Amazon MQ latency", format_duration(f["broker_latency_ms"].max() / 1000))
        m[1].metric("Peak SQS latency", format_duration(f["sqs_latency_ms"].max() / 1000))
        m[2].metric("Refused by the broker", f"{f['broker_rejected'].sum() * cfg.dt_s:,.0f}",
                    help="Sends refused by producer flow control once the broker's store is full.")  # fmt: skip
        m[3].metric("Amazon MQ, 24 h", f"${f['broker_cost_usd'].iloc[-1]:,.2f}", help="Illustrative 2026 prices.")
        m[4].metric("SQS, 24 h", f"${f['sqs_cost_usd'].iloc[-1]:,.2f}", help="Illustrative 2026 prices.")
    with right:
        page.chart(page.figure(comparison_figure, res, reduced_motion=s.reduced_motion), f"{P}.chart")
        st.caption(f"Load: {lc.label}. Broker ≈ {cfg.broker.throughput:,.0f} msg/s (illustrative for {cfg.instance}). "
                   f"Cost crossover: below a steady {cfg.cost_crossover_rps:,.0f} msg/s SQS is cheaper than this broker; "
                   "above it the broker is — until it saturates.")  # fmt: skip
        st.caption(
            "Solid lines are the broker, dashed ones SQS. When producers outrun the broker, its backlog grows and every "
            "message waits behind it (latency = backlog ÷ throughput); SQS standard has no such ceiling."
        )
    if cfg.needs_extended_client:
        st.warning(f"{cfg.message_kb:,.0f} KB is over SQS's {max_kb(s.rules):,.0f} KB limit in this edition: "
                   "use the Extended Client Library (payload in S3).", icon=":material/inventory_2:")  # fmt: skip
    compare.panel(versus, cfg, lc.trace, s.seed, run, SPEC, result=res)
    page.events_panel(res.events, chart=f"{P}.chart")
    page.editions_panel("mq", s.rules)
    exports.panel(P, ctrl, res, lc.trace)


main()
