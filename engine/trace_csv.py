"""Parse an uploaded load trace (CSV) into a :class:`~engine.load.Series`, or say exactly why not.

Accepted shapes: a header with ``t_s`` (seconds from start) and ``value``; or ``timestamp``
(ISO 8601, e.g. ``2026-11-27T10:00:00``) and ``value``. Every problem raises
:class:`TraceCsvError` whose message names the row or column and what is allowed.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, datetime

from engine.load import Series

__all__ = ["MAX_BYTES", "MAX_ROWS", "MAX_TIME_S", "MAX_VALUE", "TraceCsvError", "parse_trace_csv"]

MAX_ROWS = 100_000
MAX_BYTES = 4 * 1024 * 1024
MAX_VALUE = 1e9  # a load above a billion per second is a typo, and would overflow the kernels' counts
MAX_TIME_S = 1e10  # seconds: room for Unix times (about 1.8e9 today), not for overflowing numbers
MAX_SHOWN = 40  # characters of a cell quoted back in a message
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
    head = data[:64]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) >= 8 and (not any(head[1::2]) or not any(head[0::2]))):
        raise TraceCsvError("the file is UTF-16 or UTF-32 text; save it as UTF-8 CSV (t_s,value)")
    if b"\x00" in data:
        raise TraceCsvError("the file is not text (it contains binary data); upload a CSV file")
    try:
        return data.decode("utf-8-sig").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise TraceCsvError(
            f"the file is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8 CSV"
        ) from None


def _cut(cell: str) -> str:
    """``cell`` cut to :data:`MAX_SHOWN` characters for a message."""
    return cell if len(cell) <= MAX_SHOWN else cell[:MAX_SHOWN] + "…"


def _shown(cell: str) -> str:
    """``cell`` quoted for a message, cut to :data:`MAX_SHOWN` characters."""
    return repr(_cut(cell))


def _parse_time(cell: str, column: str, row: int) -> float:
    if column == "t_s":
        try:
            value = float(cell)
        except ValueError:
            raise TraceCsvError(f"row {row}, column t_s: {_shown(cell)} is not a number (seconds from start)") from None
        if not math.isfinite(value):
            raise TraceCsvError(f"row {row}, column t_s: {_shown(cell)} is not a finite number")
        if value < 0:
            raise TraceCsvError(f"row {row}, column t_s: {_cut(cell.strip())} is negative; times start at 0")
        if value > MAX_TIME_S:
            raise TraceCsvError(
                f"row {row}, column t_s: {_cut(cell.strip())} is too large; times are at most {MAX_TIME_S:.0e} s"
            )
        return value
    try:
        stamp = datetime.fromisoformat(cell.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TraceCsvError(
            f"row {row}, column timestamp: {_shown(cell)} is not an ISO 8601 time (like 2026-11-27T10:00:00)"
        ) from None
    try:  # a time without a zone is read as UTC: no daylight-saving jumps, no local clock
        return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).timestamp()
    except (OverflowError, ValueError, OSError):
        raise TraceCsvError(
            f"row {row}, column timestamp: {_shown(cell)} is outside the years a trace can cover"
        ) from None


def _csv_error(exc: csv.Error, line: int) -> TraceCsvError:
    if "field limit" in str(exc):
        return TraceCsvError(
            f"line {line}: a cell is longer than {csv.field_size_limit():,} characters; "
            "each cell holds one number or time"
        )
    return TraceCsvError(f"not valid CSV near line {line} ({exc})")


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
        raise _csv_error(exc, 1) from None
    cols = [h.strip().lower() for h in header]
    time_col = next((c for c in TIME_COLUMNS if c in cols), None)
    if time_col is None or VALUE_COLUMN not in cols:
        missing = ([] if time_col else ["t_s (or timestamp)"]) + ([] if VALUE_COLUMN in cols else [VALUE_COLUMN])
        raise TraceCsvError(
            f"missing column {' and '.join(missing)}; the header must be t_s,value "
            f"or timestamp,value (found: {_shown(', '.join(header)) if header else 'nothing'})"
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
                raise TraceCsvError(f"row {row_no}, column value: {_shown(cell)} is not a number") from None
            if not math.isfinite(v):
                raise TraceCsvError(
                    f"row {row_no}, column value: {_shown(cell)} is not allowed; values must be finite numbers"
                )
            if v < 0:
                raise TraceCsvError(f"row {row_no}, column value: {_cut(cell)} is negative; load is at least 0")
            if v > MAX_VALUE:
                raise TraceCsvError(
                    f"row {row_no}, column value: {_cut(cell)} is too large; values are at most {MAX_VALUE:,.0f}"
                )
            if times:
                if t == times[-1]:
                    raise TraceCsvError(
                        f"row {row_no}: time {_cut(row[ti].strip())} repeats the row above; times must be unique"
                    )
                if t < times[-1]:
                    raise TraceCsvError(
                        f"row {row_no}: time {_cut(row[ti].strip())} is earlier than the row above; sort the rows by time"
                    )
            times.append(t)
            values.append(v)
    except csv.Error as exc:
        raise _csv_error(exc, reader.line_num) from None
    if not times:
        raise TraceCsvError("the file has a header but no data rows")
    t0 = times[0]
    return Series(tuple(t - t0 for t in times), tuple(values), name=name)
