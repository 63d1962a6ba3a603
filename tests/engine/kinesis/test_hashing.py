"""Kinesis partition-key hashing: MD5 of the key, exact 128-bit shard ranges (aws-facts §2.1)."""

from __future__ import annotations

import bisect
import hashlib

import numpy as np
import pytest

from engine import kinesis as k
from engine.kinesis.hashing import (
    HASH_SPACE,
    count_at_most_128,
    count_below,
    count_below_128,
    even_starts,
    key_names,
    key_set,
    split_halves,
)

# --- hashing (aws-facts §2.1: MD5 of the partition key, a 128-bit integer, shard hash-key ranges)


@pytest.mark.parametrize(
    ("key", "hexdigest"),
    [
        ("user-000042", "03a63d54307c60ca9b7bc2329a5de334"),
        ("user-000000", "e69e9ab2d9f97896182e3aefecf9f79d"),
        ("user-7", "40ca09790c31c57ae9b468903f6cd580"),
    ],
)
def test_hash_key_is_the_md5_of_the_key(key, hexdigest) -> None:
    """§2.1: the partition key is MD5-hashed to a 128-bit integer (digests from coreutils md5sum)."""
    assert k.hash_key(key) == int(hexdigest, 16)


def test_shard_for_key_known_keys() -> None:
    """§2.1: even ranges of 2**128/n; 0x03a6… is in the first quarter, 0xe69e… in the last."""
    assert k.shard_for_key("user-000042", 4) == 0
    assert k.shard_for_key("user-000000", 4) == 3
    assert k.shard_for_key("user-7", 4) == 1  # 0x40ca… is just past 2**126
    assert k.shard_for_key("user-7", 1) == 0


def test_shard_for_key_matches_even_ranges() -> None:
    """A key belongs to the shard whose [start, next start) range holds its hash, exactly."""
    for n in (1, 3, 7, 64, 500):
        starts = even_starts(n)
        for key in key_names(200):
            h = k.hash_key(key)
            assert bisect.bisect_right(starts, h) - 1 == k.shard_for_key(key, n)


def test_count_below_is_exact_on_128_bit_values() -> None:
    """The two-half uint64 search agrees with Python's exact ints, even at a key's own hash."""
    ks = key_set(2_000)
    exact = sorted(k.hash_key(x) for x in key_names(2_000))
    bounds = [0, HASH_SPACE - 1, exact[10], exact[10] + 1, exact[1999], *even_starts(9)]
    assert list(count_below(ks, bounds)) == [bisect.bisect_left(exact, b) for b in bounds]


def test_bad_keys_and_shard_counts() -> None:
    with pytest.raises(ValueError, match="1 to 256"):
        k.hash_key("")
    with pytest.raises(ValueError, match="shard_count"):
        k.shard_for_key("a", 0)


def test_md5_is_the_real_one_for_the_whole_key_set() -> None:
    ks = key_set(500)
    exact = sorted(int(hashlib.md5(x.encode()).hexdigest(), 16) for x in key_names(500))
    assert [ks.hash_of_position(j) for j in range(500)] == exact


def test_compiled_counts_agree_with_exact_ints() -> None:
    """The kernel's binary searches on (high, low) halves agree with Python's exact ints."""
    ks = key_set(2_000)
    exact = sorted(k.hash_key(x) for x in key_names(2_000))
    for b in [0, HASH_SPACE - 1, exact[10], exact[10] + 1, exact[10] - 1, exact[1999], *even_starts(7)]:
        (bh,), (bl,) = split_halves([b])
        assert count_below_128(ks.hi, ks.lo, ks.n, bh, bl) == bisect.bisect_left(exact, b)
        assert count_at_most_128(ks.hi, ks.lo, ks.n, bh, bl) == bisect.bisect_right(exact, b)
    assert np.all(np.diff(ks.hi.astype(np.float64)) >= 0)
