"""DAX item-cache model: hit ratio from key popularity, the item TTL and the cache size.

Facts (aws-facts.md §3.5): the item cache has a TTL (default 5 min) plus LRU eviction; cached
reads take microseconds instead of single-digit milliseconds; only eventually consistent reads
are cached — strongly consistent and transactional reads pass through to the table;
write-through updates the item cache (so cached items are not stale).

Model (an approximation, stated here so the UI can say it): requests for key k arrive at rate
λ_k = R p_k (independent reference model). The size bound is an LRU of ``cache_items`` items,
whose hit probability by Che's approximation is ``1 - exp(-λ_k t_C)`` with t_C solving
Σ (1 - exp(-λ_k t_C)) = cache_items. Since λ_k t_C = p_k (R t_C), the product x = R t_C does not
depend on the rate, so it is solved once. The TTL bound: an item fetched on a miss stays for
TTL seconds, so a key's hit probability is λT / (1 + λT). A key is limited by whichever window
is shorter (t_C or T). Write-through also refreshes cached items; that is left out, so the
hit ratio is a conservative (low) estimate. Hit ratios are tabulated on a grid of read rates, per key, as prefix sums
in hash order so the kernel can get any partition's miss share by two look-ups.
"""

from __future__ import annotations

import numpy as np

from engine.core import check_int, check_range

__all__ = [
    "DAX_HIT_MS",
    "DEFAULT_TTL_S",
    "GRID_POINTS",
    "TABLE_READ_MS",
    "che_product",
    "hit_probabilities",
    "miss_tables",
    "rate_grid",
]

DEFAULT_TTL_S = 300.0  # §3.5 the item cache's default TTL (5 min)
DAX_HIT_MS = 0.2  # "microseconds" (§3.5); illustrative value for the latency panel
TABLE_READ_MS = 5.0  # "single-digit milliseconds" (§3.5); illustrative
GRID_POINTS = 48  # read rates the hit ratios are tabulated at (log-spaced from GRID_LO to GRID_HI reads/s)
GRID_LO, GRID_HI = 1e-2, 1e6


def rate_grid() -> np.ndarray:
    """Read rates (reads/s) at which hit ratios are tabulated (log-spaced)."""
    return np.geomspace(GRID_LO, GRID_HI, GRID_POINTS)


def che_product(p: np.ndarray, cache_items: int) -> float:
    """x = R·t_C for an LRU of ``cache_items`` items under popularity ``p`` (inf if all fit)."""
    check_int("cache_items", cache_items, 1, 100_000_000)
    if cache_items >= len(p):
        return float("inf")
    lo, hi = 0.0, 1.0
    while np.sum(-np.expm1(-p * hi)) < cache_items:
        hi *= 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if np.sum(-np.expm1(-p * mid)) < cache_items:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def hit_probabilities(p: np.ndarray, rate: float | np.ndarray, ttl_s: float, cache_items: int) -> np.ndarray:
    """Per-key hit probability at total read rate(s) ``rate``: shape ``(len(rate), K)``."""
    check_range("ttl_s", ttl_s, 0, 86_400, unit="s")
    r = np.atleast_1d(np.asarray(rate, dtype=np.float64))[:, None]
    x = che_product(p, cache_items)
    lam = r * p[None, :]
    if ttl_s == 0:  # item TTL 0: refreshed only by LRU or write-through (§3.5)
        ttl_hit = np.ones_like(lam)
        ttl_window = np.full_like(r, np.inf)
    else:
        ttl_hit = lam * ttl_s / (1.0 + lam * ttl_s)
        ttl_window = np.full_like(r, ttl_s)
    if not np.isfinite(x):
        return ttl_hit
    lru_hit = -np.expm1(-p[None, :] * x)
    lru_window = x / np.maximum(r, 1e-300)
    return np.where(lru_window < ttl_window, lru_hit, ttl_hit)


def miss_tables(p_hash_order: np.ndarray, ttl_s: float, cache_items: int) -> np.ndarray:
    """Prefix sums over keys (hash order) of p_k × miss probability, on :func:`rate_grid`.

    Shape ``(GRID_POINTS, K + 1)``; row g, column j = Σ_{k<j} p_k (1 - h_k(R_g)).
    """
    h = hit_probabilities(p_hash_order, rate_grid(), ttl_s, cache_items)
    miss = p_hash_order[None, :] * (1.0 - h)
    out = np.zeros((GRID_POINTS, len(p_hash_order) + 1))
    np.cumsum(miss, axis=1, out=out[:, 1:])
    return out
