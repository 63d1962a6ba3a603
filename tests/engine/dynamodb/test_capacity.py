"""DynamoDB capacity arithmetic: capacity units, the partition formula, popularity, prices (aws-facts §3.1-§3.4)."""

from __future__ import annotations

import numpy as np
import pytest

from engine import dynamodb as ddb
from engine.dynamodb.capacity import breakeven_utilisation, key_popularity

# --- capacity-unit math (§3.1) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rcu", "wcu", "gb", "expected"),
    [
        (1000, 1000, 5, 2),  # capacity: 0.33 + 1 = 1.33 -> 2
        (3000, 0, 0, 1),  # exactly one partition's reads
        (3001, 0, 0, 2),
        (0, 3000, 1, 3),  # WCU dominates
        (1, 2999, 0, 3),  # 1/3000 + 2.999 = 2.9993 -> 3
        (6000, 500, 25, 3),  # 2.5 by capacity, 2.5 by size -> 3
        (100, 100, 95, 10),  # storage dominates: 9.5 -> 10
        (0, 0, 0, 1),  # at least one partition
    ],
)
def test_partition_count_course_formula(rcu: float, wcu: float, gb: float, expected: int) -> None:
    """§3.2 / §9 course formula: ceil(max(RCU/3000 + WCU/1000, GB/10))."""
    assert ddb.partition_count(rcu, wcu, gb) == expected


@pytest.mark.parametrize(
    ("size", "reads", "mode", "expected"),
    [
        (4, 10, "strong", 10),  # on the 4 KB boundary
        (4.1, 10, "strong", 20),  # just over: two blocks
        (1, 10, "strong", 10),  # under: rounds up to one block
        (4, 10, "eventual", 5),  # half
        (1, 3, "eventual", 2),  # 1.5 -> 2
        (8, 10, "eventual", 10),
        (4, 10, "transactional", 20),  # 2 per 4 KB
        (9, 10, "transactional", 60),  # three blocks x 2
    ],
)
def test_read_capacity_units(size: float, reads: float, mode: str, expected: int) -> None:
    """§3.1: 1 RCU = one strong read/s ≤ 4 KB, eventual ½, transactional 2; size rounds up to 4 KB."""
    assert ddb.read_capacity_units(size, reads, mode) == expected


@pytest.mark.parametrize(
    ("size", "writes", "tx", "expected"),
    [(1, 10, False, 10), (0.5, 10, False, 10), (1.5, 10, False, 20), (1, 10, True, 20), (2.2, 5, True, 30)],
)
def test_write_capacity_units(size: float, writes: float, tx: bool, expected: int) -> None:
    """§3.1: 1 WCU = one write/s ≤ 1 KB, transactional 2; size rounds up to 1 KB."""
    assert ddb.write_capacity_units(size, writes, tx) == expected


def test_item_over_400_kb_is_rejected_by_name() -> None:
    """§3.1: items are at most 400 KB."""
    with pytest.raises(ValueError, match="400 KB"):
        ddb.read_capacity_units(401, 1)


def test_popularity_models_sum_to_one() -> None:
    for kind in ("uniform", "zipf", "hot"):
        p = key_popularity(1000, kind, zipf_s=1.1, hot_pct=20)
        assert p.sum() == pytest.approx(1.0)
    assert key_popularity(11, "hot", hot_pct=50)[0] == pytest.approx(0.5)


def test_breakeven_utilisation_is_about_29_percent() -> None:
    """§3.4: with the illustrative 2026 prices on-demand is cheaper below ~29 % utilisation."""
    assert breakeven_utilisation("write") == pytest.approx(0.00065 / 3600 / 0.625e-6)
    assert 0.25 < breakeven_utilisation("write") < 0.32


# --- the split rule (compiled helpers the kernel calls) ---------------------------------------


def _partitions(n: int, keys: np.ndarray) -> tuple:
    """``n`` equal hash ranges over keys at hash positions ``keys`` (equal popularity)."""
    from engine.dynamodb.capacity import locate

    lo, hi = np.zeros(8), np.zeros(8)
    ilo, ihi, hot = np.zeros(8, np.int64), np.zeros(8, np.int64), np.zeros(8, np.int64)
    pop, bank = np.zeros(8), np.zeros((2, 8))
    cum = np.concatenate([[0.0], np.cumsum(np.full(len(keys), 1 / len(keys)))])
    for p in range(n):
        lo[p], hi[p] = p / n, (p + 1) / n
        locate(p, lo, hi, ilo, ihi, pop, keys, cum)
    return lo, hi, ilo, ihi, pop, bank, hot, keys, cum


def test_partitions_needed_is_the_formula_the_kernel_uses() -> None:
    """§3.2: the compiled formula and partition_count agree; each term is its limit's share."""
    from engine.dynamodb.capacity import partition_terms, partitions_needed

    assert partitions_needed(1.0, 2999.0, 0.0) == ddb.partition_count(1, 2999, 0) == 3
    assert partition_terms(ddb.PARTITION_MAX_RCU, ddb.PARTITION_MAX_WCU, ddb.PARTITION_MAX_GB) == (2.0, 1.0)
    assert ddb.PARTITION_FORMULA == "ceil(max(RCU/3000 + WCU/1000, GB/10))"


