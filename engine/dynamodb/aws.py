"""The DynamoDB scenario as AWS takes it: CreateTable (provisioned throughput or PAY_PER_REQUEST, a
GSI), UpdateTable for the manual capacity changes, Application Auto Scaling RegisterScalableTarget
and PutScalingPolicy (DynamoDBReadCapacityUtilization / DynamoDBWriteCapacityUtilization, §3.3),
and the same as one CloudFormation template.

The course notes' workarounds for scale-in at zero traffic (a trickle of requests, max pinned to min)
and the simulated key popularity are load, not settings: the export says so.
"""

from __future__ import annotations

from typing import Any

from engine.dynamodb.config import DynamoConfig
from engine.export.aws import Artefact, api, cfn

__all__ = ["INDEX", "TABLE", "artefacts"]

TABLE = "scalelab-table"
INDEX = "scalelab-gsi"
_DIMS = (("Read", "ReadCapacityUnits"), ("Write", "WriteCapacityUnits"))


def _throughput(rcu: float, wcu: float) -> dict[str, int]:
    return {"ReadCapacityUnits": round(rcu), "WriteCapacityUnits": round(wcu)}


def _table(c: DynamoConfig) -> dict[str, Any]:
    """CreateTable's input (also the CloudFormation table's properties, same names)."""
    provisioned = c.mode == "provisioned"
    attrs = [{"AttributeName": "pk", "AttributeType": "S"}]
    body: dict[str, Any] = {
        "TableName": TABLE,
        "AttributeDefinitions": attrs,
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PROVISIONED" if provisioned else "PAY_PER_REQUEST",
    }
    if provisioned:
        body["ProvisionedThroughput"] = _throughput(c.rcu, c.wcu)
    if c.gsi:
        attrs.append({"AttributeName": "gsi_pk", "AttributeType": "S"})
        index: dict[str, Any] = {
            "IndexName": INDEX,
            "KeySchema": [{"AttributeName": "gsi_pk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"},
        }
        if provisioned:
            index["ProvisionedThroughput"] = _throughput(c.rcu, c.gsi_wcu)
        body["GlobalSecondaryIndexes"] = [index]
    return body


def _scaling(c: DynamoConfig) -> list[tuple[str, str, str, float, float, float]]:
    """``(logical name, resource id, dimension, min, max, target %)`` of every scaled dimension."""
    out = []
    if c.mode == "provisioned" and c.autoscaling:
        for short, unit in _DIMS:
            lo, hi = (c.min_rcu, c.max_rcu) if short == "Read" else (c.min_wcu, c.max_wcu)
            out.append((f"Table{short}", f"table/{TABLE}", f"dynamodb:table:{unit}", lo, hi, c.target_pct))
    if c.mode == "provisioned" and c.gsi and c.gsi_autoscaling:
        out.append(
            (
                "IndexWrite",
                f"table/{TABLE}/index/{INDEX}",
                "dynamodb:index:WriteCapacityUnits",
                c.gsi_min_wcu,
                c.gsi_max_wcu,
                c.gsi_target_pct,
            )
        )
    return out


def _metric(dimension: str) -> str:
    return "DynamoDBReadCapacityUtilization" if "Read" in dimension else "DynamoDBWriteCapacityUtilization"


def _notes(c: DynamoConfig) -> list[str]:
    notes = []
    if c.trickle:
        notes.append("Workaround 1 (a trickle of requests) is traffic you send, not a table setting.")
    if c.pin_max_to_min:
        notes.append(
            "Workaround 2 (max = min at zero traffic) is an Application Auto Scaling scheduled action "
            "(PutScheduledAction with ScalableTargetAction MaxCapacity) at the hour traffic stops."
        )
    if c.dax:
        notes.append(
            f"DAX: a cluster (aws dax create-cluster) with a parameter group whose record-ttl-millis is "
            f"{int(c.dax_ttl_s * 1000)}; its item cache size follows the node type, not an item count."
        )
    if c.gsi and c.mode == "provisioned":
        notes.append("The GSI's read capacity is not simulated; the export gives it the table's RCU.")
    return notes


def artefacts(c: DynamoConfig) -> tuple[Artefact, ...]:
    """Every artefact of a DynamoDB scenario."""
    notes = _notes(c)
    arts = [api("CreateTable", "dynamodb", "CreateTable", _table(c), *notes)]
    for i, (at_s, rcu, wcu) in enumerate(c.capacity_changes):
        arts.append(
            api(
                f"UpdateTable {i + 1} at {at_s / 3600:g} h",
                "dynamodb",
                "UpdateTable",
                {"TableName": TABLE, "ProvisionedThroughput": _throughput(rcu, wcu)},
            )
        )
    resources: dict[str, Any] = {
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {k: v for k, v in _table(c).items() if k != "TableName"},
        }
    }
    for logical, resource, dim, lo, hi, target in _scaling(c):
        limits = {"MinCapacity": int(lo), "MaxCapacity": int(hi)}
        arts.append(
            api(
                f"RegisterScalableTarget {logical}",
                "application-autoscaling",
                "RegisterScalableTarget",
                {"ServiceNamespace": "dynamodb", "ResourceId": resource, "ScalableDimension": dim, **limits},
            )
        )
        tracking = {
            "TargetValue": float(target),
            "PredefinedMetricSpecification": {"PredefinedMetricType": _metric(dim)},
        }
        arts.append(
            api(
                f"PutScalingPolicy {logical}",
                "application-autoscaling",
                "PutScalingPolicy",
                {
                    "PolicyName": f"scalelab-{logical.lower()}",
                    "ServiceNamespace": "dynamodb",
                    "ResourceId": resource,
                    "ScalableDimension": dim,
                    "PolicyType": "TargetTrackingScaling",
                    "TargetTrackingScalingPolicyConfiguration": tracking,
                },
            )
        )
        cfn_resource = {"Fn::Sub": resource.replace(TABLE, "${Table}")}
        resources[f"{logical}Target"] = {
            "Type": "AWS::ApplicationAutoScaling::ScalableTarget",
            "Properties": {
                "ServiceNamespace": "dynamodb",
                "ResourceId": cfn_resource,
                "ScalableDimension": dim,
                **limits,
            },
        }
        resources[f"{logical}Policy"] = {
            "Type": "AWS::ApplicationAutoScaling::ScalingPolicy",
            "Properties": {
                "PolicyName": f"scalelab-{logical.lower()}",
                "PolicyType": "TargetTrackingScaling",
                "ScalingTargetId": {"Ref": f"{logical}Target"},
                "TargetTrackingScalingPolicyConfiguration": tracking,
            },
        }
    arts.append(cfn("CloudFormation table and auto scaling", resources, "ScaleLab DynamoDB scenario", *notes))
    return tuple(arts)
