"""The animation helper: bounded frames, fixed axes, compact payload, reduced motion."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest

from views.animation import (
    HOVER_WIDTH,
    Panel,
    Ref,
    Trace,
    animated_figure,
    downsample,
    fits_heading,
    time_axis,
    wrap_hover,
)

N = 8640  # 24 h at 10 s steps


@pytest.fixture(scope="module")
def day() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    t = np.arange(N) * 10.0
    return pd.DataFrame(
        {
            "t_s": t,
            "load_rps": 100 + 50 * np.sin(t / 86_400 * 2 * np.pi) + rng.normal(0, 5, N),
            "capacity_rps": np.repeat(np.arange(N // 480) * 10.0 + 100, 480),
            "desired": np.repeat(np.arange(N // 480) % 7 + 2, 480),
            "in_service": np.repeat(np.arange(N // 480) % 7 + 2, 480),
            "cpu_pct": rng.uniform(0, 100, N),
        }
    )


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return pd.DataFrame({"t_s": np.arange(200) * 400.0, "kind": "scale_out", "message": "desired 2 -> 3"})


UNITS = {"t_s": "s", "load_rps": "req/s", "capacity_rps": "req/s", "desired": "instances", "in_service": "instances",
         "cpu_pct": "%"}  # fmt: skip


def panels() -> list[Panel]:
    return [
        Panel.of("load_rps", "capacity_rps"),
        Panel.of(Trace("desired", style="step"), Trace("in_service", style="step")),
        Panel.of("cpu_pct", refs=[Ref(50, "target 50 %")]),
    ]


def test_frames_are_bounded_and_carry_only_y_prefixes(day: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS, max_frames=40)
    assert len(fig.frames) == 40
    first, last = fig.frames[0], fig.frames[-1]
    assert all(d.x is None for d in first.data)
    assert len(first.data[0].y) < len(last.data[0].y) == len(fig.data[0].x)
    assert len(fig.data[0].x) <= 360


def test_axis_ranges_are_fixed(day: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS)
    lay = fig.layout
    for ax in (lay.xaxis, lay.xaxis2, lay.xaxis3):
        assert ax.autorange is False
    assert lay.xaxis.range == (0.0, 24.0)  # hours
    assert lay.yaxis3.range[1] >= 50 and lay.yaxis3.autorange is False
    assert lay.yaxis.range[1] >= day["load_rps"].max()


def test_controls_play_pause_speeds_and_scrubber(day: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS)
    buttons, speeds = fig.layout.updatemenus
    assert [b.label for b in buttons.buttons] == ["▶ Play", "❚❚ Pause", "↺ Replay"]
    assert buttons.buttons[2].args[1]["fromcurrent"] is False
    assert speeds.type == "dropdown"
    assert [b.label for b in speeds.buttons] == ["speed ½×", "speed 1×", "speed 2×", "speed 4×"]
    durations = [b.args[1]["frame"]["duration"] for b in speeds.buttons]
    assert durations == sorted(durations, reverse=True)
    for b in (*buttons.buttons, *speeds.buttons):
        assert b.args[1]["frame"]["redraw"] is False
    assert len(fig.layout.sliders[0].steps) == len(fig.frames)


def test_events_become_lines_and_hover_markers(day: pd.DataFrame, events: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS, events=events, max_events=50)
    markers = fig.data[-1]
    assert len(markers.x) == 50
    assert markers.name == "Events (first 50 of 200)"
    assert markers.hovertext[0].startswith("00:00:00 · desired 2 -> 3")
    assert sum(1 for s in fig.layout.shapes if s.yref == "paper") == 50


def test_payload_of_a_24_hour_animated_figure_is_under_1_mb(day: pd.DataFrame, events: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS, events=events)
    size = len(pio.to_json(fig, validate=False))
    assert size < 1_000_000, size


def test_reduced_motion_has_no_frames_and_full_data(day: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS, reduced_motion=True)
    assert not fig.frames
    assert not fig.layout.updatemenus
    assert len(fig.data[0].y) == len(fig.data[0].x)


def test_downsample_keeps_peaks_and_length() -> None:
    v = np.zeros(1000)
    v[333] = 9
    out = downsample(v, 100, "max")
    assert len(out) == 100 and out.max() == 9
    assert downsample(np.arange(10.0), 100).tolist() == list(range(10))
    assert downsample(np.arange(10.0), 5, "mean").tolist() == [0.5, 2.5, 4.5, 6.5, 8.5]
    assert downsample(np.arange(10.0), 5, "last").tolist() == [1, 3, 5, 7, 9]


def test_time_axis_units() -> None:
    assert time_axis(86_400) == (3600.0, "h")
    assert time_axis(3600) == (60.0, "min")
    assert time_axis(120) == (1.0, "s")


def test_no_panels_is_refused(day: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="at least one panel"):
        animated_figure(day, [], units=UNITS)


def test_panel_titles_come_from_the_engine_units(day: pd.DataFrame) -> None:
    """A panel with no title is titled (axis and legend heading) by its one column or by the unit
    its columns share."""
    fig = animated_figure(day, panels(), units=UNITS)
    titles = [fig.layout[f"yaxis{i}" if i > 1 else "yaxis"].title.text for i in (1, 2, 3)]
    assert titles == ["req/s", "instances", "Average CPU (%)"]
    headings = [fig.layout[f"legend{i}" if i > 1 else "legend"].title.text for i in (1, 2, 3)]
    assert headings == ["<b>req/s</b>", "<b>instances</b>", "<b>Average CPU (%)</b>"]


def test_each_panel_has_its_own_legend_above_it(day: pd.DataFrame, events: pd.DataFrame) -> None:
    ps = [Panel.of("load_rps", "capacity_rps", heading="Requests"), *panels()[1:]]
    fig = animated_figure(day, ps, units=UNITS, events=events)
    assert [t.legend for t in fig.data] == ["legend", "legend", "legend2", "legend2", "legend3", "legend"]
    assert fig.layout.legend.title.text == "<b>Requests</b>"
    for i, name in ((1, "legend"), (2, "legend2"), (3, "legend3")):
        top = fig.layout[f"yaxis{i}" if i > 1 else "yaxis"].domain[1]
        assert fig.layout[name].y == pytest.approx(top) and fig.layout[name].yanchor == "bottom"
    assert [t.meta for t in fig.data] == ["demand", "capacity", "instances", "in_service", "utilization", "event"]


def test_controls_sit_above_the_chart_in_projector_sizes(day: pd.DataFrame) -> None:
    fig = animated_figure(day, panels(), units=UNITS)
    for menu in fig.layout.updatemenus:
        assert menu.y > 1 and menu.yanchor == "bottom"
        assert math.ceil(1.3 * menu.font.size + 3) >= 36  # Plotly's button height: max(1.3 × font, 30) + 3 px
    slider = fig.layout.sliders[0]
    assert 1 < slider.y < fig.layout.updatemenus[0].y
    assert slider.currentvalue.font.size >= 16


def test_close_reference_lines_label_apart(day: pd.DataFrame) -> None:
    """A target and its scale-in alarm (70 % of it): the lower line's label reads under its line,
    the upper one's above, so the two never stack; each on a readable background."""
    ps = [Panel.of("cpu_pct", refs=[Ref(50, "target"), Ref(35, "scale-in alarm (70 %)")])]
    notes = {a.text: a for a in animated_figure(day, ps, units=UNITS).layout.annotations}
    assert notes["target"].yanchor == "bottom" and notes["scale-in alarm (70 %)"].yanchor == "top"
    assert all(a.bgcolor for a in notes.values())
    one = animated_figure(day, panels(), units=UNITS).layout.annotations
    assert [a.yanchor for a in one] == ["bottom"]  # a lone line keeps its label above it


