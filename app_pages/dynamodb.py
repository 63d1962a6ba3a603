"""DynamoDB capacity lab: capacity units, partitions that split and never merge, hot keys, auto
scaling and its quirks, on-demand doubling, GSI back-pressure and DAX."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from engine import dynamodb as ddb
from engine.core import Result
from engine.dynamodb.dax import DEFAULT_TTL_S
from engine.load import LoadTrace, Step
from views import compare, exports, page
from views.controls import Controls
from views.dynamodb import figures as figs
from views.dynamodb.capacity_note import capacity_note
from views.dynamodb.compare import SPEC
from views.dynamodb.knobs import KNOBS
from views.dynamodb.presets import PRESETS
from views.lessons import panel as lesson_panel
from views.load_controls import load_controls
from views.sweep import sweep_panel

P = "dynamodb"


@page.simulation_cache(max_entries=24, show_spinner="Simulating 86,400 seconds…")
def run(config: ddb.DynamoConfig, trace: LoadTrace, seed: int) -> Result:
    """The engine call, cached on the frozen config, the trace and the seed."""
    return ddb.simulate(config, trace, seed=seed)


def main() -> None:
    """Draw the page."""
    cfg = page.settings()
    page.lesson(
        "DynamoDB capacity",
        f"A table's capacity is **spread over partitions**, each capped at {ddb.partition_limits()}. "
        "Raise capacity and partitions **split — they never merge**: a split halves a partition's keys and "
        "its capacity, so lowering capacity later leaves each partition a thinner share. A popular key can "
        "throttle its partition while the table looks idle. Auto scaling (of the table and of a GSI) reacts in "
        "minutes, decreases are rationed, and on-demand only doubles at once. Press Play: the evening sale "
        "makes auto scaling raise capacity, and the one partition splits.",
        icon=":material/database:",
    )
    page.body(P, body, cfg)


def body(cfg: page.Settings) -> None:
    """The lab below its header: a fragment (:func:`views.page.body`), rerun alone by its controls."""
    ctrl = Controls(P)
    guide = lesson_panel.start(ctrl)
    page.presets(P, PRESETS[P])
    left, right = st.columns([1.08, 2.6], gap="large")  # room for "Day with a flash sale" at 1280 px
    numbers = left.container()  # the run's numbers beside the chart's top, above the controls
    with left.expander("Table and items", expanded=True):
        mode = ctrl.select("Capacity mode", "mode", list(ddb.MODES), "provisioned", radio=True)
        start = "Capacity at the start of the run; auto scaling or a manual change may move it later (see below)."
        rcu = ctrl.slider("Initial provisioned RCU", "rcu", 10, 20000, 1000, 10, help=start)
        wcu = ctrl.slider("Initial provisioned WCU", "wcu", 10, 10000, 500, 10, help=start)
        moved = st.empty()
        item_kb = ctrl.slider("Item size (KB)", "item_kb", 0.5, ddb.MAX_ITEM_KB, 2.0, 0.5)
        consistency = ctrl.select("Read consistency", "consistency", list(ddb.CONSISTENCIES), "eventual")
        tx = ctrl.toggle("Transactional writes", "tx", False)
        storage = ctrl.slider("Stored data (GB)", "storage", 0, 500, 5)
        growth = ctrl.slider("Data growth (GB/h)", "growth", 0.0, 20.0, 0.0, 0.5)
    with left.expander("Traffic and keys", expanded=True):
        choice = load_controls(ctrl, default_preset="Day with a flash sale", default_peak=4000, max_peak=40000)
        read_pct = ctrl.slider("Reads (% of requests)", "read_pct", 0, 100, 80)
        pop = ctrl.select("Key popularity", "pop", list(ddb.POPULARITIES), "zipf", radio=True)
        n_keys = ctrl.slider("Partition-key values", "keys", 1, 10000, 10000)
        zipf_s = ctrl.slider("Zipf exponent s", "zipf_s", 0.0, 2.0, 0.8, 0.1) if pop == "zipf" else 0.8
        hot_pct = ctrl.slider("Hot key share (%)", "hot_pct", 0.0, 100.0, 10.0, 1.0) if pop == "hot" else 10.0
        night = ctrl.toggle("Traffic stops at night", "night", False)
        night_h = ctrl.slider("…stops at hour", "night_h", 0.0, 23.5, 18.0, 0.5) if night else 24.0
    with ctrl.group("Manual change and auto scaling", where=left):
        launch = ctrl.toggle("Manual launch: raise WCU, then lower it", "launch", False)
        launch_wcu = ctrl.slider("Launch WCU", "launch_wcu", 10, 10000, 3000, 10)
        launch_h = ctrl.slider("Launch from/to hour", "launch_h", 0.0, 24.0, (8.0, 12.0), 0.5)
        auto = ctrl.toggle("Auto scaling (target tracking)", "autoscaling", True)
        target = ctrl.slider("Target utilisation (%)", "target", 20, 90, 70)
        quota = int(ddb.TABLE_MAX_CU)
        lo_hi = (ctrl.slider("Min capacity (RCU and WCU)", "min_cap", 1, quota, 5),
                 ctrl.slider("Max capacity (RCU and WCU)", "max_cap", 1, quota, quota))  # fmt: skip
        delay = ctrl.slider("UpdateTable takes (s)", "delay", 0, 900, 180, 30)
        trickle = ctrl.toggle("Workaround 1: trickle of requests", "trickle", False)
        pin = ctrl.toggle("Workaround 2: set max = min at zero traffic", "pin", False)
    with ctrl.group("GSI and DAX", where=left):
        gsi = ctrl.toggle("Global secondary index", "gsi", False)
        gsi_wcu = ctrl.slider("GSI WCU", "gsi_wcu", 10, 10000, 500, 10)
        gsi_auto = ctrl.toggle("GSI auto scaling (its own target tracking)", "gsi_auto", False)
        gsi_target = ctrl.slider("GSI target utilisation (%)", "gsi_target", 20, 90, 70)
        dax_on = ctrl.toggle("DAX in front of the table", "dax", False)
        ttl = ctrl.slider("DAX item TTL (s)", "ttl", 0, 3600, int(DEFAULT_TTL_S), 30)
        dax_items = ctrl.slider("DAX cache size (items)", "dax_items", 10, 100000, 1000, 10)
    versus = compare.controls(ctrl, KNOBS, where=left)
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
            gsi=gsi, gsi_wcu=gsi_wcu, gsi_autoscaling=gsi_auto, gsi_target_pct=gsi_target,
            gsi_min_wcu=lo_hi[0], gsi_max_wcu=lo_hi[1], dax=dax_on, dax_ttl_s=ttl, dax_items=dax_items, rules=cfg.rules,
        )  # fmt: skip
    except ValueError as exc:
        page.config_error(exc)
        config = ddb.DynamoConfig(rules=cfg.rules)
    res = run(config, trace, cfg.seed)
    if note := page.derived(capacity_note, res):
        moved.caption(note)
    guide.reveal(res)
    key_numbers(res, numbers)
    with right:
        charts(res, cfg.reduced_motion)
        compare.panel(versus, config, trace, cfg.seed, run, SPEC, result=res)
    sweep_panel(P, "dynamodb", config, trace, cfg.seed, KNOBS)
    page.events_panel(res.events, chart=f"{P}.chart.capacity")
    page.editions_panel("dynamodb", cfg.rules)
    exports.panel(P, ctrl, res, trace)


def key_numbers(res: Result, where: DeltaGenerator) -> None:
    """The run's key numbers, two a row at the top of the controls column, so the first chart
    starts right under the presets (on a 1280 × 720 screen too) with the numbers beside it."""
    where.markdown("**This run**")
    numbers = page.derived(figs.summary_numbers, res)
    for i in range(0, len(numbers), 2):
        for col, (label, value, why) in zip(where.columns(2), numbers[i : i + 2], strict=False):
            col.metric(label, value, help=why)


def calculator(res: Result) -> None:
    """What the peak needs by the course formulas, each figure with how it was computed: a table
    under the capacity chart, so the first screen reaches the chart (1280 × 720 included)."""
    st.markdown("**Calculator: what the peak needs**")
    rows = page.derived(figs.calculator_numbers, res)
    st.table(pd.DataFrame(rows, columns=["", "value", "how"]).set_index(""))


def charts(res: Result, reduced_motion: bool) -> None:
    """The figures, each with the lesson of what it shows."""
    page.chart(page.figure(figs.capacity_figure, res, reduced_motion=reduced_motion), f"{P}.chart.capacity")
    st.caption(page.derived(figs.capacity_caption, res))
    calculator(res)
    st.markdown("**Per-partition demand** — a hot key is one bright row; a split adds a row.")
    page.chart(page.figure(figs.heatmap_figure, res), f"{P}.chart.heat")
    st.markdown(page.derived(figs.shares_caption, res))
    page.chart(page.figure(figs.shares_figure, res), f"{P}.chart.shares")
    st.markdown(f"**On-demand vs provisioned** — the same requests priced both ways ({ddb.PRICES_NOTE}).")
    page.chart(page.figure(figs.cost_figure, res), f"{P}.chart.cost")
    if res.config.dax:
        st.markdown(page.derived(figs.dax_caption, res))
        page.chart(page.figure(figs.dax_figure, res), f"{P}.chart.dax")


main()
