# ruff: noqa: RUF046  (numba needs explicit int())
"""Messages as cohorts, never one by one: the compiled steps the queue kernel calls to append a
cohort to a ring and to spread a received chunk over the processing-time bins.
"""

from __future__ import annotations

import math

from numba import njit

__all__ = ["place", "push"]


@njit(cache=True, nogil=True)
def push(ret_a, cnt_a, sent_a, rc_a, head, length, ret, cnt, sent, rc):
    """Append a cohort (return step, count, sent step, receive count) to a FIFO ring; new length."""
    k = (head + length) % ret_a.shape[0]
    ret_a[k] = ret
    cnt_a[k] = cnt
    sent_a[k] = sent
    rc_a[k] = rc
    return length + 1


@njit(cache=True, nogil=True)
def place(n_ok, n_fail, n_over, proc_bins, slow, vis, dt, i, rot, busy_ring, done_ring, rmax):
    """Spread a chunk's outcomes over the processing-time bins (equal weights, rotating remainder).

    Every message occupies a consumer slot for its processing time; successes (bins within the
    visibility timeout) are deleted when done; overruns take the bins beyond it. Returns
    ``(slots added now, deleted now, in flight until deleted)``.
    """
    K = proc_bins.shape[0]
    n_k_over = 0
    for k in range(K):
        if proc_bins[k] * slow > vis:
            n_k_over += 1
    n_in = K - n_k_over
    w_add = 0.0
    del_add = 0
    inf_add = 0
    for part in range(3):
        m = n_ok if part == 0 else (n_fail if part == 1 else n_over)
        nb = n_k_over if part == 2 else n_in
        if m == 0 or nb == 0:
            continue
        base = m // nb
        rem = m - base * nb
        j = 0
        for k in range(K):
            pk = proc_bins[k] * slow
            if (part == 2) != (pk > vis):
                continue
            cnt = base + (1 if (j + rot) % nb < rem else 0)
            j += 1
            if cnt == 0:
                continue
            w = cnt * min(pk, dt) / dt
            w_add += w
            busy_ring[(i + max(1, int(math.ceil(pk / dt - 1e-9)))) % rmax] += w
            if part == 0:
                d = int(math.floor(pk / dt + 0.5))
                if d == 0:
                    del_add += cnt
                else:
                    done_ring[(i + d) % rmax] += cnt
                    inf_add += cnt
    return w_add, del_add, inf_add
