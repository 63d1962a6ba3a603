"""Downstream of a Kinesis stream: Firehose buffering (aws-facts §2.2, §9).

Records collect in a buffer and are delivered to the destination when the buffer reaches
``BufferingHints.SizeInMBs`` or has waited ``IntervalInSeconds``, whichever comes first (the
ranges, which differ by edition, are in :mod:`engine.kinesis.limits`).

>>> r = firehose(FirehoseConfig(buffer_mb=5, interval_s=300), np.full(600, 0.1), dt_s=1.0)
>>> int(r.frame["deliveries"].sum()), r.events["kind"].tolist()
(12, ['delivery'])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from engine.core import Column, EventLog, Result, Schema, check_choice, check_range, format_clock, format_duration
from engine.kernel.layout import columns
from engine.kinesis.layout import DELIVERED_BY, FH
from engine.kinesis.limits import (
    EDITION,
    FIREHOSE_BUFFER_MB,
    FIREHOSE_DEFAULT_BUFFER_MB,
    FIREHOSE_DEFAULT_INTERVAL_S,
    FIREHOSE_DESTINATIONS,
    FIREHOSE_MAX_INTERVAL_S,
    MIB,
)
from engine.rules import check_edition

__all__ = ["FIREHOSE_FRAME", "FirehoseConfig", "firehose"]

FIREHOSE_FRAME = Schema(
    Column("t_s", "s", "start of the step"),
    Column("incoming_mb", "MiB/s", "data arriving from the stream"),
    Column("buffer_mb", "MiB", "data waiting in the buffer at the end of the step"),
    Column("delivered_mb", "MiB", "data delivered to the destination in this step"),
    Column("deliveries", "batches", "batches delivered in this step"),
    Column("delivered_total_mb", "MiB", "data delivered since the start"),
)


@dataclass(frozen=True)
class FirehoseConfig:
    """Buffering hints of one delivery stream (aws-facts §2.2; defaults 5 MiB and 300 s)."""

    rules: str = "course"
    buffer_mb: float = FIREHOSE_DEFAULT_BUFFER_MB
    interval_s: float = FIREHOSE_DEFAULT_INTERVAL_S
    destination: str = "S3"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_range("buffer_mb", self.buffer_mb, *FIREHOSE_BUFFER_MB, unit="MiB")
        shortest = EDITION[self.rules].firehose_min_interval_s
        check_range("interval_s", self.interval_s, shortest, FIREHOSE_MAX_INTERVAL_S, unit="s")
        check_choice("destination", self.destination, FIREHOSE_DESTINATIONS)


@njit(cache=True, nogil=True)
def _buffer(inflow, dt, size, interval, out):  # type: ignore[no-untyped-def]
    """Per step: fill, deliver whole ``size`` batches, deliver the rest when ``interval`` has
    passed; ``out[t, FH.*]``."""
    buf, waited = 0.0, 0.0
    for t in range(inflow.shape[0]):
        if buf <= 0.0:
            waited = 0.0
        buf += inflow[t] * dt
        waited += dt
        n = 0
        delivered = 0.0
        reason = DELIVERED_BY.NOTHING
        if buf >= size * (1.0 - 1e-12):
            k = np.floor(buf / size + 1e-9)
            n += int(k)
            x = min(k * size, buf)
            delivered += x
            buf = max(buf - x, 0.0)
            waited = 0.0 if buf <= 1e-12 else dt
            reason = DELIVERED_BY.SIZE
        if buf > 1e-12 and waited >= interval:
            n += 1
            delivered += buf
            buf = 0.0
            reason = DELIVERED_BY.INTERVAL if reason == DELIVERED_BY.NOTHING else DELIVERED_BY.BOTH
        out[t, FH.BUFFER_MB], out[t, FH.DELIVERED_MB] = buf, delivered
        out[t, FH.DELIVERIES], out[t, FH.REASON] = n, reason


def _first_deliveries(config: FirehoseConfig, t: np.ndarray, delivered: np.ndarray, reason: np.ndarray) -> EventLog:
    """One event for the first delivery by size and one for the first by interval."""
    log = EventLog()
    size, interval = f"{config.buffer_mb:g} MiB", format_duration(config.interval_s)
    seen: set[int] = set()
    for i in np.nonzero(reason > DELIVERED_BY.NOTHING)[0]:
        by = DELIVERED_BY.SIZE if int(reason[i]) & DELIVERED_BY.SIZE else DELIVERED_BY.INTERVAL
        if by in seen:
            continue
        seen.add(by)
        if by == DELIVERED_BY.SIZE:
            what, why = "size", f"the buffer reached {size} before {interval} passed"
        else:
            what, why = "interval", f"{interval} passed before the buffer reached {size}"
        log.add(t[i], "delivery", f"first delivery by {what} at {format_clock(t[i])}: {why}; "
                f"{delivered[i]:,.2f} MiB to {config.destination}")  # fmt: skip
    return log


def firehose(config: FirehoseConfig, stream: Result | np.ndarray, *, dt_s: float | None = None) -> Result:
    """Buffer a stream's accepted bytes (a Kinesis :class:`Result`, or MiB/s on a grid with ``dt_s``)."""
    if isinstance(stream, Result):
        frame = stream.frame
        t = frame["t_s"].to_numpy()
        inflow = frame["accepted_records"].to_numpy() * stream.config.bytes_per_record / MIB
        dt = stream.config.dt_s
    else:
        if dt_s is None:
            raise ValueError("dt_s is needed when the inflow is an array")
        inflow = np.asarray(stream, dtype=np.float64)
        dt = float(dt_s)
        t = np.arange(len(inflow)) * dt
    out = np.zeros((len(inflow), len(FH)))
    _buffer(inflow, dt, float(config.buffer_mb), float(config.interval_s), out)
    col = columns(out, FH, axis=1)
    log = _first_deliveries(config, t, col["delivered_mb"], col["reason"])
    frame = FIREHOSE_FRAME.frame(
        {
            "t_s": t,
            "incoming_mb": inflow,
            "buffer_mb": col["buffer_mb"],
            "delivered_mb": col["delivered_mb"],
            "deliveries": col["deliveries"],
            "delivered_total_mb": np.cumsum(col["delivered_mb"]),
        }
    )
    return Result(frame=frame, events=log.frame(), config=config, units=FIREHOSE_FRAME.units())
