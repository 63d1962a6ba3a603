"""SQS & SNS lab: queue depth, visibility timeout, DLQ, FIFO, retention, consumers on backlog, fan-out."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import streamlit as st

from engine.core import Result, format_duration, format_number
from engine.eventbridge import PatternError
from engine.queues import QueueConfig, simulate
from engine.queues.limits import (
    DEFAULT_RETENTION_S,
    DEFAULT_VISIBILITY_S,
    FIFO_BATCH_TPS,
    FIFO_TPS,
    MAX_BATCH,
    MAX_DELAY_S,
    MAX_MESSAGE_KB,
    MAX_RECEIVE_COUNT,
    MAX_RETENTION_S,
    MAX_VISIBILITY_S,
    MIN_RETENTION_S,
)
from engine.queues.sns import (
    HTTP_RETRIES,
    HTTP_RETRY_DELAY_S,
    HTTP_RETRY_TOTAL_S,
    FanoutConfig,
    Subscription,
    simulate_fanout,
)
from engine.queues.sns_policy import MAX_COMBINATIONS, MAX_KEYS, SCOPES, parse_policy
from views import compare, exports, page
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls
from views.queues.compare import SPEC
from views.queues.figures import fanout_figure, queue_figure
from views.queues.knobs import KNOBS
from views.queues.presets import PRESETS
from views.sweep import sweep_panel

P = "queues"
MODES = {
    "fixed": "Fixed fleet",
    "backlog": "Backlog per instance",
    "depth": "Raw queue depth",
    "lambda": "Lambda poller",
}
WEBHOOK = "webhook (HTTP/S)"
SCOPE_LABELS = {"MessageAttributes": "attributes", "MessageBody": "body"}
WEBHOOK_POLICY = '{\n  "type": ["order"],\n  "store": [{"prefix": "eu-"}]\n}'
# fmt: off
FANOUT_NOTE = ("Filter policies: orders get type=order (60 %), refunds type=refund (10 %), analytics all, the webhook "
               "what its policy accepts (measured on a seeded batch of the published messages). Each SQS subscriber "
               "has 2 consumers: when analytics is slower than its share, only its queue grows. A webhook that is "
               "down gets each copy retried by its delivery policy, then the copy goes to its DLQ or is discarded.")
POLICY_HELP = (f"A JSON filter policy on the message attributes (type, store, price_usd, channel, coupon) or the body "
               '({"type", "store", "order": {"price_usd", "currency"}, "customer": {"tier", "ip"}}): exact values, '
               f"prefix, suffix, numeric, anything-but, exists, cidr, $or; at most {MAX_KEYS} keys and "
               f"{MAX_COMBINATIONS} value combinations. Empty: no policy, every message. On AWS a changed policy "
               "can take up to 15 min to take effect; here it applies at once.")
# fmt: on


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(cfg, trace, seed):  # type: ignore[no-untyped-def]
    """The queue engine call (cached per scenario)."""
    return simulate(cfg, trace, seed=seed)


@page.simulation_cache(max_entries=16, show_spinner=False)
def run_fanout(c, rate, seed):  # type: ignore[no-untyped-def]
    """The SNS fan-out engine call (cached per scenario)."""
    return simulate_fanout(c, rate, seed=seed)


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
        icon=":material/mail:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.4], gap="large")
    # fmt: off
    with left:
        hours = ctrl.select("Horizon", "hours", [1, 6, 24], 6, format_func=lambda h: f"{h} h", radio=True)
        choice = load_controls(ctrl, unit="msg/s", default_preset="Flash crowd", default_peak=180, horizon_s=hours * 3600.0)
        with st.expander("Queue", expanded=True):
            qtype = ctrl.select("Queue type", "type", ["standard", "fifo"], "standard", radio=True)
            vis = ctrl.number("Visibility timeout (s)", "vis", 0, 100_000, DEFAULT_VISIBILITY_S,
                              help=f"AWS: 0-{MAX_VISIBILITY_S:,} s, default {DEFAULT_VISIBILITY_S}.")
            mrc = ctrl.number("maxReceiveCount", "mrc", 0, 5000, 5,
                              help=f"AWS: 1-{MAX_RECEIVE_COUNT:,}; the DLQ takes the rest.")
            retention = ctrl.number("Retention (s)", "ret", 1, 2_000_000, DEFAULT_RETENTION_S,
                                    help=f"AWS: {format_duration(MIN_RETENTION_S)}-{format_duration(MAX_RETENTION_S)}.")
            size = ctrl.slider("Message size (KB)", "kb", 1, 4096, 16,
                               help=f"Max {MAX_MESSAGE_KB['course']} KB (course) / "
                                    f"{MAX_MESSAGE_KB['aws-today']:,} KB (today).")
            s3 = ctrl.toggle("S3 pointer (extended client, up to 2 GB)", "s3", False)
            delay = ctrl.slider("Delay (s)", "delay", 0, MAX_DELAY_S, 0)
            per_msg = ctrl.toggle("Per-message delays", "msgdelay", False, help="Not allowed on FIFO queues.")
            dup = ctrl.slider("At-least-once extra deliveries", "dup", 0.0, 0.05, 0.001, 0.001, format="%.3f",
                              help="Standard queues only: the share of receives that deliver a copy again.")
            retry = ctrl.slider("Producer retries (share resent)", "retry", 0.0, 0.2, 0.0, 0.01, help="FIFO drops them (5-min dedup).")
            groups = ctrl.slider("FIFO message groups", "groups", 1, 100, 10)
            batch = ctrl.select("Batch size", "batch", [1, MAX_BATCH], 1, radio=True,
                                help=f"FIFO: {FIFO_TPS:,.0f} msg/s, or {FIFO_BATCH_TPS:,.0f} in {MAX_BATCH}s.")
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
        with ctrl.group("Disruption"):
            outage = ctrl.toggle("Consumers go down", "outage", False)
            out_at = ctrl.slider("…at minute", "out_at", 0, 1440, 60)
            out_min = ctrl.slider("…for minutes", "out_min", 1, 720, 60)
        versus = compare.controls(ctrl, KNOBS)
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
    guide.reveal(result)
    k = result.summary.iloc[0]
    with right:
        for col, (label, value, why) in zip(st.columns(5), [
            ("Peak visible", format_number(k["peak_visible"]), "Most messages waiting at once."),
            ("Oldest message", format_duration(k["peak_age_s"]), "Peak ApproximateAgeOfOldestMessage."),
            ("Duplicate deliveries", format_number(k["duplicates_total"]),
             "Deliveries of a message already being processed."),
            ("Dead-lettered", format_number(k["dead_lettered_total"]),
             "Moved to the DLQ after maxReceiveCount receives."),
            ("Expired (lost)", format_number(k["expired_total"]), "Waited longer than the retention period."),
        ], strict=True):  # fmt: skip
            col.metric(label, value, help=why)
        if k["throttled_total"]:
            st.warning(f"{k['throttled_total']:,.0f} sends refused: a FIFO queue takes {cfg.fifo_limit:,.0f} msg/s.")
        page.chart(page.figure(queue_figure, result, reduced_motion=s.reduced_motion), f"{P}.chart")
        st.caption(
            f"{choice.label}; {cfg.queue_type} queue, visibility {cfg.visibility_timeout_s:,.0f} s vs processing "
            f"≈ {cfg.processing_s:g} s, max message {cfg.max_message_kb:,} KB. Triangles mark events: scaling "
            "with the backlog numbers, the first redeliveries, dead-letters and expiries."
        )
        compare.panel(versus, cfg, choice.trace, s.seed, run, SPEC, result=result)
    sweep_panel(P, "queues", cfg, choice.trace, s.seed, KNOBS)
    page.events_panel(result.events, chart=f"{P}.chart")
    st.subheader("SNS fan-out: one topic, a copy per subscriber")
    tiles = st.container()
    a, b = st.columns([1, 2.4], gap="large")
    with a:
        slow = ctrl.slider("Analytics consumer time (s)", "fan_slow", 0.01, 2.0, 0.5, 0.01, help="2 consumers.")
        rate = ctrl.slider("Published (msg/s)", "fan_rate", 1, 200, 30)
        with st.expander(":material/filter_alt: Webhook filter policy", expanded=True):
            text = ctrl.text("Filter policy (JSON)", "fan_policy", WEBHOOK_POLICY, area=True, height=130,
                             max_chars=4000, help=POLICY_HELP)  # fmt: skip
            scope = ctrl.select("FilterPolicyScope", "fan_scope", list(SCOPES), SCOPES[0], format_func=SCOPE_LABELS.get,
                                radio=True, help="Match the message attributes, or the JSON message body.")  # fmt: skip
        with ctrl.group(":material/replay: Webhook outage, delivery retries and DLQ", key="fan_outage"):
            down = ctrl.toggle("The webhook endpoint goes down", "fan_down", False)
            down_at = ctrl.slider("…at minute", "fan_down_at", 0, 59, 10)
            down_s = ctrl.slider("…for seconds", "fan_down_s", 10, 1800, 100, 10)
            retries = ctrl.number("Retries of a failed delivery", "fan_retries", 0, 100, HTTP_RETRIES,
                                  help=f"SNS default HTTP/S policy: {HTTP_RETRIES} retries.")  # fmt: skip
            delay = ctrl.number("Seconds between retries", "fan_delay", 1, int(HTTP_RETRY_TOTAL_S),
                                int(HTTP_RETRY_DELAY_S), help=f"Default {HTTP_RETRY_DELAY_S:g} s; retries x delay "
                                f"may be at most {HTTP_RETRY_TOTAL_S:,.0f} s (the HTTP/S policy's hard limit).")  # fmt: skip
            dlq = ctrl.toggle("Dead-letter queue on the subscription", "fan_dlq", False,
                              help="Without one, a copy that runs out of retries is discarded.")  # fmt: skip
    ctrl.notices()
    with tiles:
        hook = webhook(text, scope, down_at * 60.0 if down else None, float(down_s), int(retries), float(delay), dlq)
    example = FanoutConfig.example(slow, rules=s.rules)
    fan = replace(example, subscriptions=(*example.subscriptions, hook))
    fres = run_fanout(fan, float(rate), s.seed)
    mine, published = page.derived(subscriber_totals, fres, WEBHOOK)
    with tiles:
        waiting = mine["failed"] - mine["retried"] - mine["dead_lettered"] - mine["discarded"]
        for col, (label, value, why) in zip(st.columns(5), [
            ("Webhook: passed its filter", format_number(round(mine["matched"])),
             f"Copies its filter policy accepted, of {published:,.0f} published."),
            ("Failed first tries", format_number(round(mine["failed"])), "Deliveries while the endpoint was down."),
            ("Delivered by a retry", format_number(round(mine["retried"])), "A retry found the endpoint up."),
            ("Webhook → DLQ", format_number(round(mine["dead_lettered"])),
             "Ran out of retries; kept in the subscription's dead-letter queue."),
            ("Webhook discarded", format_number(round(mine["discarded"])), "Ran out of retries, no DLQ: lost."),
        ], strict=True):  # fmt: skip
            col.metric(label, value, help=why)
        if waiting > 0.5:
            st.caption(f"{waiting:,.0f} copies are still waiting for a retry when the run ends.")
    with b:
        page.chart(page.figure(fanout_figure, fres), f"{P}.fanout")
        st.caption(FANOUT_NOTE)
    page.events_panel(fres.events, title="SNS fan-out: what happened, and why", chart=f"{P}.fanout")
    page.editions_panel("queues", s.rules)
    exports.panel(P, ctrl, result, choice.trace, more=(fres,))


def subscriber_totals(fres: Result, name: str) -> tuple[pd.Series, float]:
    """The fan-out run's totals for subscriber ``name`` (matched, failed, retried …) and the
    messages published: read once per (cached, shared) run."""
    subs = fres.extra["subscribers"]
    return subs[subs["subscriber"] == name].sum(numeric_only=True), float(fres.frame["published"].sum())


def webhook(
    text: str, scope: str, down_at_s: float | None, down_s: float, retries: int, delay_s: float, dlq: bool
) -> Subscription:
    """The page's HTTP/S subscriber. A policy SNS would refuse is named (the webhook then has none:
    every message); a delivery policy over the 3,600 s limit is named too (the default one is used)."""
    policy = text.strip() or None
    if policy is not None:
        try:
            parse_policy(policy, scope)
            policy = json.dumps(json.loads(policy))  # one line in the event log
        except PatternError as exc:
            st.error(
                f"Invalid filter policy — at `{exc.path or 'the top'}`: {exc.rule}. The webhook is shown without a "
                "filter policy (every message) until you fix it.",
                icon=":material/block:",
            )
            policy = None
    outage = {"down_at_s": down_at_s, "down_s": down_s, "dlq": dlq}
    try:
        return Subscription(WEBHOOK, "http", filter_policy=policy, filter_scope=scope, retries=retries,
                            retry_delay_s=delay_s, **outage)  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        return Subscription(WEBHOOK, "http", filter_policy=policy, filter_scope=scope, **outage)


main()
