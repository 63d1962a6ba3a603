"""Kinesis partition-key hashing: real MD5 of the key strings, exact 128-bit shard ranges.

aws-facts §2.1: a partition key is MD5-hashed to a 128-bit integer that falls in one shard's
hash-key range (0 … 2¹²⁸−1). 128-bit values do not fit numpy's int64, so a key set's hashes are
kept as two ``uint64`` halves (high, low), sorted once and cached per key set
(:func:`functools.lru_cache`); shard boundaries are exact Python ints split the same way and
placed with a two-level ``searchsorted`` (high half, then low half among equal highs). The
kernel's compiled twins (:func:`count_below_128`, :func:`count_at_most_128`) do the same search
on one (high, low) bound.

>>> shard_for_key("user-000042", 4), key_name(42)
(0, 'user-000042')
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from numba import njit

from engine.kinesis.limits import PARTITION_KEY_CHARS

__all__ = [
    "HASH_MAX",
    "HASH_SPACE",
    "KEY_DIGITS",
    "KeySet",
    "count_at_most_128",
    "count_below",
    "count_below_128",
    "even_starts",
    "hash_key",
    "key_name",
    "key_names",
    "key_set",
    "shard_for_key",
    "split_halves",
    "top_key",
]

HASH_SPACE = 1 << 128
HASH_MAX = HASH_SPACE - 1
_MASK64 = (1 << 64) - 1
KEY_DIGITS = 6
"""Digits of a key set's key names (``user-000042``): they count toward a record's bytes."""


def hash_key(key: str) -> int:
    """The 128-bit MD5 value of a partition key (UTF-8), as Kinesis computes it (aws-facts §2.1)."""
    shortest, longest = PARTITION_KEY_CHARS
    if not isinstance(key, str) or not shortest <= len(key) <= longest:
        raise ValueError(f"a partition key must be a string of {shortest} to {longest} characters, got {key!r}")
    return int.from_bytes(hashlib.md5(key.encode("utf-8")).digest(), "big")


def even_starts(shard_count: int) -> list[int]:
    """Starting hash keys of ``shard_count`` shards that split the space evenly.

    Shard ``i`` starts at ``floor(i * 2**128 / n)`` and ends one below the next start (the last
    ends at 2¹²⁸−1), so a hash ``h`` is in shard ``floor(h * n / 2**128)``.
    """
    if isinstance(shard_count, bool) or not isinstance(shard_count, int) or shard_count < 1:
        raise ValueError(f"shard_count must be a whole number of at least 1, got {shard_count!r}")
    return [(i * HASH_SPACE) // shard_count for i in range(shard_count)]


def shard_for_key(key: str, shard_count: int) -> int:
    """Index of the shard owning ``key`` when ``shard_count`` shards split the space evenly."""
    even_starts(shard_count)  # validates
    return (hash_key(key) * shard_count) >> 128


def key_name(i: int, prefix: str = "user-") -> str:
    """The ``i``-th partition key of a key set: ``user-000042``."""
    return f"{prefix}{i:0{KEY_DIGITS}d}"


def key_names(n: int, prefix: str = "user-") -> list[str]:
    """The ``n`` distinct key strings of a key set, in popularity-rank order."""
    return [key_name(i, prefix) for i in range(n)]


def split_halves(values: list[int] | tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Exact 128-bit ints as (high, low) ``uint64`` arrays."""
    hi = np.array([v >> 64 for v in values], dtype=np.uint64)
    lo = np.array([v & _MASK64 for v in values], dtype=np.uint64)
    return hi, lo


class KeySet:
    """A key set's hashes sorted by value: ``order[j]`` is the key index at sorted position ``j``."""

    def __init__(self, n: int, prefix: str) -> None:
        digests = [hashlib.md5(k.encode("utf-8")).digest() for k in key_names(n, prefix)]
        raw = np.frombuffer(b"".join(digests), dtype=">u8").reshape(n, 2).astype(np.uint64)
        hi, lo = raw[:, 0], raw[:, 1]
        self.order = np.lexsort((lo, hi))
        self.hi = np.ascontiguousarray(hi[self.order])
        self.lo = np.ascontiguousarray(lo[self.order])
        self.n = n
        self.prefix = prefix
        self.key_len = len(key_name(max(n - 1, 0), prefix))
        for arr in (self.order, self.hi, self.lo):
            arr.flags.writeable = False

    def hash_of_position(self, j: int) -> int:
        """The exact hash at sorted position ``j``."""
        return (int(self.hi[j]) << 64) | int(self.lo[j])


def top_key(ks: KeySet, w_sorted: np.ndarray, p0: int, p1: int) -> tuple[str, float]:
    """The most popular key of sorted key positions ``p0 … p1 - 1`` and its share of their traffic
    (``w_sorted``: the keys' weights in sorted-hash order)."""
    if p1 <= p0:
        return "(no key)", 0.0
    seg = w_sorted[p0:p1]
    j = int(np.argmax(seg))
    total = float(seg.sum())
    return key_name(int(ks.order[p0 + j]), ks.prefix), (float(seg[j]) / total if total > 0 else 0.0)


@lru_cache(maxsize=8)
def key_set(n: int, prefix: str = "user-") -> KeySet:
    """The hashed, sorted key set of ``n`` keys (cached: hashing 100,000 keys takes ~0.1 s)."""
    return KeySet(n, prefix)


def count_below(keys: KeySet, bounds: list[int]) -> np.ndarray:
    """For each exact 128-bit bound, how many keys hash strictly below it (vectorised, exact).

    ``searchsorted`` on the high halves gives the block of keys sharing the bound's high half;
    within it (almost always empty or one key) the low halves decide.
    """
    bhi, blo = split_halves(bounds)
    left = np.searchsorted(keys.hi, bhi, side="left")
    right = np.searchsorted(keys.hi, bhi, side="right")
    out = left.copy()
    for i in np.nonzero(right > left)[0]:
        out[i] = left[i] + np.searchsorted(keys.lo[left[i] : right[i]], blo[i], side="left")
    return out.astype(np.int64)


@njit(cache=True, nogil=True, inline="always")
def _less(ah, al, bh, bl):  # type: ignore[no-untyped-def]
    """(ah, al) < (bh, bl) as 128-bit values."""
    return ah < bh or (ah == bh and al < bl)


@njit(cache=True, nogil=True)
def count_below_128(khi, klo, n, bh, bl):  # type: ignore[no-untyped-def]
    """Keys of the first ``n`` sorted (high, low) hashes strictly below (bh, bl): binary search."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _less(khi[mid], klo[mid], bh, bl):
            lo = mid + 1
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def count_at_most_128(khi, klo, n, bh, bl):  # type: ignore[no-untyped-def]
    """Keys of the first ``n`` sorted (high, low) hashes at or below (bh, bl)."""
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi) // 2
        if _less(bh, bl, khi[mid], klo[mid]):
            hi = mid
        else:
            lo = mid + 1
    return lo
