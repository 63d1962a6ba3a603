"""CloudFront figures: traces present, bounded frames, fixed ranges, small payload, no map traces."""

from __future__ import annotations

from engine.cloudfront import CloudFrontConfig, simulate
from engine.load import preset
from views.cloudfront.figures import countries_figure, regions_figure, timeline_figure

RES = simulate(
    CloudFrontConfig(deploy_at_s=50_000.0, mode="all", geo_mode="block", geo_countries=("CN",), origin="ec2"),
    preset("Business day"),
)


def test_timeline_has_the_series_and_bounded_frames() -> None:
    fig = timeline_figure(RES)
    names = {t.name for t in fig.data}
    assert {"Requests", "Origin load", "Cache hit ratio", "Latency"} <= names
    assert 2 <= len(fig.frames) <= 40
    assert fig.layout.yaxis2.range == (0, 100.0)
    assert len(fig.to_json()) < 300_000


def test_reduced_motion_has_no_frames() -> None:
    assert not timeline_figure(RES, reduced_motion=True).frames


def test_region_and_country_bars() -> None:
    reg = regions_figure(RES)
    assert [t.type for t in reg.data] == ["bar", "bar"] and len(reg.data[0].x) == 5
    geo = countries_figure(RES)
    assert all(t.type == "bar" for t in geo.data)
    blocked = dict(zip(geo.data[1].y, geo.data[1].x, strict=True))
    assert blocked["China"] > 0 and blocked["United States"] == 0
    for fig in (reg, geo):
        assert not any("geo" in t.type or "map" in t.type for t in fig.data)
        assert len(fig.to_json()) < 50_000


def test_ttl_figure_marks_the_current_ttl() -> None:
    from engine.cloudfront import ttl_runs
    from views.cloudfront.figures import ttl_figure

    sw = ttl_runs(RES.config.without_ttl, preset("Business day"), [0, 10, 3600, 86_400])
    fig = ttl_figure(sw, 3600.0)
    assert fig.layout.xaxis.type == "log" and list(fig.data[0].text) == ["0 s", "10 s", "1 h", "1 d"]
    assert fig.layout.shapes[0].x0 == 3600.0
    assert len(fig.to_json()) < 20_000


def test_axis_titles_come_from_the_engine_units() -> None:
    fig = timeline_figure(RES, reduced_motion=True)
    titles = [fig.layout[k].title.text for k in ("yaxis", "yaxis2", "yaxis3")]
    assert titles == ["Requests (req/s)", "Hit ratio / offload (%)", "Latency (ms)"]
