"""The run as CSV: one row per step, every column, units in the header names."""

from __future__ import annotations

import io

import pandas as pd

from engine.autoscaling import GroupConfig, simulate
from engine.load import preset
from views.exports import csv_columns, events_csv, frame_csv


def test_headers_carry_units_and_names_that_already_do_are_kept() -> None:
    units = {
        "t_s": "s",
        "cpu_pct": "%",
        "latency_ms": "ms",
        "desired": "instances",
        "load_rps": "req/s",
        "cost_usd": "USD",
        "queued": "requests",
        "datapoint": "metric",
        "served": "req/s",
    }
    assert csv_columns(list(units), units) == {
        "t_s": "t_s",
        "cpu_pct": "cpu_pct",
        "latency_ms": "latency_ms",
        "desired": "desired_instances",
        "load_rps": "load_rps",
        "cost_usd": "cost_usd",
        "queued": "queued_requests",
        "datapoint": "datapoint",
        "served": "served_rps",
    }


def test_the_results_csv_is_the_frame_and_the_event_log_reads_back() -> None:
    r = simulate(GroupConfig(), preset("Flash crowd"), seed=1)
    frame = pd.read_csv(io.BytesIO(frame_csv(r)))
    assert len(frame) == len(r.frame)
    assert "desired_instances" in frame.columns and "cpu_pct" in frame.columns and "latency_ms" in frame.columns
    assert (frame["desired_instances"].to_numpy() == r.frame["desired"].to_numpy()).all()
    events = pd.read_csv(io.BytesIO(events_csv(r)))
    assert len(events) == len(r.events) and list(events["kind"]) == list(r.events["kind"])
