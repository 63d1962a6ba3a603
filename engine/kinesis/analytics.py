"""Kinesis Data Analytics windows over a stream's accepted records (aws-facts §2.3).

Tumbling windows are fixed and non-overlapping (each record in exactly one); sliding windows
overlap and move on continuously. :func:`analytics_sql` gives the windowed SQL that would compute
the same table in Kinesis Data Analytics for SQL.

>>> print(analytics_sql("tumbling", 60).splitlines()[-1])
GROUP BY key_group, STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.core import check_choice, check_range

__all__ = ["analytics_sql", "windowed"]


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
