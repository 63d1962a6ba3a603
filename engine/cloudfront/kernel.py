"""The CloudFront lab's time loop: one numba kernel over plain arrays, all scenarios at once.

See :mod:`engine.cloudfront` for the model. Per step and edge it advances each rank bucket's
expected cache state ``u`` exactly under ``du/dt = λ(1 − u) − u/T`` (no per-request loop). The
arrays' slots are declared in :mod:`engine.cloudfront.layout`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from engine.cloudfront.layout import BUCKET, MODE, OUT, PRM, REGION_IN, REGION_OUT, RTT

__all__ = ["advance", "kernel"]


@njit(cache=True, nogil=True)
def advance(u, lam, ttl, dt):  # pragma: no cover - compiled
    """Exact step of du/dt = λ(1-u) - u/T; returns (new u, expected hits per object).

    >>> u, hits = advance(0.0, 1.0, 9.0, 1e6)  # one object, 1 req/s, TTL 9 s, long after the start
    >>> round(u, 6)
    0.9
    """
    if ttl <= 0.0 or lam <= 0.0:
        return (0.0 if ttl <= 0.0 else u * math.exp(-dt / ttl)), 0.0
    k = lam + 1.0 / ttl
    c_inf = lam / k
    e = math.exp(-k * dt)
    hits = lam * (c_inf * dt + (u - c_inf) * (1.0 - e) / k)
    return c_inf + (u - c_inf) * e, hits


@njit(cache=True, nogil=True)
def kernel(rate, prm, rgn, bk, rtt, dt):  # pragma: no cover - compiled
    """All scenarios × steps: ``rate[S, N]`` req/s, ``prm[S, PRM]``, ``rgn[S, REGION_IN, R]``,
    ``bk[S, BUCKET, B]``, ``rtt[RTT, R]``. Returns ``out[S, OUT, N]`` and ``reg[S, R, REGION_OUT, N]``."""
    S, N = rate.shape
    R = rgn.shape[2]
    B = bk.shape[2]
    out = np.zeros((S, len(OUT), N))
    reg = np.zeros((S, R, len(REGION_OUT), N))
    edge_ms = rtt[RTT.EDGE_MS]
    origin_ms = rtt[RTT.ORIGIN_MS]
    for s in range(S):
        share = rgn[s, REGION_IN.SHARE]
        allowed = rgn[s, REGION_IN.ALLOWED]
        m = bk[s, BUCKET.OBJECTS]
        p = bk[s, BUCKET.SHARE]
        frac = bk[s, BUCKET.CHANGED]
        dyn = prm[s, PRM.DYNAMIC]
        shield = prm[s, PRM.SHIELD] > 0
        cap = prm[s, PRM.CAPACITY]
        base_ms = prm[s, PRM.BASE_MS]
        deploy = int(prm[s, PRM.DEPLOY_STEP])
        md = int(prm[s, PRM.MODE])
        u = np.zeros((R, B))
        st = np.zeros((R, B))
        us = np.zeros(B)
        T = prm[s, PRM.TTL]
        Ts = T + prm[s, PRM.FETCH_S]
        if prm[s, PRM.WARM] > 0 and N > 0:
            for r in range(R):
                for b in range(B):
                    lam = rate[s, 0] * share[r] * allowed[r] * (1 - dyn) * p[b]
                    u[r, b] = lam * T / (1 + lam * T) if T > 0 else 0.0
            if shield:
                for b in range(B):
                    lam_s = 0.0
                    for r in range(R):
                        lam_s += rate[s, 0] * share[r] * allowed[r] * (1 - dyn) * p[b] * (1 - u[r, b])
                    us[b] = lam_s * Ts / (1 + lam_s * Ts)
        for t in range(N):
            if t == deploy:
                for b in range(B):
                    f = 1.0 if md == MODE.ALL else frac[b]
                    for r in range(R):
                        if md == MODE.NONE:
                            st[r, b] += f * (u[r, b] - st[r, b])
                        else:
                            u[r, b] *= 1 - f
                            st[r, b] *= 1 - f
                    if md != MODE.NONE:
                        us[b] *= 1 - f
            total = rate[s, t]
            blocked = 0.0
            hits = 0.0
            stale = 0.0
            dyn_fwd = 0.0
            miss_b = np.zeros(B)
            for r in range(R):
                req_r = total * share[r]
                ok_r = req_r * allowed[r]
                blocked += req_r - ok_r
                stat = ok_r * (1 - dyn)
                dyn_fwd += ok_r * dyn
                h_r = 0.0
                for b in range(B):
                    if m[b] == 0:
                        continue
                    lam = stat * p[b]
                    u_old = u[r, b]
                    u[r, b], h = advance(u_old, lam, T, dt)
                    sh = 0.0
                    if st[r, b] > 0 and T > 0:
                        sh = min(lam * st[r, b] * T * (1 - math.exp(-dt / T)), h)
                        st[r, b] *= math.exp(-dt / T)
                    h_r += h * m[b]
                    stale += sh * m[b]
                    miss_b[b] += (lam * dt - h) * m[b]
                hits += h_r / dt
                reg[s, r, REGION_OUT.ALLOWED_RPS, t] = ok_r
                reg[s, r, REGION_OUT.EDGE_HITS_RPS, t] = h_r / dt
            shield_hits = 0.0
            to_origin = dyn_fwd
            if shield:
                for b in range(B):
                    if m[b] == 0:
                        continue
                    lam_s = miss_b[b] / dt / m[b]
                    us[b], h = advance(us[b], lam_s, Ts, dt)
                    shield_hits += h * m[b] / dt
                    to_origin += (lam_s * dt - h) * m[b] / dt
            else:
                for b in range(B):
                    to_origin += miss_b[b] / dt
            served_o = min(to_origin, cap)
            rho = min(to_origin / cap, 0.95)
            o_ms = base_ms / (1 - rho)
            allowed_tot = total - blocked
            out[s, OUT.REQUESTS, t] = total
            out[s, OUT.BLOCKED_RPS, t] = blocked
            out[s, OUT.EDGE_HITS_RPS, t] = hits
            out[s, OUT.STALE_RPS, t] = stale / dt
            out[s, OUT.SHIELD_HITS_RPS, t] = shield_hits
            out[s, OUT.ORIGIN_RPS, t] = to_origin
            out[s, OUT.ORIGIN_ERRORS_RPS, t] = to_origin - served_o
            out[s, OUT.HIT_RATIO, t] = min(max(100 * hits / allowed_tot, 0.0), 100.0) if allowed_tot > 0 else 0.0
            out[s, OUT.OFFLOAD_PCT, t] = (
                min(max(100 * (1 - to_origin / allowed_tot), 0.0), 100.0) if allowed_tot > 0 else 0.0
            )
            out[s, OUT.ORIGIN_UTIL_PCT, t] = 100 * to_origin / cap
            # latency: every served request pays the edge; misses add the trip to the origin.
            lat_sum = 0.0
            served = 0.0
            miss_share = (to_origin / (allowed_tot - hits)) if allowed_tot - hits > 1e-12 else 0.0
            ok_share = served_o / to_origin if to_origin > 1e-12 else 1.0
            for r in range(R):
                ok_r = reg[s, r, REGION_OUT.ALLOWED_RPS, t]
                h_r = reg[s, r, REGION_OUT.EDGE_HITS_RPS, t]
                miss_r = ok_r - h_r
                via_shield = miss_r * (1 - miss_share)
                at_origin = miss_r * miss_share * ok_share
                l_r = (
                    (h_r + via_shield + at_origin) * edge_ms[r]
                    + (via_shield + at_origin) * origin_ms[r]
                    + at_origin * o_ms
                )
                served_r = h_r + via_shield + at_origin
                reg[s, r, REGION_OUT.LATENCY_MS, t] = l_r / served_r if served_r > 0 else 0.0
                lat_sum += l_r
                served += served_r
            out[s, OUT.LATENCY_MS, t] = lat_sum / served if served > 0 else 0.0
    return out, reg
