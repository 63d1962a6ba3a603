"""Array layouts and event kinds of the Auto Scaling kernels, declared once.

The group kernel (:mod:`engine.autoscaling.kernel`) reads its parameters from plain arrays with
one row per scenario (``gi[s, GI.LAUNCH]``), one row per policy (``pi[s, p, PI.KIND]``), the step
table of each step policy (``steps[s, p, k, ST.LOWER]``), the scheduled actions and the manual
changes; it writes one output row per step (``out[s, i, OUT.DESIRED]``) and one summary row per
scenario (``summ[s, TOTAL.COST_USD]``). Times given to the kernel are in steps of ``dt_s``
(``*_STEPS`` slots); event times are steps, event payload times (``*_s``) seconds.

Output and summary slot names are the frame's and the summary's column names, upper-cased.

>>> OUT.DESIRED, TOTAL._fields[:3]
(0, ('OFFERED', 'SERVED', 'DROPPED'))
>>> KINDS.tag(EV.HELD_COOLDOWN), KINDS.payload(EV.SCALE_OUT)
('suppressed', ('policy', 'frm', 'to', 'metric'))
"""

from __future__ import annotations

from engine.core import Column, Schema
from engine.kernel.events import EventKinds
from engine.kernel.layout import slots

__all__ = [
    "EV",
    "GF",
    "GI",
    "KINDS",
    "MC",
    "OUT",
    "PF",
    "PI",
    "SC",
    "ST",
    "SUMMARY",
    "TOTAL",
    "VERTICAL_EV",
    "VERTICAL_KINDS",
    "VERTICAL_OUT",
]

GI = slots(
    "GroupInts",
    "MIN_SIZE MAX_SIZE DESIRED LAUNCH_STEPS WARMUP_STEPS BOOT_STEPS CHECK_STEPS DETECT_STEPS PERIOD_STEPS "
    "QUEUE N_POLICIES COOLDOWN_STEPS DYNAMIC_COOLDOWN N_SCHEDULED N_MANUAL PREDICTIVE",
)
"""Whole-number group parameters: sizes, times in steps, flags (0/1) and counts. ``CHECK_STEPS``: age past
InService at which ELB health checks can first replace a still-booting instance (-1: EC2 checks only,
which never judge the application)."""

GF = slots("GroupFloats", "CAPACITY_RPS QUEUE_MAX BASE_LATENCY_MS TIMEOUT_MS PRICE_PER_HOUR FAILURE_RATE_PER_HOUR DT_S")
"""Real-valued group parameters, named as the :class:`~engine.autoscaling.config.GroupConfig` fields."""

PI = slots(
    "PolicyInts", "KIND METRIC ADJUSTMENT_TYPE MIN_MAGNITUDE DATAPOINTS NO_SCALE_IN N_STEPS COMPARISON COOLDOWN_STEPS"
)
"""Whole-number policy parameters (``KIND`` is a code of :data:`engine.autoscaling.policies.KIND`;
``COOLDOWN_STEPS`` -1 = the group's cooldown; ``COMPARISON`` +1 above, -1 below)."""

PF = slots("PolicyFloats", "TARGET LOW_FACTOR ADJUSTMENT")
"""Real-valued policy parameters (``TARGET``: the target value or the alarm threshold)."""

ST = slots("StepColumns", "LOWER UPPER ADJUSTMENT")
"""One step of a step policy: bounds relative to the threshold (±inf for none) and its adjustment."""

SC = slots("ScheduledColumns", "STEP MIN_SIZE MAX_SIZE DESIRED ACTION")
"""One scheduled action (daily ones expanded): its step, the sizes it sets (-1 = kept) and its index."""

MC = slots("ManualColumns", "STEP DESIRED HONOR_COOLDOWN")
"""One manual SetDesiredCapacity, sorted by time."""

