"""One palette, one label dictionary: every label's kind has a colour; unknown columns degrade."""

from __future__ import annotations

from views.style import COLORS, LABELS, PALETTE, axis_title, color_for, label_for


def test_every_label_kind_has_a_colour_from_the_palette() -> None:
    for column, lab in LABELS.items():
        assert lab.kind in COLORS, column
        assert COLORS[lab.kind] in PALETTE.values()


def test_titles_and_units() -> None:
    assert axis_title("cpu_pct", {"cpu_pct": "%"}) == "Average CPU (%)"
    assert axis_title("cpu_pct", {}) == "Average CPU"
    assert label_for("some_new_column") == "Some new column"
    assert color_for("some_new_column") == PALETTE["grey"]
