"""The EMR scenario as AWS takes it: PutManagedScalingPolicy (instance units between the minimum and
maximum, core units capped) when managed scaling is on, and the cluster's instance groups as
RunJobFlow input (master, core and task groups with their market)."""

from __future__ import annotations

from typing import Any

from engine.emr.config import EmrConfig
from engine.export.aws import Artefact, api

__all__ = ["artefacts"]

_INSTANCE = "m5.xlarge"


def artefacts(c: EmrConfig) -> tuple[Artefact, ...]:
    """The cluster, and its managed scaling policy if on."""
    groups: list[dict[str, Any]] = [
        {
            "InstanceRole": "MASTER",
            "Market": "ON_DEMAND",
            "InstanceType": _INSTANCE,
            "InstanceCount": int(c.master_nodes),
        },
        {
            "InstanceRole": "CORE",
            "Market": c.core_market,
            "InstanceType": _INSTANCE,
            "InstanceCount": int(c.core_nodes),
        },
    ]
    if c.task_nodes:
        groups.append(
            {
                "InstanceRole": "TASK",
                "Market": c.task_market,
                "InstanceType": _INSTANCE,
                "InstanceCount": int(c.task_nodes),
            }
        )
    flow = {
        "Name": "scalelab-cluster",
        "ReleaseLabel": "emr-7.2.0",
        "Applications": [{"Name": "Hadoop"}, {"Name": "Spark"}],
        "Instances": {"InstanceGroups": groups, "KeepJobFlowAliveWhenNoSteps": True},
        "JobFlowRole": "EMR_EC2_DefaultRole",
        "ServiceRole": "EMR_DefaultRole",
    }
    arts = [api("RunJobFlow", "emr", "RunJobFlow", flow, "Instance type and release label are starting points.")]
    if c.managed_scaling:
        limits = {
            "UnitType": "Instances",
            "MinimumCapacityUnits": int(c.min_units),
            "MaximumCapacityUnits": int(c.max_units),
            "MaximumCoreCapacityUnits": int(c.max_core_units),
        }
        body = {"ClusterId": "j-0123456789ABC", "ManagedScalingPolicy": {"ComputeLimits": limits}}
        arts.append(api("PutManagedScalingPolicy", "emr", "PutManagedScalingPolicy", body))
    return tuple(arts)
