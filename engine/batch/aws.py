"""The Batch scenario as AWS takes it: CreateComputeEnvironment per environment (managed EC2, SPOT or
Fargate, min/max vCPUs, allocation strategy) and CreateJobQueue per queue (priority and its compute
environments in order). Subnets, security groups and roles are placeholders."""

from __future__ import annotations

from typing import Any

from engine.batch.config import BatchConfig
from engine.export.aws import ACCOUNT, Artefact, api

__all__ = ["artefacts"]

_SUBNETS = ["subnet-0123456789abcdef0"]
_GROUPS = ["sg-0123456789abcdef0"]


def _resources(ce: Any) -> dict[str, Any]:
    res: dict[str, Any] = {
        "type": ce.resource_type,
        "maxvCpus": int(ce.max_vcpus),
        "subnets": _SUBNETS,
        "securityGroupIds": _GROUPS,
    }
    if ce.resource_type in ("EC2", "SPOT"):
        res |= {
            "minvCpus": int(ce.min_vcpus),
            "instanceTypes": ["optimal"],
            "allocationStrategy": ce.allocation_strategy,
            "instanceRole": f"arn:aws:iam::{ACCOUNT}:instance-profile/ecsInstanceRole",
        }
    return res


def artefacts(c: BatchConfig) -> tuple[Artefact, ...]:
    """Every compute environment and job queue."""
    arts = []
    for ce in c.compute_environments:
        body: dict[str, Any] = {"computeEnvironmentName": ce.name, "type": "MANAGED" if ce.managed else "UNMANAGED"}
        if ce.managed:
            body["computeResources"] = _resources(ce)
        arts.append(api(f"CreateComputeEnvironment {ce.name}", "batch", "CreateComputeEnvironment", body))
    for q in c.queues:
        order = [
            {"order": i + 1, "computeEnvironment": c.compute_environments[j].name}
            for i, j in enumerate(q.compute_environments)
        ]
        body = {
            "jobQueueName": q.name,
            "state": "ENABLED",
            "priority": int(q.priority),
            "computeEnvironmentOrder": order,
        }
        arts.append(api(f"CreateJobQueue {q.name}", "batch", "CreateJobQueue", body))
    return tuple(arts)