OUT = slots(
    "GroupOutputs",
    "DESIRED IN_SERVICE PENDING WARMING SERVING BOOTING IMPAIRED CPU_PCT SERVED_RPS DROPPED_RPS QUEUED LATENCY_MS "
    "COST_USD MIN_SIZE MAX_SIZE DATAPOINT FORECAST_CAPACITY",
)
"""Per-step outputs; ``FORECAST_CAPACITY`` is -1 where predictive scaling schedules nothing. Instance
counts are the group during the step: ``in_service = serving + booting + impaired`` and the group is
``in_service + pending`` (instances terminated by a scale-in leave it at the end of the step)."""

SUMMARY = Schema(
    Column("offered", "requests", "requests offered over the run"),
    Column("served", "requests", "requests served"),
    Column("dropped", "requests", "requests dropped (no queue, or queue full)"),
    Column("queued_end", "requests", "backlog still waiting at the end"),
    Column("cost_usd", "USD", "instance cost of the run (billed from launch, §1.8)"),
    Column("max_desired", "instances", "largest desired capacity"),
    Column(
        "activities",
        "count",
        "scaling activities that changed desired capacity (policies, predictive, scheduled, manual)",
    ),
    Column("mean_latency_ms", "ms", "latency averaged over offered requests"),
    Column("instance_hours", "h", "instance-hours billed"),
    Column("suppressed", "count", "scaling actions held back by a cooldown, a warm-up or another TT policy"),
)
"""Whole-run figures, one row per scenario (``Result.summary``)."""
TOTAL = slots("GroupTotals", [c.name.upper() for c in SUMMARY.columns])
"""The kernel's summary row per scenario: one slot per :data:`SUMMARY` column, same order."""

KINDS = EventKinds(
    "AutoScaling",
    SCALE_OUT=("scale_out", ("policy", "frm", "to", "metric")),
    SCALE_IN=("scale_in", ("policy", "frm", "to", "metric", "asked")),
    HELD_COOLDOWN=("suppressed", ("policy", "want", "until_s", "direction")),
    HELD_WARMUP=("suppressed", ("policy", "want", "warming", "metric")),
    HELD_OTHERS=("suppressed", ("policy", "want", "not_ready")),
    CAPPED_MAX=("capped", ("policy", "want", "limit")),
    CAPPED_MIN=("capped", ("policy", "want", "limit")),
    PREDICTIVE_CAPPED=("capped", ("want", "limit")),
    SCHEDULED=("scheduled", ("action", "frm", "to", "in_cooldown")),
    MANUAL=("manual", ("change", "frm", "to", "requested")),
    MANUAL_HELD=("suppressed", ("change", "requested", "until_s")),
    MANUAL_REFUSED=("refused", ("change", "requested", "min", "max")),
    FAILURE=("failure", ("n", "detect_s")),
    REPLACE=("replace", ("n",)),
    UNHEALTHY=("unhealthy", ("n", "check_s", "boot_s")),
    PREDICTIVE=("predictive", ("frm", "to", "needed")),
    MAX_RAISED=("max_raised", ("frm", "to")),
)
"""What the group kernel records; the sentences are written in :mod:`engine.autoscaling.explain`."""
EV = KINDS.codes

VERTICAL_OUT = slots(
    "VerticalOutputs", "IN_SERVICE SIZE CAPACITY_RPS CPU_PCT SERVED_RPS DROPPED_RPS LATENCY_MS COST_USD"
)
"""Per-step outputs of the vertical-scaling kernel (:mod:`engine.autoscaling.vertical`)."""

VERTICAL_KINDS = EventKinds(
    "Vertical",
    SCALE_UP=("scale_up", ("size",)),
    SCALE_DOWN=("scale_down", ("size",)),
    RESTARTED=("restarted", ("size",)),
    CEILING=("ceiling", ("size",)),
)
"""What the vertical kernel records: resizes, restarts and the ceiling."""
VERTICAL_EV = VERTICAL_KINDS.codes
