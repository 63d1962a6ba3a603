"""EventBridge patterns: every operator (valid and invalid), vectorised matching vs a per-event
reference.

Semantics from the EventBridge user guide ("Event patterns", "Content filtering"): keys AND,
array values OR, nested objects, exact/prefix/suffix/anything-but/numeric/exists.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.eventbridge import PatternError, match, parse_pattern, record, sample_table

TABLE, KIND_OF = sample_table(2000, seed=1)
DOCS = [record(TABLE, i) for i in range(400)]


def n_match(pattern: dict) -> np.ndarray:
    return match(parse_pattern(json.dumps(pattern)), TABLE)


MISSING = object()


def ref_value(cond, v) -> bool:
    """Per-element reference semantics (the documented rules, written plainly)."""
    if not isinstance(cond, dict):
        if cond is None or isinstance(cond, bool) or v is None or isinstance(v, bool):
            return cond is v or (cond is None and v is None)
        if isinstance(cond, (int, float)):
            return isinstance(v, (int, float)) and float(v) == float(cond)
        return isinstance(v, str) and v == cond
    op, arg = next(iter(cond.items()))
    is_str = isinstance(v, str)
    is_num = isinstance(v, (int, float)) and not isinstance(v, bool)
    if op == "prefix":
        return is_str and v.startswith(arg)
    if op == "suffix":
        return is_str and v.endswith(arg)
    if op == "equals-ignore-case":
        return is_str and v.lower() == arg.lower()
    if op == "numeric":
        if not is_num:
            return False
        ok = True
        for o, n in zip(arg[::2], arg[1::2], strict=True):
            ok &= {"<": v < n, "<=": v <= n, "=": v == n, ">": v > n, ">=": v >= n}[o]
        return ok
    if op == "anything-but":
        if isinstance(arg, dict):
            ((k, s),) = arg.items()
            return is_str and not (v.startswith(s) if k == "prefix" else v.endswith(s))
        vals = arg if isinstance(arg, list) else [arg]
        if isinstance(vals[0], str):
            return not (is_str and v in vals)
        return not (is_num and float(v) in [float(x) for x in vals])
    raise AssertionError(op)


def ref_match(pattern: dict, doc) -> bool:
    for key, val in pattern.items():
        ev = doc.get(key, MISSING) if isinstance(doc, dict) else MISSING
        if isinstance(val, dict):
            if not ref_match(val, ev if isinstance(ev, dict) else {}):
                return False
            continue
        elements = [] if ev is MISSING else (ev if isinstance(ev, list) else [ev])
        ok = False
        for cond in val:
            if isinstance(cond, dict) and "exists" in cond:
                ok |= (ev is not MISSING) == cond["exists"]
            else:
                ok |= any(ref_value(cond, e) for e in elements)
        if not ok:
            return False
    return True


SIZE = next(d for d in DOCS if d["source"] == "aws.s3")["detail"]["object"]["size"]
AMOUNT = next(d for d in DOCS if "amount" in d.get("detail", {}))["detail"]["amount"]
CASES = [
    ({"source": ["aws.ec2"]}, "exact string"),
    ({"detail": {"express": [True]}}, "exact boolean"),
    ({"detail": {"object": {"version-id": [None]}}}, "exact null"),
    ({"detail": {"object": {"size": [SIZE, 5000]}}}, "exact numbers"),
    ({"source": [{"prefix": "com.shop."}]}, "prefix"),
    ({"detail": {"object": {"key": [{"suffix": ".png"}]}}}, "suffix"),
    ({"detail": {"currency": [{"equals-ignore-case": "usd"}]}}, "ignore case"),
    ({"detail": {"state": [{"anything-but": "running"}]}}, "anything-but value"),
    ({"detail": {"state": [{"anything-but": ["running", "pending"]}]}}, "anything-but list"),
    ({"region": [{"anything-but": {"prefix": "us-"}}]}, "anything-but prefix"),
    ({"detail": {"object": {"key": [{"anything-but": {"suffix": ".gz"}}]}}}, "anything-but suffix"),
    ({"detail": {"amount": [{"numeric": [">", 100, "<=", 500]}]}}, "numeric range"),
    ({"detail": {"amount": [{"numeric": ["=", AMOUNT]}]}}, "numeric equal"),
    ({"detail": {"coupon": [{"exists": True}]}}, "exists true"),
    ({"detail": {"coupon": [{"exists": False}]}}, "exists false"),
    ({"detail": {"items": ["sku-100", "sku-101"]}}, "array field, OR values"),
    ({"detail-type": ["Order Placed"], "detail": {"customer": {"tier": ["gold"]}}}, "AND + nested"),
    ({"resources": [{"prefix": "arn:aws:s3:::"}]}, "array of ARNs"),
]


@pytest.mark.parametrize(("pattern", "what"), CASES, ids=[c[1] for c in CASES])
def test_every_operator_matches_like_the_reference(pattern: dict, what: str) -> None:
    """Each documented operator: vectorised result == the plain per-event rules."""
    got = n_match(pattern)[: len(DOCS)]
    want = np.array([ref_match(pattern, d) for d in DOCS])
    assert (got == want).all(), what
    assert want.any(), f"{what}: the case should match something"


def test_hand_counted_cases() -> None:
    """Hand-checked on the first events (see DOCS): exact, exists false and anything-but need presence."""
    ec2 = [i for i, d in enumerate(DOCS) if d["source"] == "aws.ec2"]
    m = n_match({"source": ["aws.ec2"]})
    assert set(np.nonzero(m[: len(DOCS)])[0]) == set(ec2)
    # anything-but needs the field: EC2 events have no detail.reason, so they don't match
    assert not n_match({"detail": {"reason": [{"anything-but": "card-declined"}]}})[ec2].any()
    # exists false matches exactly where the field is absent
    no_coupon = n_match({"detail": {"coupon": [{"exists": False}]}})
    assert (no_coupon == ~TABLE.columns["detail.coupon"].present).all()


def test_numbers_match_numerically() -> None:
    """5 matches 5.0: numeric values compare as numbers."""
    size = DOCS[next(i for i, d in enumerate(DOCS) if d["source"] == "aws.s3")]["detail"]["object"]["size"]
    assert n_match({"detail": {"object": {"size": [float(size)]}}}).any()


BAD = [
    ('{"source": ["aws.ec2"', "", "not valid JSON"),
    ('["aws.ec2"]', "", "must be a JSON object"),
    ("{}", "", "at least one field"),
    ('{"detail": {}}', "detail", "at least one field"),
    ('{"source": "aws.ec2"}', "source", "must be in an array"),
    ('{"source": []}', "source", "must not be empty"),
    ('{"source": [["a"]]}', "source[0]", "got a list"),
    ('{"source": [{"startswith": "a"}]}', "source[0]", "unknown operator 'startswith'"),
    ('{"source": [{"prefix": "a", "suffix": "b"}]}', "source[0]", "exactly one key"),
    ('{"source": [{"prefix": 5}]}', "source[0]", "prefix needs a string"),
    ('{"detail": {"amount": [{"numeric": [">", "x"]}]}}', "detail.amount[0]", "numeric needs"),
    ('{"detail": {"amount": [{"numeric": [">", 10, "<", 5]}]}}', "detail.amount[0]", "range is empty"),
    ('{"detail": {"amount": [{"numeric": [">", 1, ">", 5]}]}}', "detail.amount[0]", "at most one lower"),
    ('{"detail": {"coupon": [{"exists": "yes"}]}}', "detail.coupon[0]", "exists must be true or false"),
    ('{"state": [{"anything-but": ["a", 1]}]}', "state[0]", "only strings or only numbers"),
    ('{"state": [{"anything-but": {"wildcard": "a*"}}]}', "state[0]", "anything-but takes"),
    ('{"state": [{"anything-but": []}]}', "state[0]", "at least one value"),
    ('{"detail.state": ["stopped"]}', "detail.state", "nest objects"),
]


@pytest.mark.parametrize(("text", "path", "rule"), BAD, ids=[b[2] for b in BAD])
def test_invalid_patterns_name_the_place_and_rule(text: str, path: str, rule: str) -> None:
    with pytest.raises(PatternError) as exc:
        parse_pattern(text)
    assert exc.value.path == path
    assert rule in str(exc.value)
    assert isinstance(exc.value, ValueError)


LEAVES = st.sampled_from(
    [
        ("source", ["aws.ec2", {"prefix": "com."}]),
        ("region", [{"anything-but": "us-east-1"}]),
        ("detail.state", ["stopped", {"anything-but": {"prefix": "st"}}]),
        ("detail.amount", [{"numeric": [">=", 50]}, {"numeric": ["<", 20]}]),
        ("detail.customer.tier", ["gold", "silver"]),
        ("detail.coupon", [{"exists": False}]),
        ("detail.items", ["sku-110"]),
        ("detail.object.key", [{"suffix": ".jpg"}, {"prefix": "logs/"}]),
        ("detail.express", [False]),
    ]
)


def _nest(leaves: list) -> dict:
    doc: dict = {}
    for path, vals in leaves:
        *parents, last = path.split(".")
        node = doc
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = vals
    return doc


@given(st.lists(LEAVES, min_size=1, max_size=3, unique_by=lambda x: x[0]))
def test_random_patterns_agree_with_reference(leaves: list) -> None:
    pattern = _nest(leaves)
    got = n_match(pattern)[:150]
    want = np.array([ref_match(pattern, d) for d in DOCS[:150]])
    assert (got == want).all()


def test_match_is_vectorised_over_10k_events() -> None:
    """A 10,000-event batch matches in one pass (timing is in benchmarks/bench_edge.py)."""
    table, _ = sample_table(10_000, seed=0)
    assert match(parse_pattern('{"source": [{"prefix": "com.shop."}]}'), table).shape == (10_000,)
