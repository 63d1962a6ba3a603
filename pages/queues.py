"""SQS & SNS lab: queue depth, visibility timeout, DLQ, FIFO, retention, consumers on backlog, fan-out."""

from __future__ import annotations

import streamlit as st

from engine.queues import QueueConfig, simulate, summary
from engine.sns import FanoutConfig, simulate_fanout
from views import page
from views.controls import Controls
from views.load_controls import load_controls
from views.queues_figures import compact, duration, fanout_figure, queue_figure

P = "sqs"
MODES = {
    "fixed": "Fixed fleet",
    "backlog": "Backlog per instance",
    "depth": "Raw queue depth",
    "lambda": "Lambda poller",
}
# fmt: off
BASE = {"load": "Flat", "hours": 1, "type": "standard", "proc": 0.1, "cv": 0.0, "vis": 30, "fail": 0.0, "mrc": 5,
        "mode": "fixed", "n": 10, "poison": False, "outage": False, "ret": 345_600, "delay": 0, "msgdelay": False}
PRESETS = {
    "Visibility timeout shorter than processing": (
        "Jobs take ~40 s but the message hides for only 30 s: it reappears, is processed twice, and after "
        "maxReceiveCount receives lands in the DLQ although the code never failed.",
        {**BASE, "peak": 1, "proc": 40.0, "cv": 0.3, "n": 200}),
    "Poison message in a FIFO group": (
        "One message fails every time. In a FIFO queue it blocks its message group (1 of 4) until it is "
        "dead-lettered; a standard queue would flow around it.",
        {**BASE, "peak": 20, "type": "fifo", "groups": 4, "poison": True}),
    "Scale consumers on backlog per instance": (
        "AWS's recommended metric: visible ÷ in-service consumers, target = acceptable latency ÷ processing time. "
        "An empty queue reads 0, so it scales in to the minimum until a backlog builds: set a sensible floor. "
        "Switch to raw queue depth: the fleet sits near its maximum — why AWS advises against it.",
        {**BASE, "load": "Business day", "peak": 200, "hours": 24, "mode": "backlog", "n": 30, "min": 30,
         "max": 120, "proc": 0.5, "cv": 0.5, "latency": 60}),
    "Consumers down for an hour": (
        "The consumers stop for an hour; producers never notice. The queue holds the work (age of oldest climbs "
        "to an hour) and drains when they return: nothing is lost within retention.",
        {**BASE, "peak": 50, "hours": 6, "outage": True, "out_at": 60, "out_min": 60}),
}
FANOUT_NOTE = ("Filter policies: orders get type=order (60 %), refunds type=refund (10 %), analytics all. Each SQS "
               "subscriber has 2 consumers: when analytics is slower than its share, only its queue grows.")
# fmt: on


