"""The documented SQS numbers the queues lab uses, each defined here once (aws-facts.md §4 SQS,
§6 Lambda's SQS event source, §9 editions). Validation messages, event sentences and page help
texts format from these names.

>>> FIFO_TPS * MAX_BATCH == FIFO_BATCH_TPS
True
>>> MAX_RETENTION_S // 86_400, MAX_MESSAGE_KB["course"], INFLIGHT_LIMIT["standard"]
(14, 256, 120000)
"""

from __future__ import annotations

__all__ = [
    "DATAPOINT_PERIOD_S",
    "DEDUP_WINDOW_S",
    "DEFAULT_RETENTION_S",
    "DEFAULT_VISIBILITY_S",
    "FIFO_BATCH_TPS",
    "FIFO_TPS",
    "INFLIGHT_LIMIT",
    "LAMBDA_MAX_POLLERS",
    "LAMBDA_MIN_MAX_CONCURRENCY",
    "LAMBDA_MIN_POLLERS",
    "LAMBDA_POLLER_RATE",
    "MAX_BATCH",
    "MAX_DELAY_S",
    "MAX_MESSAGE_KB",
    "MAX_RECEIVE_COUNT",
    "MAX_RETENTION_S",
    "MAX_VISIBILITY_S",
    "MIN_RETENTION_S",
    "S3_POINTER_MAX_KB",
]

FIFO_TPS = 300.0
"""§4: FIFO messages per second per API action without batching."""
MAX_BATCH = 10
"""§4: messages per SendMessageBatch / ReceiveMessage call."""
FIFO_BATCH_TPS = FIFO_TPS * MAX_BATCH
"""§4: FIFO messages per second per action with batches of 10 (3,000)."""
DEDUP_WINDOW_S = 300.0
"""§4: FIFO deduplication interval (5 min)."""
MAX_MESSAGE_KB = {"course": 256, "aws-today": 1024}
"""§4, §9: maximum message size: 256 KB (course notes), 1 MiB (AWS today)."""
S3_POINTER_MAX_KB = 2 * 1024 * 1024
"""§4: the extended client's S3 pointer carries up to 2 GB."""
DEFAULT_VISIBILITY_S = 30
"""§4: the default visibility timeout."""
MAX_VISIBILITY_S = 43_200
"""§4: the longest visibility timeout (12 h)."""
MIN_RETENTION_S = 60
"""§4: the shortest retention period."""
DEFAULT_RETENTION_S = 345_600
"""§4: the default retention period (4 days)."""
MAX_RETENTION_S = 1_209_600
"""§4: the longest retention period (14 days)."""
MAX_DELAY_S = 900
"""§4: the longest delivery delay (15 min)."""
MAX_RECEIVE_COUNT = 1000
"""§4: the largest maxReceiveCount of a redrive policy."""
INFLIGHT_LIMIT = {"standard": 120_000, "fifo": 20_000}
"""§4: messages in flight (received, not deleted) per queue."""
DATAPOINT_PERIOD_S = 60.0
"""§4, §1.6: CloudWatch queue metrics arrive as one datapoint a minute."""
LAMBDA_POLLER_RATE = {"course": 60.0, "aws-today": 300.0}
"""§6, §9: pollers Lambda's SQS event source adds per minute while messages wait."""
LAMBDA_MIN_POLLERS = 5
"""§6: Lambda's SQS event source starts with 5 concurrent batches (and drops back to 5 when idle)."""
LAMBDA_MIN_MAX_CONCURRENCY = 2
"""§6: the smallest ``ScalingConfig.MaximumConcurrency``."""
LAMBDA_MAX_POLLERS = 1000
"""§6: the most concurrent batches the SQS event source scales to."""
