"""EventBridge target retries: what happens to copies a rule cannot deliver while its target is down.

Facts (EventBridge user guide, "How EventBridge retries delivering events",
docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html, and the ``RetryPolicy``
of the PutTargets API): a delivery that fails with a retriable error (the target unavailable) is
retried, by default **for 24 hours and up to 185 times**, "with an exponential back off and
jitter"; ``MaximumEventAgeInSeconds`` is 60–86,400 s and ``MaximumRetryAttempts`` 0–185, and
retrying stops at whichever limit is reached first. An event still undelivered then is **dropped**,
unless the target has a **dead-letter queue** (a standard SQS queue), which receives it instead.

The schedule between retries is not published. **Approximation**: the lab waits 1 s before the
first retry and doubles the wait up to :data:`BACKOFF_CAP_S` (512 s), without jitter, so the
185 retries would take about 25 h and, with the defaults, the 24 h age limit ends retrying first
(after the 176th retry). Delivery is modelled copy-stream by copy-stream at the bus's step: a copy
first tried at ``s`` inside an outage ending at ``b`` is delivered by the first retry at or after
``b`` if that retry is within both limits, else it is dead-lettered (or dropped) when the first
limit runs out. Vectorised over steps: no loop over events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "BACKOFF_CAP_S",
    "DEFAULT_ATTEMPTS",
    "DEFAULT_MAX_AGE_S",
    "Retries",
    "retry_offsets",
    "retry_outage",
]

DEFAULT_ATTEMPTS = 185
"""Retries of a failed delivery by default, and the most allowed (EventBridge retry policy docs)."""
DEFAULT_MAX_AGE_S = 86_400.0
"""How long EventBridge keeps retrying by default, and the most allowed: 24 h (same source)."""
MIN_MAX_AGE_S = 60.0
"""The shortest ``MaximumEventAgeInSeconds`` (PutTargets ``RetryPolicy``)."""
BACKOFF_CAP_S = 512.0
"""The longest wait between two retries in the lab's backoff (an approximation, see the module)."""


def retry_offsets(attempts: int) -> np.ndarray:
    """Time of each retry after the first attempt: 1, 1+2, 1+2+4, ... s, each wait capped at 512 s.

    >>> retry_offsets(4).tolist()
    [1.0, 3.0, 7.0, 15.0]
    >>> float(retry_offsets(185)[-1])  # 511 s over the first 9 waits, then 176 x 512 s
    90623.0
    """
    waits = np.minimum(2.0 ** np.arange(attempts), BACKOFF_CAP_S)
    return np.cumsum(waits)


@dataclass(frozen=True)
class Retries:
    """Per step (copies/s): first attempts that failed, copies delivered by a retry, copies
    dead-lettered and dropped, and copies waiting for a retry at the end of the step (copies)."""

    failed: np.ndarray
    retried: np.ndarray
    dead_lettered: np.ndarray
    dropped: np.ndarray
    waiting: np.ndarray
    late_s: float
    """The longest wait of a copy that a retry still delivered (0 if none)."""
    exhausted_at_s: float | None
    """When the first copies ran out of retries (None if none did within the run)."""


def retry_outage(
    t_s: np.ndarray,
    dt_s: float,
    copies_rps: np.ndarray,
    outage_at_s: float,
    outage_s: float,
    *,
    attempts: int = DEFAULT_ATTEMPTS,
    max_age_s: float = DEFAULT_MAX_AGE_S,
    dlq: bool = False,
    offsets: np.ndarray | None = None,
) -> Retries:
    """Retry the copies of ``copies_rps`` first tried during the outage ``[outage_at_s, outage_at_s + outage_s)``.

    A copy first tried at step start ``s`` waits ``b - s`` for the target (``b`` the outage end);
    the first retry time ``o_k >= b - s`` delivers it if ``k <= attempts`` and ``o_k <= max_age_s``;
    otherwise it leaves at ``s + min(o_attempts, max_age_s)`` (``s`` itself with 0 retries) to the
    DLQ if ``dlq`` else is dropped. Outcomes beyond the run's end stay ``waiting``. ``offsets``
    replaces the EventBridge schedule (:func:`retry_offsets`) with another service's retry times
    (one per retry, increasing; SNS uses it for HTTP/S delivery policies).
    """
    n = len(t_s)
    end = outage_at_s + outage_s
    down = (t_s >= outage_at_s) & (t_s < end)
    failed = np.where(down, copies_rps, 0.0)
    offsets = retry_offsets(attempts) if offsets is None else np.asarray(offsets, dtype=float)[:attempts]
    attempts = len(offsets)
    idx = np.nonzero(down)[0]
    s = t_s[idx]
    k = np.searchsorted(offsets, end - s, side="left")  # first retry at or after the outage end
    ok = k < attempts
    ok[ok] &= offsets[k[ok]] <= max_age_s
    last = min(float(offsets[-1]), max_age_s) if attempts else 0.0
    when = np.where(ok, s + offsets[np.minimum(k, max(attempts - 1, 0))] if attempts else s, s + last)
    step = np.floor(when / dt_s + 1e-9).astype(np.int64)
    inside = step < n
    copies = failed[idx] * dt_s
    retried = np.zeros(n)
    gone = np.zeros(n)
    np.add.at(retried, step[ok & inside], copies[ok & inside])
    np.add.at(gone, step[~ok & inside], copies[~ok & inside])
    waiting = np.cumsum(failed * dt_s) - np.cumsum(retried) - np.cumsum(gone)
    late = float((when[ok] - s[ok]).max()) if ok.any() else 0.0
    lost = ~ok & inside & (copies > 0)
    return Retries(
        failed=failed,
        retried=retried / dt_s,
        dead_lettered=(gone / dt_s) if dlq else np.zeros(n),
        dropped=np.zeros(n) if dlq else gone / dt_s,
        waiting=np.maximum(waiting, 0.0),
        late_s=late,
        exhausted_at_s=float(when[lost].min()) if lost.any() else None,
    )
