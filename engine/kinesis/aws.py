"""The Kinesis scenario as AWS takes it: CreateStream (provisioned shards, or ON_DEMAND under AWS
today, §2.1), UpdateShardCount with UNIFORM_SCALING for each scheduled shard count, and
IncreaseStreamRetentionPeriod past the 24-hour default (§2.1), plus RegisterStreamConsumer for
enhanced fan-out. Splits and merges of single shards are SplitShard / MergeShards on shard ids only a
live stream has; ScaleLab's automatic resharding is a rule AWS does not offer (you run it)."""

from __future__ import annotations

from engine.export.aws import ACCOUNT, REGION, Artefact, api, note
from engine.kinesis.config import KinesisConfig

__all__ = ["STREAM", "artefacts"]

STREAM = "scalelab-stream"
_DEFAULT_RETENTION_H = 24


def artefacts(c: KinesisConfig) -> tuple[Artefact, ...]:
    """Every artefact of a Kinesis scenario."""
    if c.capacity_mode == "on-demand":
        create = {"StreamName": STREAM, "StreamModeDetails": {"StreamMode": "ON_DEMAND"}}
    else:
        create = {"StreamName": STREAM, "ShardCount": int(c.shards), "StreamModeDetails": {"StreamMode": "PROVISIONED"}}
    arts = [api("CreateStream", "kinesis", "CreateStream", create)]
    for i, (at_s, count) in enumerate(c.shard_count_at):
        arts.append(
            api(
                f"UpdateShardCount {i + 1} at {at_s / 60:g} min",
                "kinesis",
                "UpdateShardCount",
                {"StreamName": STREAM, "TargetShardCount": int(count), "ScalingType": "UNIFORM_SCALING"},
            )
        )
    if c.retention_h > _DEFAULT_RETENTION_H:
        arts.append(
            api(
                "IncreaseStreamRetentionPeriod",
                "kinesis",
                "IncreaseStreamRetentionPeriod",
                {"StreamName": STREAM, "RetentionPeriodHours": int(c.retention_h)},
            )
        )
    if c.fan_out == "enhanced":
        arn = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{STREAM}"
        for i in range(c.consumers):
            arts.append(
                api(
                    f"RegisterStreamConsumer {i + 1}",
                    "kinesis",
                    "RegisterStreamConsumer",
                    {"StreamARN": arn, "ConsumerName": f"scalelab-consumer-{i + 1}"},
                )
            )
    if c.auto_reshard or c.splits_at_s or c.merges_at_s:
        arts.append(
            note(
                "Resharding rules",
                "ScaleLab's automatic resharding (above/below a utilisation, with a cooldown) and its timed "
                "splits and merges are not a Kinesis setting: Kinesis reshards only when you call SplitShard, "
                "MergeShards or UpdateShardCount (a CloudWatch alarm and a function of yours can).",
            )
        )
    return tuple(arts)
