"""CloudFront page: defaults, every preset, URL values (valid and not), impossible settings."""

from __future__ import annotations

import pytest

from tests.pages.apptest import metric, run_page

PAGE = "app_pages/cloudfront.py"
PRESETS = [
    "Flash crowd on a cold cache",
    "Invalidate everything at peak",
    "TTL too short",
    "Cache-Control: private on static files",
    "Origin Shield to the rescue",
]


def test_defaults() -> None:
    at = run_page(PAGE)
    assert not at.exception and not at.error and not at.warning
    assert metric(at, "Hit ratio") == "89.9%"
    assert metric(at, "Blocked (geo)") == "0"


@pytest.mark.parametrize("name", PRESETS)
def test_presets_run(name: str) -> None:
    at = run_page(PAGE)
    at.button(key=f"cloudfront.__preset.{name}").click().run()
    assert not at.exception and not at.error


def test_ttl_too_short_lowers_hit_ratio() -> None:
    at = run_page(PAGE)
    at.button(key="cloudfront.__preset.TTL too short").click().run()
    assert float(metric(at, "Hit ratio").rstrip("%")) < 50


def test_invalidate_at_peak_overloads_the_origin() -> None:
    at = run_page(PAGE)
    at.button(key="cloudfront.__preset.Invalidate everything at peak").click().run()
    assert metric(at, "Origin errors") != "0"


def test_url_geo_block_counts_blocked_requests() -> None:
    at = run_page(PAGE, {"cloudfront.geo": "block", "cloudfront.countries": "US"})
    assert not at.exception and not at.warning
    assert metric(at, "Blocked (geo)") != "0"


def test_bad_url_value_gets_a_notice() -> None:
    at = run_page(PAGE, {"cloudfront.zipf": "9", "cloudfront.origin": "ftp"})
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "cloudfront.zipf=9" in text and "cloudfront.origin=ftp" in text


def test_impossible_ttl_bounds_give_a_clear_error() -> None:
    at = run_page(PAGE, {"cloudfront.min_ttl": "1 h", "cloudfront.ttl": "1 min"})
    assert not at.exception
    assert "min_ttl_s 3600 must not exceed default_ttl_s 60" in at.error[0].value


def test_rtmp_under_aws_today_names_the_rule() -> None:
    at = run_page(PAGE, {"cloudfront.dist": "RTMP (Flash streaming)"}, rules="aws-today")
    assert not at.exception
    assert "deprecated on 31 Dec 2020" in at.error[0].value


def test_allow_list_without_countries_is_explained() -> None:
    at = run_page(PAGE, {"cloudfront.geo": "allow"})
    assert "needs at least one country" in at.error[0].value


def test_unknown_country_in_url_is_named() -> None:
    at = run_page(PAGE, {"cloudfront.geo": "block", "cloudfront.countries": ["XX", "US"]})
    assert not at.exception
    assert "`cloudfront.countries`: `XX` not usable" in " ".join(w.value for w in at.warning)
    assert at.multiselect(key="cloudfront.countries").value == ["US"]


def test_private_preset_empties_the_edge() -> None:
    """Cache-Control: private with MinTTL 0 (CachePolicyConfig API reference): no edge copy, hit ratio 0 %."""
    at = run_page(PAGE)
    at.button(key="cloudfront.__preset.Cache-Control: private on static files").click().run()
    assert metric(at, "Hit ratio") == "0.0%"
    assert any("set by private" in c.value for c in at.caption)


def test_s_maxage_from_the_url_beats_max_age() -> None:
    """s-maxage=60 s with max-age 1 day: the effective TTL is 1 min (RFC 9111 §5.2.2.10; CF-DG Expiration)."""
    at = run_page(
        PAGE, {"cloudfront.age": "1 d", "cloudfront.header": "Cache-Control: s-maxage", "cloudfront.header_s": "1 min"}
    )
    assert not at.exception and not at.error and not at.warning
    assert any("Effective TTL 1 min" in c.value and "s-maxage" in c.value for c in at.caption)
