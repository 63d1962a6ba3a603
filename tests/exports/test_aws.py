"""The AWS artefacts of each lab: the values the learner set land in the fields AWS reads, every
artefact validates offline (botocore's service model, cfn-lint), and the validators do catch a
wrong artefact (so the preset-wide test can fail)."""

from __future__ import annotations

import json

import yaml

from engine.autoscaling import (
    GroupConfig,
    ScheduledAction,
    SimpleScalingPolicy,
    StepScalingPolicy,
    TargetTrackingPolicy,
    parse_steps,
)
from engine.autoscaling.aws import artefacts as asg
from engine.dynamodb import DynamoConfig
from engine.dynamodb.aws import artefacts as ddb
from engine.export.aws import text_of
from engine.kinesis import KinesisConfig
from engine.kinesis.aws import artefacts as kds
from engine.queues import QueueConfig
from engine.queues.aws import artefacts as sqs
from engine.stepfunctions.aws import artefacts as sfn
from engine.stepfunctions.config import WorkflowConfig
from tests.exports.validate import api_errors, errors, template_errors

AWS_STEPS = "0:10=0, 10:20=10, 20:=30, -10:0=0, -20:-10=-10, :-20=-30"


def _by(arts, title):  # type: ignore[no-untyped-def]
    return next(a for a in arts if a.title.startswith(title))


def test_auto_scaling_policies_carry_the_learners_numbers_and_validate() -> None:
    c = GroupConfig(
        policies=(
            TargetTrackingPolicy(target=60.0),
            StepScalingPolicy(threshold=50.0, steps=parse_steps(AWS_STEPS)),
            SimpleScalingPolicy(adjustment=2, cooldown_s=600),
        ),
        cooldown_s=900,
        warmup_s=240,
        health_grace_s=60,
        scheduled=(ScheduledAction(at_s=7 * 3600, desired=8, daily=True),),
    )
    arts = asg(c)
    assert [e for a in arts for e in errors(a)] == []
    tt = _by(arts, "PutScalingPolicy TargetTracking").body
    assert tt["TargetTrackingConfiguration"]["TargetValue"] == 60.0
    out, back = _by(arts, "PutScalingPolicy Step2Out").body, _by(arts, "PutScalingPolicy Step2In").body
    # §1.5: bounds relative to the threshold; the scale-in half keeps the negative intervals.
    assert [s["ScalingAdjustment"] for s in out["StepAdjustments"]] == [0, 10, 30]
    assert [s["ScalingAdjustment"] for s in back["StepAdjustments"]] == [0, -10, -30]
    assert _by(arts, "PutScalingPolicy Simple3").body["Cooldown"] == 600
    # Each step or simple policy runs on its alarm: scale out at or above the threshold, in below it.
    alarms = {a.title: a.body for a in arts if a.operation == "PutMetricAlarm"}
    assert sorted(alarms) == ["PutMetricAlarm Simple3", "PutMetricAlarm Step2In", "PutMetricAlarm Step2Out"]
    assert alarms["PutMetricAlarm Step2Out"]["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert alarms["PutMetricAlarm Step2In"]["ComparisonOperator"] == "LessThanThreshold"
    assert alarms["PutMetricAlarm Step2Out"]["Threshold"] == 50.0
    assert _by(arts, "PutScheduledUpdateGroupAction").body["Recurrence"] == "0 7 * * *"
    group = _by(arts, "CloudFormation").body["Resources"]["Group"]["Properties"]
    assert (group["Cooldown"], group["DefaultInstanceWarmup"], group["HealthCheckGracePeriod"]) == ("900", 240, 60)
    # Course rule (§1.7): the cooldown also holds target tracking; AWS applies it to simple scaling only.
    assert any("Course-notes rule" in n for n in _by(arts, "PutScalingPolicy TargetTracking").notes)
    assert not any("Course-notes rule" in n for n in _by(asg(GroupConfig(rules="aws-today")), "PutScalingPolicy").notes)


def test_dynamodb_table_and_application_auto_scaling() -> None:
    arts = ddb(
        DynamoConfig(
            rcu=1200, wcu=300, autoscaling=True, target_pct=55, min_rcu=50, max_rcu=4000, min_wcu=50, max_wcu=4000
        )
    )
    assert [e for a in arts for e in errors(a)] == []
    table = _by(arts, "CreateTable").body
    assert table["ProvisionedThroughput"] == {"ReadCapacityUnits": 1200, "WriteCapacityUnits": 300}
    policies = [a.body for a in arts if a.operation == "PutScalingPolicy"]
    metrics = {
        p["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"]
        for p in policies
    }
    assert metrics == {"DynamoDBReadCapacityUtilization", "DynamoDBWriteCapacityUtilization"}
    assert {p["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] for p in policies} == {55.0}
    on_demand = _by(ddb(DynamoConfig(mode="on-demand")), "CreateTable").body
    assert on_demand["BillingMode"] == "PAY_PER_REQUEST" and "ProvisionedThroughput" not in on_demand


def test_kinesis_reshards_uniformly_and_extends_retention() -> None:
    c = KinesisConfig(shards=4, shard_count_at=((600.0, 8),), retention_h=48, rules="aws-today")
    arts = kds(c)
    assert [e for a in arts for e in errors(a)] == []
    assert _by(arts, "UpdateShardCount").body == {
        "StreamName": "scalelab-stream",
        "TargetShardCount": 8,
        "ScalingType": "UNIFORM_SCALING",
    }
    assert _by(arts, "IncreaseStreamRetentionPeriod").body["RetentionPeriodHours"] == 48


def test_sqs_fifo_queue_with_its_redrive_policy() -> None:
    arts = sqs(QueueConfig(queue_type="fifo", max_receive_count=3, visibility_timeout_s=45))
    assert [e for a in arts for e in errors(a)] == []
    attrs = _by(arts, "CreateQueue").body["Attributes"]
    assert attrs["FifoQueue"] == "true" and attrs["VisibilityTimeout"] == "45"
    assert json.loads(attrs["RedrivePolicy"])["maxReceiveCount"] == 3
    assert _by(arts, "CreateQueue").body["QueueName"].endswith(".fifo")


def test_step_functions_definition_is_the_learners_and_typed() -> None:
    c = WorkflowConfig(workflow_type="EXPRESS")
    (art,) = sfn(c)
    assert errors(art) == []
    assert art.body["type"] == "EXPRESS" and json.loads(art.body["definition"]) == json.loads(c.definition)


def test_the_validators_catch_wrong_artefacts() -> None:
    assert "TargetValue" in api_errors(
        "autoscaling",
        "PutScalingPolicy",
        {"AutoScalingGroupName": "g", "PolicyName": "p", "TargetTrackingConfiguration": {"TargetValue": "high"}},
    )
    assert "Unknown parameter" in api_errors("sqs", "CreateQueue", {"QueueName": "q", "Visibility": "30"})
    tpl = yaml.safe_load(text_of(_by(asg(GroupConfig()), "CloudFormation")))
    tpl["Resources"]["Group"]["Properties"]["Cooldown"] = {"Ref": "Nowhere"}
    assert template_errors(yaml.safe_dump(tpl))
