"""Named scenarios (presets) of the three Auto Scaling pages, keyed by page stem:
``PRESETS[stem][name] = (what it teaches, {control name: value})``."""

from __future__ import annotations

from engine.kernel.target_tracking import HIGH_DATAPOINTS
from views.autoscaling.controls import AWS_STEPS
from views.preset import Preset

__all__ = ["PRESETS"]

# Presets of the policies page (name -> what it teaches, control values).
_POLICIES: dict[str, Preset] = {
    "Flash crowd vs slow launch": Preset(
        "A 5x spike arrives in a minute; instances take 5 min to launch. Target tracking reacts within "
        f"{HIGH_DATAPOINTS} minutes, yet requests drop until the new instances are InService.",
        {
            "load": "Flash crowd",
            "peak": 500,
            "policy": "Target tracking",
            "launch": 300,
            "warmup": 300,
            "cooldown": 300,
            "max": 40,
            "compare": "Step scaling",
        },
        claim={
            "all": [
                {">": [{"at": {"col": "desired", "t": 36240}}, {"at": {"col": "desired", "t": 35940}}]},
                {"<": [{"at": {"col": "in_service", "t": 36240}}, {"at": {"col": "desired", "t": 36240}}]},
                {">": [{"total": "dropped_rps"}, 0]},
            ]
        },
    ),
    "Cooldown too long": Preset(
        "Simple scaling adds 2 instances, then waits for the launch plus a 20-minute cooldown: a morning "
        "ramp to 1,500 req/s outruns it and requests drop (watch 'held by cooldown' in the log), while target "
        "tracking, compared on the same load, keeps up.",
        {
            "load": "Morning ramp",
            "peak": 1500,
            "policy": "Simple scaling",
            "simple_adj": 2,
            "cooldown": 1200,
            "launch": 120,
            "threshold": 70,
            "max": 60,
            "compare": "Target tracking",
        },
        claim={
            "all": [
                {">=": [{"count": "suppressed"}, 1]},
                {">": [{"/": [{"summary": "dropped"}, {"summary": "offered"}]}, 0.01]},
                {">": [{"summary": "dropped"}, {"*": [2, {"summary": "dropped", "scenario": 1}]}]},
            ]
        },
    ),
    "Thrashing without warm-up": Preset(
        "No warm-up and no cooldown: while the first instances still launch, every alarm adds more on the "
        "same high CPU — overshoot, then scale-in, then again (strongest under AWS-today rules). Compared "
        "with the same policy and a 300 s warm-up.",
        {
            "load": "Random bursts",
            "peak": 400,
            "policy": "Target tracking",
            "warmup": 0,
            "cooldown": 0,
            "launch": 300,
            "max": 60,
            "compare": "Same policy, 300 s warm-up",
        },
        claim={
            "all": [
                {">": [{"max": "desired"}, {"max": "desired", "scenario": 1}]},
                {">=": [{"count": "scale_out"}, 10]},
                {">=": [{"count": "scale_in"}, 10]},
            ]
        },
    ),
    "AWS step example": Preset(
        "AWS's worked example (§1.5): threshold 50; CPU 60 % adds 10 % (10 → 11); at noon CPU passes 70 % "
        "and +30 % of 11 = 3.3 adds 3 (11 → 14). The noon step is bigger than the example's, so CPU stays "
        "above 70 % and each later alarm adds 30 % again (18, 23 …) until it falls below 60 %. Read the log.",
        {
            "load": "Step up at noon",
            "peak": 200,
            "policy": "Step scaling",
            "steps": AWS_STEPS,
            "threshold": 50,
            "adj_type": "PercentChangeInCapacity",
            "desired": 10,
            "min": 2,
            "max": 40,
            "cap": 10,
            "compare": "none",
            "window": "whole day",
        },
        claim={"all": [{"starts_with": [{"sequence": "desired"}, [10, 11, 14]]}, {">": [{"first_t": "scale_out"}, 0]}]},
    ),
}


