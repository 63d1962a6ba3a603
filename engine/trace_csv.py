"""Parse an uploaded load trace (CSV) into a :class:`~engine.load.Series`, or say exactly why not.

Accepted shapes: a header with ``t_s`` (seconds from start) and ``value``; or ``timestamp``
(ISO 8601, e.g. ``2026-11-27T10:00:00``) and ``value``. Every problem raises
:class:`TraceCsvError` whose message names the row or column and what is allowed.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import datetime

from engine.load import Series

__all__ = ["MAX_BYTES", "MAX_ROWS", "TraceCsvError", "parse_trace_csv"]

MAX_ROWS = 100_000
MAX_BYTES = 4 * 1024 * 1024
TIME_COLUMNS = ("t_s", "timestamp")
VALUE_COLUMN = "value"


class TraceCsvError(ValueError):
    """An uploaded trace that cannot be used; the message is meant for the learner."""


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_BYTES:
        raise TraceCsvError(
            f"the file is {len(data) / 1e6:.1f} MB; traces may be at most {MAX_BYTES // (1024 * 1024)} MB"
        )
    if b"\x00" in data[:4096]:
        raise TraceCsvError("the file is not text (it contains binary data); upload a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TraceCsvError(
            f"the file is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8 CSV"
        ) from None


def _parse_time(cell: str, column: str, row: int) -> float:
    if column == "t_s":
        try:
            value = float(cell)
        except ValueError:
            raise TraceCsvError(f"row {row}, column t_s: {cell!r} is not a number (seconds from start)") from None
        if not math.isfinite(value):
            raise TraceCsvError(f"row {row}, column t_s: {cell!r} is not a finite number")
        if value < 0:
            raise TraceCsvError(f"row {row}, column t_s: {cell} is negative; times start at 0")
        return value
    try:
        stamp = datetime.fromisoformat(cell.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TraceCsvError(
            f"row {row}, column timestamp: {cell!r} is not an ISO 8601 time (like 2026-11-27T10:00:00)"
        ) from None
    return stamp.timestamp() if stamp.tzinfo else stamp.replace(tzinfo=None).timestamp()


def parse_trace_csv(data: bytes | str, *, name: str = "uploaded") -> Series:
    """Parse CSV text or bytes into a :class:`Series` of seconds-from-start and values.

    Rows are numbered as a spreadsheet shows them (the header is row 1).
    """
    text = _decode(data)
    if not text.strip():
        raise TraceCsvError("the file is empty; it needs a header (t_s,value) and at least one row")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except csv.Error as exc:
        raise TraceCsvError(f"row 1: not valid CSV ({exc})") from None
    cols = [h.strip().lower() for h in header]
    time_col = next((c for c in TIME_COLUMNS if c in cols), None)
    if time_col is None or VALUE_COLUMN not in cols:
        missing = ([] if time_col else ["t_s (or timestamp)"]) + ([] if VALUE_COLUMN in cols else [VALUE_COLUMN])
        raise TraceCsvError(
            f"missing column {' and '.join(missing)}; the header must be t_s,value "
            f"or timestamp,value (found: {', '.join(header) or 'nothing'})"
        )
    ti, vi = cols.index(time_col), cols.index(VALUE_COLUMN)
    times: list[float] = []
    values: list[float] = []
    try:
        for row_no, row in enumerate(reader, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            if len(times) >= MAX_ROWS:
                raise TraceCsvError(
                    f"the file has more than {MAX_ROWS:,} rows; traces are capped at {MAX_ROWS:,} "
                    "(resample it to a coarser step)"
                )
            if len(row) <= max(ti, vi):
                raise TraceCsvError(f"row {row_no}: expected {len(header)} cells, got {len(row)}")
            t = _parse_time(row[ti], time_col, row_no)
            cell = row[vi].strip()
            try:
                v = float(cell)
            except ValueError:
                raise TraceCsvError(f"row {row_no}, column value: {cell!r} is not a number") from None
            if not math.isfinite(v):
                raise TraceCsvError(
                    f"row {row_no}, column value: {cell!r} is not allowed; values must be finite numbers"
                )
            if v < 0:
                raise TraceCsvError(f"row {row_no}, column value: {cell} is negative; load is at least 0")
            if times:
                if t == times[-1]:
                    raise TraceCsvError(
                        f"row {row_no}: time {row[ti].strip()} repeats the row above; times must be unique"
                    )
                if t < times[-1]:
                    raise TraceCsvError(
                        f"row {row_no}: time {row[ti].strip()} is earlier than the row above; sort the rows by time"
                    )
            times.append(t)
            values.append(v)
    except csv.Error as exc:
        raise TraceCsvError(f"not valid CSV near row {reader.line_num} ({exc})") from None
    if not times:
        raise TraceCsvError("the file has a header but no data rows")
    t0 = times[0]
    return Series(tuple(t - t0 for t in times), tuple(values), name=name)
