"""The Auto Scaling kernels' layouts: declared once, matching the frames they fill."""

from __future__ import annotations

from engine.autoscaling import SCHEMA, SUMMARY
from engine.autoscaling.layout import OUT, TOTAL, VERTICAL_OUT
from engine.autoscaling.vertical import VSCHEMA
from engine.kernel.layout import slot_names


def test_output_slots_are_frame_columns() -> None:
    """Output slot names are the frame's column names; the summary slots are the summary's columns."""
    assert set(slot_names(OUT)) <= set(SCHEMA.names)
    assert set(slot_names(VERTICAL_OUT)) <= set(VSCHEMA.names)
    assert slot_names(TOTAL) == tuple(SUMMARY.names)
