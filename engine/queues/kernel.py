# ruff: noqa: RUF046, PLR1714  (numba needs explicit int() and simple branches)
"""The SQS time-step kernel: message counts per step, never one object per message.

State (one scenario; :mod:`engine.queues.simulation` runs a batch one scenario after another,
each with a fresh generator made from the seed):

* **fresh** visible messages: a FIFO ring of cohorts (count, sent step), one cohort per step of
  arrivals, so the head is the oldest — expiry (retention) and age of oldest read the head;
* **retry** visible messages: a FIFO ring of cohorts (count, sent step, receive count) that came
  back after a failure or a visibility-timeout overrun; received before fresh ones;
* **in flight, coming back**: a FIFO of cohorts (return step, count, sent, receive count) —
  the visibility timeout is one value, so return steps are ordered;
* **in flight, to be deleted**: a ring of counts by deletion step (success within the timeout);
* **busy consumer slots**: a ring of slot releases by step;
* the fleet: in service, pending (launching, ring by ready step), warming (ring by warm step).

Processing times are ``K`` equal-weight quantiles of a lognormal (mean, CV); received messages are
split over them deterministically (rotating remainder). Failures (a per-attempt probability) and
at-least-once extra deliveries are seeded binomial draws.

The parameter row, output rows and event kinds are declared in :mod:`engine.queues.layout`
(``p[P.VISIBILITY_S]``, ``out[OUT.VISIBLE, i]``, ``EV.DLQ``); events go through the shared writer
:func:`engine.kernel.events.emit`. The cohort steps (:mod:`engine.queues.cohorts`) and the
once-a-minute target-tracking datapoint (:mod:`engine.queues.fleet`) are compiled helpers. The
per-step body stays **one function on purpose**: passing arrays to a compiled helper every step
costs reference counting per call — moving the per-step fleet steps (disruptions, launches and
warm-ups, the Lambda ramp) out made a simulated day about 25 % slower (38 -> 50 ms CPU, commit
a63e68a).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.kernel.events import emit
from engine.queues.cohorts import place, push
from engine.queues.fleet import consumer_datapoint
from engine.queues.layout import EV, MODE, OUT, POISON, P

__all__ = ["run_queue"]


@njit(cache=True, nogil=True)
def run_queue(p, load, proc_bins, rng, ev):
    """Simulate one queue over ``len(load)`` steps: ``(out, events recorded)``.

    ``p``: a :data:`~engine.queues.layout.P` row; ``load``: messages/s per step; ``proc_bins``: K
    processing times (s); ``rng``: a ``numpy.random.Generator``; ``ev``: an event buffer
    ``[cap, EVENT_WIDTH]`` (:func:`engine.kernel.events.event_buffer`), event times in steps.
    ``out[OUT.X, step]`` holds each output row.
    """
    n = load.shape[0]
    dt = p[P.DT_S]
    fifo = p[P.FIFO] > 0.5
    K = proc_bins.shape[0]
    vis_steps = max(1, int(math.ceil(p[P.VISIBILITY_S] / dt - 1e-9)))
    ret_steps = max(1, int(math.ceil(p[P.RETENTION_S] / dt - 1e-9)))
    delay_steps = int(math.ceil(p[P.DELAY_S] / dt - 1e-9))
    mrc = int(p[P.MAX_RECEIVES])
    dlq = p[P.DLQ] > 0.5
    mode = int(p[P.MODE])
    period = max(1, int(round(p[P.PERIOD_S] / dt)))
    launch_steps = max(0, int(math.ceil(p[P.LAUNCH_S] / dt - 1e-9)))
    warm_steps = max(0, int(math.ceil(p[P.WARMUP_S] / dt - 1e-9)))
    slowf = max(1.0, p[P.SLOW_FACTOR])
    mean_p = 0.0
    for k in range(K):
        mean_p += proc_bins[k] / K
    rmax = int(math.ceil(proc_bins[K - 1] * slowf / dt)) + 2
    out = np.zeros((len(OUT), n), np.float64)
    n_ev = 0
    # rings and FIFOs
    done_ring = np.zeros(rmax, np.int64)
    busy_ring = np.zeros(rmax, np.float64)
    delay_ring = np.zeros(delay_steps + 1, np.int64)
    fcap = min(n, ret_steps + delay_steps) + 4
    f_cnt = np.zeros(fcap, np.int64)
    f_sent = np.zeros(fcap, np.int64)
    f_head = 0
    f_len = 0
    rcap = 2 * n + 16
    r_cnt = np.zeros(rcap, np.int64)
    r_sent = np.zeros(rcap, np.int64)
    r_rc = np.zeros(rcap, np.int64)
    r_head = 0
    r_len = 0
    icap = 2 * n + 16
    i_ret = np.zeros(icap, np.int64)
    i_cnt = np.zeros(icap, np.int64)
    i_sent = np.zeros(icap, np.int64)
    i_rc = np.zeros(icap, np.int64)
    i_head = 0
    i_len = 0
    fleet_ring = launch_steps + warm_steps + 2
    pend_ring = np.zeros(fleet_ring, np.int64)
    warm_ring = np.zeros(fleet_ring, np.int64)
    # scalars
    visible_fresh = 0
    visible_retry = 0
    inflight_ret = 0
    inflight_done = 0
    delayed = 0
    dlq_total = 0
    expired_total = 0
    busy = 0.0
    send_acc = 0.0
    blocked = 0
    blocked_since = -1
    block_acc = 0.0
    groups = max(1.0, p[P.GROUPS])
    poison_step = int(p[P.POISON_AT_S] / dt) if p[P.POISON_AT_S] >= 0 else -1
    pz_state = POISON.NONE
    pz_rc = 0
    pz_ret = 0
    in_service = int(p[P.CONSUMERS]) if mode != MODE.LAMBDA else int(p[P.LAMBDA_MIN])
    pending = 0
    warming = 0
    lam = float(in_service)
    high = 0
    low = 0
    at_max_flag = False
    overrun_seen = False
    dlq_seen = False
    expiry_seen = False
    throttle_seen = False
    lam_max_seen = False
    rot = 0
    for i in range(n):
        slot = i % rmax
        fslot = i % fleet_ring
        # --- disruptions (events only on edges)
        if p[P.OUTAGE_END_S] > p[P.OUTAGE_START_S]:
            if i == int(p[P.OUTAGE_START_S] / dt):
                n_ev = emit(ev, n_ev, i, EV.OUTAGE_START, visible_fresh + visible_retry)
            if i == int(p[P.OUTAGE_END_S] / dt):
                n_ev = emit(ev, n_ev, i, EV.OUTAGE_END, visible_fresh + visible_retry)
        if p[P.SLOW_END_S] > p[P.SLOW_START_S] and slowf > 1.0:
            if i == int(p[P.SLOW_START_S] / dt):
                n_ev = emit(ev, n_ev, i, EV.SLOW_START, slowf)
            if i == int(p[P.SLOW_END_S] / dt):
                n_ev = emit(ev, n_ev, i, EV.SLOW_END, visible_fresh + visible_retry)
        t_s = i * dt
        down = p[P.OUTAGE_START_S] <= t_s < p[P.OUTAGE_END_S]
        slow = slowf if p[P.SLOW_START_S] <= t_s < p[P.SLOW_END_S] else 1.0
        # --- fleet: launches finish, warm-ups finish
        ready = pend_ring[fslot]
        pend_ring[fslot] = 0
        pending -= ready
        in_service += ready
        warming += ready
        if ready > 0 and warm_steps > 0:
            warm_ring[(i + warm_steps) % fleet_ring] += ready
        elif ready > 0:
            warming -= ready
        done_warm = warm_ring[fslot]
        warm_ring[fslot] = 0
        warming = max(0, warming - done_warm)
        # --- producers
        send_acc += load[i] * dt
        want = int(math.floor(send_acc + 1e-9))
        send_acc -= want
        sent = want
        throttled = 0
        if fifo:
            cap = int(p[P.FIFO_LIMIT] * dt)
            if sent > cap:
                throttled = sent - cap
                sent = cap
                if not throttle_seen:
                    throttle_seen = True
                    n_ev = emit(ev, n_ev, i, EV.FIFO_THROTTLE, want / dt, p[P.FIFO_LIMIT])
        dedup = 0
        dups = 0
        if p[P.RETRY_RATE] > 0 and sent > 0:
            copies = rng.binomial(sent, p[P.RETRY_RATE])
            if fifo:
                dedup = copies
            else:
                sent += copies
                dups += copies
        if i == poison_step:
            sent += 1
            pz_state = POISON.VISIBLE
            n_ev = emit(ev, n_ev, i, EV.POISON_SENT, 1.0 if fifo else 0.0, groups)
        arrivals = sent - (1 if i == poison_step else 0)
        if delay_steps > 0:
            delay_ring[(i + delay_steps) % (delay_steps + 1)] += arrivals
            delayed += arrivals
            arrivals = delay_ring[i % (delay_steps + 1)] if i >= delay_steps else 0
            delay_ring[i % (delay_steps + 1)] = 0 if i >= delay_steps else delay_ring[i % (delay_steps + 1)]
            delayed -= arrivals
        if fifo and (pz_state == POISON.VISIBLE or pz_state == POISON.IN_FLIGHT):
            if blocked_since < 0:
                blocked_since = i
            block_acc += arrivals / groups
            nb = min(arrivals, int(block_acc))
            block_acc -= nb
            blocked += nb
            arrivals -= nb
        if arrivals > 0:
            f_cnt[(f_head + f_len) % fcap] = arrivals
            f_sent[(f_head + f_len) % fcap] = i
            f_len += 1
            visible_fresh += arrivals
        # --- deletions and slot releases due now
        deleted = done_ring[slot]
        done_ring[slot] = 0
        inflight_done -= deleted
        busy = max(0.0, busy - busy_ring[slot])
        busy_ring[slot] = 0.0
        # --- visibility timeouts: in-flight cohorts come back (or go to the DLQ)
        dl_now = 0
        while i_len > 0 and i_ret[i_head] <= i:
            c = i_cnt[i_head]
            inflight_ret -= c
            if dlq and i_rc[i_head] >= mrc:
                dlq_total += c
                dl_now += c
            else:
                r_cnt[(r_head + r_len) % rcap] = c
                r_sent[(r_head + r_len) % rcap] = i_sent[i_head]
                r_rc[(r_head + r_len) % rcap] = i_rc[i_head]
                r_len += 1
                visible_retry += c
            i_head = (i_head + 1) % icap
            i_len -= 1
        if dl_now > 0 and not dlq_seen:
            dlq_seen = True
            n_ev = emit(ev, n_ev, i, EV.DLQ, dl_now, mrc)
        if pz_state == POISON.IN_FLIGHT and pz_ret <= i:
            if dlq and pz_rc >= mrc:
                pz_state = POISON.GONE
                dlq_total += 1
                n_ev = emit(ev, n_ev, i, EV.POISON_DLQ, pz_rc, blocked, (i - blocked_since) * dt)
                if blocked > 0:
                    r_cnt[(r_head + r_len) % rcap] = blocked
                    r_sent[(r_head + r_len) % rcap] = blocked_since
                    r_rc[(r_head + r_len) % rcap] = 0
                    r_len += 1
                    visible_retry += blocked
                blocked = 0
                blocked_since = -1
            else:
                pz_state = POISON.VISIBLE
        # --- retention: expire the oldest cohorts
        exp_now = 0
        limit = i - ret_steps
        while f_len > 0 and f_sent[f_head] <= limit:
            exp_now += f_cnt[f_head]
            visible_fresh -= f_cnt[f_head]
            f_head = (f_head + 1) % fcap
            f_len -= 1
        while r_len > 0 and r_sent[r_head] <= limit:
            exp_now += r_cnt[r_head]
            visible_retry -= r_cnt[r_head]
            r_head = (r_head + 1) % rcap
            r_len -= 1
        if blocked > 0 and blocked_since <= limit:
            exp_now += blocked
            blocked = 0
        if pz_state == POISON.VISIBLE and poison_step <= limit:
            exp_now += 1
            pz_state = POISON.GONE
            blocked_since = -1
        if exp_now > 0:
            expired_total += exp_now
            if not expiry_seen:
                expiry_seen = True
                n_ev = emit(ev, n_ev, i, EV.EXPIRY, exp_now, p[P.RETENTION_S])
        visible = visible_fresh + visible_retry + blocked + (1 if pz_state == POISON.VISIBLE else 0)
        # --- consumer scaling
        if mode == MODE.LAMBDA:
            if visible > 0 and not down:
                lam = min(p[P.LAMBDA_MAX], lam + p[P.LAMBDA_RATE] * dt / 60.0)
                if lam >= p[P.LAMBDA_MAX] and not lam_max_seen:
                    lam_max_seen = True
                    n_ev = emit(ev, n_ev, i, EV.LAMBDA_MAX, lam, visible)
            elif visible == 0:
                lam = max(min(p[P.LAMBDA_MIN], p[P.LAMBDA_MAX]), math.ceil(busy))
            in_service = int(lam)
        elif mode != MODE.FIXED and i % period == 0 and i > 0:
            in_service, pending, high, low, at_max_flag, n_ev = consumer_datapoint(
                p, mode, i, visible, in_service, pending, warming, high, low, at_max_flag,
                pend_ring, (i + launch_steps) % fleet_ring, out, ev, n_ev,
            )  # fmt: skip
        elif mode != MODE.FIXED:
            out[OUT.METRIC, i] = out[OUT.METRIC, i - 1] if i > 0 else np.nan
        # --- receive
        received = 0
        ooo = 0
        if not down and in_service > 0:
            free = in_service * p[P.THREADS] - busy
            pe = mean_p * slow
            cap = free if pe >= dt else free * dt / pe
            n_max = int(math.floor(cap + 1e-9))
            if fifo:
                n_max = min(n_max, int(p[P.FIFO_LIMIT] * dt))
            inflight = inflight_ret + inflight_done + (1 if pz_state == POISON.IN_FLIGHT else 0)
            n_max = min(n_max, int(max(0, p[P.INFLIGHT_LIMIT] - inflight) * max(1.0, dt / pe)))
            if pz_state == POISON.VISIBLE and n_max > 0:
                pz_state = POISON.IN_FLIGHT
                pz_rc += 1
                pz_ret = i + vis_steps
                n_max -= 1
                received += 1
                busy += min(mean_p * slow, dt) / dt
                busy_ring[(i + max(1, int(math.ceil(mean_p * slow / dt)))) % rmax] += min(mean_p * slow, dt) / dt
            # retry cohorts first; merge consecutive chunks with the same receive count
            back_cnt = 0
            back_sent = 0
            back_rc = -1
            n_take_total = 0
            while n_max > 0 and (r_len > 0 or f_len > 0):
                if r_len > 0:
                    take = min(n_max, r_cnt[r_head])
                    rc = r_rc[r_head] + 1
                    sent_c = r_sent[r_head]
                    r_cnt[r_head] -= take
                    visible_retry -= take
                    if r_cnt[r_head] == 0:
                        r_head = (r_head + 1) % rcap
                        r_len -= 1
                    ooo += take
                else:
                    take = min(n_max, f_cnt[f_head])
                    rc = 1
                    sent_c = f_sent[f_head]
                    f_cnt[f_head] -= take
                    visible_fresh -= take
                    if f_cnt[f_head] == 0:
                        f_head = (f_head + 1) % fcap
                        f_len -= 1
                n_max -= take
                received += take
                n_take_total += take
                # outcomes of this chunk
                n_over = 0
                n_k_over = 0
                for k in range(K):
                    if proc_bins[k] * slow > p[P.VISIBILITY_S]:
                        n_k_over += 1
                if n_k_over > 0:
                    n_over = rng.binomial(take, n_k_over / K)
                n_fail = rng.binomial(take - n_over, p[P.FAILURE_RATE]) if p[P.FAILURE_RATE] > 0 else 0
                n_ok = take - n_over - n_fail
                if n_over > 0 and not overrun_seen:
                    overrun_seen = True
                    n_ev = emit(ev, n_ev, i + vis_steps, EV.OVERRUN, n_over, p[P.VISIBILITY_S], mean_p * slow)
                back = n_over + n_fail
                if back > 0:
                    if rc != back_rc and back_cnt > 0:
                        i_len = push(
                            i_ret, i_cnt, i_sent, i_rc, i_head, i_len, i + vis_steps, back_cnt, back_sent, back_rc
                        )
                        back_cnt = 0
                    if back_cnt == 0:
                        back_sent = sent_c
                    back_rc = rc
                    back_cnt += back
                    inflight_ret += back
                    if n_over > 0 and not (dlq and rc >= mrc):
                        dups += n_over
                # split over the processing-time bins: all occupy a slot, successes are deleted
                w_add, del_add, inf_add = place(
                    n_ok, n_fail, n_over, proc_bins, slow, p[P.VISIBILITY_S], dt, i, rot, busy_ring, done_ring, rmax
                )
                busy += w_add
                deleted += del_add
                inflight_done += inf_add
                rot += 1
            if back_cnt > 0:
                i_len = push(i_ret, i_cnt, i_sent, i_rc, i_head, i_len, i + vis_steps, back_cnt, back_sent, back_rc)
            if p[P.DUPLICATE_RATE] > 0 and not fifo and n_take_total > 0:
                extra = rng.binomial(n_take_total, p[P.DUPLICATE_RATE])
                dups += extra
        # --- record
        visible = visible_fresh + visible_retry + blocked + (1 if pz_state == POISON.VISIBLE else 0)
        oldest = -1
        if f_len > 0:
            oldest = f_sent[f_head]
        if r_len > 0 and (oldest < 0 or r_sent[r_head] < oldest):
            oldest = r_sent[r_head]
        if (
            (blocked > 0 or pz_state == POISON.VISIBLE)
            and blocked_since >= 0
            and (oldest < 0 or blocked_since < oldest)
        ):
            oldest = blocked_since
        out[OUT.SENT, i] = sent
        out[OUT.SEND_THROTTLED, i] = throttled
        out[OUT.DEDUPLICATED, i] = dedup
        out[OUT.RECEIVED, i] = received
        out[OUT.DELETED, i] = deleted
        out[OUT.VISIBLE, i] = visible
        out[OUT.IN_FLIGHT, i] = inflight_ret + inflight_done + (1 if pz_state == POISON.IN_FLIGHT else 0)
        out[OUT.DELAYED, i] = delayed
        out[OUT.DUPLICATES, i] = dups
        out[OUT.DEAD_LETTERED, i] = dlq_total
        out[OUT.EXPIRED, i] = expired_total
        out[OUT.OLDEST_AGE_S, i] = (i - oldest) * dt if oldest >= 0 else 0.0
        out[OUT.CONSUMERS, i] = in_service
        out[OUT.PENDING, i] = pending
        out[OUT.OUT_OF_ORDER, i] = ooo
    return out, n_ev
