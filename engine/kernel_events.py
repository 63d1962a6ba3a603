"""Event recording shared by the numba kernels: one row ``(t, kind, a, b, c)`` per event.

A kernel keeps an event array ``ev`` (``[MAX_EVENTS, 5]``) and a count ``n``; the messages are
built in Python after the kernel from these codes and numbers (DESIGN: events as arrays).
"""

from __future__ import annotations

from numba import njit

__all__ = ["add_event"]


@njit(cache=True)
def add_event(ev, n, t, kind, a, b, c):
    """Write event ``(t, kind, a, b, c)`` into row ``n`` of ``ev`` if it fits; return ``n + 1``.

    The count keeps growing past the array's end so the caller can tell events were left out.
    """
    if n < ev.shape[0]:
        ev[n, 0] = t
        ev[n, 1] = kind
        ev[n, 2] = a
        ev[n, 3] = b
        ev[n, 4] = c
    return n + 1
