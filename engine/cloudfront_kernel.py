"""The CloudFront lab's time loop: one numba kernel over plain arrays, all scenarios at once.

See ``engine.cloudfront`` for the model. Per step and edge it advances each rank bucket's
expected cache state ``u`` exactly under ``du/dt = λ(1 − u) − u/T`` (no per-request loop).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

__all__ = ["advance", "kernel"]


@njit(cache=True)
def advance(u, lam, ttl, dt):  # pragma: no cover - compiled
    """Exact step of du/dt = λ(1-u) - u/T; returns (new u, expected hits per object)."""
    if ttl <= 0.0 or lam <= 0.0:
        return (0.0 if ttl <= 0.0 else u * math.exp(-dt / ttl)), 0.0
    k = lam + 1.0 / ttl
    c_inf = lam / k
    e = math.exp(-k * dt)
    hits = lam * (c_inf * dt + (u - c_inf) * (1.0 - e) / k)
    return c_inf + (u - c_inf) * e, hits


@njit(cache=True)
def kernel(
    rate,
    share,
    allowed,
    dyn,
    m,
    p,
    frac,
    ttl,
    shield,
    fetch_s,
    cap,
    base_ms,
    edge_ms,
    origin_ms,
    deploy,
    mode,
    warm,
    dt,
):  # pragma: no cover
    """All scenarios × steps. rate[S,N] req/s; share/allowed[S,R]; m/p/frac[S,B]; per-scenario scalars."""
    S, N = rate.shape
    R = share.shape[1]
    B = m.shape[1]
    out = np.zeros((S, 11, N))
    reg = np.zeros((S, R, 3, N))  # allowed requests, edge hits, mean latency
    for s in range(S):
        u = np.zeros((R, B))
        st = np.zeros((R, B))
        us = np.zeros(B)
        T = ttl[s]
        Ts = T + fetch_s[s]
        if warm[s] and N > 0:
            for r in range(R):
                for b in range(B):
                    lam = rate[s, 0] * share[s, r] * allowed[s, r] * (1 - dyn[s]) * p[s, b]
                    u[r, b] = lam * T / (1 + lam * T) if T > 0 else 0.0
            if shield[s]:
                for b in range(B):
                    lam_s = 0.0
                    for r in range(R):
                        lam_s += rate[s, 0] * share[s, r] * allowed[s, r] * (1 - dyn[s]) * p[s, b] * (1 - u[r, b])
                    us[b] = lam_s * Ts / (1 + lam_s * Ts)
        for t in range(N):
            if t == deploy[s]:
                md = mode[s]
                for b in range(B):
                    f = 1.0 if md == 2 else frac[s, b]
                    for r in range(R):
                        if md == 0:
                            st[r, b] += f * (u[r, b] - st[r, b])
                        else:
                            u[r, b] *= 1 - f
                            st[r, b] *= 1 - f
                    if md != 0:
                        us[b] *= 1 - f
            total = rate[s, t]
            blocked = 0.0
            hits = 0.0
            stale = 0.0
            dyn_fwd = 0.0
            miss_b = np.zeros(B)
            for r in range(R):
                req_r = total * share[s, r]
                ok_r = req_r * allowed[s, r]
                blocked += req_r - ok_r
                stat = ok_r * (1 - dyn[s])
                dyn_fwd += ok_r * dyn[s]
                h_r = 0.0
                for b in range(B):
                    if m[s, b] == 0:
                        continue
                    lam = stat * p[s, b]
                    u_old = u[r, b]
                    u[r, b], h = advance(u_old, lam, T, dt)
                    sh = 0.0
                    if st[r, b] > 0 and T > 0:
                        sh = min(lam * st[r, b] * T * (1 - math.exp(-dt / T)), h)
                        st[r, b] *= math.exp(-dt / T)
                    h_r += h * m[s, b]
                    stale += sh * m[s, b]
                    miss_b[b] += (lam * dt - h) * m[s, b]
                hits += h_r / dt
                reg[s, r, 0, t] = ok_r
                reg[s, r, 1, t] = h_r / dt
            shield_hits = 0.0
            to_origin = dyn_fwd
            if shield[s]:
                for b in range(B):
                    if m[s, b] == 0:
                        continue
                    lam_s = miss_b[b] / dt / m[s, b]
                    us[b], h = advance(us[b], lam_s, Ts, dt)
                    shield_hits += h * m[s, b] / dt
                    to_origin += (lam_s * dt - h) * m[s, b] / dt
            else:
                for b in range(B):
                    to_origin += miss_b[b] / dt
            served_o = min(to_origin, cap[s])
            rho = min(to_origin / cap[s], 0.95)
            o_ms = base_ms[s] / (1 - rho)
            allowed_tot = total - blocked
            out[s, 0, t] = total
            out[s, 1, t] = blocked
            out[s, 2, t] = hits
            out[s, 3, t] = stale / dt
            out[s, 4, t] = shield_hits
            out[s, 5, t] = to_origin
            out[s, 6, t] = to_origin - served_o
            out[s, 7, t] = min(max(100 * hits / allowed_tot, 0.0), 100.0) if allowed_tot > 0 else 0.0
            out[s, 8, t] = min(max(100 * (1 - to_origin / allowed_tot), 0.0), 100.0) if allowed_tot > 0 else 0.0
            out[s, 9, t] = 100 * to_origin / cap[s]
            # latency: every served request pays the edge; misses add the trip to the origin.
            lat_sum = 0.0
            served = 0.0
            miss_share = (to_origin / (allowed_tot - hits)) if allowed_tot - hits > 1e-12 else 0.0
            ok_share = served_o / to_origin if to_origin > 1e-12 else 1.0
            for r in range(R):
                ok_r = reg[s, r, 0, t]
                h_r = reg[s, r, 1, t]
                miss_r = ok_r - h_r
                via_shield = miss_r * (1 - miss_share)
                at_origin = miss_r * miss_share * ok_share
                l_r = (
                    (h_r + via_shield + at_origin) * edge_ms[r]
                    + (via_shield + at_origin) * origin_ms[r]
                    + at_origin * o_ms
                )
                served_r = h_r + via_shield + at_origin
                reg[s, r, 2, t] = l_r / served_r if served_r > 0 else 0.0
                lat_sum += l_r
                served += served_r
            out[s, 10, t] = lat_sum / served if served > 0 else 0.0
    return out, reg
