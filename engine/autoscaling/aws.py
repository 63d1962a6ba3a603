"""The Auto Scaling scenario as EC2 Auto Scaling takes it: PutScalingPolicy inputs (target tracking,
step, simple, predictive), PutScheduledUpdateGroupAction, SetDesiredCapacity, and one CloudFormation
template with the group (Cooldown, DefaultInstanceWarmup, HealthCheckGracePeriod), its policies and
scheduled actions. The horizontal vs vertical page's resize is EC2 ModifyInstanceAttribute.

AWS facts used (aws-facts.md §1): step bounds are relative to the alarm threshold, one null lower and
one null upper bound at most (§1.5); the cooldown applies to simple scaling only under AWS today
(§1.7), the course notes apply it to all dynamic scaling; MinAdjustmentMagnitude only with
PercentChangeInCapacity (§1.3); ALBRequestCountPerTarget counts requests per target per minute.
"""

from __future__ import annotations

import math
from typing import Any

from engine.autoscaling.config import GroupConfig, PredictivePolicy, ScheduledAction
from engine.autoscaling.policies import SimpleScalingPolicy, StepScalingPolicy, TargetTrackingPolicy
from engine.autoscaling.vertical import SIZES, VerticalConfig
from engine.export.aws import ACCOUNT, REGION, Artefact, api, cfn, note

__all__ = ["GROUP", "artefacts"]

GROUP = "scalelab-asg"
"""The Auto Scaling group name every artefact refers to (rename it to yours)."""
RESOURCE_LABEL = "app/scalelab-alb/0123456789abcdef/targetgroup/scalelab-tg/0123456789abcdef"
"""ALBRequestCountPerTarget needs the load balancer and target group (a placeholder)."""
_DAY = 86_400


def _metric(metric: str, target: float) -> tuple[dict[str, Any], float]:
    """The predefined metric and the target value in its unit (req/s per instance → per minute)."""
    if metric == "cpu":
        return {"PredefinedMetricType": "ASGAverageCPUUtilization"}, float(target)
    spec = {"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": RESOURCE_LABEL}
    return spec, float(target) * 60.0


def _int(x: float) -> int:
    return math.trunc(x)


def _target_tracking(p: TargetTrackingPolicy, name: str) -> dict[str, Any]:
    spec, value = _metric(p.metric, p.target)
    return {
        "PolicyName": name,
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration": {
            "PredefinedMetricSpecification": spec,
            "TargetValue": value,
            "DisableScaleIn": bool(p.disable_scale_in),
        },
    }


def _step_policies(p: StepScalingPolicy, name: str, warmup: float | None) -> list[tuple[str, dict[str, Any]]]:
    """One policy per alarm: steps above the threshold scale out, steps below scale in (§1.5)."""
    up = [s for s in p.steps if s[0] is not None and s[0] >= 0]
    down = [s for s in p.steps if s[1] is not None and s[1] <= 0 and s not in up]
    sides = [("out", up), ("in", down)] if len(up) + len(down) == len(p.steps) else [("all", list(p.steps))]
    out = []
    for side, steps in sides:
        if not steps:
            continue
        body: dict[str, Any] = {
            "PolicyName": f"{name}-{side}",
            "PolicyType": "StepScaling",
            "AdjustmentType": p.adjustment_type,
            "MetricAggregationType": "Average",
            "StepAdjustments": [
                {
                    k: v
                    for k, v in (
                        ("MetricIntervalLowerBound", None if s[0] is None else float(s[0])),
                        ("MetricIntervalUpperBound", None if s[1] is None else float(s[1])),
                        ("ScalingAdjustment", _int(s[2])),
                    )
                    if v is not None
                }
                for s in steps
            ],
        }
        if p.min_adjustment_magnitude is not None and p.adjustment_type == "PercentChangeInCapacity":
            body["MinAdjustmentMagnitude"] = int(p.min_adjustment_magnitude)
        if warmup is not None:
            body["EstimatedInstanceWarmup"] = int(warmup)
        out.append((side, body))
    return out


def _simple(p: SimpleScalingPolicy, name: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "PolicyName": name,
        "PolicyType": "SimpleScaling",
        "AdjustmentType": p.adjustment_type,
        "ScalingAdjustment": _int(p.adjustment),
    }
    if p.cooldown_s is not None:
        body["Cooldown"] = int(p.cooldown_s)
    if p.min_adjustment_magnitude is not None and p.adjustment_type == "PercentChangeInCapacity":
        body["MinAdjustmentMagnitude"] = int(p.min_adjustment_magnitude)
    return body


