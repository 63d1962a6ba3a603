"""The map of ScaleLab: every lab page, the course-notes topics it teaches, where it lives.

``app.py`` registers the pages whose file exists; the home page links only to those. A new lab
adds its page file under ``app_pages/`` with the name given here and it appears everywhere.

One lab has one name (``lab``): its engine package, views package, rules key and test folders
use it, and its page files are ``app_pages/<lab>.py`` or, for a lab with several pages,
``app_pages/<lab>_<topic>.py``. A page's file stem is also the prefix of its controls in the URL
(``dynamodb.wcu``) and, with dashes, its address (``/autoscaling-policies``). Addresses and URL
prefixes the pages had before are kept as aliases (``old_paths``, ``old_prefixes``), so a link
shared before a rename still opens its scenario.
"""

from __future__ import annotations

import functools
import keyword
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "COURSE_TOPICS",
    "HOME",
    "LABS",
    "ROOT",
    "SECTIONS",
    "START_HERE",
    "LabPage",
    "available",
    "labs_for",
    "new_prefix",
    "page_for_old_path",
]

ROOT = Path(__file__).resolve().parent.parent
HOME = "app_pages/home.py"


@dataclass(frozen=True)
class LabPage:
    """One page of the app."""

    file: str
    title: str
    icon: str
    section: str
    topics: tuple[str, ...]
    summary: str
    lab: str
    old_prefixes: tuple[str, ...] = ()
    old_paths: tuple[str, ...] = ()

    @property
    def package(self) -> str:
        """The lab's Python package name under ``engine/`` and ``views/`` (``lambda_`` for the
        ``lambda`` lab: a keyword cannot name a package)."""
        return f"{self.lab}_" if keyword.iskeyword(self.lab) else self.lab

    @property
    def prefix(self) -> str:
        """The prefix of this page's control keys in the URL: its file stem (``dynamodb``)."""
        return Path(self.file).stem

    @property
    def url_path(self) -> str:
        """The page's address: the file name with dashes (``autoscaling-policies``).

        The page files live in ``app_pages/``, not ``pages/``: a folder named ``pages/`` beside
        ``app.py`` makes a freshly started Streamlit resolve the first request by file name,
        before ``st.navigation`` runs (tests/e2e/test_fresh_deep_links.py).
        """
        return Path(self.file).stem.replace("_", "-")

    @property
    def exists(self) -> bool:
        """Whether the page file is present (only present pages are registered)."""
        return (ROOT / self.file).is_file()


SECTIONS: tuple[str, ...] = (
    "Start",
    "Compute scaling",
    "Streams & data",
    "Messaging & serverless",
    "Edge, events & workflows",
    "Class",
)

