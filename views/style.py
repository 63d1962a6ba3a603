"""One palette and one dictionary of labels and units for every quantity the labs plot.

Colours are the Okabe-Ito colour-blind-safe palette, assigned per *kind of quantity* so that
"demand" is the same blue and "throttled" the same vermillion on every page.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COLORS", "LABELS", "PALETTE", "Label", "axis_title", "color_for", "label_for", "unit_for"]

PALETTE: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#8C8C8C",
}

# Kind of quantity -> colour. Pages and figures ask by kind, never by hex.
COLORS: dict[str, str] = {
    "demand": PALETTE["blue"],
    "capacity": PALETTE["green"],
    "served": PALETTE["green"],
    "pending": PALETTE["orange"],
    "throttled": PALETTE["vermillion"],
    "lost": PALETTE["black"],
    "queued": PALETTE["purple"],
    "latency": PALETTE["sky"],
    "cost": PALETTE["grey"],
    "forecast": PALETTE["grey"],
    "utilization": PALETTE["orange"],
    "target": PALETTE["black"],
    "event": PALETTE["grey"],
    "alt": PALETTE["sky"],
}


class Label(NamedTuple):
    """How a column is shown: a human title, its unit and the kind of quantity (for colour)."""

    title: str
    unit: str
    kind: str


LABELS: dict[str, Label] = {
    # shared
    "t_s": Label("Time", "s", "event"),
    "load": Label("Load", "req/s", "demand"),
    "load_rps": Label("Demand", "req/s", "demand"),
    "cost_usd": Label("Cost so far", "USD", "cost"),
    # --- autoscaling ---
    "desired": Label("Desired capacity", "instances", "capacity"),
    "in_service": Label("In service", "instances", "served"),
    "pending": Label("Pending (launching)", "instances", "pending"),
    "warming": Label("Warming up", "instances", "pending"),
    "capacity_rps": Label("Capacity", "req/s", "capacity"),
    "cpu_pct": Label("Average CPU", "%", "utilization"),
    "served_rps": Label("Served", "req/s", "served"),
    "dropped_rps": Label("Dropped", "req/s", "throttled"),
    "queued": Label("Queued requests", "requests", "queued"),
    "latency_ms": Label("Latency", "ms", "latency"),
    "forecast_rps": Label("Forecast load", "req/s", "forecast"),
    "forecast_capacity": Label("Forecast capacity", "instances", "forecast"),
    # --- kinesis ---
    "incoming_records": Label("Incoming", "records/s", "demand"),
    "incoming_bytes": Label("Incoming", "bytes/s", "demand"),
    "accepted_records": Label("Accepted", "records/s", "served"),
    "throttled_records": Label("Throttled", "records/s", "throttled"),
    "lost_records": Label("Lost", "records/s", "lost"),
    "shards": Label("Open shards", "shards", "capacity"),
    "iterator_age_s": Label("Iterator age", "s", "latency"),
    "utilization_pct": Label("Utilisation", "%", "utilization"),
    # --- dynamodb ---
    "provisioned_rcu": Label("Provisioned RCU", "RCU", "capacity"),
    "provisioned_wcu": Label("Provisioned WCU", "WCU", "capacity"),
    "consumed_rcu": Label("Consumed RCU", "RCU", "demand"),
    "consumed_wcu": Label("Consumed WCU", "WCU", "demand"),
    "throttled_reads": Label("Throttled reads", "req/s", "throttled"),
    "throttled_writes": Label("Throttled writes", "req/s", "throttled"),
    "partitions": Label("Partitions", "partitions", "capacity"),
    "read_demand": Label("Read demand", "RCU", "demand"),
    "write_demand": Label("Write demand", "WCU", "demand"),
    "throttled": Label("Throttled", "req/s", "throttled"),
    # --- queues ---
    "sent": Label("Sent", "msg/s", "demand"),
    "received": Label("Received", "msg/s", "served"),
    "deleted": Label("Deleted (done)", "msg/s", "served"),
    "visible": Label("Visible", "messages", "queued"),
    "in_flight": Label("In flight", "messages", "pending"),
    "duplicates": Label("Duplicate deliveries", "msg/s", "throttled"),
    "dead_lettered": Label("Dead-lettered", "messages", "lost"),
    "expired": Label("Expired", "messages", "lost"),
    "oldest_age_s": Label("Age of oldest message", "s", "latency"),
    "consumers": Label("Consumers", "instances", "capacity"),
    # --- serverless ---
    "invocations": Label("Invocations", "req/s", "demand"),
    "concurrency": Label("Concurrency", "environments", "capacity"),
    "cold_starts": Label("Cold starts", "per step", "pending"),
    "duration_ms": Label("Duration", "ms", "latency"),
    # --- edge, events, workflows ---
    "hit_ratio": Label("Cache hit ratio", "%", "served"),
    "origin_rps": Label("Origin load", "req/s", "demand"),
    "requests": Label("Requests", "req/s", "demand"),
    "blocked_rps": Label("Blocked (geo, 403)", "req/s", "lost"),
    "edge_hits_rps": Label("Edge hits", "req/s", "served"),
    "stale_rps": Label("Stale hits", "req/s", "pending"),
    "shield_hits_rps": Label("Origin Shield hits", "req/s", "alt"),
    "origin_errors_rps": Label("Origin errors (5xx)", "req/s", "throttled"),
    "offload_pct": Label("Origin offload", "%", "alt"),
    "origin_util_pct": Label("Origin utilisation", "%", "utilization"),
    "matched": Label("Matched events", "events/s", "served"),
    "events_rps": Label("Events on the bus", "events/s", "demand"),
    "unmatched_rps": Label("Not matched", "events/s", "forecast"),
    "delivered_rps": Label("Target deliveries", "deliveries/s", "alt"),
    "broker_delivered": Label("Delivered via Amazon MQ", "msg/s", "utilization"),
    "broker_backlog": Label("Amazon MQ backlog", "messages", "utilization"),
    "broker_rejected": Label("Refused by the broker", "msg/s", "throttled"),
    "broker_latency_ms": Label("Amazon MQ latency", "ms", "utilization"),
    "broker_util_pct": Label("Broker load vs capacity", "%", "utilization"),
    "sqs_delivered": Label("Delivered via SQS", "msg/s", "alt"),
    "sqs_backlog": Label("SQS backlog", "messages", "alt"),
    "sqs_latency_ms": Label("SQS latency", "ms", "alt"),
    "broker_cost_usd": Label("Amazon MQ cost so far", "USD", "utilization"),
    "sqs_cost_usd": Label("SQS cost so far", "USD", "alt"),
    "executions": Label("Executions", "executions", "demand"),
    "running": Label("Running", "jobs", "capacity"),
    "runnable": Label("Runnable (waiting)", "jobs", "queued"),
    "vcpus": Label("vCPUs", "vCPU", "capacity"),
}


def label_for(column: str) -> str:
    """The title of a column, or the column name made readable if it is not declared."""
    lab = LABELS.get(column)
    return lab.title if lab else column.replace("_", " ").capitalize()


def unit_for(column: str) -> str:
    """The unit of a column ('' if undeclared)."""
    lab = LABELS.get(column)
    return lab.unit if lab else ""


def axis_title(column: str) -> str:
    """``Title (unit)`` for an axis."""
    unit = unit_for(column)
    return f"{label_for(column)} ({unit})" if unit else label_for(column)


def color_for(column: str) -> str:
    """The colour of a column's kind of quantity."""
    lab = LABELS.get(column)
    return COLORS[lab.kind] if lab else PALETTE["grey"]
