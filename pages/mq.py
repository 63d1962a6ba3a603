"""Amazon MQ vs SQS lab: which to choose, and a broker of fixed size saturating while SQS keeps scaling."""

from __future__ import annotations

import streamlit as st

from engine.load import LoadTrace
from engine.mq import QUEUE_TYPES, MqConfig, recommend, simulate
from engine.mq_profiles import BROKERS, PROTOCOLS, sqs_max_message_kb
from views import page
from views.controls import Controls
from views.load_controls import load_controls
from views.mq_figures import comparison_figure, decision_table

P = "mq"
DEFAULT = MqConfig()
QUEUES = {"standard": "Standard", "fifo": "FIFO, no batching", "fifo-batched": "FIFO, batches of 10"}
PRESETS = {
    "Flash sale on a small broker": (
        "An mq.t3.micro meets a flash sale: its queue and latency climb while SQS absorbs the same spike.",
        {
            "load": "Day with a flash sale",
            "peak": 2500,
            "instance": "mq.t3.micro",
            "clients": 200,
            "queue": "standard",
            "batch": 10,
        },
    ),
    "Right-sized broker": (
        "An mq.m5.2xlarge keeps up with the peak — and costs far more than SQS over the day.",
        {
            "load": "Business day",
            "peak": 5000,
            "instance": "mq.m5.2xlarge",
            "clients": 500,
            "queue": "standard",
            "batch": 10,
        },
    ),
    "FIFO needs batching": (
        "SQS FIFO has limits too: 300 msg/s per action unbatched, 3,000 with batches of 10 (aws-facts §4).",
        {"load": "Business day", "peak": 1500, "instance": "mq.m5.large", "clients": 200, "queue": "fifo", "batch": 1},
    ),
    "Lift and shift a JMS app": (
        "An existing JMS app moves to Amazon MQ unchanged: the course notes' use case.",
        {
            "protocol": "jms",
            "new_app": False,
            "load": "Business day",
            "peak": 1500,
            "instance": "mq.m5.large",
            "clients": 200,
            "queue": "standard",
            "batch": 10,
        },
    ),
}


def _lat(ms: float) -> str:
    """A latency for a metric: ms, s, min or h."""
    for unit, size in (("h", 3_600_000), ("min", 60_000), ("s", 1000)):
        if ms >= size:
            return f"{ms / size:,.1f} {unit}"
    return f"{ms:,.0f} ms"


@st.cache_data(max_entries=32, show_spinner=False)
def run(cfg: MqConfig, load: LoadTrace, seed: int):  # type: ignore[no-untyped-def]
    """The engine call, cached per scenario."""
    return simulate(cfg, load, seed=seed)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Amazon MQ vs SQS",
        "Amazon MQ is a managed message broker that speaks the **industry protocols** (JMS, AMQP, MQTT, "
        "OpenWire, STOMP): move an existing app to AWS without rewriting its messaging — **lift and shift**. "
        "But a broker has a size: past its throughput the queue builds and latency climbs. **SQS** speaks its "
        "own API and scales by itself, so the course notes recommend it for new applications.",
        icon="🐇",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS)
    d1, d2 = st.columns([1, 2], gap="large")
    with d1:
        proto = ctrl.select("What your app speaks today", "protocol", list(PROTOCOLS), "jms", format_func=PROTOCOLS.get)
        new_app = ctrl.toggle("It is a new application", "new_app", False)
        choice, reasons = recommend(proto, new_app, s.rules)
        st.success(f"**Choose {choice}.** " + " ".join(reasons), icon="🧭")
    d2.table(decision_table(s.rules, sqs_max_message_kb(s.rules)).set_index(""))
    st.subheader("Same producers, same consumers: a broker vs a queue service")
    top = st.container()
    left, right = st.columns([1, 2.4], gap="large")
    with left:
        lc = load_controls(ctrl, unit="msg/s", default_peak=4000, max_peak=50_000)
        inst = ctrl.select("Broker instance type", "instance", list(BROKERS), "mq.m5.large")
        engine = ctrl.select("Broker engine", "engine", ["activemq", "rabbitmq"], "activemq",
                             format_func=lambda e: {"activemq": "ActiveMQ", "rabbitmq": "RabbitMQ"}[e])  # fmt: skip
        standby = ctrl.toggle("Active/standby (two AZs)", "standby", True)
        clients = ctrl.slider("Client connections", "clients", 1, 5000, 200,
                              help="Wire-level connections per protocol: 300 on micro brokers, 2,000 on large ones.")  # fmt: skip
        queue = ctrl.select("SQS queue type", "queue", list(QUEUE_TYPES), "standard", format_func=QUEUES.get)
        batch = ctrl.slider("SQS batch size", "batch", 1, 10, 10, help="Messages per send/receive/delete request.")
        consumers = ctrl.slider("Consumers can process (msg/s)", "consumers", 100, 50_000, 20_000, 100)
        size_kb = ctrl.number("Message size (KB)", "size_kb", 1, 10_000, 4)
    ctrl.notices()
    try:
        cfg = MqConfig(inst, engine, standby, int(clients), proto, queue, int(batch), float(consumers), float(size_kb),
                       rules=s.rules)  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        cfg = DEFAULT
    res = run(cfg, lc.trace, s.seed)
    f = res.frame
    with top:
        m = st.columns(5)
        m[0].metric("Peak Amazon MQ latency", _lat(f["broker_latency_ms"].max()))
        m[1].metric("Peak SQS latency", _lat(f["sqs_latency_ms"].max()))
        m[2].metric("Refused by the broker", f"{f['broker_rejected'].sum() * cfg.dt_s:,.0f}",
                    help="Sends refused by producer flow control once the broker's store is full.")  # fmt: skip
        m[3].metric("Amazon MQ, 24 h", f"${f['broker_cost_usd'].iloc[-1]:,.2f}", help="Illustrative 2026 prices.")
        m[4].metric("SQS, 24 h", f"${f['sqs_cost_usd'].iloc[-1]:,.2f}", help="Illustrative 2026 prices.")
        st.caption(f"Load: {lc.label}. Broker ≈ {cfg.broker.throughput:,.0f} msg/s (illustrative for {cfg.instance}). "
                   f"Cost crossover: below a steady {cfg.cost_crossover_rps:,.0f} msg/s SQS is cheaper than this broker; "
                   "above it the broker is — until it saturates.")  # fmt: skip
    with right:
        page.chart(comparison_figure(res, reduced_motion=s.reduced_motion), f"{P}.chart")
        st.caption(
            "Orange is the broker, blue is SQS. When producers outrun the broker, its backlog grows and every "
            "message waits behind it (latency = backlog ÷ throughput); SQS standard has no such ceiling."
        )
    if cfg.needs_extended_client:
        st.warning(f"{cfg.message_kb:,.0f} KB is over SQS's {sqs_max_message_kb(s.rules):,.0f} KB limit in this edition: "
                   "use the Extended Client Library (payload in S3).", icon="📦")  # fmt: skip
    page.events_panel(res.events)
    page.editions_panel("mq", s.rules)


main()
