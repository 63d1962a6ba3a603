"""Rules editions: the course notes' numbers vs AWS as documented today (aws-facts.md §9).

Every lab takes a ``rules`` value. ``"course"`` reproduces what the course notes teach;
``"aws-today"`` follows the current AWS documentation. :func:`differences` lists, per lab, what
changes between the two so the UI can show both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.core import check_choice

__all__ = [
    "EDITIONS",
    "EDITION_LABELS",
    "OLD_KEYS",
    "Difference",
    "Edition",
    "check_edition",
    "differences",
    "lab_keys",
]

Edition = Literal["course", "aws-today"]
EDITIONS: tuple[Edition, ...] = ("course", "aws-today")
EDITION_LABELS: dict[str, str] = {
    "course": "Course notes",
    "aws-today": "AWS today",
}


def check_edition(rules: str) -> None:
    """Raise ``ValueError`` unless ``rules`` is a known edition."""
    check_choice("rules", rules, EDITIONS)


@dataclass(frozen=True)
class Difference:
    """One point where the course notes and today's AWS documentation disagree."""

    topic: str
    course: str
    aws_today: str
    source: str


def lab_keys() -> tuple[str, ...]:
    """Every rules key: ``load`` and each lab package's name (``lambda`` for ``engine.lambda_``).

    Taken from the packages on disk, so a new lab needs no entry here unless its editions differ.
    """
    import engine

    return ("load", *(name.rstrip("_") for name in engine.LABS))


OLD_KEYS: dict[str, str] = {"serverless": "lambda", "events": "eventbridge", "workflows": "stepfunctions"}
"""Keys from before the labs were renamed, still accepted by :func:`differences`."""