def _alarm(name: str, metric: str, threshold: float, above: bool, datapoints: int, period_s: float) -> dict[str, Any]:
    """The CloudWatch alarm that runs a step or simple policy (PutMetricAlarm); its AlarmActions
    is the PolicyARN that PutScalingPolicy returns (a placeholder here)."""
    if metric == "cpu":
        where = {
            "Namespace": "AWS/EC2",
            "MetricName": "CPUUtilization",
            "Dimensions": [{"Name": "AutoScalingGroupName", "Value": GROUP}],
            "Threshold": float(threshold),
        }
    else:
        where = {
            "Namespace": "AWS/ApplicationELB",
            "MetricName": "RequestCountPerTarget",
            "Dimensions": [{"Name": "TargetGroup", "Value": RESOURCE_LABEL.split("/", 3)[3]}],
            "Threshold": float(threshold) * period_s,
        }
    return {
        "AlarmName": f"{name}-alarm",
        **where,
        "Statistic": "Average" if metric == "cpu" else "Sum",
        "Period": int(period_s),
        "EvaluationPeriods": int(datapoints),
        "ComparisonOperator": "GreaterThanOrEqualToThreshold" if above else "LessThanThreshold",
        "AlarmActions": [
            f"arn:aws:autoscaling:{REGION}:{ACCOUNT}:scalingPolicy:policy-id:autoScalingGroupName/{GROUP}:policyName/{name}"
        ],
    }


def _alarms(c: GroupConfig) -> list[tuple[str, dict[str, Any]]]:
    """``(title, PutMetricAlarm input)`` for every step and simple policy."""
    out = []
    for logical, body, p in _policies(c):
        name = body["PolicyName"]
        if isinstance(p, StepScalingPolicy):
            above = not name.endswith("-in")
            out.append((logical, _alarm(name, p.metric, p.threshold, above, p.datapoints, c.period_s)))
        elif isinstance(p, SimpleScalingPolicy):
            out.append(
                (logical, _alarm(name, p.metric, p.threshold, p.comparison == "above", p.datapoints, c.period_s))
            )
    return out


def _predictive(p: PredictivePolicy) -> dict[str, Any]:
    cfg: dict[str, Any] = {
        "MetricSpecifications": [
            {
                "TargetValue": float(p.target_pct),
                "PredefinedMetricPairSpecification": {"PredefinedMetricType": "ASGCPUUtilization"},
            }
        ],
        "Mode": p.mode,
        "SchedulingBufferTime": int(p.buffer_s),
        "MaxCapacityBreachBehavior": p.max_breach,
    }
    if p.max_breach == "IncreaseMaxCapacity":
        cfg["MaxCapacityBuffer"] = int(p.max_buffer_pct)
    return {
        "PolicyName": "scalelab-predictive",
        "PolicyType": "PredictiveScaling",
        "PredictiveScalingConfiguration": cfg,
    }


def _schedule(a: ScheduledAction) -> dict[str, Any]:
    """Daily actions as a cron recurrence (UTC); one-off ones at a start time on a placeholder day."""
    day, rest = divmod(int(a.at_s), _DAY)
    hour, minute = rest // 3600, rest % 3600 // 60
    when: dict[str, Any] = (
        {"Recurrence": f"{minute} {hour} * * *"}
        if a.daily
        else {"StartTime": f"2030-01-{1 + day % 28:02d}T{hour:02d}:{minute:02d}:00Z"}
    )
    sizes = {"MinSize": a.min_size, "MaxSize": a.max_size, "DesiredCapacity": a.desired}
    return {**when, **{k: int(v) for k, v in sizes.items() if v is not None}}


def _policies(c: GroupConfig) -> list[tuple[str, dict[str, Any], Any]]:
    """``(logical name, PutScalingPolicy body without the group, policy)`` for every policy."""
    out: list[tuple[str, dict[str, Any], Any]] = []
    for i, p in enumerate(c.policies):
        name = f"scalelab-policy-{i + 1}"
        if isinstance(p, TargetTrackingPolicy):
            out.append((f"TargetTracking{i + 1}", _target_tracking(p, name), p))
        elif isinstance(p, StepScalingPolicy):
            out += [(f"Step{i + 1}{side.title()}", body, p) for side, body in _step_policies(p, name, c.warmup_s)]
        elif isinstance(p, SimpleScalingPolicy):
            out.append((f"Simple{i + 1}", _simple(p, name), p))
    if c.predictive is not None:
        out.append(("Predictive", _predictive(c.predictive), c.predictive))
    return out


def _notes(c: GroupConfig) -> list[str]:
    notes = [
        "Step and simple policies run on a CloudWatch alarm each (the PutMetricAlarm artefacts): put its "
        "AlarmActions to the PolicyARN that PutScalingPolicy returns."
    ]
    if c.rules == "course" and c.cooldown_s and any(not isinstance(p, SimpleScalingPolicy) for p in c.policies):
        notes.append(
            "Course-notes rule not expressible in AWS: ScaleLab (course edition) holds target-tracking and step "
            "scaling for the cooldown too; in AWS the group's Cooldown applies to simple scaling only (§1.7), "
            "so the real group reacts sooner than this run."
        )
    if any(getattr(p, "metric", "cpu") == "requests" for p in c.policies):
        notes.append(
            "The requests metric is exported as ALBRequestCountPerTarget (requests per target per minute, "
            "so the target is ScaleLab's req/s × 60); replace the ResourceLabel with your load balancer's."
        )
    if c.failure_rate_per_hour:
        notes.append("Instance failures are simulated load, not a setting: nothing to export for them.")
    return notes


