"""The EC2 Auto Scaling time loop: one numba kernel for one scenario or a batch (leading axis).

State per scenario is a handful of counters plus a ring buffer of launch cohorts (instances
launched in the same step share an age), so each step costs O(1) whatever the group size.
Ages (in steps): Pending for ``L``; InService after; warming while age < L + W (warming counts as
already added, §1.5); app booting while age < L + B. Health checks (§1.7): the default type, EC2,
never judges the application, so a booting instance is not unhealthy; with ELB checks a cohort
still booting at age L + C is replaced, where C = max(grace, unhealthy threshold x interval): the
target group needs that many failed checks, and the group ignores them during the grace period.
Random failures hit settled instances and are detected ``D`` steps later, then replaced ignoring
cooldowns (§1.7).

Instance counts in a row are the group *during* the step: launches join as Pending at once;
instances a scale-in terminates served this step and leave at its end (so serving <= in service
in every row, and serving + booting + impaired = in service).

TT and step policies compute from the capacity *not* warming (§1.5); with a warm-up of 0 there is
no warm-up at all, so instances still Pending count in that base while the metric still shows the
old load — repeated alarms then compound (the "thrashing without warm-up" lesson).
Cooldown (§1.4, §1.7): after the group launches or terminates instances (any activity: a policy,
a scheduled or manual change, predictive scaling, a replacement) the cooldown runs from the end of
the activity (the launch's end; a termination at once), and no simple policy starts an activity
until it ends, in both editions; an activity by a simple policy with its own ``Cooldown`` uses that
value. ``course`` also holds TT and step policies by it; ``aws-today`` does not (warm-up only, §9).
Manual changes with HonorCooldown wait for it in both; scheduled actions and replacements never do.

The loop is one function on purpose: every rule above reads and writes the same per-step
counters, so splitting it into compiled helpers would pass that state back and forth each step
without separating any concern; the rules' pure parts already live in policies.py and
engine/kernel/target_tracking.py.

Several target-tracking policies (§1.6): out if any wants out, in only when every one with scale-in
enabled wants in, to the largest capacity they ask for; a target-tracking scale-in is gradual
(:func:`engine.kernel.target_tracking.gradual_scale_in`, an approximation).

Inputs and outputs are plain arrays indexed by the slots of :mod:`engine.autoscaling.layout`;
events are written with :func:`engine.kernel.events.emit` (codes ``EV``) and turned into
sentences afterwards by :mod:`engine.autoscaling.explain`.

The time loop stays one function: splitting its steps into compiled helpers that take arrays
cost about 25 % of a kernel's speed when the queues kernel tried it (38 -> 50 ms CPU per
simulated day, commit a63e68a), and one simulated day here takes 3-4 ms.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.autoscaling.layout import EV, GF, GI, MC, OUT, PF, PI, SC, ST, TOTAL
from engine.autoscaling.policies import KIND, METRIC, adjusted_capacity, pick_step
from engine.kernel.events import emit
from engine.kernel.target_tracking import (
    HIGH_DATAPOINTS,
    LOW_DATAPOINTS,
    SCALE_IN,
    SCALE_OUT,
    alarm_counts,
    gradual_scale_in,
    proportional_capacity,
    tt_decide,
)

__all__ = ["run_kernel"]

# What holds a policy back since its last evaluation (one "suppressed" event per hold, not per alarm)
NOT_HELD, HELD_BY_COOLDOWN, HELD_BY_WARMUP, HELD_BY_OTHERS = 0, 1, 2, 3


@njit(cache=True, nogil=True)
def run_kernel(load, u_fail, pred, pred_max, gi, gf, pi, pf, steps, sched, manual, out, summ, ev, ev_n):
    """Simulate every scenario ``s`` over all steps; ``out``/``ev`` hold one scenario if their first axis is 1."""
    n_s = gi.shape[0]
    n_t = load.shape[1]
    n_p = pi.shape[1]
    for s in range(n_s):
        so = s if out.shape[0] > 1 else 0
        se = s if ev.shape[0] > 1 else 0
        sl = s if load.shape[0] > 1 else 0
        sp = s if pred.shape[0] > 1 else 0
        record = out.shape[1] == n_t
        dt = gf[s, GF.DT_S]
        cap_rps = gf[s, GF.CAPACITY_RPS]
        L, W, B, C, D = (
            gi[s, GI.LAUNCH_STEPS],
            gi[s, GI.WARMUP_STEPS],
            gi[s, GI.BOOT_STEPS],
            gi[s, GI.CHECK_STEPS],
            gi[s, GI.DETECT_STEPS],
        )
        per = gi[s, GI.PERIOD_STEPS]
        rlim = max(L + W, L + B, L + C) + 1
        R = rlim + 1
        ring = np.zeros(R, np.int64)
        fring = np.zeros(D + 1, np.int64)
        mn, mx, des = gi[s, GI.MIN_SIZE], gi[s, GI.MAX_SIZE], gi[s, GI.DESIRED]
        cd = gi[s, GI.COOLDOWN_STEPS]
        dyncd = gi[s, GI.DYNAMIC_COOLDOWN] == 1
        settled, pend, warm, boot, failed = des, 0, 0, 0, 0
        alive = des
        q = 0.0
        cost = 0.0
        cool_until = -1
        hc = np.zeros(n_p, np.int64)
        lc = np.zeros(n_p, np.int64)
        held = np.zeros(n_p, np.int64)
        capped = 0
        acc_cpu, n_cpu, acc_req, n_req = 0.0, 0, 0.0, 0
        isched, iman = 0, 0
        man_held, man_idx, man_honor = -1, -1, False
        prop = np.zeros(n_p, np.int64)
        pdir = np.zeros(n_p, np.int64)
        evs = ev[se]
        ne = 0
        for k in range(len(TOTAL)):
            summ[s, k] = 0.0
        summ[s, TOTAL.MAX_DESIRED] = des
        last_pred = -1
        for i in range(n_t):
            # 1. cohorts age: InService, boot done, warm-up done, health check at grace, settle
            if i - L >= 0:
                c = ring[(i - L) % R]
                pend -= c
                if B > 0:
                    boot += c
            if B > 0 and i - L - B >= 0:
                boot -= ring[(i - L - B) % R]
            if W > 0 and i - L - W >= 0:
                warm -= ring[(i - L - W) % R]
            if C >= 0 and B > C and i - L - C >= 0:
                j = (i - L - C) % R
                c = ring[j]
                if c > 0:
                    boot -= c
                    if W > 0 and C < W:
                        warm -= c
                    ring[j] = 0
                    alive -= c
                    ne = emit(evs, ne, i, EV.UNHEALTHY, c, C * dt, B * dt)
                    cool_until = max(cool_until, i + L + cd)  # the replacement launches now
            if i - rlim >= 0:
                j = (i - rlim) % R
                settled += ring[j]
                ring[j] = 0
            # 2. random failures among settled instances, detected D steps later (maintain)
            if gf[s, GF.FAILURE_RATE_PER_HOUR] > 0.0 and settled > 0:
                lam = settled * gf[s, GF.FAILURE_RATE_PER_HOUR] * dt / 3600.0
                u = u_fail[0, i]
                p = math.exp(-lam)
                cdf = p
                f = 0
                while u > cdf and f < settled:
                    f += 1
                    p *= lam / f
                    cdf += p
                if f > 0:
                    settled -= f
                    failed += f
                    fring[(i + D) % (D + 1)] += f
                    ne = emit(evs, ne, i, EV.FAILURE, f, D * dt)
            d = fring[i % (D + 1)]
            if d > 0:
                fring[i % (D + 1)] = 0
                failed -= d
                alive -= d
                ne = emit(evs, ne, i, EV.REPLACE, d)
                cool_until = max(cool_until, i + L + cd)
            # 3. serve this step with the capacity that is serving now
            serving = alive - pend - boot - failed
            serving = max(serving, 0)
            cap = serving * cap_rps
            lo = load[sl, i]
            avail = q + lo * dt
            served = min(avail, cap * dt)
            q = avail - served
            dropped = 0.0
            qmax = gf[s, GF.QUEUE_MAX] if gi[s, GI.QUEUE] == 1 else 0.0
            if q > qmax:
                dropped = q - qmax
                q = qmax
            cpu = 100.0 * served / (cap * dt) if cap > 0 else math.nan
            if cap > 0:
                rho = min(served / (cap * dt), 0.99)
                lat = gf[s, GF.BASE_LATENCY_MS] / (1.0 - rho) + 1000.0 * q / cap
                lat = min(lat, gf[s, GF.TIMEOUT_MS])
            else:
                lat = gf[s, GF.TIMEOUT_MS]
            if not math.isnan(cpu):
                acc_cpu += cpu
                n_cpu += 1
            if serving > 0:
                acc_req += lo / serving
                n_req += 1
            # 4. scheduled actions (never wait for a cooldown, §1.2)
            while isched < gi[s, GI.N_SCHEDULED] and sched[s, isched, SC.STEP] <= i:
                old = des
                if sched[s, isched, SC.MIN_SIZE] >= 0:
                    mn = sched[s, isched, SC.MIN_SIZE]
                if sched[s, isched, SC.MAX_SIZE] >= 0:
                    mx = sched[s, isched, SC.MAX_SIZE]
                if sched[s, isched, SC.DESIRED] >= 0:  # validated within [min, max] (§1.2)
                    des = sched[s, isched, SC.DESIRED]
                des = min(max(des, mn), mx)  # new limits move the current desired with them (§1.1)
                in_cd = 1.0 if i < cool_until else 0.0
                ne = emit(evs, ne, i, EV.SCHEDULED, sched[s, isched, SC.ACTION], old, des, in_cd)
                if des != old:
                    summ[s, TOTAL.ACTIVITIES] += 1
                    cool_until = max(cool_until, (i + L if des > old else i) + cd)
                isched += 1
            # 5. manual changes (HonorCooldown waits for the cooldown, §1.2)
            # (outside [min, max] the call is refused, not clamped: §1.1)
            while True:
                due = iman < gi[s, GI.N_MANUAL] and manual[s, iman, MC.STEP] <= i
                if due:
                    man_held, man_idx = manual[s, iman, MC.DESIRED], iman
                    man_honor = manual[s, iman, MC.HONOR_COOLDOWN] == 1
                    iman += 1
                    if man_honor and i < cool_until:
                        ne = emit(evs, ne, i, EV.MANUAL_HELD, man_idx, man_held, cool_until * dt)
                        continue
                if man_held >= 0 and (i >= cool_until or not man_honor):
                    if man_held < mn or man_held > mx:
                        ne = emit(evs, ne, i, EV.MANUAL_REFUSED, man_idx, man_held, mn, mx)
                    else:
                        old = des
                        des = man_held
                        ne = emit(evs, ne, i, EV.MANUAL, man_idx, old, des, man_held)
                        if des != old:
                            summ[s, TOTAL.ACTIVITIES] += 1
                            cool_until = max(cool_until, (i + L if des > old else i) + cd)
                    man_held = -1
                if not due:
                    break
            # 6. predictive scaling: capacity for the coming hour, launched ahead; scale-out only
            pc = pred[sp, i] if pred.shape[1] > 1 else -1
            if gi[s, GI.PREDICTIVE] == 1 and pc >= 0:
                if pred_max[sp, i] > mx:
                    ne = emit(evs, ne, i, EV.MAX_RAISED, mx, pred_max[sp, i])
                    mx = pred_max[sp, i]
                want = min(pc, mx)
                if want > des:
                    ne = emit(evs, ne, i, EV.PREDICTIVE, des, want, pc)
                    des = want
                    summ[s, TOTAL.ACTIVITIES] += 1
                    cool_until = max(cool_until, i + L + cd)
                if pc != last_pred and pc > mx:
                    ne = emit(evs, ne, i, EV.PREDICTIVE_CAPPED, pc, mx)
                last_pred = pc
            floor = min(max(pc, 0), mx) if gi[s, GI.PREDICTIVE] == 1 else 0
            # 7. dynamic policies at the end of each alarm period
            dp_out = math.nan
            if (i + 1) % per == 0:
                dp_cpu = acc_cpu / n_cpu if n_cpu > 0 else math.nan
                dp_req = acc_req / n_req if n_req > 0 else math.nan
                acc_cpu, n_cpu, acc_req, n_req = 0.0, 0, 0.0, 0
                dp_out = dp_cpu if gi[s, GI.N_POLICIES] == 0 or pi[s, 0, PI.METRIC] == METRIC.CPU else dp_req
                cur = des
                base = max(cur - warm, 0)
                best_out, win_out, best_in, win_in = -1, -1, -1, -1
                tt_in, win_tt, n_tt_in, n_tt_ready = -1, -1, 0, 0
                for p in range(gi[s, GI.N_POLICIES]):
                    t = pi[s, p, PI.KIND]
                    adj_type, min_mag = pi[s, p, PI.ADJUSTMENT_TYPE], pi[s, p, PI.MIN_MAGNITUDE]
                    dp = dp_cpu if pi[s, p, PI.METRIC] == METRIC.CPU else dp_req
                    tgt = pf[s, p, PF.TARGET]
                    pdir[p] = 0
                    blocked_until = -1
                    if t == KIND.TARGET_TRACKING:
                        hc[p], lc[p] = alarm_counts(dp, tgt, pf[s, p, PF.LOW_FACTOR], hc[p], lc[p])
                        can_in = pi[s, p, PI.NO_SCALE_IN] == 0
                        n_tt_in += 1 if can_in else 0
                        act, want = tt_decide(
                            base, cur - base, dp, tgt, hc[p], lc[p], can_in, HIGH_DATAPOINTS, LOW_DATAPOINTS
                        )
                        if act == SCALE_OUT:
                            pdir[p], prop[p] = 1, want
                        elif act == SCALE_IN:
                            pdir[p], prop[p] = -1, want
                        elif (
                            lc[p] >= LOW_DATAPOINTS
                            and can_in
                            and warm > 0
                            and proportional_capacity(base, dp, tgt) < cur
                        ):
                            if held[p] != HELD_BY_WARMUP:
                                ne = emit(evs, ne, i, EV.HELD_WARMUP, p, cur, warm, dp)
                                summ[s, TOTAL.SUPPRESSED] += 1
                            held[p] = HELD_BY_WARMUP
                            continue
                    else:
                        if math.isnan(dp):
                            hc[p], lc[p] = 0, 0
                        else:
                            hc[p] = hc[p] + 1 if dp > tgt else 0
                            lc[p] = lc[p] + 1 if dp < tgt else 0
                        need = pi[s, p, PI.DATAPOINTS]
                        if t == KIND.STEP:
                            if hc[p] >= need or lc[p] >= need:
                                k = pick_step(
                                    dp - tgt, steps[s, p, :, ST.LOWER], steps[s, p, :, ST.UPPER], pi[s, p, PI.N_STEPS]
                                )
                                if k >= 0:
                                    adj = steps[s, p, k, ST.ADJUSTMENT]
                                    if hc[p] >= need:
                                        want = adjusted_capacity(base, adj_type, adj, min_mag)
                                        if want > cur:
                                            pdir[p], prop[p] = 1, want
                                    else:
                                        want = adjusted_capacity(cur, adj_type, adj, min_mag)
                                        if want < cur:
                                            if warm > 0:
                                                if held[p] != HELD_BY_WARMUP:
                                                    ne = emit(evs, ne, i, EV.HELD_WARMUP, p, want, warm, dp)
                                                    summ[s, TOTAL.SUPPRESSED] += 1
                                                held[p] = HELD_BY_WARMUP
                                                continue
                                            pdir[p], prop[p] = -1, want
                        elif t == KIND.SIMPLE:
                            fire = hc[p] >= need if pi[s, p, PI.COMPARISON] == 1 else lc[p] >= need
                            if fire:
                                want = adjusted_capacity(cur, adj_type, pf[s, p, PF.ADJUSTMENT], min_mag)
                                if want != cur:
                                    pdir[p], prop[p] = (1 if want > cur else -1), want
                            blocked_until = cool_until  # group-wide, both editions (§1.4)
                    if pdir[p] != 0 and dyncd and cool_until > blocked_until:
                        blocked_until = cool_until
                    if pdir[p] != 0 and i < blocked_until:
                        if held[p] != HELD_BY_COOLDOWN:
                            ne = emit(evs, ne, i, EV.HELD_COOLDOWN, p, prop[p], blocked_until * dt, pdir[p])
                            summ[s, TOTAL.SUPPRESSED] += 1
                        held[p] = HELD_BY_COOLDOWN
                        pdir[p] = 0
                        continue
                    if pdir[p] == -1 and t == KIND.TARGET_TRACKING:
                        n_tt_ready += 1  # held state settled below, once all TT policies are known
                        if prop[p] > tt_in:
                            tt_in, win_tt = prop[p], p
                        continue
                    held[p] = NOT_HELD
                    if pdir[p] == 1 and prop[p] > best_out:
                        best_out, win_out = prop[p], p
                    if pdir[p] == -1 and prop[p] > best_in:
                        best_in, win_in = prop[p], p
                # target tracking scales in only when every TT policy with scale-in enabled agrees (§1.6)
                if win_tt >= 0:
                    agreed = n_tt_ready == n_tt_in
                    for p in range(gi[s, GI.N_POLICIES]):
                        if pi[s, p, PI.KIND] == KIND.TARGET_TRACKING and pdir[p] == -1:
                            if agreed:
                                held[p] = NOT_HELD
                            elif held[p] != HELD_BY_OTHERS:
                                ne = emit(evs, ne, i, EV.HELD_OTHERS, p, prop[p], n_tt_in - n_tt_ready)
                                summ[s, TOTAL.SUPPRESSED] += 1
                                held[p] = HELD_BY_OTHERS
                    if agreed and tt_in > best_in:  # the largest capacity wins (§1.2)
                        best_in, win_in = tt_in, win_tt
                win, new = -1, cur
                if win_out >= 0:  # out if any policy wants out; the largest capacity wins (§1.2)
                    win, new = win_out, best_out
                elif win_in >= 0:
                    win, new = win_in, best_in
                if win >= 0:
                    asked = new
                    if new < cur and pi[s, win, PI.KIND] == KIND.TARGET_TRACKING:
                        new = gradual_scale_in(cur, new)
                        for p in range(gi[s, GI.N_POLICIES]):  # the next needs fresh low datapoints
                            if pi[s, p, PI.KIND] == KIND.TARGET_TRACKING:
                                lc[p] = 0
                    wanted = new
                    new = min(max(new, mn, floor), mx)
                    if wanted > mx and capped == 0:
                        ne = emit(evs, ne, i, EV.CAPPED_MAX, win, wanted, mx)
                    if wanted < mn and capped == 0:
                        ne = emit(evs, ne, i, EV.CAPPED_MIN, win, wanted, mn)
                    capped = 1 if (wanted > mx or wanted < mn) else 0
                    if new != cur:
                        dpw = dp_cpu if pi[s, win, PI.METRIC] == METRIC.CPU else dp_req
                        if new > cur:
                            ne = emit(evs, ne, i, EV.SCALE_OUT, win, cur, new, dpw)
                        else:
                            ne = emit(evs, ne, i, EV.SCALE_IN, win, cur, new, dpw, asked)
                        summ[s, TOTAL.ACTIVITIES] += 1
                        des = new
                        pcd = pi[s, win, PI.COOLDOWN_STEPS] if pi[s, win, PI.KIND] == KIND.SIMPLE else -1
                        end = i + L if new > cur else i  # the cooldown runs from the activity's end (§1.4)
                        cool_until = max(cool_until, end + (cd if pcd < 0 else pcd))
            # 8. launch towards desired: the new instances are Pending (and billed) from now
            if alive < des:
                n = des - alive
                ring[i % R] += n
                pend += n
                if W > 0:
                    warm += n
                alive += n
            cost += alive * gf[s, GF.PRICE_PER_HOUR] * dt / 3600.0
            # 9. record
            summ[s, TOTAL.OFFERED] += lo * dt
            summ[s, TOTAL.SERVED] += served
            summ[s, TOTAL.DROPPED] += dropped
            summ[s, TOTAL.MEAN_LATENCY_MS] += lat * lo * dt
            summ[s, TOTAL.INSTANCE_HOURS] += alive * dt / 3600.0
            summ[s, TOTAL.MAX_DESIRED] = max(summ[s, TOTAL.MAX_DESIRED], des)
            if record:
                out[so, i, OUT.DESIRED] = des
                out[so, i, OUT.IN_SERVICE] = alive - pend
                out[so, i, OUT.PENDING] = pend
                out[so, i, OUT.WARMING] = max(warm - pend, 0)
                out[so, i, OUT.SERVING] = serving
                out[so, i, OUT.BOOTING] = boot
                out[so, i, OUT.IMPAIRED] = failed
                out[so, i, OUT.CPU_PCT] = 0.0 if math.isnan(cpu) else cpu
                out[so, i, OUT.SERVED_RPS] = served / dt
                out[so, i, OUT.DROPPED_RPS] = dropped / dt
                out[so, i, OUT.QUEUED] = q
                out[so, i, OUT.LATENCY_MS] = lat
                out[so, i, OUT.COST_USD] = cost
                out[so, i, OUT.MIN_SIZE] = mn
                out[so, i, OUT.MAX_SIZE] = mx
                out[so, i, OUT.DATAPOINT] = dp_out
                out[so, i, OUT.FORECAST_CAPACITY] = pc
            # 10. terminate towards desired (newest first): they served this step and leave at its end
            if alive > des:
                n = alive - des
                for a in range(rlim):
                    if n == 0 or i - a < 0:
                        break
                    j = (i - a) % R
                    c = min(ring[j], n)
                    if c > 0:
                        ring[j] -= c
                        n -= c
                        alive -= c
                        if a < L:
                            pend -= c
                        elif B > 0 and a < L + B:
                            boot -= c
                        if W > 0 and a < L + W:
                            warm -= c
                c = min(settled, n)
                settled -= c
                alive -= c
                n -= c
                if n > 0:
                    for a in range(D + 1):
                        j = (i + D - a) % (D + 1)
                        c = min(fring[j], n)
                        fring[j] -= c
                        failed -= c
                        alive -= c
                        n -= c
        summ[s, TOTAL.QUEUED_END] = q
        summ[s, TOTAL.COST_USD] = cost
        summ[s, TOTAL.MEAN_LATENCY_MS] /= max(summ[s, TOTAL.OFFERED], 1e-12)
        ev_n[s] = ne