run = st.cache_data(max_entries=32, show_spinner=False)(lambda cfg, trace, seed: simulate(cfg, trace, seed=seed))
run_fanout = st.cache_data(max_entries=16, show_spinner=False)(
    lambda c, rate, seed: simulate_fanout(c, rate, seed=seed)
)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Queues: SQS & SNS",
        "A queue lets producers and consumers work at their own pace. Watch the **visible** backlog and the "
        "**age of the oldest message**: they tell you whether consumers keep up. A message being processed "
        "is hidden for the **visibility timeout**; if processing takes longer, it comes back and is processed "
        "twice. Failures return it too, and after **maxReceiveCount** receives it moves to the **dead-letter "
        "queue**. Anything older than the **retention** period is lost.",
        icon="📬",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS)
    left, right = st.columns([1, 2.4], gap="large")
    # fmt: off
    with left:
        hours = ctrl.select("Horizon", "hours", [1, 6, 24], 6, format_func=lambda h: f"{h} h", radio=True)
        choice = load_controls(ctrl, unit="msg/s", default_preset="Flash crowd", default_peak=180, horizon_s=hours * 3600.0)
        with st.expander("Queue", expanded=True):
            qtype = ctrl.select("Queue type", "type", ["standard", "fifo"], "standard", radio=True)
            vis = ctrl.number("Visibility timeout (s)", "vis", 0, 100_000, 30, help="AWS: 0-43,200 s, default 30.")
            mrc = ctrl.number("maxReceiveCount", "mrc", 0, 5000, 5, help="AWS: 1-1,000; the DLQ takes the rest.")
            retention = ctrl.number("Retention (s)", "ret", 1, 2_000_000, 345_600, help="AWS: 60 s-14 days.")
            size = ctrl.slider("Message size (KB)", "kb", 1, 4096, 16, help="Max 256 KB (course) / 1 MiB (today).")
            s3 = ctrl.toggle("S3 pointer (extended client, up to 2 GB)", "s3", False)
            delay = ctrl.slider("Delay (s)", "delay", 0, 900, 0)
            per_msg = ctrl.toggle("Per-message delays", "msgdelay", False, help="Not allowed on FIFO queues.")
            dup = ctrl.slider("At-least-once extra deliveries", "dup", 0.0, 0.05, 0.001, 0.001, format="%.3f",
                              help="Standard queues only: the share of receives that deliver a copy again.")
            retry = ctrl.slider("Producer retries (share resent)", "retry", 0.0, 0.2, 0.0, 0.01, help="FIFO drops them (5-min dedup).")
            groups = ctrl.slider("FIFO message groups", "groups", 1, 100, 10)
            batch = ctrl.select("Batch size", "batch", [1, 10], 1, radio=True, help="FIFO: 300 msg/s, or 3,000 in 10s.")
        with st.expander("Consumers", expanded=True):
            proc = ctrl.slider("Processing time, mean (s)", "proc", 0.01, 120.0, 0.1, 0.01)
            cv = ctrl.slider("Processing time spread (CV)", "cv", 0.0, 2.0, 0.0, 0.1)
            fail = ctrl.slider("Failure rate per attempt", "fail", 0.0, 1.0, 0.0, 0.01)
            poison = ctrl.toggle("A poison message at 10 min", "poison", False, help="It fails every time.")
            mode = ctrl.select("Consumer scaling", "mode", list(MODES), "fixed", format_func=MODES.get)
            n = ctrl.slider("Consumers (start)", "n", 0, 200, 10)
            lo, hi = ctrl.slider("Min consumers", "min", 1, 200, 1), ctrl.slider("Max consumers", "max", 1, 500, 50)
            latency = ctrl.slider("Acceptable latency (s)", "latency", 1, 600, 10, help="Backlog target = this ÷ processing time.")
            depth_t = ctrl.slider("Queue-depth target", "depth_t", 10, 10_000, 100)
        with st.expander("Disruption"):
            outage = ctrl.toggle("Consumers go down", "outage", False)
            out_at = ctrl.slider("…at minute", "out_at", 0, 1440, 60)
            out_min = ctrl.slider("…for minutes", "out_min", 1, 720, 60)
    try:
        cfg = QueueConfig(
            queue_type=qtype, visibility_timeout_s=vis, retention_s=retention, delay_s=delay, per_message_delays=per_msg,
            max_receive_count=mrc, message_kb=size, s3_pointer=s3, processing_s=proc, processing_cv=cv,
            failure_rate=fail, duplicate_rate=dup, producer_retry_rate=retry, batch_size=batch, message_groups=groups,
            poison_at_s=600.0 if poison else None, scaling=mode, min_consumers=min(lo, hi), max_consumers=hi,
            consumers=min(max(n, lo), hi) if mode in ("backlog", "depth") else n, acceptable_latency_s=latency,
            depth_target=depth_t, outage_start_s=out_at * 60.0, outage_s=out_min * 60.0 if outage else 0.0,
            horizon_s=hours * 3600.0, rules=s.rules)
    except ValueError as exc:
        page.config_error(exc)
        cfg = QueueConfig(horizon_s=hours * 3600.0, rules=s.rules)
    # fmt: on
    result = run(cfg, choice.trace, s.seed)
    k = summary(result)
    with right:
        for col, (label, value, why) in zip(st.columns(5), [
            ("Peak visible", compact(k["peak_visible"]), "Most messages waiting at once."),
            ("Oldest message", duration(k["peak_age_s"]), "Peak ApproximateAgeOfOldestMessage."),
            ("Duplicate deliveries", compact(k["duplicates"]), "Deliveries of a message already being processed."),
            ("Dead-lettered", compact(k["dead_lettered"]), "Moved to the DLQ after maxReceiveCount receives."),
            ("Expired (lost)", compact(k["expired"]), "Waited longer than the retention period."),
        ], strict=True):  # fmt: skip
            col.metric(label, value, help=why)
        if k["throttled"]:
            st.warning(f"{k['throttled']:,.0f} sends refused: a FIFO queue takes {cfg.fifo_limit:,.0f} msg/s.")
        target = cfg.backlog_target if cfg.scaling == "backlog" else None
        fig = queue_figure(result.frame, result.events, reduced_motion=s.reduced_motion, target=target)
        page.chart(fig, "sqs.chart")
        st.caption(
            f"{choice.label}; {cfg.queue_type} queue, visibility {cfg.visibility_timeout_s:,.0f} s vs processing "
            f"≈ {cfg.processing_s:g} s, max message {cfg.max_message_kb:,} KB. Triangles mark events: scaling "
            "with the backlog numbers, the first redeliveries, dead-letters and expiries."
        )
    page.events_panel(result.events)
    st.subheader("SNS fan-out: one topic, a copy per subscriber")
    a, b = st.columns([1, 2.4], gap="large")
    slow = ctrl.slider("Analytics consumer time (s)", "fan_slow", 0.01, 2.0, 0.5, 0.01, where=a, help="2 consumers.")
    rate = ctrl.slider("Published (msg/s)", "fan_rate", 1, 200, 30, where=a)
    ctrl.notices()
    fan = FanoutConfig.example(slow, rules=s.rules)
    with b:
        page.chart(fanout_figure(run_fanout(fan, float(rate), s.seed).extra["subscribers"]), "sqs.fanout")
    b.caption(FANOUT_NOTE)
    page.editions_panel("queues", s.rules)


main()