def _group_resource(c: GroupConfig) -> dict[str, Any]:
    props: dict[str, Any] = {
        "MinSize": str(c.min_size),
        "MaxSize": str(c.max_size),
        "Cooldown": str(int(c.cooldown_s)),
        "HealthCheckType": c.health_check_type,
        "LaunchTemplate": {"LaunchTemplateId": {"Ref": "LaunchTemplateId"}, "Version": "$Latest"},
        "VPCZoneIdentifier": {"Ref": "Subnets"},
    }
    if c.desired is not None:
        props["DesiredCapacity"] = str(c.desired)
    if c.warmup_s is not None:
        props["DefaultInstanceWarmup"] = int(c.warmup_s)
    if c.health_grace_s is not None:
        props["HealthCheckGracePeriod"] = int(c.health_grace_s)
    return {"Type": "AWS::AutoScaling::AutoScalingGroup", "Properties": props}


def _group_artefacts(c: GroupConfig) -> list[Artefact]:
    arts: list[Artefact] = []
    notes = _notes(c)
    for logical, body, _ in _policies(c):
        arts.append(
            api(
                f"PutScalingPolicy {logical}",
                "autoscaling",
                "PutScalingPolicy",
                {"AutoScalingGroupName": GROUP, **body},
                *notes,
            )
        )
    for logical, body in _alarms(c):
        arts.append(api(f"PutMetricAlarm {logical}", "cloudwatch", "PutMetricAlarm", body))
    for i, a in enumerate(c.scheduled):
        body = {"AutoScalingGroupName": GROUP, "ScheduledActionName": f"scalelab-scheduled-{i + 1}", **_schedule(a)}
        arts.append(api(f"PutScheduledUpdateGroupAction {i + 1}", "autoscaling", "PutScheduledUpdateGroupAction", body))
    for i, m in enumerate(c.manual):
        body = {
            "AutoScalingGroupName": GROUP,
            "DesiredCapacity": int(m.desired),
            "HonorCooldown": bool(m.honor_cooldown),
        }
        arts.append(api(f"SetDesiredCapacity {i + 1}", "autoscaling", "SetDesiredCapacity", body))
    resources: dict[str, Any] = {"Group": _group_resource(c)}
    for logical, body, _ in _policies(c):
        props = {k: v for k, v in body.items() if k != "PolicyName"}
        resources[logical] = {
            "Type": "AWS::AutoScaling::ScalingPolicy",
            "Properties": {"AutoScalingGroupName": {"Ref": "Group"}, **props},
        }
    for i, a in enumerate(c.scheduled):
        props = _schedule(a)
        resources[f"Scheduled{i + 1}"] = {
            "Type": "AWS::AutoScaling::ScheduledAction",
            "Properties": {"AutoScalingGroupName": {"Ref": "Group"}, **props},
        }
    parameters = {
        "LaunchTemplateId": {"Type": "String", "Description": "The launch template of the group's instances"},
        "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>", "Description": "Subnets to launch into"},
    }
    arts.append(
        cfn(
            "CloudFormation group and policies",
            resources,
            "ScaleLab Auto Scaling scenario",
            *notes,
            parameters=parameters,
        )
    )
    return arts


def _vertical(v: VerticalConfig) -> list[Artefact]:
    """Each resize is ModifyInstanceAttribute on a stopped instance (ScaleLab's downtime)."""
    sizes = SIZES[: v.n_sizes]
    arts = [
        api(
            f"ModifyInstanceAttribute to {size}",
            "ec2",
            "ModifyInstanceAttribute",
            {"InstanceId": "i-0123456789abcdef0", "InstanceType": {"Value": size}},
            "Stop the instance first (aws ec2 stop-instances) and start it after: the stop is the downtime.",
        )
        for size in sizes
    ]
    arts.append(
        note(
            "Vertical scaling rule",
            f"ScaleLab resizes up when CPU stays above {v.up_pct:g} % for {v.up_after_s:g} s and down below "
            f"{v.down_pct:g} % for {v.down_after_s:g} s. AWS has no automatic vertical scaling for EC2: "
            "this rule is yours to run (an alarm and a script); only the resize itself is an API call.",
        )
    )
    return arts


def artefacts(config: GroupConfig | VerticalConfig) -> tuple[Artefact, ...]:
    """Every artefact of an Auto Scaling scenario (a group, or a vertically scaled instance)."""
    if isinstance(config, VerticalConfig):
        return tuple(_vertical(config))
    return tuple(_group_artefacts(config))
