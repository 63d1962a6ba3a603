"""The one event writer of every compiled kernel, and the one reader that turns its rows into the log.

A kernel cannot build sentences, so it records each happening as one row of numbers in an event
buffer: ``[t, code, p0 … p7]`` (:data:`EVENT_WIDTH` floats; ``t`` in the kernel's time unit,
usually steps). A lab declares its kinds once with :class:`EventKinds`: a name, the tag the event
log shows (``scale_out``, ``split`` …) and the names of the payload numbers. The kernel writes
with :func:`emit` using the codes (``EV.SCALE_OUT``); after the kernel, :func:`write_log` reads
each row back by name and asks the lab's sentence function for the words.

A run that records more events than its buffer holds is never cut silently: the count goes on
past the end, and :func:`write_log` adds one ``truncated`` event that says how many were dropped.

>>> KINDS = EventKinds("Demo", SCALE_OUT=("scale_out", ("frm", "to")), SPLIT=("split", ("partition",)))
>>> EV = KINDS.codes
>>> ev, counts = event_buffer(1, 2)
>>> n = emit(ev[0], 0, 3, EV.SCALE_OUT, 2, 5)
>>> n = emit(ev[0], n, 4, EV.SPLIT, 1)
>>> n = emit(ev[0], n, 9, EV.SPLIT, 2)
>>> [(e.t, e.kind.name, dict(e.values)) for e in KINDS.decode(ev[0], n)]
[(3.0, 'SCALE_OUT', {'frm': 2.0, 'to': 5.0}), (4.0, 'SPLIT', {'partition': 1.0})]
>>> log = EventLog()
>>> write_log(log, KINDS, ev[0], n, dt_s=10, explain=lambda e: f"{e.kind.name.lower()} {e.values}")
>>> log.frame()[["t_s", "kind"]].values.tolist()
[[30.0, 'scale_out'], [40.0, 'split'], [40.0, 'truncated']]
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from enum import IntEnum
from typing import Any

import numpy as np
from numba import njit

from engine.core import EventLog

__all__ = [
    "EVENT_WIDTH",
    "MAX_PAYLOAD",
    "TRUNCATED",
    "Event",
    "EventKinds",
    "emit",
    "event_buffer",
    "write_log",
]

MAX_PAYLOAD = 8
"""Numbers an event row carries after its time and code."""
EVENT_WIDTH = 2 + MAX_PAYLOAD
"""Floats per event row: ``t``, ``code``, then the payload."""
TRUNCATED = "truncated"
"""The event-log kind that says a run recorded more events than its buffer held."""


@njit(cache=True, nogil=True)
def emit(ev, n, t, code, a=0.0, b=0.0, c=0.0, d=0.0, e=0.0, f=0.0, g=0.0, h=0.0):
    """Write event ``(t, code, a … h)`` into row ``n`` of ``ev`` (``[cap, EVENT_WIDTH]``) if it fits.

    Returns ``n + 1`` either way: the count goes on past the buffer's end, so the reader can say
    how many events were dropped.
    """
    if n < ev.shape[0]:
        ev[n, 0] = t
        ev[n, 1] = code
        ev[n, 2] = a
        ev[n, 3] = b
        ev[n, 4] = c
        ev[n, 5] = d
        ev[n, 6] = e
        ev[n, 7] = f
        ev[n, 8] = g
        ev[n, 9] = h
    return n + 1


def event_buffer(n_scenarios: int, capacity: int) -> tuple[np.ndarray, np.ndarray]:
    """An empty buffer ``[n_scenarios, capacity, EVENT_WIDTH]`` and its per-scenario counts."""
    return np.zeros((n_scenarios, capacity, EVENT_WIDTH)), np.zeros(n_scenarios, np.int64)


class Event:
    """One decoded kernel event: its time (kernel units), kind, log tag and payload by name.

    A plain slotted class, not a frozen dataclass: a run can decode thousands of events, and a
    frozen dataclass's ``__init__`` alone cost more than the sentence built from it.
    """

    __slots__ = ("kind", "t", "tag", "values")

    def __init__(self, t: float, kind: IntEnum, tag: str, values: dict[str, float]) -> None:
        self.t = t
        self.kind = kind
        self.tag = tag
        self.values = values

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def __repr__(self) -> str:
        return f"Event(t={self.t:g}, kind={self.kind.name}, values={self.values})"


class EventKinds:
    """A lab's event kinds, declared once: ``NAME=(log tag, payload names)``; codes count from 1.

    ``codes`` is a namedtuple of the codes for kernels (numba reads it as constants); ``enum`` is
    the same as an ``IntEnum`` for Python code; ``tag(code)`` and ``payload(code)`` look one up.
    """

    def __init__(self, name: str, **kinds: tuple[str, tuple[str, ...]]) -> None:
        if not kinds:
            raise ValueError(f"{name} declares no event kind")
        for kind, (tag, payload) in kinds.items():
            if not isinstance(payload, tuple) or len(payload) > MAX_PAYLOAD:
                raise ValueError(f"{name}.{kind}: payload must be a tuple of at most {MAX_PAYLOAD} names")
            if len(set(payload)) != len(payload) or not tag:
                raise ValueError(f"{name}.{kind}: payload names must be distinct and the tag non-empty")
        self.name = name
        self.enum = IntEnum(name, list(kinds), start=1)
        self.codes = self._codes(name, tuple(kinds))
        self._tags = {self.enum[k]: tag for k, (tag, _) in kinds.items()}
        self._payloads = {self.enum[k]: payload for k, (_, payload) in kinds.items()}

    @staticmethod
    def _codes(name: str, kinds: tuple[str, ...]) -> Any:
        return namedtuple(f"{name}Codes", kinds)(*range(1, len(kinds) + 1))

    def tag(self, code: int) -> str:
        """The event-log kind shown for ``code``."""
        return self._tags[self.enum(int(code))]

    def payload(self, code: int) -> tuple[str, ...]:
        """The payload names of ``code``, in the order the kernel writes them."""
        return self._payloads[self.enum(int(code))]

    def decode(self, ev: np.ndarray, n: int) -> Iterator[Event]:
        """The recorded rows of one scenario's buffer (``ev``: ``[cap, EVENT_WIDTH]``) as events.

        Rows are read as Python floats in one ``tolist()`` and kinds looked up in a dict: a run
        with thousands of events would otherwise spend more time here than in its kernel.
        """
        table = {int(k): (k, self._tags[k], self._payloads[k]) for k in self.enum}
        for row in ev[: min(int(n), len(ev))].tolist():
            kind, tag, names = table[int(row[1])]
            yield Event(row[0], kind, tag, dict(zip(names, row[2:], strict=False)))


def write_log(
    log: EventLog,
    kinds: EventKinds,
    ev: np.ndarray,
    n: int,
    *,
    dt_s: float,
    explain: Callable[[Event], str | tuple[str, Mapping[str, Any]] | None],
    scenario: int = 0,
) -> None:
    """Append one sentence per recorded event of one scenario; then a ``truncated`` event if any
    were dropped.

    ``explain(event)`` returns the sentence, or ``(sentence, extra numbers)``, or ``None`` to leave
    an event out of the log (a kernel may record rows only other events' sentences need).
    ``t_s = t × dt_s``.
    """
    last_t = 0.0
    rows = []
    for event in kinds.decode(ev, n):
        last_t = event.t * dt_s
        said = explain(event)
        if said is None:
            continue
        if isinstance(said, str):
            rows.append((last_t, event.tag, said, event.values))
        else:
            rows.append((last_t, event.tag, said[0], {**event.values, **said[1]}))
    log.extend(rows, scenario=scenario)
    dropped = int(n) - len(ev)
    if dropped > 0:
        log.add(
            last_t,
            TRUNCATED,
            f"{dropped:,} further event(s) were not recorded: a run keeps its first {len(ev):,} events",
            scenario=scenario,
            dropped=dropped,
        )
