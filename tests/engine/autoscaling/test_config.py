"""Auto Scaling group config: validation messages name the field; edition defaults (§1.5, §1.7, §9)."""

from __future__ import annotations

import pytest

from engine.autoscaling import GroupConfig, ScheduledAction


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_size": 5, "max_size": 3}, "min_size 5 must not exceed max_size 3"),
        ({"desired": 30}, "desired 30 must be between"),
        ({"cooldown_s": -5}, "cooldown_s must be between 0 and 3600"),
        ({"launch_s": 1e9}, "launch_s must be between"),
    ],
)
def test_bad_group_settings_name_the_field(kwargs, match) -> None:
    with pytest.raises(ValueError, match=match):
        GroupConfig(**kwargs)


def test_edition_defaults_for_grace_and_warm_up() -> None:
    """§1.7/§9: grace period default 300 s (course, console) vs 0 s (API); §1.5: an unset warm-up
    falls back to the cooldown."""
    assert GroupConfig(rules="course").effective_grace_s == 300
    assert GroupConfig(rules="aws-today").effective_grace_s == 0
    assert GroupConfig(warmup_s=None, cooldown_s=240).effective_warmup_s == 240


def test_scheduled_actions_expand_daily_and_respect_the_quota() -> None:
    """§1.2: a recurring action repeats every day of the run; §1.1: at most 125 actions."""
    cfg = GroupConfig(
        scheduled=(ScheduledAction(7 * 3600.0, desired=8, daily=True), ScheduledAction(3600.0, min_size=2)),
        horizon_s=2 * 86_400.0,
    )
    assert cfg.scheduled_steps() == [(360, 2, -1, -1), (2520, -1, -1, 8), (11_160, -1, -1, 8)]
    assert cfg.scheduled_steps()[1].desired == 8
    with pytest.raises(ValueError, match="at most 125 actions"):
        GroupConfig(scheduled=tuple(ScheduledAction(60.0 * k, desired=1) for k in range(126)))