# Presets of the options page.
_OPTIONS: dict[str, Preset] = {
    "Grace period too short": Preset(
        "Instances fail now and then; replacements need 180 s to start their application, but with ELB health "
        "checks (2 failures 30 s apart) and a 60 s grace period each replacement is judged unhealthy and "
        "replaced again, in a loop. Switch the check type to EC2 and the loop stops.",
        {"option": "Maintain", "fail": 0.5, "grace": 60, "boot": 180, "hc_type": "ELB", "load": "Flat", "peak": 80},
        claim={"all": [{">=": [{"count": "failure"}, 1]}, {">=": [{"count": "unhealthy"}, 3]}]},
    ),
    "Scheduled morning rush": Preset(
        "A daily 06:00 action raises desired capacity to 10 before the business day; it never waits for a "
        "cooldown. Target tracking still handles the rest.",
        {
            "option": "Scheduled",
            "schedule": "06:00 desired=10, 20:00 desired=2",
            "load": "Business day",
            "peak": 400,
        },
        claim={
            "all": [
                {"==": [{"first_t": "scheduled"}, 21600]},
                {">": [{"at": {"col": "desired", "t": 21660}}, {"at": {"col": "desired", "t": 21540}}]},
            ]
        },
    ),
    "Predictive before the peak": Preset(
        "ForecastAndScale learns the daily shape from past days and launches each hour's capacity 10 min "
        "ahead; target tracking alone would lag the morning rise.",
        {"option": "Predictive", "mode": "ForecastAndScale", "buffer": 600, "load": "Business day", "peak": 400},
        claim={
            "all": [
                {">=": [{"count": "predictive"}, 1]},
                {"<": [{"/": [{"summary": "dropped"}, {"summary": "offered"}]}, 0.0001]},
            ]
        },
    ),
    "ForecastOnly just draws": Preset(
        "The default mode (§1.9): the forecast and the capacity it would schedule are drawn, but nothing "
        "scales — check the forecast before you trust it.",
        {"option": "Predictive", "mode": "ForecastOnly", "load": "Business day", "peak": 400},
        claim={"all": [{"==": [{"count": "predictive"}, 0]}, {">": [{"max": "forecast_rps"}, 0]}]},
    ),
    "Manual vs cooldown": Preset(
        "A manual SetDesiredCapacity with HonorCooldown waits for a running cooldown; without it, it applies "
        "at once (§1.2).",
        {"option": "Manual", "honor": True, "load": "Flash crowd", "peak": 400, "man_n": 25},
        claim={
            "all": [
                {"==": [{"count": "manual"}, 1]},
                {">": [{"first_t": "manual"}, 36720.0]},
                {">=": [{"max": "desired"}, 25]},
            ]
        },
    ),
}


# Presets of the horizontal vs vertical page.
_VERTICAL: dict[str, Preset] = {
    "Downtime hurts": Preset(
        "Every resize stops the instance for 10 minutes: each scale-up drops all traffic while demand is "
        "rising — exactly when you need capacity.",
        {"load": "Business day", "peak": 300, "downtime": 600, "sizes": 6, "launch": 120},
        claim={
            "all": [
                {">=": [{"summary": "zero_capacity_s"}, 600]},
                {">": [{"summary": "dropped"}, {"summary": "dropped", "scenario": 1}]},
            ]
        },
    ),
    "Hitting the ceiling": Preset(
        "Only three sizes (up to m5.2xlarge, 200 req/s): past that, vertical scaling has nowhere to go; "
        "horizontal keeps adding instances.",
        {"load": "Day with a flash sale", "peak": 800, "sizes": 3, "downtime": 120, "hmax": 60},
        claim={
            "all": [
                {">=": [{"count": "ceiling"}, 1]},
                {">": [{"summary": "dropped"}, {"*": [10, {"summary": "dropped", "scenario": 1}]}]},
            ]
        },
    ),
    "Slow launch vs quick resize": Preset(
        "A 10-minute launch against a 1-minute resize on a flash crowd: horizontal scaling is not free "
        "either — but it never drops to zero capacity.",
        {"load": "Flash crowd", "peak": 500, "downtime": 60, "launch": 600, "sizes": 6},
        claim={
            "all": [
                {">": [{"summary": "dropped", "scenario": 1}, 0]},
                {">": [{"min": "capacity_rps", "scenario": 1}, 0]},
                {">": [{"summary": "zero_capacity_s"}, 0]},
            ]
        },
    ),
}

PRESETS: dict[str, dict[str, Preset]] = {
    "autoscaling_policies": _POLICIES,
    "autoscaling_options": _OPTIONS,
    "autoscaling_vertical": _VERTICAL,
}
