"""EventBridge patterns: every operator (valid and invalid), vectorised matching vs a per-event
reference.

Semantics from the EventBridge user guide ("Event patterns", "Content filtering", "Comparison
operators for use in event patterns"): keys AND, array values OR, nested objects, ``$or``,
exact/prefix/suffix (and their equals-ignore-case forms)/equals-ignore-case/wildcard/anything-but
(value, list, prefix, suffix, equals-ignore-case, wildcard)/numeric/cidr/exists.
"""

from __future__ import annotations

import ipaddress
import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.eventbridge import OPERATORS, PatternError, match, parse_pattern, record, sample_table

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
    if op in ("prefix", "suffix") and isinstance(arg, dict):
        low = arg["equals-ignore-case"].lower()
        return is_str and (v.lower().startswith(low) if op == "prefix" else v.lower().endswith(low))
    if op == "prefix":
        return is_str and v.startswith(arg)
    if op == "suffix":
        return is_str and v.endswith(arg)
    if op == "wildcard":
        return is_str and ref_wildcard(arg, v)
    if op == "cidr":
        try:
            return is_str and ipaddress.ip_address(v) in ipaddress.ip_network(arg, strict=False)
        except ValueError:
            return False
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
            if k == "equals-ignore-case":
                return is_str and v.lower() not in [x.lower() for x in (s if isinstance(s, list) else [s])]
            if k == "wildcard":
                return is_str and not any(ref_wildcard(w, v) for w in (s if isinstance(s, list) else [s]))
            return is_str and not (v.startswith(s) if k == "prefix" else v.endswith(s))
        vals = arg if isinstance(arg, list) else [arg]
        if isinstance(vals[0], str):
            return not (is_str and v in vals)
        return not (is_num and float(v) in [float(x) for x in vals])
    raise AssertionError(op)


def ref_wildcard(text: str, v: str) -> bool:
    """A wildcard written plainly: split on unescaped *, the pieces must appear in order."""
    pieces = [p.replace("\\*", "*") for p in re.split(r"(?<!\\)\*", text)]
    if len(pieces) == 1:
        return v == pieces[0]
    if not (v.startswith(pieces[0]) and v.endswith(pieces[-1])) or len(v) < len(pieces[0]) + len(pieces[-1]):
        return False
    at = len(pieces[0])
    end = len(v) - len(pieces[-1])
    for p in pieces[1:-1]:
        j = v.find(p, at, end)
        if j < 0:
            return False
        at = j + len(p)
    return True


def ref_match(pattern: dict, doc) -> bool:
    for key, val in pattern.items():
        if key == "$or":
            if not any(ref_match(alt, doc) for alt in val):
                return False
            continue
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
    ({"source": [{"prefix": {"equals-ignore-case": "COM.SHOP."}}]}, "prefix ignore case"),
    ({"detail": {"object": {"key": [{"suffix": {"equals-ignore-case": ".PNG"}}]}}}, "suffix ignore case"),
    ({"detail": {"object": {"key": [{"wildcard": "images/*.png"}]}}}, "wildcard"),
    ({"detail": {"object": {"key": [{"wildcard": "*p1*"}]}}}, "wildcard inside"),
    ({"detail": {"state": [{"anything-but": {"equals-ignore-case": ["RUNNING", "Pending"]}}]}}, "anything-but ic"),
    ({"detail": {"object": {"key": [{"anything-but": {"wildcard": "logs/*"}}]}}}, "anything-but wildcard"),
    ({"detail": {"source-ip": [{"cidr": "203.0.113.0/24"}]}}, "cidr"),
    ({"detail": {"source-ip": [{"cidr": "10.0.0.0/8"}, {"cidr": "203.0.113.128/25"}]}}, "two cidr blocks"),
    ({"$or": [{"source": ["aws.ec2"]}, {"detail": {"amount": [{"numeric": [">", 200]}]}}]}, "$or at the top"),
    (
        {
            "source": [{"prefix": "com.shop."}],
            "detail": {"$or": [{"coupon": [{"exists": True}]}, {"carrier": ["DHL"]}]},
        },
        "$or nested, ANDed with a key",
    ),
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


