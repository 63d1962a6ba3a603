"""EMR settings: impossible capacity settings and bad values are explained (aws-facts §8.4)."""

from __future__ import annotations

import pytest

from engine.emr import EmrConfig, JobStep


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"min_units": 20, "max_units": 10}, "MinimumCapacityUnits 20 must not exceed MaximumCapacityUnits 10"),
        ({"max_core_units": 120, "max_units": 100}, "MaximumCoreCapacityUnits 120 must not exceed"),
        ({"core_nodes": 20, "max_core_units": 17}, "above MaximumCoreCapacityUnits 17"),
    ],
)
def test_impossible_capacity_settings_are_explained(kw, fragment) -> None:
    with pytest.raises(ValueError) as exc:
        EmrConfig(managed_scaling=True, **kw)
    assert fragment in str(exc.value)


def test_bad_values_name_the_field() -> None:
    with pytest.raises(ValueError, match="core_nodes must be between 1 and 1000"):
        EmrConfig(core_nodes=0)
    with pytest.raises(ValueError, match="serial_fraction must be between 0 and 1"):
        JobStep("x", 10.0, 1.5, 0.0)


def test_managed_scaling_that_starts_above_its_maximum_is_refused() -> None:
    """aws-facts §8.4 (EMR-MG emr-managed-scaling): managed scaling keeps the cluster between
    Minimum and MaximumCapacityUnits, so a cluster that starts with 4 core + 10 task = 14 nodes
    under MaximumCapacityUnits 12 is refused, naming the fields; without managed scaling it runs."""
    kw = {"core_nodes": 4, "task_nodes": 10, "max_units": 12, "max_core_units": 4}
    with pytest.raises(ValueError) as exc:
        EmrConfig(managed_scaling=True, **kw)
    assert "core_nodes + task_nodes = 14 nodes, above max_units (MaximumCapacityUnits) 12" in str(exc.value)
    assert EmrConfig(managed_scaling=False, **kw).task_nodes == 10
    assert EmrConfig(managed_scaling=True, **{**kw, "task_nodes": 8}).max_units == 12  # 12 nodes: allowed
