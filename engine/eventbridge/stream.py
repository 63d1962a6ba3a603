"""A seeded stream of sample events for the EventBridge lab, built column by column with numpy.

Five kinds from an online shop and its AWS account (order placed, order shipped, payment failed,
EC2 state change, S3 object created), in the EventBridge envelope (``version``, ``source``,
``detail-type``, ``account``, ``region``, ``resources``, ``detail``). Fields hold strings, numbers,
booleans, nulls, nested objects and arrays, so every pattern operator has something to bite on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.eventbridge.matching import BOOL, NULL, NUM, STR, Column, EventTable

__all__ = ["ARRAY_FIELDS", "KINDS", "Kind", "generate", "record"]


@dataclass(frozen=True)
class Kind:
    """One kind of event: its envelope and share of the stream."""

    name: str
    source: str
    detail_type: str
    weight: float


KINDS: tuple[Kind, ...] = (
    Kind("order_placed", "com.shop.orders", "Order Placed", 0.40),
    Kind("order_shipped", "com.shop.orders", "Order Shipped", 0.25),
    Kind("payment_failed", "com.shop.payments", "Payment Failed", 0.05),
    Kind("ec2_state", "aws.ec2", "EC2 Instance State-change Notification", 0.15),
    Kind("s3_object", "aws.s3", "Object Created", 0.15),
)
ARRAY_FIELDS: frozenset[str] = frozenset({"resources", "detail.items"})
REGIONS = np.array(["us-east-1", "eu-west-1", "ap-southeast-2"])
TIERS = np.array(["gold", "silver", "bronze"])


class _Builder:
    """Collects elements per field path, then freezes them into :class:`Column` objects."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.parts: dict[str, list[tuple[np.ndarray, int, np.ndarray]]] = {}
        self.present: dict[str, np.ndarray] = {}

    def add(self, path: str, owner: np.ndarray, values: np.ndarray, kind: int | None = None) -> None:
        if kind is None:
            kind = STR if values.dtype.kind in "US" else BOOL if values.dtype == bool else NUM
        self.parts.setdefault(path, []).append((owner, kind, values))
        mask = self.present.setdefault(path, np.zeros(self.n, dtype=bool))
        mask[owner] = True

    def mark_present(self, path: str, owner: np.ndarray) -> None:
        """An (empty) array field: present, with no elements."""
        self.parts.setdefault(path, [])
        self.present.setdefault(path, np.zeros(self.n, dtype=bool))[owner] = True

    def table(self) -> EventTable:
        cols = {}
        for path, parts in self.parts.items():
            owner = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
            kind = (
                np.concatenate([np.full(len(p[0]), p[1], dtype=np.int8) for p in parts])
                if parts
                else np.zeros(0, np.int8)
            )
            s = (
                np.concatenate([p[2] if p[1] == STR else np.full(len(p[0]), "") for p in parts]).astype(str)
                if parts
                else np.zeros(0, str)
            )
            x = np.concatenate(
                [p[2].astype(float) if p[1] in (NUM, BOOL) else np.full(len(p[0]), np.nan) for p in parts]
            ) if parts else np.zeros(0)  # fmt: skip
            cols[path] = Column(owner.astype(np.int64), kind, s, x, self.present[path])
        return EventTable(self.n, cols)


def _pick(
    rng: np.random.Generator, options: list[str] | np.ndarray, k: int, p: list[float] | None = None
) -> np.ndarray:
    return np.asarray(options)[rng.choice(len(options), size=k, p=p)]


