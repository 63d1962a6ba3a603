"""CloudFront caching lab: TTLs, invalidations vs versioned names, Origin Shield, geo restriction."""

from __future__ import annotations

import streamlit as st

from engine.cloudfront import (
    COUNTRIES,
    COUNTRY_NAMES,
    DIRECTIVES,
    FREE_PATHS_PER_MONTH,
    MAX_TTL_S,
    MIN_TTL_S,
    ORIGINS,
    UNKNOWN_COUNTRY,
    CloudFrontConfig,
    simulate,
    ttl_runs,
)
from engine.core import format_duration
from engine.load import LoadTrace
from views import compare, exports, page
from views.cloudfront.compare import SPEC
from views.cloudfront.figures import countries_figure, regions_figure, timeline_figure, ttl_figure
from views.cloudfront.knobs import KNOBS
from views.cloudfront.presets import PRESETS
from views.controls import Controls
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls

P = "cloudfront"
TTLS = [0, 10, 60, 300, 3600, 86_400, 604_800, MAX_TTL_S]
AGES = [-1, 10, 60, 300, 3600, 86_400, 2_592_000, 2 * MAX_TTL_S]  # the last is over MaxTTL: it gets clamped
HEADERS = {"none": "nothing else", "s-maxage": "Cache-Control: s-maxage", "expires": "Expires", "no-cache":
           "Cache-Control: no-cache", "no-store": "Cache-Control: no-store", "private": "Cache-Control: private"}  # fmt: skip
MODES = {"none": "Wait for the TTL", "paths": "Invalidate paths", "all": "Invalidate /*",
         "versioned": "Versioned names"}  # fmt: skip


@page.simulation_cache(max_entries=32, show_spinner=False)
def run(cfg: CloudFrontConfig, load: LoadTrace, seed: int):  # type: ignore[no-untyped-def]
    """The engine call, cached per scenario."""
    return simulate(cfg, load, seed=seed)


