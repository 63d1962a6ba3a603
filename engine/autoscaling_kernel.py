"""The EC2 Auto Scaling time loop: one numba kernel for one scenario or a batch (leading axis).

State per scenario is a handful of counters plus a ring buffer of launch cohorts (instances
launched in the same step share an age), so each step costs O(1) whatever the group size.
Ages (in steps): Pending for ``L``; InService after; warming while age < L + W (warming counts as
already added, §1.5); app booting while age < L + B; health checks start at age L + G (grace,
§1.7) — a cohort still booting then is judged unhealthy and replaced. Random failures hit settled
instances and are detected ``D`` steps later, then replaced ignoring cooldowns (§1.7).

TT and step policies compute from the capacity *not* warming (§1.5); with a warm-up of 0 there is
no warm-up at all, so instances still Pending count in that base while the metric still shows the
old load — repeated alarms then compound (the "thrashing without warm-up" lesson).
Cooldown: ``course`` — every dynamic activity starts the group cooldown and every dynamic policy
waits for it; ``aws-today`` — only simple policies start and honour it (§1.7, §9). Manual changes
with HonorCooldown wait for it in both; scheduled actions and replacements never do.

Inputs are plain arrays built by :mod:`engine.autoscaling`; see ``GI_*``/``GF_*``/``PI_*``
column indices. Event codes (``E_*``) are turned into sentences in Python afterwards.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.autoscaling_policies import adjusted_capacity, pick_step
from engine.kernel.target_tracking import SCALE_IN, SCALE_OUT, alarm_counts, proportional_capacity, tt_decide

# group ints
(GI_MIN, GI_MAX, GI_DES, GI_L, GI_W, GI_B, GI_G, GI_D, GI_PERIOD, GI_QUEUE, GI_NPOL, GI_CD, GI_DYNCD,
 GI_NSCHED, GI_NMAN, GI_PRED, GI_N) = range(17)  # fmt: skip
# group floats
GF_CAP, GF_QMAX, GF_LAT, GF_TIMEOUT, GF_PRICE, GF_FAIL, GF_DT, GF_N = range(8)
# policy ints
PI_TYPE, PI_METRIC, PI_ADJ, PI_MINMAG, PI_DP, PI_NOIN, PI_NSTEPS, PI_CMP, PI_CD, PI_N = range(10)
# policy floats
PF_TARGET, PF_LOWF, PF_ADJ, PF_N = range(4)
T_TT, T_STEP, T_SIMPLE = 1, 2, 3
# output columns
(O_DES, O_INS, O_PEND, O_WARM, O_SERV_N, O_CPU, O_SERVED, O_DROP, O_QUEUE, O_LAT, O_COST, O_MIN, O_MAX,
 O_DP, O_PRED, O_N) = range(16)  # fmt: skip
# summary columns
S_OFFERED, S_SERVED, S_DROPPED, S_QUEUE, S_COST, S_MAXDES, S_ACTS, S_LATW, S_INSTH, S_HELD, S_N = range(11)
# event codes
(E_OUT, E_IN, E_HELD_COOL, E_HELD_WARM, E_CAP_MAX, E_CAP_MIN, E_SCHED, E_MANUAL, E_MANUAL_HELD, E_FAIL,
 E_REPLACE, E_GRACE, E_PRED, E_MAX_RAISED) = range(1, 15)  # fmt: skip
EV_W = 6  # step, code, policy, a, b, c


@njit(cache=True)
def _event(ev, ev_n, so, s, i, code, p, a, b, c):
    n = ev_n[s]
    if n < ev.shape[1]:
        ev[so, n, 0] = i
        ev[so, n, 1] = code
        ev[so, n, 2] = p
        ev[so, n, 3] = a
        ev[so, n, 4] = b
        ev[so, n, 5] = c
    ev_n[s] = n + 1


@njit(cache=True)
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
        dt = gf[s, GF_DT]
        cap_rps = gf[s, GF_CAP]
        L, W, B, G, D = gi[s, GI_L], gi[s, GI_W], gi[s, GI_B], gi[s, GI_G], gi[s, GI_D]
        per = gi[s, GI_PERIOD]
        rlim = max(L + W, L + B, L + G) + 1
        R = rlim + 1
        ring = np.zeros(R, np.int64)
        fring = np.zeros(D + 1, np.int64)
        mn, mx, des = gi[s, GI_MIN], gi[s, GI_MAX], gi[s, GI_DES]
        cd = gi[s, GI_CD]
        dyncd = gi[s, GI_DYNCD] == 1
        settled, pend, warm, boot, failed = des, 0, 0, 0, 0
        alive = des
        q = 0.0
        cost = 0.0
        cool_until = -1
        lock_until = np.full(n_p, -1, np.int64)
        hc = np.zeros(n_p, np.int64)
        lc = np.zeros(n_p, np.int64)
        held = np.zeros(n_p, np.int64)
        capped = 0
        acc_cpu, n_cpu, acc_req, n_req = 0.0, 0, 0.0, 0
        isched, iman = 0, 0
        man_held, man_idx = -1, -1
        prop = np.zeros(n_p, np.int64)
        pdir = np.zeros(n_p, np.int64)
        ev_n[s] = 0
        for k in range(S_N):
            summ[s, k] = 0.0
        summ[s, S_MAXDES] = des
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
            if B > G and i - L - G >= 0:
                j = (i - L - G) % R
                c = ring[j]
                if c > 0:
                    boot -= c
                    if W > 0 and G < W:
                        warm -= c
                    ring[j] = 0
                    alive -= c
                    _event(ev, ev_n, se, s, i, E_GRACE, -1, c, G * dt, B * dt)
            if i - rlim >= 0:
                j = (i - rlim) % R
                settled += ring[j]
                ring[j] = 0
            # 2. random failures among settled instances, detected D steps later (maintain)
            if gf[s, GF_FAIL] > 0.0 and settled > 0:
                lam = settled * gf[s, GF_FAIL] * dt / 3600.0
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
                    _event(ev, ev_n, se, s, i, E_FAIL, -1, f, D * dt, 0.0)
            d = fring[i % (D + 1)]
            if d > 0:
                fring[i % (D + 1)] = 0
                failed -= d
                alive -= d
                _event(ev, ev_n, se, s, i, E_REPLACE, -1, d, 0.0, 0.0)
            # 3. serve this step with the capacity that is serving now
            serving = alive - pend - boot - failed
            serving = max(serving, 0)
            cap = serving * cap_rps
            lo = load[sl, i]
            avail = q + lo * dt
            served = min(avail, cap * dt)
            q = avail - served
            dropped = 0.0
            qmax = gf[s, GF_QMAX] if gi[s, GI_QUEUE] == 1 else 0.0
            if q > qmax:
                dropped = q - qmax
                q = qmax
            cpu = 100.0 * served / (cap * dt) if cap > 0 else math.nan
            if cap > 0:
                rho = min(served / (cap * dt), 0.99)
                lat = gf[s, GF_LAT] / (1.0 - rho) + 1000.0 * q / cap
                lat = min(lat, gf[s, GF_TIMEOUT])
            else:
                lat = gf[s, GF_TIMEOUT]
            if not math.isnan(cpu):
                acc_cpu += cpu
                n_cpu += 1
            if serving > 0:
                acc_req += lo / serving
                n_req += 1
            # 4. scheduled actions (never wait for a cooldown, §1.2)
            while isched < gi[s, GI_NSCHED] and sched[s, isched, 0] <= i:
                old = des
                if sched[s, isched, 1] >= 0:
                    mn = sched[s, isched, 1]
                if sched[s, isched, 2] >= 0:
                    mx = sched[s, isched, 2]
                mx = max(mx, mn)
                if sched[s, isched, 3] >= 0:
                    des = sched[s, isched, 3]
                des = min(max(des, mn), mx)
                _event(ev, ev_n, se, s, i, E_SCHED, sched[s, isched, 4], old, des, 1.0 if i < cool_until else 0.0)
                isched += 1
            # 5. manual changes (HonorCooldown waits for the cooldown, §1.2)
            while iman < gi[s, GI_NMAN] and manual[s, iman, 0] <= i:
                if manual[s, iman, 2] == 1 and i < cool_until:
                    man_held, man_idx = manual[s, iman, 1], iman
                    _event(ev, ev_n, se, s, i, E_MANUAL_HELD, iman, man_held, cool_until, 0.0)
                else:
                    old = des
                    des = min(max(manual[s, iman, 1], mn), mx)
                    man_held = -1
                    _event(ev, ev_n, se, s, i, E_MANUAL, iman, old, des, manual[s, iman, 1])
                iman += 1
            if man_held >= 0 and i >= cool_until:
                old = des
                des = min(max(man_held, mn), mx)
                _event(ev, ev_n, se, s, i, E_MANUAL, man_idx, old, des, man_held)
                man_held = -1
            # 6. predictive scaling: capacity for the coming hour, launched ahead; scale-out only
            pc = pred[sp, i] if pred.shape[1] > 1 else -1
            if gi[s, GI_PRED] == 1 and pc >= 0:
                if pred_max[sp, i] > mx:
                    _event(ev, ev_n, se, s, i, E_MAX_RAISED, -1, mx, pred_max[sp, i], 0.0)
                    mx = pred_max[sp, i]
                want = min(pc, mx)
                if want > des:
                    _event(ev, ev_n, se, s, i, E_PRED, -1, des, want, pc)
                    des = want
                    summ[s, S_ACTS] += 1
                if pc != last_pred and pc > mx:
                    _event(ev, ev_n, se, s, i, E_CAP_MAX, -2, pc, mx, 0.0)
                last_pred = pc
            floor = min(max(pc, 0), mx) if gi[s, GI_PRED] == 1 else 0
            # 7. dynamic policies at the end of each alarm period
            dp_out = math.nan
            if (i + 1) % per == 0:
                dp_cpu = acc_cpu / n_cpu if n_cpu > 0 else math.nan
                dp_req = acc_req / n_req if n_req > 0 else math.nan
                acc_cpu, n_cpu, acc_req, n_req = 0.0, 0, 0.0, 0
                dp_out = dp_cpu if gi[s, GI_NPOL] == 0 or pi[s, 0, PI_METRIC] == 0 else dp_req
                cur = des
                base = max(cur - warm, 0)
                best_out, best_in, win_out, win_in = -1, 1 << 40, -1, -1
                for p in range(gi[s, GI_NPOL]):
                    t = pi[s, p, PI_TYPE]
                    dp = dp_cpu if pi[s, p, PI_METRIC] == 0 else dp_req
                    tgt = pf[s, p, PF_TARGET]
                    pdir[p] = 0
                    blocked_until = -1
                    if t == T_TT:
                        hc[p], lc[p] = alarm_counts(dp, tgt, pf[s, p, PF_LOWF], hc[p], lc[p])
                        act, want = tt_decide(base, cur - base, dp, tgt, hc[p], lc[p], pi[s, p, PI_NOIN] == 0, 3, 15)
                        if act == SCALE_OUT:
                            pdir[p], prop[p] = 1, want
                        elif act == SCALE_IN:
                            pdir[p], prop[p] = -1, want
                        elif (
                            lc[p] >= 15
                            and pi[s, p, PI_NOIN] == 0
                            and warm > 0
                            and proportional_capacity(base, dp, tgt) < cur
                        ):
                            if held[p] != 2:
                                _event(ev, ev_n, se, s, i, E_HELD_WARM, p, cur, warm, dp)
                                summ[s, S_HELD] += 1
                            held[p] = 2
                            continue
                    else:
                        if math.isnan(dp):
                            hc[p], lc[p] = 0, 0
                        else:
                            hc[p] = hc[p] + 1 if dp > tgt else 0
                            lc[p] = lc[p] + 1 if dp < tgt else 0
                        need = pi[s, p, PI_DP]
                        if t == T_STEP:
                            if hc[p] >= need or lc[p] >= need:
                                k = pick_step(dp - tgt, steps[s, p, :, 0], steps[s, p, :, 1], pi[s, p, PI_NSTEPS])
                                if k >= 0:
                                    adj = steps[s, p, k, 2]
                                    if hc[p] >= need:
                                        want = adjusted_capacity(base, pi[s, p, PI_ADJ], adj, pi[s, p, PI_MINMAG])
                                        if want > cur:
                                            pdir[p], prop[p] = 1, want
                                    else:
                                        want = adjusted_capacity(cur, pi[s, p, PI_ADJ], adj, pi[s, p, PI_MINMAG])
                                        if want < cur:
                                            if warm > 0:
                                                if held[p] != 2:
                                                    _event(ev, ev_n, se, s, i, E_HELD_WARM, p, want, warm, dp)
                                                    summ[s, S_HELD] += 1
                                                held[p] = 2
                                                continue
                                            pdir[p], prop[p] = -1, want
                        else:  # simple
                            fire = hc[p] >= need if pi[s, p, PI_CMP] == 1 else lc[p] >= need
                            if fire:
                                want = adjusted_capacity(cur, pi[s, p, PI_ADJ], pf[s, p, PF_ADJ], pi[s, p, PI_MINMAG])
                                if want != cur:
                                    pdir[p], prop[p] = (1 if want > cur else -1), want
                            blocked_until = lock_until[p]
                    if pdir[p] != 0 and dyncd and cool_until > blocked_until:
                        blocked_until = cool_until
                    if pdir[p] != 0 and i < blocked_until:
                        if held[p] != 1:
                            _event(ev, ev_n, se, s, i, E_HELD_COOL, p, prop[p], blocked_until, pdir[p])
                            summ[s, S_HELD] += 1
                        held[p] = 1
                        pdir[p] = 0
                        continue
                    held[p] = 0
                    if pdir[p] == 1 and prop[p] > best_out:
                        best_out, win_out = prop[p], p
                    if pdir[p] == -1 and (win_in < 0 or prop[p] > best_in):
                        best_in, win_in = prop[p], p
                win, new = -1, cur
                if win_out >= 0:  # several policies: the largest capacity wins (§1.2)
                    win, new = win_out, best_out
                elif win_in >= 0:
                    win, new = win_in, best_in
                if win >= 0:
                    wanted = new
                    new = min(max(new, mn, floor), mx)
                    if wanted > mx and capped == 0:
                        _event(ev, ev_n, se, s, i, E_CAP_MAX, win, wanted, mx, 0.0)
                    if wanted < mn and capped == 0:
                        _event(ev, ev_n, se, s, i, E_CAP_MIN, win, wanted, mn, 0.0)
                    capped = 1 if (wanted > mx or wanted < mn) else 0
                    if new != cur:
                        dpw = dp_cpu if pi[s, win, PI_METRIC] == 0 else dp_req
                        _event(ev, ev_n, se, s, i, E_OUT if new > cur else E_IN, win, cur, new, dpw)
                        summ[s, S_ACTS] += 1
                        des = new
                        end = i + L if new > cur else i
                        if pi[s, win, PI_TYPE] == T_SIMPLE:
                            pcd = pi[s, win, PI_CD]
                            lock_until[win] = end + (cd if pcd < 0 else pcd)
                            cool_until = max(cool_until, end + cd)
                        elif dyncd:
                            cool_until = max(cool_until, end + cd)
            # 8. reconcile: launch or terminate towards desired (newest first)
            if alive < des:
                n = des - alive
                ring[i % R] += n
                pend += n
                if W > 0:
                    warm += n
                alive += n
            elif alive > des:
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
            cost += alive * gf[s, GF_PRICE] * dt / 3600.0
            # 9. record
            summ[s, S_OFFERED] += lo * dt
            summ[s, S_SERVED] += served
            summ[s, S_DROPPED] += dropped
            summ[s, S_LATW] += lat * lo * dt
            summ[s, S_INSTH] += alive * dt / 3600.0
            summ[s, S_MAXDES] = max(summ[s, S_MAXDES], des)
            if record:
                out[so, i, O_DES] = des
                out[so, i, O_INS] = alive - pend
                out[so, i, O_PEND] = pend
                out[so, i, O_WARM] = max(warm - pend, 0)
                out[so, i, O_SERV_N] = serving
                out[so, i, O_CPU] = 0.0 if math.isnan(cpu) else cpu
                out[so, i, O_SERVED] = served / dt
                out[so, i, O_DROP] = dropped / dt
                out[so, i, O_QUEUE] = q
                out[so, i, O_LAT] = lat
                out[so, i, O_COST] = cost
                out[so, i, O_MIN] = mn
                out[so, i, O_MAX] = mx
                out[so, i, O_DP] = dp_out
                out[so, i, O_PRED] = pc
        summ[s, S_QUEUE] = q
        summ[s, S_COST] = cost
