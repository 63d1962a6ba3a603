"""DynamoDB capacity lab: capacity units, partitions that split and never merge, hot keys, auto
scaling and its quirks, on-demand doubling, GSI back-pressure and DAX."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine import dynamodb as ddb
from engine.core import Result
from engine.dynamodb_capacity import PRICES_NOTE
from engine.load import LoadTrace, Step
from views import dynamodb_figures as figs
from views import page
from views.controls import Controls
from views.load_controls import load_controls

P = "ddb"
FLAT = {"mode": "provisioned", "load": "Flat", "autoscaling": False, "launch": False, "night": False, "dax": False,
        "gsi": False, "item_kb": 1.0, "pop": "uniform"}  # fmt: skip
PRESETS = {
    "Scale up for a launch, then down: dilution": (
        "WCU raised to 2,500 for a launch splits 1 partition into 3; lowering it back leaves 3 partitions "
        "with a third of the share each — the half-keyspace partition now throttles at 87 % table use.",
        {**FLAT, "rcu": 600, "wcu": 800, "launch_wcu": 2500, "launch": True, "launch_h": (8.0, 12.0), "peak": 1400,
         "read_pct": 50},
    ),
    "Celebrity item": (
        "One key gets 40 % of the traffic: its partition throttles while the table is 60 % used. DAX absorbs "
        "its reads but not its writes; the AWS-today edition (adaptive capacity, split for heat) absorbs both.",
        {**FLAT, "rcu": 6000, "wcu": 1000, "peak": 8000, "read_pct": 90, "pop": "hot", "hot_pct": 40.0},
    ),
    "Zero-traffic night (course notes)": (
        "Traffic stops at 18:00: auto scaling never scales in (no datapoints). Try the two workarounds.",
        {**FLAT, "load": "Business day", "peak": 2000, "autoscaling": True, "night": True, "night_h": 18.0,
         "trickle": False, "pin": False, "item_kb": 2.0, "pop": "zipf"},
    ),
    "On-demand doubling": (
        "On demand serves 2× the previous peak at once; a 3.3× step at noon throttles for 30 minutes.",
        {**FLAT, "mode": "on-demand", "load": "Step up at noon", "peak": 30000, "read_pct": 50},
    ),
}  # fmt: skip


@st.cache_data(max_entries=24, show_spinner="Simulating 86,400 seconds…")
def run(config: ddb.DynamoConfig, trace: LoadTrace, seed: int) -> Result:
    """The engine call, cached on the frozen config, the trace and the seed."""
    return ddb.simulate(config, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "DynamoDB capacity",
        "A table's capacity is **spread over partitions**, each capped at 3,000 RCU, 1,000 WCU and 10 GB. "
        "Raise capacity and partitions **split — they never merge**, so lowering it later leaves each "
        "partition a thinner share. A popular key can throttle its partition while the table looks idle. "
        "Auto scaling reacts in minutes, decreases are rationed, and on-demand only doubles at once.",
        icon="🗄️",
    )
    ctrl = Controls(P)
    page.presets(P, PRESETS)
    numbers = st.container()
    left, right = st.columns([1, 2.6], gap="large")
    with left.expander("Table and items", expanded=True):
        mode = ctrl.select("Capacity mode", "mode", list(ddb.MODES), "provisioned", radio=True)
        rcu = ctrl.slider("Provisioned RCU", "rcu", 10, 20000, 1000, 10)
        wcu = ctrl.slider("Provisioned WCU", "wcu", 10, 10000, 500, 10)
        item_kb = ctrl.slider("Item size (KB)", "item_kb", 0.5, 400.0, 2.0, 0.5)
        consistency = ctrl.select("Read consistency", "consistency", list(ddb.CONSISTENCIES), "eventual")
        tx = ctrl.toggle("Transactional writes", "tx", False)
        storage = ctrl.slider("Stored data (GB)", "storage", 0, 500, 5)
        growth = ctrl.slider("Data growth (GB/h)", "growth", 0.0, 20.0, 0.0, 0.5)
    with left.expander("Traffic and keys", expanded=True):
        choice = load_controls(ctrl, default_preset="Day with a flash sale", default_peak=2000, max_peak=40000)
        read_pct = ctrl.slider("Reads (% of requests)", "read_pct", 0, 100, 80)
        pop = ctrl.select("Key popularity", "pop", list(ddb.POPULARITIES), "zipf", radio=True)
        n_keys = ctrl.slider("Partition-key values", "keys", 1, 10000, 10000)
        zipf_s = ctrl.slider("Zipf exponent s", "zipf_s", 0.0, 2.0, 0.8, 0.1) if pop == "zipf" else 0.8
        hot_pct = ctrl.slider("Hot key share (%)", "hot_pct", 0.0, 100.0, 10.0, 1.0) if pop == "hot" else 10.0
        night = ctrl.toggle("Traffic stops at night", "night", False)
        night_h = ctrl.slider("…stops at hour", "night_h", 0.0, 23.5, 18.0, 0.5) if night else 24.0
    with left.expander("Manual change and auto scaling", expanded=False):
        launch = ctrl.toggle("Manual launch: raise WCU, then lower it", "launch", False)
        launch_wcu = ctrl.slider("Launch WCU", "launch_wcu", 10, 10000, 3000, 10)
        launch_h = ctrl.slider("Launch from/to hour", "launch_h", 0.0, 24.0, (8.0, 12.0), 0.5)
        auto = ctrl.toggle("Auto scaling (target tracking)", "autoscaling", False)
        target = ctrl.slider("Target utilisation (%)", "target", 20, 90, 70)
        lo_hi = (ctrl.slider("Min capacity (RCU and WCU)", "min_cap", 1, 40000, 5),
                 ctrl.slider("Max capacity (RCU and WCU)", "max_cap", 1, 40000, 40000))  # fmt: skip
        delay = ctrl.slider("UpdateTable takes (s)", "delay", 0, 900, 180, 30)
        trickle = ctrl.toggle("Workaround 1: trickle of requests", "trickle", False)
        pin = ctrl.toggle("Workaround 2: set max = min at zero traffic", "pin", False)
    with left.expander("GSI and DAX", expanded=False):
        gsi = ctrl.toggle("Global secondary index", "gsi", False)
        gsi_wcu = ctrl.slider("GSI WCU", "gsi_wcu", 10, 10000, 500, 10)
        dax_on = ctrl.toggle("DAX in front of the table", "dax", False)
        ttl = ctrl.slider("DAX item TTL (s)", "ttl", 0, 3600, 300, 30)
        dax_items = ctrl.slider("DAX cache size (items)", "dax_items", 10, 100000, 1000, 10)
    ctrl.notices()
    tr = choice.trace
    trace = LoadTrace((*tr.components[:11], Step(-1e9, night_h * 3600)), tr.noise) if night else tr
    changes = ((launch_h[0] * 3600, rcu, launch_wcu), (launch_h[1] * 3600, rcu, wcu)) if launch else ()
    try:
        config = ddb.DynamoConfig(
            mode=mode, rcu=rcu, wcu=wcu, item_size_kb=item_kb, consistency=consistency, transactional_writes=tx,
            storage_gb=storage, growth_gb_per_h=growth, read_fraction=read_pct / 100, popularity=pop,
            n_keys=n_keys, zipf_s=zipf_s, hot_key_pct=hot_pct, autoscaling=auto, target_pct=target,
            min_rcu=lo_hi[0], max_rcu=lo_hi[1], min_wcu=lo_hi[0], max_wcu=lo_hi[1], update_delay_s=delay,
            trickle=trickle, pin_max_to_min=pin, capacity_changes=tuple(c for c in changes if c[0] < 86_399),
            gsi=gsi, gsi_wcu=gsi_wcu, dax=dax_on, dax_ttl_s=ttl, dax_items=dax_items, rules=cfg.rules,
        )  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        config = ddb.DynamoConfig(rules=cfg.rules)
    res = run(config, trace, cfg.seed)
    key_numbers(config, res, numbers)
    with right:
        charts(config, res, cfg.reduced_motion)
    page.events_panel(res.events)
    page.editions_panel("dynamodb", cfg.rules)


def key_numbers(config: ddb.DynamoConfig, res: Result, where: DeltaGenerator) -> None:
    """The calculator and the run's key numbers, above the controls and charts."""
    rows = (("Calculator: what the peak needs", figs.calculator_numbers), ("This run", figs.summary_numbers))
    for title, numbers in rows:
        where.markdown(f"**{title}**")
        for col, (label, value, why) in zip(where.columns(5), numbers(config, res.frame), strict=True):
            col.metric(label, value, help=why)


def charts(config: ddb.DynamoConfig, res: Result, reduced_motion: bool) -> None:
    """The figures, each with the lesson of what it shows."""
    page.chart(figs.capacity_figure(res.frame, res.events, reduced_motion=reduced_motion), "ddb.chart.capacity")
    st.caption(figs.capacity_caption(res.events))
    st.markdown("**Per-partition demand** — a hot key is one bright row; a split adds a row.")
    page.chart(figs.heatmap_figure(res.extra["partitions"]), "ddb.chart.heat")
    st.markdown(f"**On-demand vs provisioned** — the same requests priced both ways ({PRICES_NOTE}).")
    page.chart(figs.cost_figure(res.frame), "ddb.chart.cost")
    if config.dax:
        st.markdown(figs.dax_caption(config, res.frame))
        page.chart(figs.dax_figure(res.frame), "ddb.chart.dax")


main()