def test_split_for_count_halves_the_keys_of_the_fullest_partition_and_its_burst_bank() -> None:
    """§3.2 (how the count is reached): the partition holding the most keys splits at its key
    median, so each half holds half its keys (and so half its capacity); the burst bank halves."""
    from engine.dynamodb.capacity import key_share, split_for_count

    # 2 equal hash ranges over 5 keys: [0.1, 0.2, 0.3] | [0.6, 0.9]
    state = _partitions(2, np.array([0.1, 0.2, 0.3, 0.6, 0.9]))
    lo, hi, ilo, ihi, _, bank, hot = state[:7]
    assert (ihi[0] - ilo[0], ihi[1] - ilo[1]) == (3, 2)
    bank[:, 0] = 100.0
    hot[0] = 7
    assert split_for_count(2, *state) == (0, 2)  # the fuller partition (3 keys) splits
    assert hi[0] == lo[2] == pytest.approx(0.15)  # between its 1st and 2nd key: 1 key left, 2 right
    assert [key_share(p, ilo, ihi, 5) for p in range(3)] == [0.2, 0.4, 0.4]
    assert bank[:, 0].tolist() == bank[:, 2].tolist() == [50.0, 50.0]
    assert hot[0] == hot[2] == 0
    assert split_for_count(3, *state) == (1, 3)  # 2 keys each in slots 1 and 2: the first of equals


def test_initial_partitions_hold_equal_shares_of_the_keys() -> None:
    """Course notes: "RCU and WCU will be equally allocated across partitions": a table created
    with n partitions gives each 1/n of the keys (to one key), hence 1/n of the capacity.
    10 keys over 3 partitions: 3, 3, 4 keys (the quantiles 10//3 = 3 and 20//3 = 6)."""
    from engine.dynamodb.capacity import initial_bounds, key_share

    keys = np.sort(np.random.default_rng(1).random(10))
    cum = np.concatenate([[0.0], np.cumsum(np.full(10, 0.1))])
    lo, hi, pop = np.zeros(4), np.zeros(4), np.zeros(4)
    ilo, ihi = np.zeros(4, np.int64), np.zeros(4, np.int64)
    initial_bounds(3, 10, lo, hi, ilo, ihi, pop, keys, cum)
    assert [int(ihi[p] - ilo[p]) for p in range(3)] == [3, 3, 4]
    assert [key_share(p, ilo, ihi, 10) for p in range(3)] == [0.3, 0.3, 0.4]
    assert lo[0] == 0.0 and hi[2] == 1.0 and hi[0] == lo[1] and hi[1] == lo[2]


def test_over_limit_finds_a_share_one_partition_cannot_hold() -> None:
    """§3.2: one partition supports 3,000 RCU, 1,000 WCU, 10 GB. Shares ½, ¼, ¼ of 2,999 WCU:
    the ½ would hold 1,499.5 WCU > 1,000, so it must split; of 4,500 RCU + 600 WCU it would hold
    2,250 RCU and 300 WCU, which fits; of 25 GB, 12.5 GB > 10 GB does not."""
    from engine.dynamodb.capacity import over_limit

    ilo, ihi = np.array([0, 2, 3]), np.array([2, 3, 4])  # 2, 1, 1 of 4 keys
    assert over_limit(3, ilo, ihi, 4, 1.0, 2999.0, 0.0) == 0
    assert over_limit(3, ilo, ihi, 4, 4500.0, 600.0, 5.0) == -1
    assert over_limit(3, ilo, ihi, 4, 4500.0, 600.0, 25.0) == 0
    assert over_limit(3, np.array([0, 1, 2]), np.array([1, 2, 4]), 4, 1.0, 2999.0, 0.0) == 2
    # a single key cannot split, however much it would hold
    assert over_limit(2, np.array([0, 1]), np.array([1, 2]), 2, 1.0, 2999.0, 0.0) == -1


def test_heat_split_waits_for_heat_s_then_splits_at_the_popularity_median() -> None:
    """AWS today (assumption HEAT_S): a partition above its share for HEAT_S seconds in a row with
    two or more keys splits between the keys around its popularity median; a second at or below
    its share starts the count again; one key cannot be split."""
    from engine.dynamodb.capacity import HEAT_S, heat_count, heat_split_at, heat_split_due

    hot = 0
    for _ in range(HEAT_S - 1):
        hot = heat_count(hot, 0.0, 600.0, 100.0, 500.0)  # write demand 600 over its share 500
        assert not heat_split_due(hot, 4)
    hot = heat_count(hot, 0.0, 600.0, 100.0, 500.0)
    assert hot == HEAT_S and heat_split_due(hot, 4) and not heat_split_due(hot, 1)
    assert heat_count(hot, 0.0, 500.0, 100.0, 500.0) == 0
    _, _, ilo, ihi, pop, _, _, keys, cum = _partitions(1, np.array([0.1, 0.3, 0.6, 0.9]))
    assert heat_split_at(0, ilo, ihi, pop, keys, cum) == pytest.approx(0.45)  # between the 2nd and 3rd key
