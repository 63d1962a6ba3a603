"""The DynamoDB kernel layout: output slots are frame columns, every event kind has a sentence."""

from __future__ import annotations

from engine.dynamodb import PARTITION_SCHEMA, SCHEMA, DynamoConfig
from engine.dynamodb.explain import _Sentences
from engine.dynamodb.layout import BUCKET, CONSUMED, DIM, KINDS, OUT, PAR, PROVISIONED
from engine.dynamodb.simulation import param_row
from engine.kernel.layout import slot_names


def test_output_and_bucket_slots_are_frame_columns() -> None:
    assert set(slot_names(OUT)) <= set(SCHEMA.names)
    assert set(slot_names(BUCKET)) <= set(PARTITION_SCHEMA.names)
    assert [slot_names(OUT)[PROVISIONED[d]] for d in DIM] == ["provisioned_rcu", "provisioned_wcu"]
    assert [slot_names(OUT)[CONSUMED[d]] for d in DIM] == ["consumed_rcu", "consumed_wcu"]


def test_the_packer_gives_every_parameter_slot() -> None:
    assert set(param_row(DynamoConfig())) == set(slot_names(PAR))


def test_every_event_kind_has_a_sentence() -> None:
    for kind in KINDS.enum:
        assert callable(getattr(_Sentences, f"_{kind.name.lower()}", None)), kind
