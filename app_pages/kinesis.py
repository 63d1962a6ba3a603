"""Kinesis lab: shard limits, MD5 key placement, hot shards, resharding, consumers, retention, Firehose, Analytics."""

from __future__ import annotations

import streamlit as st

from engine import kinesis as k
from engine.core import Result, format_duration
from engine.kinesis import FirehoseConfig, analytics_sql, firehose
from engine.kinesis import limits as lim
from engine.load import LoadTrace
from views import compare, exports, page
from views.controls import Controls
from views.kinesis import figures as kf
from views.kinesis.compare import SPEC
from views.kinesis.knobs import KNOBS
from views.kinesis.presets import PRESETS
from views.kinesis.tables import sequence_table, shard_table
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls
from views.sweep import sweep_panel

P = "kinesis"
HORIZONS = {"1 h": (3_600.0, 1.0), "6 h": (21_600.0, 10.0), "2 days": (172_800.0, 60.0), "9 days": (777_600.0, 300.0)}
RESHARD = ["none", "split hottest", "merge coldest pair", "UpdateShardCount ×2", "UpdateShardCount ×½"]
LAST_MINUTE = int(max(h for h, _dt in HORIZONS.values()) // 60)  # the "…at minute" input's end
MAX_SHARDS = 600  # the shard slider's end (this lab's choice, below the simulator's limit)
COURSE, TODAY = k.EDITION["course"], k.EDITION["aws-today"]
WRITE = f"{k.WRITE_RECORDS_PER_S:,} records/s and {k.WRITE_BYTES_PER_S / k.MIB:g} MB/s"
READ = f"{k.READ_BYTES_PER_S / k.MIB:g} MB/s"


@page.simulation_cache(max_entries=16, show_spinner="Simulating the stream…")
def run(cfg: k.KinesisConfig, load: LoadTrace, seed: int) -> Result:
    """The engine call, cached on its (hashable) inputs."""
    return k.simulate(cfg, load, seed=seed)


def _firehose(stream: Result, cfg: FirehoseConfig) -> Result:
    """Firehose over the stream's accepted records (run once per cached stream and buffer config)."""
    return firehose(cfg, stream)


def main() -> None:
    """Draw the page."""
    s = page.settings()
    page.lesson(
        "Kinesis streams: shards and keys",
        "A stream is as fast as its **busiest shard**. Each record's partition key is MD5-hashed to a 128-bit "
        f"number that picks the shard; each shard takes at most **{WRITE}**. Spread keys evenly "
        "and shards share the load; let one key dominate and its shard throttles while the others idle — and "
        f"splitting cannot spread a single key. Consumers read {READ} per shard; what they do not read before "
        "**retention** ends is lost.",
        icon=":material/waves:",
    )
    page.body(P, body, s)


def body(s: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1, 2.6], gap="large")
    st.subheader("Firehose: buffer, then deliver")
    fa, fb = st.columns([1, 2.6], gap="large")
    st.subheader("Analytics: windowed counts per key")
    aa, ab = st.columns([1, 2.6], gap="large")
    with left:
        horizon, dt = HORIZONS[ctrl.select("Horizon", "horizon", list(HORIZONS), "1 h", radio=True)]
        lc = load_controls(ctrl, unit="records/s", default_preset="Flat", default_peak=3000, max_peak=50_000, horizon_s=horizon, allow_upload=False)  # fmt: skip
        st.markdown("**Producers**")
        size = ctrl.number("Record size (bytes)", "size", 1, TODAY.record_max_bytes, 1_000, 100, help=f"Data blob; the partition key counts too. Limit {COURSE.record_max_bytes / k.MIB:g} MB (course) or {TODAY.record_max_bytes / k.MIB:g} MiB (today).")  # fmt: skip
        keys = ctrl.select("Distinct partition keys", "keys", [1, 10, 100, 1_000, 10_000, 100_000], 1_000)
        pop = ctrl.select("Key popularity", "pop", ["uniform", "zipf", "hot"], "hot", radio=True)
        hot = ctrl.slider("Hot key share (%)", "hot", 0, 100, 40, help="'hot': user-000000 takes this share.")
        zipf = ctrl.slider("Zipf exponent", "zipf", 0.0, 2.0, 1.0, 0.1, help="'zipf': the k-th key gets 1/k^s.")
        agg = ctrl.toggle("KPL aggregation", "agg", False, help=f"Pack small records into ~{k.AGGREGATE_BYTES // 1024} KB Kinesis records.")  # fmt: skip
        tries = ctrl.slider("Producer tries per record", "tries", 1, 10, 3, help="Backoff 1 s, 2 s, 4 s …")
        st.markdown("**Stream**")
        od = s.rules == "aws-today" and ctrl.toggle("On-demand capacity mode", "od", False)
        shards = ctrl.slider("Shards", "shards", 1, MAX_SHARDS, 4, help=f"Quota: {COURSE.quota:,} (course) / {TODAY.quota:,} (today); this lab goes to {MAX_SHARDS:,}.")  # fmt: skip
        retention = ctrl.select("Retention (h)", "retention", [lim.RETENTION_MIN_H, 48, 72, COURSE.retention_max_h, 720, TODAY.retention_max_h], lim.RETENTION_MIN_H)  # fmt: skip
        with ctrl.group("Resharding: by hand or by rule"):
            action = ctrl.select("Reshard action", "action", RESHARD, "none")
            # A fixed range (the longest horizon), so that the widget stays the same one when the horizon
            # changes: Streamlit re-creates a slider whose range changes and seeds it from the address.
            at_min = ctrl.number("…at minute", "at_min", 0, LAST_MINUTE, 20, help="Minutes from the start of the run.")
            if action != "none" and at_min * 60 > horizon:
                st.caption(
                    f"Minute {at_min:,} is past the end of this {format_duration(horizon)} run: no reshard happens."
                )
            auto = ctrl.toggle(
                "Automatic split rule", "auto", False, help="Split the hottest shard above the threshold."
            )
            high = ctrl.slider("Split when a shard's 1-min utilisation ≥ (%)", "high", 50, 300, 90)
            low = ctrl.slider("Merge two adjacent shards whose sum is < (%)", "low", 0, 45, 0, help="0 = never merge.")
            took = ctrl.slider("A reshard takes (s)", "took", 0, 600, 30)
        st.markdown("**Consumers**")
        consumers = ctrl.slider("Consumer applications", "consumers", 0, k.MAX_CONSUMERS, 1)
        efo = ctrl.toggle("Enhanced fan-out", "efo", False, help=f"{READ} per consumer per shard, not shared.")
        rate = ctrl.slider("Consumer processing rate (records/s per shard)", "rate", 0, 20_000, 2_000, 100)
        versus = compare.controls(ctrl, KNOBS)
    mb = ctrl.slider("Buffer size (MiB)", "fh_mb", *lim.FIREHOSE_BUFFER_MB, int(lim.FIREHOSE_DEFAULT_BUFFER_MB), where=fa)  # fmt: skip
    top = int(lim.FIREHOSE_MAX_INTERVAL_S)
    secs = ctrl.slider("Buffer interval (s)", "fh_s", 0, top, int(lim.FIREHOSE_DEFAULT_INTERVAL_S), 10, where=fa, help=f"{COURSE.firehose_min_interval_s}-{top} s (course), {TODAY.firehose_min_interval_s}-{top} s (today).")  # fmt: skip
    kind = ctrl.select("Window", "win", ["tumbling", "sliding"], "tumbling", radio=True, where=aa)
    win = ctrl.slider("Window length (s)", "win_s", 10, 3_600, 60, 10, where=aa)
    ctrl.notices()
    t_act = at_min * 60.0
    if t_act > horizon:
        action = "none"  # past the run's end (said under the control)
    plan = {"split hottest": {"splits_at_s": (t_act,)}, "merge coldest pair": {"merges_at_s": (t_act,)},
            "UpdateShardCount ×2": {"shard_count_at": ((t_act, min(lim.USC_FACTOR * shards, k.SIM_MAX_SHARDS)),)},
            "UpdateShardCount ×½": {"shard_count_at": ((t_act, max(1, shards // lim.USC_FACTOR)),)}}.get(action, {})  # fmt: skip
    try:
        cfg = k.KinesisConfig(rules=s.rules, horizon_s=horizon, dt_s=dt, shards=shards, record_size_bytes=int(size),
                              n_keys=keys, popularity=pop, hot_pct=hot, zipf_s=zipf, aggregation=agg,
                              max_attempts=tries, capacity_mode="on-demand" if od else "provisioned",
                              auto_reshard=auto and not od, auto_high_pct=high, auto_low_pct=low, reshard_s=took, consumers=consumers,
                              fan_out="enhanced" if efo else "shared", consumer_rate=rate, retention_h=retention,
                              **({} if od else plan))  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        cfg = k.KinesisConfig(rules=s.rules, horizon_s=horizon, dt_s=dt)
    r = run(cfg, lc.trace, s.seed)
    guide.reveal(r)
    try:
        fh_cfg = FirehoseConfig(rules=s.rules, buffer_mb=mb, interval_s=secs)
    except ValueError as exc:
        with fa:
            page.config_error(exc)
        fh_cfg = FirehoseConfig(rules=s.rules)
    fh = page.derived(_firehose, r, fh_cfg)
    with right:
        sm = r.summary.iloc[0]
        rows = [
            ("Accepted", f"{sm.accepted_pct:.1f}%", "Share of produced records written."),
            ("Throttled writes", f"{sm.throttled_records_total:,.0f}", "Refused writes, retries included."),
            ("Lost", f"{sm.lost_records_total:,.0f}", "Dropped after the producer's last try."),
            ("Busiest shard", f"{sm.max_utilization_pct:,.0f} %", "Peak incoming ÷ one shard's limit."),
            ("Max iterator age", format_duration(sm.max_iterator_age_s), "How far the consumer fell behind."),
            ("Expired unread", f"{sm.expired_records_total:,.0f}", "Removed by retention before a read."),
        ]  # fmt: skip
        for col, (label, value, why) in zip(st.columns(3) + st.columns(3), rows, strict=True):
            col.metric(label, value, help=why)
        st.markdown("**Shard heat map** — one row per shard.")
        page.chart(page.figure(kf.heatmap_figure, r, reduced_motion=s.reduced_motion), f"{P}.heat")
        st.caption(f"Each row is a shard, each cell its incoming load ÷ its write limit ({cfg.shard_write_records:,.0f} records/s at {cfg.bytes_per_record:,} B, the {cfg.binding_limit} limit binds). Orange = at the limit; ✕ = throttled. New rows appear when shards split or merge.")  # fmt: skip
        st.subheader("Stream totals, shards and iterator age")
        page.chart(page.figure(kf.stream_figure, r, reduced_motion=s.reduced_motion), f"{P}.stream")
        st.caption(f"Load: {lc.label}. Throttled records come back as retries after a backoff — extra load that makes a hot shard hotter. Iterator age grows when the consumer reads slower than shards fill.")  # fmt: skip
        compare.panel(versus, cfg, lc.trace, s.seed, run, SPEC, result=r)
        ring, seq = st.columns([1, 1.1])
        with ring:
            st.subheader("Where keys land")
            page.chart(page.figure(kf.hash_ring_figure, r), f"{P}.ring")
            st.caption("The 128-bit MD5 space as a ring: arcs are the open shards' hash ranges, dots the busiest keys.")
        with seq:
            st.subheader("Sequence numbers")
            st.table(page.derived(sequence_table, r.extra["sequence_samples"]), hide_index=True, height=260)
            st.caption("Numbers grow within a shard; each shard counts on its own, so one number appears in two shards (a teaching model of the 56-digit real ones).")  # fmt: skip
            st.table(page.derived(shard_table, r.extra["shards"]), hide_index=True, height=200)
    with fb:
        page.chart(page.figure(kf.firehose_figure, fh, reduced_motion=s.reduced_motion), f"{P}.firehose")
        st.caption(f"{int(fh.frame['deliveries'].sum()):,} batches delivered to S3: a batch leaves when the buffer reaches {fh_cfg.buffer_mb:g} MiB or {fh_cfg.interval_s:g} s have passed, whichever comes first.")  # fmt: skip
    with ab:
        page.chart(page.figure(kf.analytics_figure, r, kind, win), f"{P}.an")
        st.caption("Tumbling windows never overlap (each record counted once); sliding windows overlap and update continuously. Accepted records only: throttled ones never reach Analytics.")  # fmt: skip
        # Drawn only while open: a code block loads the browser's syntax highlighter (0.5-1.2 s of
        # a direct load's main thread), for a query most learners never read.
        sql = page.lazy_expander("The query behind these windows (SQL)", f"{P}.__sql.open", icon=":material/code:")
        if sql is not None:
            sql.code(analytics_sql(kind, win), language="sql", wrap_lines=True)
    sweep_panel(P, "kinesis", cfg, lc.trace, s.seed, KNOBS)
    page.events_panel(r.events, chart=f"{P}.stream")
    page.editions_panel("kinesis", s.rules)
    exports.panel(P, ctrl, r, lc.trace)


main()
