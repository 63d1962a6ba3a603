"""Downstream of a Kinesis stream: Firehose buffering and Analytics windows (aws-facts §2.2, §2.3).

Firehose (§2.2, §9): records collect in a buffer and are delivered to the destination when the
buffer reaches ``BufferingHints.SizeInMBs`` (1–128 MiB) or has waited ``IntervalInSeconds``
(60–900 s in the course edition, 0–900 s today), whichever comes first.

Analytics (§2.3): tumbling windows are fixed and non-overlapping (each record in exactly one);
sliding windows overlap and move on continuously. :func:`analytics_sql` gives the windowed SQL
that would compute the same table in Kinesis Data Analytics for SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

from engine.core import Column, EventLog, Result, Schema, check_choice, check_range, format_clock
from engine.kinesis import EDITION, MIB
from engine.rules import check_edition

__all__ = ["FIREHOSE_FRAME", "FirehoseConfig", "analytics_sql", "firehose", "windowed"]

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
    """Buffering hints of one delivery stream: defaults 5 MiB and 300 s (aws-facts §2.2)."""

    rules: str = "course"
    buffer_mb: float = 5.0
    interval_s: float = 300.0
    destination: str = "S3"

    def __post_init__(self) -> None:
        check_edition(self.rules)
        check_range("buffer_mb", self.buffer_mb, 1, 128, unit="MiB")
        check_range("interval_s", self.interval_s, EDITION[self.rules][5], 900, unit="s")
        check_choice("destination", self.destination, ("S3", "Redshift", "OpenSearch", "Splunk", "HTTP endpoint"))


@njit(cache=True)
def _buffer(inflow, dt, size, interval, out):
    """Per step: fill, deliver whole ``size`` batches, deliver the rest when ``interval`` has passed."""
    buf, waited = 0.0, 0.0
    for t in range(inflow.shape[0]):
        if buf <= 0.0:
            waited = 0.0
        buf += inflow[t] * dt
        waited += dt
        n = 0
        delivered = 0.0
        reason = 0.0
        if buf >= size * (1.0 - 1e-12):
            k = np.floor(buf / size + 1e-9)
            n += int(k)
            x = min(k * size, buf)
            delivered += x
            buf = max(buf - x, 0.0)
            waited = 0.0 if buf <= 1e-12 else dt
            reason = 1.0
        if buf > 1e-12 and waited >= interval:
            n += 1
            delivered += buf
            buf = 0.0
            reason = 2.0 if reason == 0.0 else 3.0
        out[t, 0], out[t, 1], out[t, 2], out[t, 3] = buf, delivered, n, reason


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
    out = np.zeros((len(inflow), 4))
    _buffer(inflow, dt, float(config.buffer_mb), float(config.interval_s), out)
    log = EventLog()
    first = {1.0: None, 2.0: None}
    for i in np.nonzero(out[:, 3] > 0)[0]:
        r = 1.0 if out[i, 3] in (1.0, 3.0) else 2.0
        if first[r] is None:
            first[r] = i
            why = (
                f"the buffer reached {config.buffer_mb:g} MiB before {config.interval_s:g} s passed"
                if r == 1.0
                else f"{config.interval_s:g} s passed before the buffer reached {config.buffer_mb:g} MiB"
            )
            log.add(t[i], "delivery", f"first delivery by {'size' if r == 1.0 else 'interval'} at "
                    f"{format_clock(t[i])}: {why}; {out[i, 1]:,.2f} MiB to {config.destination}")  # fmt: skip
    frame = FIREHOSE_FRAME.frame(
        {
            "t_s": t,
            "incoming_mb": inflow,
            "buffer_mb": out[:, 0],
            "delivered_mb": out[:, 1],
            "deliveries": out[:, 2],
            "delivered_total_mb": np.cumsum(out[:, 1]),
        }
    )
    return Result(frame=frame, events=log.frame(), config=config, units=FIREHOSE_FRAME.units())


def windowed(key_groups: pd.DataFrame, kind: str, window_s: float, *, slide_s: float | None = None) -> pd.DataFrame:
    """Records per window per key group from a per-step ``key_groups`` frame (records/s).

    Tumbling: windows ``[k·W, (k+1)·W)``, one row per window and group. Sliding: a window of
    ``W`` ending every ``slide_s`` (default W/6), so consecutive windows overlap.
    """
    check_choice("kind", kind, ("tumbling", "sliding"))
    check_range("window_s", window_s, 1, 86_400, unit="s")
    t_all = key_groups["t_s"].to_numpy(dtype=np.float64)
    n_groups = int(np.searchsorted(t_all, t_all[0], side="right")) if len(t_all) else 1
    groups = [str(g) for g in key_groups["key_group"].iloc[:n_groups]]
    t = t_all[::n_groups]
    dt = float(t[1] - t[0]) if len(t) > 1 else 1.0
    counts = key_groups["records"].to_numpy(dtype=np.float64).reshape(len(t), len(groups)) * dt
    csum = np.vstack([np.zeros((1, counts.shape[1])), np.cumsum(counts, axis=0)])
    if kind == "tumbling":
        ends = np.arange(window_s, t[-1] + dt + 1e-9, window_s)
    else:
        slide = slide_s or window_s / 6.0
        check_range("slide_s", slide, dt, window_s, unit="s")
        ends = np.arange(window_s, t[-1] + dt + 1e-9, slide)
    hi = np.searchsorted(t, ends - 1e-9, side="left")
    lo = np.searchsorted(t, ends - window_s - 1e-9, side="left")
    values = csum[hi] - csum[lo]
    return pd.DataFrame(
        {
            "window_end_s": np.repeat(ends, len(groups)),
            "key_group": np.tile(groups, len(ends)),
            "records": values.reshape(-1),
        }
    )


def analytics_sql(kind: str, window_s: float) -> str:
    """The Kinesis Data Analytics (SQL) query that computes :func:`windowed`'s table (§2.3)."""
    check_choice("kind", kind, ("tumbling", "sliding"))
    w = f"{window_s:g}"
    head = (
        'CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (key_group VARCHAR(32), records BIGINT);\n'
        'CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"\n'
    )
    if kind == "tumbling":
        return head + (
            "SELECT STREAM key_group, COUNT(*) AS records\n"
            'FROM "SOURCE_SQL_STREAM_001"\n'
            f"GROUP BY key_group, STEP(\"SOURCE_SQL_STREAM_001\".ROWTIME BY INTERVAL '{w}' SECOND);"
        )
    return head + (
        "SELECT STREAM key_group, COUNT(*) OVER last_window AS records\n"
        'FROM "SOURCE_SQL_STREAM_001"\n'
        f"WINDOW last_window AS (PARTITION BY key_group RANGE INTERVAL '{w}' SECOND PRECEDING);"
    )