def test_or_and_case_forms_hand_checked() -> None:
    """Hand-built events (docs examples): ``{"prefix": {"equals-ignore-case": "EventB"}}`` matches
    "eventbridge" and "EVENTBRIDGE" but not "myEventB"; ``$or`` of two sub-patterns matches either;
    ``anything-but`` ``equals-ignore-case`` refuses "INITIALIZING"; ``wildcard`` ``dir/*.png``
    matches "dir/a.png" and "dir/x/y.png" (``*`` crosses "/") but not "dir/a.PNG"; ``cidr``
    10.0.0.0/24 holds 10.0.0.255 but not 10.0.1.0 (the /24 covers 10.0.0.0-10.0.0.255)."""
    from engine.eventbridge.matching import STR, Column, EventTable

    def table(values: list[str]) -> EventTable:
        n = len(values)
        col = Column(np.arange(n), np.full(n, STR, np.int8), np.array(values), np.full(n, np.nan), np.ones(n, bool))
        return EventTable(n, {"f": col, "g": col})

    def hits(pattern: dict, values: list[str]) -> list[bool]:
        return match(parse_pattern(json.dumps(pattern)), table(values)).tolist()

    assert hits({"f": [{"prefix": {"equals-ignore-case": "EventB"}}]}, ["eventbridge", "EVENTBRIDGE", "myEventB"]) == [
        True,
        True,
        False,
    ]
    assert hits({"f": [{"suffix": {"equals-ignore-case": ".png"}}]}, ["a.PNG", "a.png", "a.jpg"]) == [True, True, False]
    assert hits({"$or": [{"f": ["a"]}, {"g": [{"prefix": "b"}]}]}, ["a", "bc", "c"]) == [True, True, False]
    assert hits({"f": [{"anything-but": {"equals-ignore-case": "initializing"}}]}, ["INITIALIZING", "running"]) == [
        False,
        True,
    ]
    assert hits({"f": [{"wildcard": "dir/*.png"}]}, ["dir/a.png", "dir/x/y.png", "dir/a.PNG"]) == [True, True, False]
    assert hits({"f": [{"wildcard": "a\\*b"}]}, ["a*b", "axb"]) == [True, False]
    assert hits({"f": [{"cidr": "10.0.0.0/24"}]}, ["10.0.0.255", "10.0.1.0", "not-an-ip"]) == [True, False, False]
    assert hits({"f": [{"cidr": "2001:db8::/32"}]}, ["2001:db8::1", "10.0.0.1"]) == [True, False]


def test_operator_list_is_the_documented_one() -> None:
    """Every comparison operator of the EventBridge operators page that this lab simulates."""
    assert set(OPERATORS) == {
        "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric", "cidr", "exists"
    }  # fmt: skip


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
    ('{"state": [{"anything-but": {"contains": "a"}}]}', "state[0]", "anything-but takes"),
    ('{"source": [{"contains": "a"}]}', "source[0]", "unknown operator 'contains'"),
    ('{"source": {"prefix": "aws."}}', "source.prefix", "'prefix' is an operator, not a field"),
    ('{"$and": [{"a": ["b"]}, {"c": ["d"]}]}', "$and", "unknown operator '$and'"),
    ('{"$or": [{"a": ["b"]}]}', "$or", "at least two pattern objects"),
    ('{"$or": [{"a": ["b"]}, {}]}', "$or[1]", "at least one field"),
    ('{"$or": [{"a": ["b"]}, {"c": [{"wildcard": 1}]}]}', "c[0]", "wildcard needs a string"),
    ('{"key": [{"wildcard": "a**b"}]}', "key[0]", "two * in a row"),
    ('{"ip": [{"cidr": "10.0.0.0"}]}', "ip[0]", "cidr needs an IP block"),
    ('{"ip": [{"cidr": "10.0.0.300/8"}]}', "ip[0]", "not a valid IPv4 or IPv6 block"),
    ('{"n": [{"numeric": [">", 6e9]}]}', "n[0]", "from -5.0e9 to 5.0e9"),
    ('{"s": [{"prefix": {"equals-ignore-case": 3}}]}', "s[0]", "prefix equals-ignore-case needs a string"),
    ('{"s": [{"suffix": {"wildcard": "x"}}]}', "s[0]", "suffix takes a string or"),
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
