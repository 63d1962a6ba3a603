"""The Amazon MQ page's named scenarios: what each teaches and the controls it sets."""

from __future__ import annotations

from engine.mq import SQS_FIFO_BATCHED, SQS_FIFO_TPS, SQS_MAX_BATCH
from views.preset import Preset

__all__ = ["PRESETS"]

PRESETS: dict[str, dict[str, Preset]] = {
    "mq": {
        "Flash sale on a small broker": Preset(
            "An mq.t3.micro meets a flash sale: its queue and latency climb while SQS absorbs the same spike.",
            {
                "load": "Day with a flash sale",
                "peak": 2500,
                "instance": "mq.t3.micro",
                "clients": 200,
                "queue": "standard",
                "batch": SQS_MAX_BATCH,
            },
            claim={
                "all": [
                    {">=": [{"count": "broker_saturated"}, 1]},
                    {">": [{"summary": "peak_broker_latency_ms"}, {"*": [100, {"summary": "peak_sqs_latency_ms"}]}]},
                ]
            },
        ),
        "Right-sized broker": Preset(
            "An mq.m5.2xlarge keeps up with the peak — and costs far more than SQS over the day.",
            {
                "load": "Business day",
                "peak": 5000,
                "instance": "mq.m5.2xlarge",
                "clients": 500,
                "queue": "standard",
                "batch": SQS_MAX_BATCH,
            },
            claim={
                "all": [
                    {"==": [{"summary": "refused_messages"}, 0]},
                    {">": [{"summary": "broker_total_usd"}, {"summary": "sqs_total_usd"}]},
                ]
            },
        ),
        "FIFO needs batching": Preset(
            f"SQS FIFO has limits too: {SQS_FIFO_TPS:,.0f} msg/s per action unbatched, {SQS_FIFO_BATCHED:,.0f} "
            f"with batches of {SQS_MAX_BATCH} (aws-facts §4).",
            {
                "load": "Business day",
                "peak": 1500,
                "instance": "mq.m5.large",
                "clients": 200,
                "queue": "fifo",
                "batch": 1,
            },
            claim={"all": [{">=": [{"count": "fifo_limit"}, 1]}, {">": [{"max": "sqs_backlog"}, 0]}]},
        ),
        "Lift and shift a JMS app": Preset(
            "An existing JMS app moves to Amazon MQ unchanged: the course notes' use case.",
            {
                "protocol": "jms",
                "new_app": False,
                "load": "Business day",
                "peak": 1500,
                "instance": "mq.m5.large",
                "clients": 200,
                "queue": "standard",
                "batch": SQS_MAX_BATCH,
            },
            claim={"all": [{"==": [{"summary": "refused_messages"}, 0]}]},
        ),
    }
}