LABS: tuple[LabPage, ...] = (
    LabPage(
        "app_pages/home.py",
        "Home",
        ":material/home:",
        "Start",
        (),
        "What ScaleLab teaches and how to use it.",
        lab="home",
    ),
    LabPage(
        "app_pages/load.py",
        "Load traces",
        ":material/show_chart:",
        "Start",
        (),
        "Build the load every other lab runs on: shapes, noise, your own CSV.",
        lab="load",
        old_paths=("load-explorer",),
    ),
    LabPage(
        "app_pages/autoscaling_policies.py",
        "Auto Scaling policies",
        ":material/balance:",
        "Compute scaling",
        ("Types of auto-scaling", "Auto-scaling policy", "Scaling cooldown period"),
        "Target tracking, step and simple policies; cooldown vs warm-up; two policies compared.",
        lab="autoscaling",
        old_prefixes=("asg",),
    ),
    LabPage(
        "app_pages/autoscaling_options.py",
        "Scaling options & predictive",
        ":material/calendar_month:",
        "Compute scaling",
        ("EC2 Auto-Scaling options", "Types of auto-scaling"),
        "Maintain, manual, scheduled, dynamic and predictive scaling.",
        lab="autoscaling",
        old_prefixes=("opt",),
    ),
    LabPage(
        "app_pages/autoscaling_vertical.py",
        "Horizontal vs vertical",
        ":material/swap_horiz:",
        "Compute scaling",
        ("Horizontal vs vertical scaling",),
        "Scale out/in vs up/down on the same load: downtime, drops, cost.",
        lab="autoscaling",
        old_prefixes=("hv",),
        old_paths=("horizontal-vertical",),
    ),
    LabPage(
        "app_pages/kinesis.py",
        "Kinesis streams",
        ":material/waves:",
        "Streams & data",
        ("AWS Kinesis",),
        "Shards, MD5 key hashing, hot shards, resharding, consumers, Firehose, Analytics.",
        lab="kinesis",
        old_prefixes=("kds",),
    ),
    LabPage(
        "app_pages/dynamodb.py",
        "DynamoDB capacity",
        ":material/database:",
        "Streams & data",
        ("DynamoDB scaling", "DDB partitions and scaling", "DAX"),
        "RCU/WCU, partitions that split and never merge, hot keys, auto scaling, on-demand, DAX.",
        lab="dynamodb",
        old_prefixes=("ddb",),
    ),
    LabPage(
        "app_pages/queues.py",
        "Queues: SQS & SNS",
        ":material/mail:",
        "Messaging & serverless",
        ("SQS", "Queue types", "SNS"),
        "Queue depth, visibility timeout, DLQ, FIFO, fan-out, consumers on backlog.",
        lab="queues",
        old_prefixes=("sqs",),
    ),
    LabPage(
        "app_pages/lambda.py",
        "Lambda concurrency",
        ":material/bolt:",
        "Messaging & serverless",
        ("AWS Lambda",),
        "Concurrency = rate × duration, scaling rate, cold starts, throttles, cost.",
        lab="lambda",
        old_prefixes=("lam",),
    ),
    LabPage(
        "app_pages/coupling.py",
        "Loose vs tight coupling",
        ":material/link:",
        "Messaging & serverless",
        ("Loosely coupled architecture",),
        "One outage, two architectures: a synchronous chain vs a queue.",
        lab="coupling",
        old_prefixes=("cpl",),
    ),
    LabPage(
        "app_pages/cloudfront.py",
        "CloudFront caching",
        ":material/public:",
        "Edge, events & workflows",
        ("CloudFront",),
        "Edge caches, TTLs, invalidations, Origin Shield, geo-restriction.",
        lab="cloudfront",
        old_prefixes=("cf",),
    ),
    LabPage(
        "app_pages/eventbridge.py",
        "EventBridge & SAM",
        ":material/hub:",
        "Edge, events & workflows",
        ("Lambda, SAM and EventBridge",),
        "Event patterns and rules; the SAM template of a serverless stack.",
        lab="eventbridge",
        old_prefixes=("eb",),
    ),
    LabPage(
        "app_pages/stepfunctions.py",
        "Step Functions vs SWF",
        ":material/account_tree:",
        "Edge, events & workflows",
        ("Step Functions", "Simple Workflow Service"),
        "Run a state machine; the same workflow as SWF decisions.",
        lab="stepfunctions",
        old_prefixes=("sfn",),
        old_paths=("step-functions",),
    ),
    LabPage(
        "app_pages/batch.py",
        "AWS Batch",
        ":material/inventory_2:",
        "Edge, events & workflows",
        ("AWS Batch",),
        "Compute environments, prioritised job queues, Spot interruptions.",
        lab="batch",
    ),
    LabPage(
        "app_pages/emr.py",
        "Elastic MapReduce",
        ":material/lan:",
        "Edge, events & workflows",
        ("Elastic MapReduce", "Components of EMR"),
        "Cluster size vs runtime, managed scaling, Spot task nodes.",
        lab="emr",
    ),
    LabPage(
        "app_pages/mq.py",
        "Amazon MQ vs SQS",
        ":material/sync_alt:",
        "Edge, events & workflows",
        ("Amazon MQ",),
        "A broker of fixed size vs a queue service that keeps scaling.",
        lab="mq",
    ),
    LabPage(
        "app_pages/classroom_host.py",
        "Class room",
        ":material/school:",
        "Class",
        (),
        "Start a room for a lesson: students answer on their phones, you reveal the engine's answer.",
        lab="classroom",
    ),
    LabPage(
        "app_pages/classroom_join.py",
        "Join a class",
        ":material/front_hand:",
        "Class",
        (),
        "Join your instructor's room with its code.",
        lab="classroom",
        old_paths=("join",),
    ),
)


# The course notes' headings, in their order, as the home page's map of what is taught where.
COURSE_TOPICS: tuple[str, ...] = (
    "Loosely coupled architecture",
    "Horizontal vs vertical scaling",
    "Types of auto-scaling",
    "EC2 Auto-Scaling options",
    "Auto-scaling policy",
    "Scaling cooldown period",
    "AWS Kinesis",
    "DynamoDB scaling",
    "DDB partitions and scaling",
    "DAX",
    "CloudFront",
    "SNS",
    "SQS",
    "Queue types",
    "Amazon MQ",
    "AWS Lambda",
    "Lambda, SAM and EventBridge",
    "Simple Workflow Service",
    "Step Functions",
    "AWS Batch",
    "Elastic MapReduce",
    "Components of EMR",
)


START_HERE: tuple[tuple[str, str], ...] = (
    ("app_pages/coupling.py", "why a queue between two parts keeps one failure from stopping the other"),
    ("app_pages/autoscaling_policies.py", "how a group follows load: detect, decide, launch; what a cooldown costs"),
    ("app_pages/queues.py", "a backlog that builds and drains, the visibility timeout, consumers scaled on depth"),
    ("app_pages/kinesis.py", "a stream split into shards by key: a hot key throttles one shard, not the stream"),
    ("app_pages/dynamodb.py", "partitions and capacity units: a hot item, throttling, splits and auto scaling"),
)
"""The suggested first path through the labs (page file, what it teaches in one line); the home
page lists it, then every other lab."""


def labs_for(topic: str) -> list[LabPage]:
    """The labs that teach a course-notes topic."""
    return [lab for lab in LABS if topic in lab.topics]


def available() -> list[LabPage]:
    """The pages that exist, in catalogue order (looked up once per process: the router asks on
    every rerun, and the files do not come and go while the server runs)."""
    return list(_present())


@functools.cache
def _present() -> tuple[LabPage, ...]:
    return tuple(lab for lab in LABS if lab.exists)


def new_prefix(key: str) -> str | None:
    """The URL key ``key`` with an old page prefix replaced by today's (``ddb.wcu`` → ``dynamodb.wcu``),
    or ``None`` when ``key`` has no old prefix."""
    prefix, dot, name = key.partition(".")
    if not dot:
        return None
    for lab in LABS:
        if prefix in lab.old_prefixes:
            return f"{lab.prefix}.{name}"
    return None


def page_for_old_path(path: str) -> LabPage | None:
    """The page that an old address (``horizontal-vertical``) now belongs to, if any."""
    return next((lab for lab in LABS if path in lab.old_paths), None)
