"""One palette and one dictionary of labels and units for every quantity the labs plot.

Colours are the Okabe-Ito colour-blind-safe palette, assigned per *kind of quantity* so that
"demand" is the same blue and "throttled" the same vermillion on every page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["COLORS", "LABELS", "PAGE_CSS", "PALETTE", "Label", "axis_title", "color_for", "label_for", "unit_for"]

# Page styles, sent with the chart element (views.plotly_chart) so every page that draws a chart
# or warms the chart bundle gets them. Streamlit cuts a preset button's label, a metric's label and
# its value with an ellipsis when they do not fit their column ("Scale up for a launch, then
# dow…", "Oldest messa…", "1.30…"): here they wrap instead, and a metric's value shrinks with the
# window so a number is never cut. tests/e2e/test_fit.py checks no such text is cut. The page's
# top padding is 3.5rem instead of Streamlit's 6rem: the title still clears the toolbar, and on a
# 1280 × 720 projector screen every lab's first chart starts 40 px higher.
PAGE_CSS = """
[data-testid="stMain"] [data-testid^="stBaseButton"],
[data-testid="stMain"] [data-testid^="stBaseButton"] *,
[data-testid="stMain"] [data-testid="stMetric"] label,
[data-testid="stMain"] [data-testid="stMetric"] label *,
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] *,
[data-testid="stMain"] [data-testid="stMetricDelta"],
[data-testid="stMain"] [data-testid="stMetricDelta"] * {
  white-space: normal;
  overflow: visible;
  text-overflow: clip;
  overflow-wrap: break-word;
  min-width: 0;
}
[data-testid="stMain"] [data-testid="stMetricLabel"] > span,
[data-testid="stMain"] [data-testid="stMetricLabel"] [data-testid="stTooltipIcon"],
[data-testid="stMain"] [data-testid="stMetricLabel"] [data-testid="stTooltipIcon"] * {
  flex-shrink: 0;
  min-width: 16px;
}
[data-testid="stMain"] [data-testid^="stBaseButton"] { height: auto; min-height: 2.5rem; line-height: 1.25; }
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: clamp(1.3rem, 2.1vw, 2.25rem); }
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; }
"""

PALETTE: dict[str, str] = {
    # Okabe-Ito
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#8C8C8C",
    # Paul Tol's muted scheme, for the quantities Okabe-Ito has no colour left for
    "indigo": "#332288",
    "teal": "#44AA99",
    "olive": "#999933",
    "wine": "#882255",
    "rose": "#CC6677",
    "sand": "#DDCC77",
    "silver": "#BBBBBB",
    "slate": "#4D4D4D",
}

# Kind of quantity -> colour, one colour per kind and no colour for two kinds, so a figure that
# colours its traces by kind never shows two quantities in one colour (tests/pages/
# test_chart_colours.py checks every lab's charts). Pages and figures ask by kind, never by hex.
COLORS: dict[str, str] = {
    "demand": PALETTE["blue"],  # offered load, requests/records/messages sent
    "capacity": PALETTE["green"],  # what the system can take per second (req/s, WCU, shard limit)
    "served": PALETTE["teal"],  # what it did take: served, accepted, delivered
    "instances": PALETTE["indigo"],  # counts of machines, shards, consumers, workers: desired
    "in_service": PALETTE["sky"],  # instances in service, environments warm
    "pending": PALETTE["olive"],  # launching, warming, retries waiting
    "throttled": PALETTE["vermillion"],  # dropped, throttled, refused
    "lost": PALETTE["black"],  # gone for good: expired, dead-lettered
    "queued": PALETTE["purple"],  # queue depth, backlog, buffer
    "latency": PALETTE["wine"],  # latency, age of the oldest message, iterator age
    "utilization": PALETTE["orange"],  # CPU and other % of capacity in use
    "cost": PALETTE["grey"],
    "forecast": PALETTE["silver"],
    "target": PALETTE["black"],  # reference lines (targets, limits); not a plotted quantity
    "event": PALETTE["slate"],  # event markers
    "alt": PALETTE["rose"],  # a second quantity of one kind beside the first (cache hits, …)
    "extra": PALETTE["sand"],  # a third one
}


class Label(NamedTuple):
    """How a column is shown: a human title and the kind of quantity (for colour). Its unit is
    not here: the engine declares each column's unit once, and figures read it from
    ``Result.units``."""

    title: str
    kind: str


LABELS: dict[str, Label] = {
    # shared
    "t_s": Label("Time", "event"),
    "load": Label("Load", "demand"),
    "load_rps": Label("Demand", "demand"),
    "cost_usd": Label("Cost so far", "cost"),
    # --- autoscaling ---
    "desired": Label("Desired capacity", "instances"),
    "in_service": Label("In service", "in_service"),
    "pending": Label("Pending (launching)", "pending"),
    "warming": Label("Warming up", "pending"),
    "capacity_rps": Label("Capacity", "capacity"),
    "cpu_pct": Label("Average CPU", "utilization"),
    "served_rps": Label("Served", "served"),
    "dropped_rps": Label("Dropped", "throttled"),
    "queued": Label("Queued requests", "queued"),
    "latency_ms": Label("Latency", "latency"),
    "forecast_rps": Label("Forecast load", "forecast"),
    "forecast_capacity": Label("Forecast capacity", "forecast"),
    "forecast_band": Label("Forecast spread", "forecast"),
    "serving": Label("Serving", "in_service"),
    "datapoint": Label("Alarm datapoint", "target"),
    "min_size": Label("Min size", "event"),
    "max_size": Label("Max size", "event"),
    "size": Label("Instance size", "instances"),
    # --- kinesis ---
    "incoming_records": Label("Incoming", "demand"),
    "incoming_bytes": Label("Incoming", "demand"),
    "accepted_records": Label("Accepted", "served"),
    "throttled_records": Label("Throttled", "throttled"),
    "lost_records": Label("Lost", "lost"),
    "shards": Label("Open shards", "instances"),
    "iterator_age_s": Label("Iterator age", "latency"),
    "utilization_pct": Label("Utilisation", "utilization"),
    "produced_records": Label("Produced", "demand"),
    "retried_records": Label("Retried", "pending"),
    "pending_retries": Label("Waiting to retry", "pending"),
    "write_capacity_records": Label("Write limit of open shards", "capacity"),
    "max_utilization_pct": Label("Busiest shard", "utilization"),
    "read_records": Label("Read by consumer", "served"),
    "expired_records": Label("Expired unread", "lost"),
    "unread_records": Label("Unread", "queued"),
    "incoming_mb": Label("Into Firehose", "demand"),
    "buffer_mb": Label("Firehose buffer", "queued"),
    "delivered_mb": Label("Delivered batch", "served"),
    "delivered_total_mb": Label("Delivered so far", "served"),
    # --- dynamodb ---
    "provisioned_rcu": Label("Provisioned RCU", "capacity"),
    "provisioned_wcu": Label("Provisioned WCU", "capacity"),
    "consumed_rcu": Label("Consumed RCU", "demand"),
    "consumed_wcu": Label("Consumed WCU", "demand"),
    "throttled_reads": Label("Throttled reads", "throttled"),
    "throttled_writes": Label("Throttled writes", "throttled"),
    "partitions": Label("Partitions", "instances"),
    "read_demand": Label("Read demand", "demand"),
    "write_demand": Label("Write demand", "demand"),
    "throttled": Label("Throttled", "throttled"),
    "read_requests": Label("Reads offered", "demand"),
    "write_requests": Label("Writes offered", "demand"),
    "dax_hits": Label("DAX cache hits", "alt"),
    "served_reads": Label("Reads served by the table", "served"),
    "served_writes": Label("Writes served", "served"),
    "gsi_throttled_writes": Label("Writes throttled by the GSI", "lost"),
    "gsi_provisioned_wcu": Label("GSI provisioned WCU", "capacity"),
    "gsi_consumed_wcu": Label("GSI consumed WCU", "demand"),
    "key_share": Label("Share of the keys", "demand"),
    "capacity_share": Label("Share of the capacity", "capacity"),
    "storage_gb": Label("Stored data", "queued"),
    "read_latency_ms": Label("Mean read latency", "latency"),
    "cost_provisioned_usd": Label("Provisioned cost so far", "cost"),
    "cost_on_demand_usd": Label("On-demand cost so far", "extra"),
    "dax_hit_pct": Label("DAX hit ratio", "alt"),
    # --- queues ---
    "sent": Label("Sent", "demand"),
    "received": Label("Received", "served"),
    "deleted": Label("Deleted (done)", "served"),
    "visible": Label("Visible", "queued"),
    "in_flight": Label("In flight", "pending"),
    "duplicates": Label("Duplicate deliveries", "throttled"),
    "dead_lettered": Label("Dead-lettered", "lost"),
    "expired": Label("Expired", "lost"),
    "oldest_age_s": Label("Age of oldest message", "latency"),
    "consumers": Label("Consumers", "instances"),
    "send_throttled": Label("Sends refused (FIFO limit)", "throttled"),
    "deduplicated": Label("Deduplicated (FIFO)", "forecast"),
    "delayed": Label("Delayed", "forecast"),
    "metric": Label("Scaling metric", "utilization"),
    "out_of_order": Label("Out of order", "alt"),
    # --- lambda ---
    "invocations": Label("Invocations", "served"),
    "environments": Label("Environments (warm)", "instances"),
    "limit": Label("Scaling ceiling", "target"),
    "async_waiting": Label("Async events waiting", "queued"),
    "rate_limited": Label("Over the request-rate quota", "lost"),
    "async_dropped": Label("Async events dropped", "lost"),
    "concurrency": Label("Concurrency", "in_service"),
    "cold_starts": Label("Cold starts", "pending"),
    "duration_ms": Label("Duration", "latency"),
    # --- coupling ---
    "sync_served": Label("Answered", "served"),
    "sync_failed": Label("Failed", "throttled"),
    "sync_timed_out": Label("Timed out (504)", "throttled"),
    "sync_refused": Label("Refused (503)", "lost"),
    "sync_wasted": Label("Worked on after the caller gave up", "pending"),
    "sync_waiting": Label("Web threads held", "pending"),
    "sync_latency_s": Label("Latency", "latency"),
    "sync_lost": Label("Requests lost", "lost"),
    "queue_sent": Label("Sent to the queue", "demand"),
    "queue_done": Label("Processed", "served"),
    "queue_visible": Label("Waiting in the queue", "queued"),
    "queue_oldest_s": Label("Oldest message", "latency"),
    "queue_lost": Label("Expired", "lost"),
    "workers": Label("Workers", "instances"),
    # --- edge, events, workflows ---
    "hit_ratio": Label("Cache hit ratio", "served"),
    "origin_rps": Label("Origin load", "demand"),
    "requests": Label("Requests", "demand"),
    "blocked_rps": Label("Blocked (geo, 403)", "lost"),
    "edge_hits_rps": Label("Edge hits", "served"),
    "stale_rps": Label("Stale hits", "pending"),
    "shield_hits_rps": Label("Origin Shield hits", "alt"),
    "origin_errors_rps": Label("Origin errors (5xx)", "throttled"),
    "offload_pct": Label("Origin offload", "alt"),
    "origin_util_pct": Label("Origin utilisation", "utilization"),
    "matched_rps": Label("Matched events", "served"),
    "events_rps": Label("Events on the bus", "demand"),
    "unmatched_rps": Label("Not matched", "forecast"),
    "delivered_rps": Label("Target deliveries", "alt"),
    "failed_rps": Label("Failed first tries", "throttled"),
    "retried_rps": Label("Delivered by a retry", "served"),
    "dlq_rps": Label("Sent to the DLQ", "queued"),
    "lost_rps": Label("Dropped after retries", "lost"),
    "retrying": Label("Copies waiting for a retry", "pending"),
    "broker_delivered": Label("Delivered via Amazon MQ", "served"),
    "broker_backlog": Label("Amazon MQ backlog", "queued"),
    "broker_rejected": Label("Refused by the broker", "throttled"),
    "broker_latency_ms": Label("Amazon MQ latency", "latency"),
    "broker_util_pct": Label("Broker load vs capacity", "utilization"),
    "sqs_delivered": Label("Delivered via SQS", "served"),
    "sqs_backlog": Label("SQS backlog", "queued"),
    "sqs_latency_ms": Label("SQS latency", "latency"),
    "broker_cost_usd": Label("Amazon MQ cost so far", "cost"),
    "sqs_cost_usd": Label("SQS cost so far", "cost"),
    "executions": Label("Executions", "demand"),
    # step functions
    "started": Label("Started", "demand"),
    "in_progress": Label("Running", "in_service"),
    "succeeded": Label("Succeeded (total)", "served"),
    "failed": Label("Failed (total)", "throttled"),
    "timed_out": Label("Timed out (total)", "lost"),
    "not_started": Label("Not started yet", "queued"),
    "running": Label("Running", "in_service"),
    "runnable": Label("Runnable (waiting)", "queued"),
    "vcpus": Label("vCPUs", "capacity"),
    # aws batch
    "arrived": Label("Submitted (total)", "demand"),
    "submitted": Label("SUBMITTED", "demand"),
    "jobs_succeeded": Label("SUCCEEDED (total)", "served"),
    "jobs_failed": Label("FAILED (total)", "throttled"),
    "interrupted": Label("Spot-interrupted", "lost"),
    "vcpus_used": Label("vCPUs used", "utilization"),
    # emr
    "core_nodes": Label("Core nodes (HDFS)", "instances"),
    "task_nodes": Label("Task nodes", "in_service"),
    "pending_nodes": Label("Nodes launching", "pending"),
    "work_left_h": Label("Work left", "queued"),
    "hdfs_gb": Label("Data in HDFS", "demand"),
    "rereplication_h": Label("Block copies to do", "pending"),
    "recomputed_h": Label("Work redone (total)", "throttled"),
}


def label_for(column: str) -> str:
    """The title of a column, or the column name made readable if it is not declared."""
    lab = LABELS.get(column)
    return lab.title if lab else column.replace("_", " ").capitalize()


def unit_for(column: str, units: Mapping[str, str]) -> str:
    """The unit the engine declared for ``column`` in ``units`` (``Result.units``; '' if none)."""
    return units.get(column, "")


def axis_title(column: str, units: Mapping[str, str]) -> str:
    """``Title (unit)`` for an axis that shows one column."""
    unit = unit_for(column, units)
    return f"{label_for(column)} ({unit})" if unit else label_for(column)


def color_for(column: str) -> str:
    """The colour of a column's kind of quantity."""
    lab = LABELS.get(column)
    return COLORS[lab.kind] if lab else PALETTE["grey"]
