"""Generated malformed CSV traces: each kind is always unusable and names the words its message must hold.

``malformed_traces(n, seed)`` cycles through :data:`KINDS`, so any ``n`` covers every kind once it is at
least ``len(KINDS)``; the random parts (row counts, numbers, where the fault sits) come from the seed.
Used by ``tests/engine/test_trace_csv_fuzz.py`` (bounded) and ``benchmarks/fuzz_uploads.py`` (1,000).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["HEAVY", "KINDS", "Case", "check_message", "malformed_traces"]


@dataclass(frozen=True)
class Case:
    """One generated upload: its kind, a file name, its bytes and a word its message must contain."""

    kind: str
    name: str
    data: bytes
    expect: str


def _rows(r: random.Random, n: int, start: int = 0) -> list[str]:
    return [f"{start + 60 * i},{r.randint(0, 500)}" for i in range(n)]


def _csv(lines: list[str], header: str = "t_s,value", nl: str = "\n") -> bytes:
    return (header + nl + nl.join(lines) + nl).encode()


def _with_bad_row(r: random.Random, bad: str) -> bytes:
    rows = _rows(r, r.randint(1, 50))
    rows.insert(r.randint(0, len(rows)), bad)
    return _csv(rows)


def _bad_value(r: random.Random, cell: str) -> bytes:
    n = r.randint(1, 50)
    rows = _rows(r, n)
    at = r.randrange(n)
    rows[at] = f"{60 * at},{cell}"
    return _csv(rows)


def _bad_time(r: random.Random, cell: str) -> bytes:
    rows = _rows(r, r.randint(0, 20))
    rows.append(f"{cell},{r.randint(0, 9)}")
    return _csv(rows)


_FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1:A2)", "=1+1", "\t=1"]
_HUGE = ["1e309", "-1e309", "9" * 400, "1e10", "123456789012345678901", "1.7976931348623157e308"]
_NONFINITE = ["nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "+nan"]
_TEXT = ["abc", "", '"1,5"', "0x10", "<script>alert(1)</script>", "![x](http://example.com/x.png)", "None"]


def _binary(r: random.Random) -> tuple[bytes, str]:
    head = r.choice([b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x7fELF", b"%PDF-1.4\n", b""])
    return head + bytes(r.randrange(256) for _ in range(r.randint(10, 2000))) + b"\x00", "text"


def _late_nul(r: random.Random) -> tuple[bytes, str]:
    return _csv(_rows(r, r.randint(600, 900))) + b"\x00\x00", "binary"


def _utf16(r: random.Random) -> tuple[bytes, str]:
    enc = r.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
    return _csv(_rows(r, r.randint(1, 30))).decode().encode(enc), "UTF"


def _latin1(r: random.Random) -> tuple[bytes, str]:
    return ("t_s,value\n0,1\n60,2 € café\n").encode(r.choice(["latin-1", "cp1252"]), "replace"), "UTF-8"


def _bom_then_bad(r: random.Random) -> tuple[bytes, str]:
    bom = r.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"])
    return bom + _bad_value(r, r.choice(_TEXT[:2])), "value"


def _huge_value(r: random.Random) -> tuple[bytes, str]:
    return _bad_value(r, r.choice(_HUGE)), "value"


def _huge_time(r: random.Random) -> tuple[bytes, str]:
    return _bad_time(r, r.choice(["1e309", "1e300", "9" * 30, "1e11"])), "t_s"


def _nonfinite_value(r: random.Random) -> tuple[bytes, str]:
    return _bad_value(r, r.choice(_NONFINITE)), "finite"


def _nonfinite_time(r: random.Random) -> tuple[bytes, str]:
    return _bad_time(r, r.choice(_NONFINITE)), "t_s"


def _negative(r: random.Random) -> tuple[bytes, str]:
    if r.random() < 0.5:
        return _bad_value(r, f"-{r.randint(1, 10**6)}"), "negative"
    return _csv([f"-{r.randint(1, 1000)},1", *_rows(r, r.randint(0, 5), 2000)]), "negative"


def _unsorted(r: random.Random) -> tuple[bytes, str]:
    rows = _rows(r, r.randint(2, 60))
    i = r.randrange(1, len(rows))
    rows[i - 1], rows[i] = rows[i], rows[i - 1]
    return _csv(rows), "sort"


def _duplicate(r: random.Random) -> tuple[bytes, str]:
    rows = _rows(r, r.randint(1, 60))
    i = r.randrange(len(rows))
    rows.insert(i + 1, rows[i].split(",")[0] + ",7")
    return _csv(rows), "repeats"


def _million_rows(r: random.Random) -> tuple[bytes, str]:
    n = r.choice([MILLION, MILLION + r.randint(1, 1000)])
    return b"t_s,value\n" + b"".join(b"%d,1\n" % i for i in range(n)), "MB"


def _many_rows(r: random.Random) -> tuple[bytes, str]:
    return b"t_s,value\n" + b"".join(b"%d,1\n" % i for i in range(100_001 + r.randint(0, 500))), "rows"


def _long_line(r: random.Random) -> tuple[bytes, str]:
    size = r.choice([5 * 1024 * 1024, 5 * 1024 * 1024 + r.randint(1, 999)])
    return b"t_s,value\n0," + b"1" * size + b"\n", "MB"


def _long_cell(r: random.Random) -> tuple[bytes, str]:
    return b"t_s,value\n0," + b"7" * r.randint(200_000, 1_000_000) + b"\n", "longer"


def _formula(r: random.Random) -> tuple[bytes, str]:
    f = r.choice(_FORMULAS)
    cell = '"' + f.replace('"', '""') + '"'
    return (_bad_value(r, cell) if r.random() < 0.6 else _bad_time(r, cell)), "not a number"


def _text_cell(r: random.Random) -> tuple[bytes, str]:
    return _bad_value(r, r.choice(_TEXT)), "value"


def _ragged(r: random.Random) -> tuple[bytes, str]:
    return _with_bad_row(r, str(r.randint(0, 9))), "cells"


def _header(r: random.Random) -> tuple[bytes, str]:
    head = r.choice(["time,load", "t_s", "value", "=cmd|' /C calc'!A0,value", "<b>t_s</b>,value", "ts;value", ""])
    return _csv(_rows(r, r.randint(0, 5)), header=head) if head else b"\n\n0,1\n", "column"


def _empty(r: random.Random) -> tuple[bytes, str]:
    return r.choice([(b"", "empty"), (b" ", "empty"), (b"\n\n\r\n", "empty"), (b"\xef\xbb\xbf", "empty"),
                     (b"t_s,value", "no data rows"), (b"t_s,value\n,\n", "no data rows")])  # fmt: skip


def _bad_timestamp(r: random.Random) -> tuple[bytes, str]:
    cell = r.choice(["yesterday", "2026-13-01T00:00:00", "2026-02-30", "10:00", "1e309", "=NOW()"])
    return f"timestamp,value\n{cell},1\n".encode(), "timestamp"


def _bad_quotes(r: random.Random) -> tuple[bytes, str]:
    return _csv([*_rows(r, r.randint(0, 5)), '"0,1', "60,2"]), "cells"


MILLION = 1_000_000

KINDS: dict[str, Callable[[random.Random], tuple[bytes, str]]] = {
    "binary": _binary,
    "late NUL": _late_nul,
    "UTF-16/32": _utf16,
    "Latin-1": _latin1,
    "BOM then bad cell": _bom_then_bad,
    "huge value": _huge_value,
    "huge time": _huge_time,
    "NaN/inf value": _nonfinite_value,
    "NaN/inf time": _nonfinite_time,
    "negative": _negative,
    "unsorted": _unsorted,
    "duplicate time": _duplicate,
    "a million rows": _million_rows,
    "over the row cap": _many_rows,
    "a 5 MB line": _long_line,
    "an over-long cell": _long_cell,
    "formula cell": _formula,
    "text cell": _text_cell,
    "ragged row": _ragged,
    "bad header": _header,
    "empty": _empty,
    "bad timestamp": _bad_timestamp,
    "unbalanced quote": _bad_quotes,
}

# Expensive kinds (megabytes each) kept for the long run.
HEAVY = ("a million rows", "over the row cap", "a 5 MB line", "an over-long cell")


def malformed_traces(n: int, seed: int = 0, *, heavy: bool = True) -> list[Case]:
    """``n`` generated malformed uploads, kinds in turn (``heavy=False`` skips the megabyte ones)."""
    r = random.Random(seed)
    kinds = [k for k in KINDS if heavy or k not in HEAVY]
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        data, expect = KINDS[kind](r)
        out.append(Case(kind, f"trace-{i}.csv", data, expect))
    return out


MAX_MESSAGE = 300  # characters: one sentence a learner can read


def check_message(case: Case, message: str) -> str | None:
    """Why ``message`` is not the one clear message ``case`` calls for, or None if it is."""
    if not message.strip():
        return "empty message"
    if len(message) > MAX_MESSAGE:
        return f"message of {len(message):,} characters"
    if "\n" in message:
        return f"message spans lines: {message!r}"
    if case.expect.lower() not in message.lower():
        return f"message lacks {case.expect!r}: {message}"
    return None