def generate(n: int, kind_of: np.ndarray, rng: np.random.Generator) -> EventTable:
    """``n`` events whose kinds (indices into :data:`KINDS`) are ``kind_of``."""
    b = _Builder(n)
    every = np.arange(n)
    b.add("version", every, np.full(n, "0"))
    b.add("account", every, np.full(n, "123456789012"))
    region = _pick(rng, REGIONS, n, [0.7, 0.2, 0.1])
    b.add("region", every, region)
    b.add("source", every, np.array([k.source for k in KINDS])[kind_of])
    b.add("detail-type", every, np.array([k.detail_type for k in KINDS])[kind_of])
    idx = {k.name: np.nonzero(kind_of == i)[0] for i, k in enumerate(KINDS)}
    shop = np.concatenate([idx["order_placed"], idx["order_shipped"], idx["payment_failed"]])
    b.mark_present("resources", shop)
    b.add("detail.customer.tier", shop, _pick(rng, TIERS, len(shop), [0.1, 0.3, 0.6]))

    o = idx["order_placed"]
    b.add("detail.amount", o, np.round(rng.lognormal(np.log(50), 0.8, len(o)), 2))
    b.add("detail.currency", o, _pick(rng, ["USD", "EUR", "GBP"], len(o), [0.6, 0.3, 0.1]))
    b.add("detail.customer.country", o, _pick(rng, ["US", "DE", "GB", "FR", "JP", "AU"], len(o)))
    n_items = rng.integers(1, 4, len(o))
    b.add("detail.items", np.repeat(o, n_items), np.char.add("sku-", rng.integers(100, 121, n_items.sum()).astype(str)))
    coupon = o[rng.random(len(o)) < 0.2]
    b.add("detail.coupon", coupon, _pick(rng, ["SAVE10", "WELCOME", "BLACKFRIDAY"], len(coupon)))

    s = idx["order_shipped"]
    b.add("detail.carrier", s, _pick(rng, ["UPS", "DHL", "FedEx"], len(s)))
    b.add("detail.express", s, rng.random(len(s)) < 0.3)

    f = idx["payment_failed"]
    b.add("detail.amount", f, np.round(rng.lognormal(np.log(80), 1.0, len(f)), 2))
    b.add(
        "detail.reason",
        f,
        _pick(rng, ["card-declined", "insufficient-funds", "fraud-suspected"], len(f), [0.6, 0.3, 0.1]),
    )
    b.add("detail.retryable", f, rng.random(len(f)) < 0.5)

    e = idx["ec2_state"]
    ids = np.char.add("i-0abc", rng.integers(10, 30, len(e)).astype(str))
    b.add("detail.instance-id", e, ids)
    b.add(
        "detail.state",
        e,
        _pick(rng, ["pending", "running", "stopping", "stopped", "terminated"], len(e), [0.25, 0.3, 0.15, 0.2, 0.1]),
    )
    b.add("resources", e, np.char.add("arn:aws:ec2:us-east-1:123456789012:instance/", ids))

    o3 = idx["s3_object"]
    bucket = _pick(rng, ["shop-uploads", "shop-logs"], len(o3), [0.6, 0.4])
    b.add("detail.bucket.name", o3, bucket)
    folder = np.where(bucket == "shop-logs", "logs/app-", _pick(rng, ["images/p", "reports/r"], len(o3), [0.8, 0.2]))
    ext = np.where(
        bucket == "shop-logs", ".gz", np.where(np.char.startswith(folder, "images"), _pick(rng, [".png", ".jpg"], len(o3)), ".pdf")
    )  # fmt: skip
    b.add("detail.object.key", o3, np.char.add(np.char.add(folder, rng.integers(1, 999, len(o3)).astype(str)), ext))
    b.add("detail.object.size", o3, rng.integers(1_000, 5_000_000, len(o3)).astype(float))
    versioned = rng.random(len(o3)) < 0.5
    b.add("detail.object.version-id", o3[~versioned], np.zeros((~versioned).sum()), kind=NULL)
    b.add("detail.object.version-id", o3[versioned], np.char.add("v", rng.integers(1, 99, versioned.sum()).astype(str)))
    b.add("resources", o3, np.char.add("arn:aws:s3:::", bucket))
    # Drawn last, so adding it left every field above as it was: the client's IP (for cidr patterns).
    buyers = np.concatenate([o, f])
    office = rng.random(len(buyers)) < 0.25  # a quarter from the shop's own office block 203.0.113.0/24
    host = rng.integers(1, 255, (len(buyers), 4)).astype(str)
    ip = np.where(
        office,
        np.char.add("203.0.113.", host[:, 3]),
        np.char.add(np.char.add(np.char.add(np.char.add(host[:, 0], "."), host[:, 1]), "."), np.char.add(np.char.add(host[:, 2], "."), host[:, 3])),
    )  # fmt: skip
    b.add("detail.source-ip", buyers, ip)
    return b.table()


def record(table: EventTable, i: int) -> dict:
    """Event ``i`` as the JSON document EventBridge would deliver (for showing a few samples)."""
    doc: dict = {}
    for path, col in table.columns.items():
        if not col.present[i]:
            continue
        sel = np.nonzero(col.owner == i)[0]
        vals = []
        for j in sel:
            k = col.kind[j]
            vals.append(
                str(col.s[j]) if k == STR else None if k == NULL else bool(col.x[j]) if k == BOOL else _num(col.x[j])
            )
        node = doc
        *parents, leaf = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = vals if path in ARRAY_FIELDS else (vals[0] if vals else None)
    return doc


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)
