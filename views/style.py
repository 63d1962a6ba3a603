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
    "forecast_band": Label("Forecast spread", "req/s", "forecast"),
    "serving": Label("Serving", "instances", "served"),
    "datapoint": Label("Alarm datapoint", "metric", "target"),
    "min_size": Label("Min size", "instances", "event"),
    "max_size": Label("Max size", "instances", "event"),
    "size": Label("Instance size", "rung", "capacity"),
    # --- kinesis ---
    "incoming_records": Label("Incoming", "records/s", "demand"),
    "incoming_bytes": Label("Incoming", "bytes/s", "demand"),
    "accepted_records": Label("Accepted", "records/s", "served"),
    "throttled_records": Label("Throttled", "records/s", "throttled"),
    "lost_records": Label("Lost", "records/s", "lost"),
    "shards": Label("Open shards", "shards", "capacity"),
    "iterator_age_s": Label("Iterator age", "s", "latency"),
    "utilization_pct": Label("Utilisation", "%", "utilization"),
    "produced_records": Label("Produced", "records/s", "demand"),
    "retried_records": Label("Retried", "records/s", "pending"),
    "pending_retries": Label("Waiting to retry", "records", "pending"),
    "write_capacity_records": Label("Write limit of open shards", "records/s", "capacity"),
    "max_utilization_pct": Label("Busiest shard", "%", "utilization"),
    "read_records": Label("Read by consumer", "records/s", "served"),
    "expired_records": Label("Expired unread", "records/s", "lost"),
    "unread_records": Label("Unread", "records", "queued"),
    "incoming_mb": Label("Into Firehose", "MiB/s", "demand"),
    "buffer_mb": Label("Firehose buffer", "MiB", "queued"),
    "delivered_mb": Label("Delivered batch", "MiB", "served"),
    "delivered_total_mb": Label("Delivered so far", "MiB", "served"),
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
    "read_requests": Label("Reads offered", "req/s", "demand"),
    "write_requests": Label("Writes offered", "req/s", "demand"),
    "dax_hits": Label("DAX cache hits", "req/s", "alt"),
    "served_reads": Label("Reads served by the table", "req/s", "served"),
    "served_writes": Label("Writes served", "req/s", "served"),
    "gsi_throttled_writes": Label("Writes throttled by the GSI", "req/s", "lost"),
    "storage_gb": Label("Stored data", "GB", "queued"),
    "read_latency_ms": Label("Mean read latency", "ms", "latency"),
    "cost_provisioned_usd": Label("Provisioned cost so far", "USD", "capacity"),
    "cost_on_demand_usd": Label("On-demand cost so far", "USD", "demand"),
    "dax_hit_pct": Label("DAX hit ratio", "%", "served"),
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
    "send_throttled": Label("Sends refused (FIFO limit)", "msg/s", "throttled"),
    "deduplicated": Label("Deduplicated (FIFO)", "msg/s", "forecast"),
    "delayed": Label("Delayed", "messages", "forecast"),
    "metric": Label("Scaling metric", "", "utilization"),
    "out_of_order": Label("Out of order", "msg/s", "alt"),
    # --- serverless ---
    "invocations": Label("Invocations", "req/s", "served"),
    "environments": Label("Environments (warm)", "environments", "alt"),
    "limit": Label("Scaling ceiling", "environments", "target"),
    "async_waiting": Label("Async events waiting", "events", "queued"),
    "async_dropped": Label("Async events dropped", "events", "lost"),
    "concurrency": Label("Concurrency", "environments", "capacity"),
    "cold_starts": Label("Cold starts", "per step", "pending"),
    "duration_ms": Label("Duration", "ms", "latency"),
    # --- coupling ---
    "sync_served": Label("Answered", "req/s", "served"),
    "sync_failed": Label("Failed", "req/s", "throttled"),
    "sync_waiting": Label("Web threads held", "requests", "pending"),
    "sync_latency_s": Label("Latency", "s", "latency"),
    "sync_lost": Label("Requests lost", "requests", "lost"),
    "queue_sent": Label("Sent to the queue", "msg/s", "demand"),
    "queue_done": Label("Processed", "msg/s", "served"),
    "queue_visible": Label("Waiting in the queue", "messages", "queued"),
    "queue_oldest_s": Label("Oldest message", "s", "latency"),
    "queue_lost": Label("Expired", "messages", "lost"),
    "workers": Label("Workers", "workers", "capacity"),
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
    # step functions
    "started": Label("Started", "executions", "demand"),
    "in_progress": Label("Running", "executions", "capacity"),
    "succeeded": Label("Succeeded (total)", "executions", "served"),
    "failed": Label("Failed (total)", "executions", "throttled"),
    "timed_out": Label("Timed out (total)", "executions", "lost"),
    "not_started": Label("Not started yet", "executions", "queued"),
    "running": Label("Running", "jobs", "capacity"),
    "runnable": Label("Runnable (waiting)", "jobs", "queued"),
    "vcpus": Label("vCPUs", "vCPU", "capacity"),
    # aws batch
    "arrived": Label("Submitted (total)", "jobs", "demand"),
    "submitted": Label("SUBMITTED", "jobs", "demand"),
    "jobs_succeeded": Label("SUCCEEDED (total)", "jobs", "served"),
    "jobs_failed": Label("FAILED (total)", "jobs", "throttled"),
    "interrupted": Label("Spot-interrupted", "jobs", "lost"),
    "vcpus_used": Label("vCPUs used", "vCPU", "utilization"),
    # emr
    "core_nodes": Label("Core nodes (HDFS)", "nodes", "capacity"),
    "task_nodes": Label("Task nodes", "nodes", "alt"),
    "pending_nodes": Label("Nodes launching", "nodes", "pending"),
    "work_left_h": Label("Work left", "node-h", "queued"),
    "hdfs_gb": Label("Data in HDFS", "GB", "demand"),
    "rereplication_h": Label("Block copies to do", "node-h", "pending"),
    "recomputed_h": Label("Work redone (total)", "node-h", "throttled"),
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