def test_long_event_hover_lines_are_wrapped(day: pd.DataFrame) -> None:
    long = "81,021 requests dropped from 10:00:20 to 10:11:50 (32.7 % of those offered then): " * 2
    ev = pd.DataFrame({"t_s": [600.0], "kind": ["dropped"], "message": [long]})
    text = animated_figure(day, panels(), units=UNITS, events=ev).data[-1].hovertext[0]
    lines = text.split("<br>")
    assert len(lines) > 2 and all(len(line) <= HOVER_WIDTH for line in lines)
    assert " ".join(lines).split() == f"00:10:00 · {long}".split()  # nothing lost, only broken
    assert wrap_hover("a<br>b") == "a<br>b"


def test_a_legend_row_too_wide_for_a_narrow_chart_drops_its_heading_to_the_axis(day: pd.DataFrame) -> None:
    """Plotly does not wrap a titled horizontal legend (it runs off the chart): a row estimated
    wider than a two-column chart goes untitled, so it wraps, and the heading names the y axis."""
    wide = [
        Trace("load_rps", name="Provisioned capacity cost so far"),
        Trace("capacity_rps", name="On-demand cost so far"),
    ]
    fig = animated_figure(day, [Panel(tuple(wide), heading="Cost so far (USD, illustrative)")], units=UNITS)
    assert fig.layout.legend.title.text == ""
    assert fig.layout.yaxis.title.text == "Cost so far (USD, illustrative)"
    assert not fits_heading("Cost so far (USD, illustrative)", [t.name for t in wide])
    assert fits_heading("Instances", ["Desired capacity", "In service"])


def test_a_narrow_chart_keeps_its_controls_and_legend_inside(day: pd.DataFrame, events: pd.DataFrame) -> None:
    """One of two charts side by side: Pause as its symbol, the event markers out of the legend."""
    fig = animated_figure(day, panels(), units=UNITS, events=events, narrow=True)
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["▶ Play", "❚❚", "↺ Replay"]
    assert fig.data[-1].meta == "event" and fig.data[-1].showlegend is False
    wide = animated_figure(day, panels(), units=UNITS, events=events)
    assert wide.data[-1].showlegend is not False
