"""The Amazon MQ vs SQS time loop: one numba kernel, every scenario, both sides of the comparison.

Per step and side: arrivals join the backlog (the broker refuses what its store cannot hold),
then the side delivers at most ``min(throughput, consumers) × dt``. Slots: :mod:`engine.mq.layout`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from engine.mq.layout import OUT, PRM

__all__ = ["kernel"]


@njit(cache=True, nogil=True)
def kernel(rate, prm, dt):  # pragma: no cover - compiled
    """``rate[S, N]`` msg/s, ``prm[S, PRM]``; returns ``out[S, OUT, N]``."""
    S, N = rate.shape
    out = np.zeros((S, len(OUT), N))
    for s in range(S):
        qb = 0.0
        qs = 0.0
        store = prm[s, PRM.BROKER_STORE]
        drain_b = min(prm[s, PRM.BROKER_CAP], prm[s, PRM.CONSUMERS])
        drain_s = min(prm[s, PRM.SQS_CAP], prm[s, PRM.CONSUMERS])
        for t in range(N):
            a = rate[s, t] * dt
            room = store - qb + drain_b * dt
            acc = min(a, max(room, 0.0))
            qb += acc
            db = min(qb, drain_b * dt)
            qb -= db
            qs += a
            ds = min(qs, drain_s * dt)
            qs -= ds
            out[s, OUT.BROKER_DELIVERED, t] = db / dt
            out[s, OUT.BROKER_BACKLOG, t] = qb
            out[s, OUT.BROKER_REJECTED, t] = (a - acc) / dt
            out[s, OUT.BROKER_WAIT_MS, t] = qb / drain_b * 1000.0
            out[s, OUT.SQS_DELIVERED, t] = ds / dt
            out[s, OUT.SQS_BACKLOG, t] = qs
            out[s, OUT.SQS_WAIT_MS, t] = qs / drain_s * 1000.0
    return out
