"""Amazon MQ vs SQS figures: the same producers through a broker and through SQS, animated."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from engine.core import Result
from engine.mq import EXTENDED_CLIENT_MAX_GB, SQS_FIFO_BATCHED, SQS_FIFO_TPS
from views.animation import Panel, Ref, Trace, animated_figure
from views.style import COLORS, unit_for

__all__ = ["comparison_figure", "decision_table"]


def comparison_figure(result: Result, *, reduced_motion: bool = False) -> go.Figure:
    """Sent vs delivered, backlog, latency (s) and cost so far, Amazon MQ solid and SQS dashed,
    each quantity in its own colour (as on every page)."""
    f = result.frame.assign(
        broker_latency_s=result.frame["broker_latency_ms"] / 1000, sqs_latency_s=result.frame["sqs_latency_ms"] / 1000
    )
    cap = result.config.broker.throughput
    # latency is drawn in seconds: a saturated broker's wait runs to minutes
    units = {**result.units, "broker_latency_s": "s", "sqs_latency_s": "s"}
    return animated_figure(
        f,
        [
            Panel.of(
                Trace("sent", style="area", agg="mean", name="Sent by producers", color=COLORS["demand"]),
                Trace("broker_delivered", agg="mean"),
                Trace("sqs_delivered", style="dash", agg="mean"),
                title=f"Messages ({unit_for('sent', units)})",
                refs=(Ref(cap, "broker throughput", COLORS["capacity"]),),
                height=1.2,
            ),
            Panel.of(
                Trace("broker_backlog", agg="max"),
                Trace("sqs_backlog", style="dash", agg="max"),
                title=f"Backlog ({unit_for('broker_backlog', units)})",
            ),
            Panel.of(
                Trace(
                    "broker_latency_s", agg="max", name="Amazon MQ latency", color=COLORS["latency"], quantity="latency"
                ),
                Trace(
                    "sqs_latency_s",
                    style="dash",
                    agg="max",
                    name="SQS latency",
                    color=COLORS["latency"],
                    quantity="latency",
                ),
                title=f"Latency ({unit_for('broker_latency_s', units)})",
            ),
            Panel.of(
                Trace("broker_cost_usd", agg="last"),
                Trace("sqs_cost_usd", style="dash", agg="last"),
                title=f"Cost so far ({unit_for('broker_cost_usd', units)})",
                height=0.8,
            ),
        ],
        units=units,
        events=result.events[result.events["t_s"] > 0] if len(result.events) else None,
        reduced_motion=reduced_motion,
        max_frames=30,
        max_points=200,
    )


def decision_table(rules: str, max_kb: float) -> pd.DataFrame:
    """The side-by-side comparison a learner decides with (course notes, aws-facts §4)."""
    today = rules != "course"
    protocols = "JMS, AMQP 1.0, MQTT, OpenWire, STOMP (ActiveMQ)" + ("; AMQP 0-9-1 only (RabbitMQ)" if today else "")
    rows = [
        ("Protocols / API", f"Industry standards: {protocols}", "The SQS API over HTTPS (AWS SDKs)"),
        ("Best for", "Lift and shift: an existing app keeps its messaging code", "New applications built from scratch"),
        (
            "Throughput",
            "Bounded by the broker's instance type",
            f"Standard: nearly unlimited; FIFO {SQS_FIFO_TPS:,.0f} msg/s, {SQS_FIFO_BATCHED:,.0f} batched",
        ),
        ("Scaling", "Choose a bigger instance (a restart); you size it", "Automatic: nothing to size"),
        (
            "Availability",
            "Single instance, or active/standby across two AZs"
            + (" (ActiveMQ); single instance or a three-node cluster (RabbitMQ)" if today else ""),
            "Managed across AZs, nothing to set up",
        ),
        (
            "Max message",
            "Broker-dependent (large messages slow persistence)",
            f"{max_kb:,.0f} KB; {EXTENDED_CLIENT_MAX_GB} GB via the Extended Client and S3",
        ),
        (
            "Cost model",
            "Per broker-hour (× 2 for active/standby"
            + (", × 3 for a RabbitMQ cluster" if today else "")
            + ") + storage",
            "Per million requests; batching cuts requests",
        ),
    ]
    return pd.DataFrame(rows, columns=["", "Amazon MQ", "SQS"])
