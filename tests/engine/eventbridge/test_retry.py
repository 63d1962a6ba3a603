"""EventBridge target retries and the DLQ, hand-computed.

Source: EventBridge user guide, "How EventBridge retries delivering events" (by default 24 hours
and up to 185 times, exponential back off and jitter; then dropped unless a dead-letter queue is
set) and the PutTargets ``RetryPolicy`` (MaximumEventAgeInSeconds 60-86,400, MaximumRetryAttempts
0-185). The wait schedule (1 s doubling to 512 s, no jitter) is the lab's labelled approximation.

Every case: the default rule matches Order Placed = 40 % of 100 events/s = 40 copies/s to one
target; the target is down from 10:00 for 2 h at 300 s steps, so 24 steps x 300 s x 40 = 288,000
first attempts fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.eventbridge import BusConfig, simulate
from engine.eventbridge.retry import retry_offsets

OUTAGE = {"outage_at_s": 36_000.0, "outage_s": 7_200.0, "team_rules": False}


def totals(**kw) -> dict:
    return simulate(BusConfig(**{**OUTAGE, **kw}), 100.0).summary.iloc[0].to_dict()


def test_offsets_double_to_the_cap() -> None:
    """Waits 1, 2, 4 ... 256 s (sum 511 s after 9 retries), then 512 s each: retry 185 at 511 + 176 x 512 = 90,623 s,
    past 24 h (86,400 s), so with the defaults the age limit ends retrying first."""
    o = retry_offsets(185)
    assert o[8] == 511 and o[9] == 1023 and o[-1] == 90_623 > 86_400


def test_defaults_deliver_everything_late() -> None:
    """24 h / 185 retries outlast a 2 h outage: all 288,000 copies arrive by a retry. The first copy
    (10:00) waits 7,200 s; the first retry at or after that is 511 + 14 x 512 = 7,679 s (2.13 h)."""
    r = simulate(BusConfig(**OUTAGE), 100.0)
    s = r.summary.iloc[0]
    assert s["retried"] == pytest.approx(288_000) and s["dead_lettered"] == s["dropped"] == 0
    msg = r.events.loc[r.events["kind"] == "retried", "message"].iloc[0]
    assert "288,000 copies late" in msg and "2.13 h" in msg
    assert r.events["kind"].eq("target_down").any() and "approximation" in r.events["message"].str.cat()


def test_one_hour_age_limit_with_a_dlq() -> None:
    """MaximumEventAgeInSeconds 3,600: the last retry within 1 h is at 511 + 6 x 512 = 3,583 s. A copy
    first tried at 10:00 + 300 k s waits 7,200 - 300 k s for the target: delivered when that is
    <= 3,583 s, i.e. k >= 13 (3,300 s; k = 12 waits 3,600 s). So k = 0..12 (13 steps x 12,000) =
    156,000 go to the DLQ and k = 13..23 (11 steps) = 132,000 are retried; the first leave at 11:00."""
    s = totals(retry_max_age_s=3_600.0, dlq=True)
    assert (s["dead_lettered"], s["retried"], s["dropped"]) == pytest.approx((156_000, 132_000, 0))
    r = simulate(BusConfig(**OUTAGE, retry_max_age_s=3_600.0, dlq=True), 100.0)
    ex = r.events[r.events["kind"] == "retries_exhausted"]
    assert ex["t_s"].iloc[0] == 39_600 and "dead-letter queue" in ex["message"].iloc[0]


def test_five_attempts_without_dlq_drop_everything() -> None:
    """MaximumRetryAttempts 5: the retries end 1+2+4+8+16 = 31 s after the first try, long before a
    2 h outage ends: every copy is dropped (no DLQ), the first at 10:00:31."""
    s = totals(retry_attempts=5)
    assert (s["dropped"], s["retried"], s["dead_lettered"]) == pytest.approx((288_000, 0, 0))
    r = simulate(BusConfig(**OUTAGE, retry_attempts=5), 100.0)
    ex = r.events[r.events["kind"] == "retries_exhausted"]
    assert ex["t_s"].iloc[0] == 36_031 and "dropped" in ex["message"].iloc[0]


def test_both_limits_at_once_the_first_wins() -> None:
    """Attempts 12 (last retry at 511 + 3 x 512 = 2,047 s) and age 3,600 s: the attempts bind first, so
    only copies waiting <= 2,047 s are delivered: k >= 18 (wait 1,800 s); k = 17 waits 2,100 s. 18 steps
    lost = 216,000, 6 steps delivered = 72,000."""
    s = totals(retry_attempts=12, retry_max_age_s=3_600.0, dlq=True)
    assert (s["dead_lettered"], s["retried"]) == pytest.approx((216_000, 72_000))


def test_outage_past_the_end_leaves_copies_retrying() -> None:
    """An outage from 23:00 to the end of the day: copies are still waiting when the run ends."""
    s = totals(outage_at_s=82_800.0, outage_s=7_200.0)
    assert s["retrying_at_end"] == pytest.approx(3_600 * 40)


@settings(max_examples=25, deadline=None)
@given(
    st.floats(0, 80_000),
    st.floats(60, 86_400),
    st.integers(0, 185),
    st.floats(60, 86_400),
    st.booleans(),
    st.lists(st.sampled_from(["lambda", "sqs", "sns", "sfn"]), min_size=1, max_size=4, unique=True),
)
def test_every_copy_is_accounted_for(at, dur, attempts, age, dlq, targets) -> None:
    """Conservation: copies of your rule = delivered at once + retried + DLQ + dropped + still retrying."""
    cfg = BusConfig(
        outage_at_s=at, outage_s=dur, retry_attempts=attempts, retry_max_age_s=age, dlq=dlq, targets=tuple(targets),
        team_rules=False,
    )  # fmt: skip
    r = simulate(cfg, 50.0)
    f, s = r.frame, r.summary.iloc[0]
    copies = f["matched_rps"].sum() * cfg.dt_s * len(targets)
    out = (f["delivered_rps"].sum()) * cfg.dt_s + s["dead_lettered"] + s["dropped"] + s["retrying_at_end"]
    assert out == pytest.approx(copies, rel=1e-9)
    assert (f["retrying"] >= -1e-9).all() and (f[["failed_rps", "retried_rps", "dlq_rps", "lost_rps"]] >= 0).all().all()
    assert not (dlq and s["dropped"] > 0) and not (not dlq and s["dead_lettered"] > 0)


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"retry_attempts": 186}, "retry_attempts must be between 0 and 185"),
        ({"retry_max_age_s": 30.0}, "retry_max_age_s must be between 60 and 86400"),
        ({"outage_s": 10.0}, "outage_s must be between 60"),
        ({"outage_at_s": 90_000.0}, "outage_at_s must be between 0"),
    ],
)
def test_bad_retry_settings_name_the_field(kw: dict, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        BusConfig(**kw)


def test_no_outage_changes_nothing() -> None:
    f = simulate(BusConfig(), 100.0).frame
    assert np.allclose(f[["failed_rps", "retried_rps", "dlq_rps", "lost_rps", "retrying"]], 0)