@page.simulation_cache(max_entries=16, show_spinner=False)
def sweep(cfg: CloudFrontConfig, load: LoadTrace, seed: int):  # type: ignore[no-untyped-def]
    """Hit ratio for every TTL choice; the TTL fields are reset first so that a TTL move is a cache hit."""
    return ttl_runs(cfg, load, TTLS, seed=seed)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "CloudFront caching",
        "An edge cache answers a request itself only if it holds a fresh copy, so the **hit ratio of an "
        "object is r·T / (1 + r·T)** for request rate r and TTL T: popular objects and long TTLs hit, the "
        "long tail and short TTLs miss. The origin's headers set T (s-maxage, max-age or Expires, within "
        "MinTTL–MaxTTL; no-cache, no-store and private mean no edge copy unless MinTTL > 0). Misses, invalidations and cold caches all land on the origin. "
        "Change the content under versioned names, or pay for invalidations and a refill storm.",
        icon=":material/public:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    top = st.container()
    left, right = st.columns([1, 2.4], gap="large")
    with left:
        lc = load_controls(ctrl, default_peak=2000, max_peak=50_000)
        with st.expander("Catalogue and TTLs", expanded=True):
            n = ctrl.select("Objects in the catalogue", "objects", [100, 1000, 10_000, 100_000, 1_000_000], 10_000,
                            format_func=lambda v: f"{v:,}")  # fmt: skip
            zipf = ctrl.slider("Zipf popularity exponent", "zipf", 0.0, 2.0, 1.0, 0.1,
                               help="0 = every object equally popular; higher = a few objects take most requests.")  # fmt: skip
            dyn = ctrl.slider("Dynamic content (%)", "dynamic", 0, 100, 10, help="Never cached: always forwarded.")
            age = ctrl.select("Origin Cache-Control max-age", "age", AGES, -1,
                              format_func=lambda v: "none sent" if v < 0 else format_duration(v))  # fmt: skip
            header = ctrl.select("The origin also sends", "header", list(HEADERS), "none", format_func=HEADERS.get,
                                 help="s-maxage beats max-age at the edge, max-age beats Expires; no-cache, no-store "
                                 "and private keep objects out of the edge unless MinTTL > 0.")  # fmt: skip
            hval = ctrl.select("… its value (s-maxage, or Expires this far ahead)", "header_s", AGES[1:-1], 3600,
                               format_func=format_duration)  # fmt: skip
            dttl = ctrl.select("DefaultTTL", "ttl", TTLS, 86_400, format_func=format_duration)
            mn, mx = (ctrl.select(lab, key, TTLS, v, format_func=format_duration)
                      for lab, key, v in (("MinTTL", "min_ttl", MIN_TTL_S), ("MaxTTL", "max_ttl", MAX_TTL_S)))  # fmt: skip
            warm = ctrl.toggle("Start with warm caches", "warm", True)
        with st.expander("Origin", expanded=True):
            origin = ctrl.select("Origin kind", "origin", list(ORIGINS), "s3", format_func=lambda k: ORIGINS[k].label)
            shield = ctrl.toggle("Origin Shield", "shield", False)
            dist = ctrl.select("Distribution", "dist", ["web", "rtmp"], "web",
                               format_func=lambda d: "Web (HTTP/HTTPS)" if d == "web" else "RTMP (Flash streaming)")  # fmt: skip
        with st.expander("Deploy new content", expanded=True):
            deploy = ctrl.toggle("Deploy during the day", "deploy", False)
            at_h = ctrl.slider("Deploy at hour", "deploy_h", 0.0, 23.75, 14.0, 0.25)
            changed = ctrl.number("Objects changed", "changed", 0, 1_000_000, 50, 10)
            mode = ctrl.select(
                "How viewers get the new version",
                "mode",
                list(MODES),
                "paths",
                format_func=MODES.get,
                help="Wait for the TTL: no invalidation. Invalidate paths: only the changed objects' "
                "paths. Invalidate /*: every object. Versioned names: new objects, new keys.",
            )
        with st.expander("Geo restriction", expanded=any(f"{P}.{k}" in st.query_params for k in ("geo", "countries"))):
            geo = ctrl.select("Geo restriction", "geo", ["none", "allow", "block"], "none", radio=True)
            codes = [c.code for c in COUNTRIES if c.code != UNKNOWN_COUNTRY]
            picked = ctrl.multiselect("Countries (ISO codes)", "countries", codes, [],
                                 help=", ".join(f"{c} = {COUNTRY_NAMES[c]}" for c in codes))  # fmt: skip
    versus = compare.controls(ctrl, KNOBS, where=left)
    ctrl.notices()
    try:
        cfg = CloudFrontConfig(
            n_objects=int(n), zipf_s=float(zipf), dynamic_pct=float(dyn), min_ttl_s=float(mn),
            default_ttl_s=float(dttl), max_ttl_s=float(mx), origin_max_age_s=None if age < 0 else float(age),
            origin_s_maxage_s=float(hval) if header == "s-maxage" else None,
            origin_expires_in_s=float(hval) if header == "expires" else None,
            origin_directive=header if header in DIRECTIVES else "none", origin=origin, origin_shield=shield, geo_mode=geo, geo_countries=tuple(picked), warm_start=warm,
            deploy_at_s=at_h * 3600.0 if deploy else None, changed=int(changed), mode=mode, distribution=dist, rules=s.rules,
        )  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        cfg = CloudFrontConfig()
    res = run(cfg, lc.trace, s.seed)
    guide.reveal(res)
    f = res.frame
    with top:
        allowed = (f["requests"] - f["blocked_rps"]).sum()
        c = st.columns(5)
        c[0].metric("Hit ratio", f"{100 * f['edge_hits_rps'].sum() / max(allowed, 1e-9):.1f}%",
                    help="Edge hits ÷ allowed requests over the day.")  # fmt: skip
        c[1].metric("Peak origin load", f"{f['origin_rps'].max():,.0f} req/s",
                    help=f"{ORIGINS[cfg.origin].label}: capacity {cfg.capacity_rps:,.0f} req/s (illustrative).")  # fmt: skip
        c[2].metric("Origin errors", f"{f['origin_errors_rps'].sum() * cfg.dt_s:,.0f}",
                    help="Requests over the origin's capacity, answered with 5xx.")  # fmt: skip
        c[3].metric("Blocked (geo)", f"{f['blocked_rps'].sum() * cfg.dt_s:,.0f}", help="403s from geo restriction.")
        c[4].metric("Invalidation cost", f"${cfg.invalidation_cost_usd:,.2f}",
                    help=f"First {FREE_PATHS_PER_MONTH:,} paths a month free; /* is one path (illustrative 2026 price).")  # fmt: skip
        st.caption(f"Load: {lc.label}. Effective TTL {format_duration(cfg.ttl_s)} (set by "
                   f"{ {'default': 'DefaultTTL', 'directive': cfg.origin_directive}.get(cfg.cache.source, cfg.cache.source)}).")  # fmt: skip
    with right:
        page.chart(page.figure(timeline_figure, res, reduced_motion=s.reduced_motion), f"{P}.timeline")
        st.caption(
            "Hit ratio follows r·T/(1+r·T) object by object: shorten the TTL or flatten popularity and it falls; "
            "an invalidation or a cold start drops it to zero and the origin takes every miss until the edges refill."
        )
        page.chart(page.figure(ttl_figure, sweep(cfg.without_ttl, lc.trace, s.seed), cfg.ttl_s), f"{P}.ttl_chart")
        page.chart(page.figure(regions_figure, res), f"{P}.regions")
        st.caption("Far regions pay the long trip to the origin on every miss: hits save them the most.")
        if cfg.geo_mode != "none":
            page.chart(page.figure(countries_figure, res), f"{P}.geo_chart")
    st.info(
        "RTMP (Flash streaming) is in the course notes; AWS deprecated RTMP distributions on 31 Dec 2020.",
        icon=":material/history:",
    )
    compare.panel(versus, cfg, lc.trace, s.seed, run, SPEC, result=res)
    page.events_panel(res.events, chart=f"{P}.timeline")
    page.editions_panel("cloudfront", s.rules)
    exports.panel(P, ctrl, res, lc.trace)


main()
