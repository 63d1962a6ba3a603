"""The map of ScaleLab: every lab page, the course-notes topics it teaches, where it lives.

``app.py`` registers the pages whose file exists; the home page links only to those. A new lab
adds its page file under ``pages/`` with the name given here and it appears everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["COURSE_TOPICS", "HOME", "LABS", "ROOT", "SECTIONS", "LabPage", "available", "labs_for"]

ROOT = Path(__file__).resolve().parent.parent
HOME = "pages/home.py"


@dataclass(frozen=True)
class LabPage:
    """One page of the app."""

    file: str
    title: str
    icon: str
    section: str
    topics: tuple[str, ...]
    summary: str

    @property
    def url_path(self) -> str:
        """The page's address: the file name with dashes (``autoscaling-policies``).

        Deliberately not the bare file stem: with a ``pages/`` folder, Streamlit would otherwise
        resolve a first-visit deep link to the page file directly, skipping ``app.py``.
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
)

LABS: tuple[LabPage, ...] = (
    LabPage("pages/home.py", "Home", "🏠", "Start", (), "What ScaleLab teaches and how to use it."),
    LabPage(
        "pages/load_explorer.py",
        "Load traces",
        "📈",
        "Start",
        (),
        "Build the load every other lab runs on: shapes, noise, your own CSV.",
    ),
    LabPage(
        "pages/autoscaling_policies.py",
        "Auto Scaling policies",
        "⚖️",
        "Compute scaling",
        ("Types of auto-scaling", "Auto-scaling policy", "Scaling cooldown period"),
        "Target tracking, step and simple policies; cooldown vs warm-up; two policies compared.",
    ),
    LabPage(
        "pages/autoscaling_options.py",
        "Scaling options & predictive",
        "🗓️",
        "Compute scaling",
        ("EC2 Auto-Scaling options", "Types of auto-scaling"),
        "Maintain, manual, scheduled, dynamic and predictive scaling.",
    ),
    LabPage(
        "pages/horizontal_vertical.py",
        "Horizontal vs vertical",
        "↔️",
        "Compute scaling",
        ("Horizontal vs vertical scaling",),
        "Scale out/in vs up/down on the same load: downtime, drops, cost.",
    ),
    LabPage(
        "pages/kinesis.py",
        "Kinesis streams",
        "🌊",
        "Streams & data",
        ("AWS Kinesis",),
        "Shards, MD5 key hashing, hot shards, resharding, consumers, Firehose, Analytics.",
    ),
    LabPage(
        "pages/dynamodb.py",
        "DynamoDB capacity",
        "🗄️",
        "Streams & data",
        ("DynamoDB scaling", "DDB partitions and scaling", "DAX"),
        "RCU/WCU, partitions that split and never merge, hot keys, auto scaling, on-demand, DAX.",
    ),
    LabPage(
        "pages/queues.py",
        "Queues: SQS & SNS",
        "📬",
        "Messaging & serverless",
        ("SQS", "Queue types", "SNS"),
        "Queue depth, visibility timeout, DLQ, FIFO, fan-out, consumers on backlog.",
    ),
    LabPage(
        "pages/lambda.py",
        "Lambda concurrency",
        "⚡",
        "Messaging & serverless",
        ("AWS Lambda",),
        "Concurrency = rate × duration, scaling rate, cold starts, throttles, cost.",
    ),
    LabPage(
        "pages/coupling.py",
        "Loose vs tight coupling",
        "🔗",
        "Messaging & serverless",
        ("Loosely coupled architecture",),
        "One outage, two architectures: a synchronous chain vs a queue.",
    ),
    LabPage(
        "pages/cloudfront.py",
        "CloudFront caching",
        "🌍",
        "Edge, events & workflows",
        ("CloudFront",),
        "Edge caches, TTLs, invalidations, Origin Shield, geo-restriction.",
    ),
    LabPage(
        "pages/eventbridge.py",
        "EventBridge & SAM",
        "🎯",
        "Edge, events & workflows",
        ("Lambda, SAM and EventBridge",),
        "Event patterns and rules; the SAM template of a serverless stack.",
    ),
    LabPage(
        "pages/step_functions.py",
        "Step Functions vs SWF",
        "🧭",
        "Edge, events & workflows",
        ("Step Functions", "Simple Workflow Service"),
        "Run a state machine; the same workflow as SWF decisions.",
    ),
    LabPage(
        "pages/batch.py",
        "AWS Batch",
        "📦",
        "Edge, events & workflows",
        ("AWS Batch",),
        "Compute environments, prioritised job queues, Spot interruptions.",
    ),
    LabPage(
        "pages/emr.py",
        "Elastic MapReduce",
        "🐘",
        "Edge, events & workflows",
        ("Elastic MapReduce", "Components of EMR"),
        "Cluster size vs runtime, managed scaling, Spot task nodes.",
    ),
    LabPage(
        "pages/mq.py",
        "Amazon MQ vs SQS",
        "🐇",
        "Edge, events & workflows",
        ("Amazon MQ",),
        "A broker of fixed size vs a queue service that keeps scaling.",
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


def labs_for(topic: str) -> list[LabPage]:
    """The labs that teach a course-notes topic."""
    return [lab for lab in LABS if topic in lab.topics]


def available() -> list[LabPage]:
    """The pages that exist, in catalogue order."""
    return [lab for lab in LABS if lab.exists]
