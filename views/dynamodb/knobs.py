"""The DynamoDB page's controls that set one field of :class:`~engine.dynamodb.DynamoConfig`
(compare and sweep panels); ranges and labels are the page's own."""

from __future__ import annotations

from engine import dynamodb as ddb
from views.knobs import Knob

__all__ = ["KNOBS"]

KNOBS: tuple[Knob, ...] = (
    Knob("rcu", "Provisioned RCU", "rcu", 10, 20000, 10),
    Knob("wcu", "Provisioned WCU", "wcu", 10, 10000, 10),
    Knob("mode", "Capacity mode", "mode", choices=tuple(ddb.MODES)),
    Knob("autoscaling", "Auto scaling (target tracking)", "autoscaling", choices=(False, True)),
    Knob("target", "Target utilisation (%)", "target_pct", 20, 90, 1, unit="%"),
    Knob("delay", "UpdateTable takes (s)", "update_delay_s", 0, 900, 30, unit="s"),
    Knob("item_kb", "Item size (KB)", "item_size_kb", 0.5, ddb.MAX_ITEM_KB, 0.5, unit="KB"),
    Knob("consistency", "Read consistency", "consistency", choices=tuple(ddb.CONSISTENCIES)),
    Knob("tx", "Transactional writes", "transactional_writes", choices=(False, True)),
    Knob("read_pct", "Reads (% of requests)", "read_fraction", 0, 100, 1, scale=0.01, unit="%"),
    Knob("pop", "Key popularity", "popularity", choices=tuple(ddb.POPULARITIES)),
    Knob("keys", "Partition-key values", "n_keys", 1, 10000, 1),
    Knob("zipf_s", "Zipf exponent s", "zipf_s", 0.0, 2.0, 0.1),
    Knob("hot_pct", "Hot key share (%)", "hot_key_pct", 0.0, 100.0, 1.0, unit="%"),
    Knob("storage", "Stored data (GB)", "storage_gb", 0, 500, 1, unit="GB"),
    Knob("dax", "DAX in front of the table", "dax", choices=(False, True)),
    Knob("ttl", "DAX item TTL (s)", "dax_ttl_s", 0, 3600, 30, unit="s"),
)
