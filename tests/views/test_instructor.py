"""The instructor link: the page's parameters kept, one ``lock`` parameter replacing any earlier one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from views.instructor import locked_url


def test_lock_is_added_and_replaces_an_earlier_one() -> None:
    url = locked_url("http://x/dynamodb", {"dynamodb.wcu": ["800"], "lock": ["rcu"]}, ["wcu", "rcu"])
    query = parse_qs(urlsplit(url).query)
    assert query == {"dynamodb.wcu": ["800"], "lock": ["wcu,rcu"]}


def test_no_lock_no_parameter() -> None:
    assert locked_url("http://x/kinesis", {}, []) == "http://x/kinesis"
    assert "lock" not in locked_url("http://x/kinesis", {"lock": ["shards"]}, [])
