"""Slot layouts: one declaration names a kernel array's columns for the packer, kernel and frame."""

from __future__ import annotations

import numpy as np
import pytest
from numba import njit

from engine.kernel.layout import columns, pack, slot_names, slots

GI = slots("GroupInts", "MIN MAX DESIRED")
OUT = slots("Out", ("DESIRED", "IN_SERVICE"))


@njit(cache=True)
def _kernel(gi, out):
    for s in range(gi.shape[0]):
        for i in range(out.shape[2]):
            out[s, OUT.DESIRED, i] = min(gi[s, GI.DESIRED] + i, gi[s, GI.MAX])
            out[s, OUT.IN_SERVICE, i] = max(gi[s, GI.MIN], i)


def test_slots_number_from_zero_and_name_frame_columns() -> None:
    assert (GI.MIN, GI.MAX, GI.DESIRED) == (0, 1, 2)
    assert len(GI) == 3
    assert slot_names(OUT) == ("desired", "in_service")


def test_pack_kernel_and_columns_agree_by_name() -> None:
    gi = pack(GI, [{"min": 1, "max": 4, "desired": 2}, {"min": 0, "max": 9, "desired": 5}], np.int64)
    out = np.zeros((2, len(OUT), 4))
    _kernel(gi, out)
    cols = columns(out[0], OUT, axis=0)
    assert cols["desired"].tolist() == [2, 3, 4, 4]
    assert cols["in_service"].tolist() == [1, 1, 2, 3]
    assert columns(out[1], OUT, axis=0)["desired"].tolist() == [5, 6, 7, 8]


def test_pack_names_what_is_missing_or_unknown() -> None:
    with pytest.raises(KeyError, match=r"missing \['desired'\], not slots \['size'\]"):
        pack(GI, [{"min": 1, "max": 4, "size": 2}])


def test_bad_declarations_and_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        slots("Bad", "A B A")
    with pytest.raises(ValueError, match="at least one"):
        slots("Empty", "")
    with pytest.raises(ValueError, match="has 2"):
        columns(np.zeros((3, 5)), OUT, axis=1)