_DIFFS: dict[str, tuple[Difference, ...]] = {
    "autoscaling": (
        Difference(
            "Cooldown",
            "The 300 s cooldown applies to dynamic scaling (and optionally to manual), never to scheduled: "
            "after any activity of the group, no dynamic policy acts until it ends.",
            "In EC2 Auto Scaling only simple scaling honours the cooldown, group-wide: after the group "
            "launches or terminates instances (any activity), no simple policy acts until it ends. Step and "
            "target tracking use instance warm-up. Scheduled, health replacements and manual changes ignore it.",
            "aws-facts §1.4, §1.7, §9 (ASG-UG cooldowns)",
        ),
        Difference(
            "Target-tracking scale-in pace",
            "The notes give no pace; the lab applies the AWS-today approximation in both editions.",
            "AWS: target tracking adds capacity more aggressively than it removes it (exact rule unpublished). "
            "Approximation here: one scale-in removes at most 10 % of the group (at least 1), and the next "
            "waits for 15 fresh low datapoints.",
            "aws-facts §1.6 (ASG-UG as-scaling-target-tracking); the 10 % rule is ours",
        ),
        Difference(
            "Health-check grace period default",
            "300 s.",
            "300 s in the console only; the API/CLI/SDK default is 0 s.",
            "aws-facts §1.7, §9 (BOTO)",
        ),
        Difference(
            "Predictive scaling data",
            "Needs 14 days / 48 h of data.",
            "Needs at least 24 h, uses up to 14 days; 48 h is the forecast horizon, refreshed every 6 h "
            "from the history available then. The ASG policy default mode is ForecastOnly.",
            "aws-facts §1.9, §9",
        ),
        Difference(
            "AWS Auto Scaling (scaling plans)",
            "The central console for whole stacks, with predictive scaling.",
            "Legacy: AWS documents migrating scaling plans to native ASG and Application Auto Scaling policies.",
            "aws-facts §1.11, §9",
        ),
    ),
    "kinesis": (
        Difference(
            "Retention",
            "24 h by default, configurable up to 7 days.",
            "24 h to 365 days (since Nov 2020).",
            "aws-facts §2.1, §9 (KDS-DG history)",
        ),
        Difference(
            "Shard quota",
            "500 shards (200 in smaller Regions).",
            "20,000 in the big three Regions, 1,000 or 6,000 elsewhere.",
            "aws-facts §2.1, §9",
        ),
        Difference(
            "UpdateShardCount",
            "Twice per 24 h, at most 500 shards.",
            "10 calls per rolling 24 h, 10,000 shards per stream.",
            "aws-facts §2.1, §9 (BOTO history)",
        ),
        Difference(
            "Record size",
            "Data blob up to 1 MB.",
            "1 MiB by default; a stream can be raised to 10 MiB. Shard limits are unchanged: a large record is "
            "accepted whole on a burst (the shard's capacity then refills at 1 MiB/s) or throttled whole.",
            "aws-facts §2.1, §9",
        ),
        Difference(
            "Firehose buffer interval",
            "60-900 s.",
            "0-900 s (zero buffering since Dec 2023); size 1-128 MiB; defaults 5 MiB / 300 s.",
            "aws-facts §2.2, §9",
        ),
        Difference(
            "On-demand capacity mode",
            "Not in the notes: capacity is shards you provision.",
            "On-demand streams start at 4 MB/s write and absorb up to 2x the previous peak; a shard seeing more "
            "than 500 KB/s is split within about 15 min.",
            "aws-facts §2.1",
        ),
        Difference(
            "Kinesis Data Analytics",
            "Run standard SQL queries against data streams.",
            "KDA for SQL is deprecated in favour of Managed Service for Apache Flink (Studio); the windows "
            "shown here are the SQL edition's.",
            "aws-facts §2.3 (KDA-DG banner)",
        ),
    ),
    "dynamodb": (
        Difference(
            "Partition formula",
            "partitions = ceil(max(RCU/3000 + WCU/1000, size/10 GB)).",
            "Not in current AWS docs; adaptive capacity and split-for-heat change the picture. "
            "Kept as a teaching approximation.",
            "aws-facts §3.2, §9 [SEC]",
        ),
        Difference(
            "Auto scaling at zero traffic",
            "Does not scale down when consumption drops to zero; two workarounds.",
            "The statement was removed from the docs in May 2019; current behaviour is not documented.",
            "aws-facts §3.3, §9 (DDB-DG git history)",
        ),
        Difference(
            "Adaptive capacity / split for heat",
            "Not in the notes: capacity is allocated equally over partitions (in both editions a split halves a "
            "partition's keys and its capacity, so each partition's share of capacity is its share of the keys).",
            "A hot partition borrows unused table capacity; hot items get their own partition.",
            "aws-facts §3.2",
        ),
        Difference(
            "On-demand cost",
            "On-demand costs more than provisioning with auto scaling.",
            "Per request it still costs more at steady high utilisation, but AWS halved on-demand prices on "
            "1 Nov 2024 and now calls it the default, recommended mode; the lab's cost chart shows the crossover.",
            "aws-facts §3.4 [DOC] + [SEC] (price cut)",
        ),
        Difference(
            "Capacity-mode switch",
            "Once per 24 h.",
            "Provisioned to on-demand up to 4x per rolling 24 h; back to provisioned any time.",
            "aws-facts §3.4, §9",
        ),
    ),
    "queues": (
        Difference(
            "SQS maximum message size",
            "256 KB (2 GB with the S3-backed extended client).",
            "1 MiB since Aug 2025 (SNS is still 256 KB).",
            "aws-facts §4, §9 (BOTO history)",
        ),
        Difference(
            "Lambda SQS pollers",
            "+60 pollers per minute.",
            "Up to +300 per minute, up to 1,000 concurrent batches.",
            "aws-facts §6, §9",
        ),
    ),
    "lambda": (
        Difference(
            "Lambda scaling rate",
            "No limits to scaling a function: AWS allocates capacity as events arrive (environments are added "
            "as fast as demand asks, within the account concurrency limit and any reserved concurrency).",
            "Up to 1,000 new execution environments every 10 s per function, refilled continuously and not "
            "accumulated: 0 to 1,000 at once, about 5,000 after 40 s. AWS's older documented model (docs to "
            "Oct 2023: a Region-wide burst of 500-3,000, then +500 per minute) is a third choice in the lab, "
            "labelled as AWS history, not the course notes.",
            "course notes (Lambda); aws-facts §6, §9 (docs scaling-behavior; LAM-DG invocation-scaling [HIST])",
        ),
        Difference(
            "Lambda request-rate quota",
            "None: no limits to scaling.",
            "Invocations per second are capped at 10 x the account concurrency quota (10,000/s for the default "
            "1,000), even with environments to spare.",
            "aws-facts §6 (LAM-DG gettingstarted-limits)",
        ),
        Difference(
            "Lambda async payload",
            "256 KB.",
            "1 MB.",
            "aws-facts §6, §9",
        ),
        Difference(
            "SQS event source scaling",
            "+60 pollers per minute.",
            "Up to +300 per minute, up to 1,000.",
            "aws-facts §6, §9",
        ),
    ),
    "coupling": (
        Difference(
            "SQS maximum message size",
            "256 KB.",
            "1 MiB since Aug 2025.",
            "aws-facts §4, §9",
        ),
        Difference(
            "Lambda reading the queue (SQS pollers)",
            "+60 pollers per minute.",
            "Up to +300 per minute, up to 1,000 concurrent batches.",
            "aws-facts §6, §9",
        ),
    ),
    "cloudfront": (
        Difference(
            "RTMP distributions",
            "Supports Adobe Flash Media Server's RTMP protocol.",
            "RTMP distributions were deprecated on 31 Dec 2020; only web distributions remain.",
            "aws-facts §7, §9 (CF-DG)",
        ),
    ),
    "eventbridge": (
        Difference(
            "Lambda async payload",
            "256 KB.",
            "1 MB. (An EventBridge PutEvents entry is at most 256 KB, so an event a rule sends to Lambda fits either.)",
            "aws-facts §6, §9; EventBridge PutEvents API reference",
        ),
        Difference(
            "Lambda scaling",
            "No limits to scaling a function: AWS allocates capacity as events arrive.",
            "Account concurrency defaults to 1,000 per Region; a function adds up to 1,000 environments every 10 s.",
            "aws-facts §6, §9",
        ),
    ),
    "stepfunctions": (
        Difference(
            "Workflow types",
            "One kind of Step Functions state machine.",
            "Standard (up to 1 year, exactly-once, billed per state transition, 25,000-event history) and "
            "Express (up to 5 min, at-least-once, billed per request and duration). The lab simulates both.",
            "aws-facts §8.1 (SFN-DG)",
        ),
    ),
    "batch": (
        Difference(
            "Compute",
            "Batch runs jobs on EC2 instances (On-Demand or Spot).",
            "A compute environment can also be FARGATE or FARGATE_SPOT: no instances, billed per running job. "
            "The lab simulates all four.",
            "aws-facts §8.3 (BOTO batch)",
        ),
    ),
    "emr": (
        Difference(
            "Node names",
            "Master node, core node, task node.",
            "Newer documentation calls the master node the primary node (rename date unverified).",
            "aws-facts §8.4",
        ),
        Difference(
            "Scaling",
            "Not in the notes.",
            "Managed scaling (EMR 5.30+) between Minimum and MaximumCapacityUnits with a core cap; the older "
            "custom automatic scaling uses CloudWatch rules with a cooldown.",
            "aws-facts §8.4 (EMR-MG)",
        ),
    ),
    "mq": (
        Difference(
            "Broker engines",
            "Amazon MQ is a managed, highly available Apache ActiveMQ.",
            "ActiveMQ or RabbitMQ brokers. RabbitMQ speaks AMQP 0-9-1 only, runs as a single instance or a "
            "three-node cluster (billed for three), and ActiveMQ's per-protocol connection quota does not apply "
            "to it. ActiveMQ uses mq.m5 instance types, RabbitMQ mq.m7g (the lab sizes both with the mq.m5 table).",
            "Amazon MQ developer guide (docs: rabbitmq-broker-architecture; not in aws-facts)",
        ),
        Difference(
            "SQS maximum message size",
            "256 KB (2 GB with the S3-backed extended client).",
            "1 MiB since Aug 2025.",
            "aws-facts §4, §9",
        ),
    ),
}


def differences(lab: str) -> list[Difference]:
    """What differs between the editions for ``lab`` (empty when the editions agree)."""
    lab = OLD_KEYS.get(lab, lab)
    check_choice("lab", lab, lab_keys())
    return list(_DIFFS.get(lab, ()))
