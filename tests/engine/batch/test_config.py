"""AWS Batch settings: impossible ones are explained, naming the field and the limit (aws-facts §8.3)."""

from __future__ import annotations

import pytest

from engine.batch import BatchConfig, ComputeEnvironment, JobQueue

FIXED4 = ComputeEnvironment("fixed", "EC2", True, 4, 4, instance_vcpus=4)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: ComputeEnvironment("ce", min_vcpus=64, max_vcpus=16), "ce: min_vcpus 64 must not exceed max_vcpus 16"),
        (lambda: JobQueue(attempts=11), "attempts must be between 1 and 10"),
        (lambda: JobQueue(timeout_s=59), "timeout_s must be between 60"),
        (lambda: JobQueue(array_size=10_001), "array_size must be between 2 and 10000"),
        (lambda: JobQueue(compute_environments=(0, 1, 2, 3)), "1 to 3 compute environments"),
        (lambda: ComputeEnvironment(allocation_strategy="SPOT_CAPACITY_OPTIMIZED"), "is for SPOT compute environments"),
        (
            lambda: BatchConfig(
                (ComputeEnvironment(), ComputeEnvironment("f", "FARGATE", allocation_strategy="BEST_FIT")),
                (JobQueue(compute_environments=(0, 1)),),
            ),
            "all EC2/Spot or all Fargate",
        ),
        (lambda: BatchConfig(queues=(JobQueue(vcpus=32),), compute_environments=(FIXED4,)), "RUNNABLE forever"),
    ],
)
def test_impossible_settings_are_explained(make, fragment) -> None:
    with pytest.raises(ValueError) as exc:
        make()
    assert fragment in str(exc.value)
