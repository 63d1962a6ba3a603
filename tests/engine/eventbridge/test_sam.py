"""SAM template: generated YAML, the CloudFormation short-form tag loader, and the round trip.

Course notes (AWS SAM): YAML configuration, an extension of CloudFormation. Limits aws-facts §6.
"""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from engine.eventbridge.sam import RUNTIMES, GetAtt, Ref, SamSettings, Sub, parse, settings_from_template, template


def test_template_is_the_stack_the_lab_describes() -> None:
    doc = parse(template(SamSettings(targets=("lambda", "sqs"))))
    assert doc["Transform"] == "AWS::Serverless-2016-10-31"
    res = doc["Resources"]
    fn = res["OrderHandler"]
    assert fn["Type"] == "AWS::Serverless::Function"
    assert fn["Properties"]["Events"]["Api"]["Type"] == "Api"
    assert fn["Properties"]["Events"]["OrderRule"]["Properties"]["Pattern"] == {"source": ["com.shop.orders"]}
    assert fn["Properties"]["Environment"]["Variables"]["TABLE_NAME"] == Ref("Orders")
    assert res["Orders"]["Type"] == "AWS::DynamoDB::Table"
    assert res["OrderEventsRule"]["Properties"]["Targets"] == [{"Id": "RuleQueue", "Arn": GetAtt("RuleQueue", "Arn")}]
    assert isinstance(doc["Outputs"]["ApiUrl"]["Value"], Sub)


def test_short_form_tags_are_written_plainly_and_plain_safe_load_rejects_them() -> None:
    text = template(SamSettings(targets=("sqs", "sns")))
    assert "!Ref Orders" in text and "!GetAtt RuleQueue.Arn" in text and "&id" not in text
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.safe_load(text)


def test_loader_reads_both_getatt_forms() -> None:
    doc = parse("Resources:\n  A: {Arn: !GetAtt [Q, Arn], B: !GetAtt Q.Arn, C: !Ref X, D: !Sub 'x-${AWS::Region}'}\n")
    a = doc["Resources"]["A"]
    assert a["Arn"] == a["B"] == GetAtt("Q", "Arn") and a["C"] == Ref("X") and a["D"] == Sub("x-${AWS::Region}")


def test_bad_templates_and_settings() -> None:
    with pytest.raises(ValueError, match="not valid YAML"):
        parse("Resources: [unclosed")
    with pytest.raises(ValueError, match="Resources section"):
        parse("just: text")
    with pytest.raises(ValueError, match="timeout_s must be between 1 and 900"):
        SamSettings(timeout_s=901)
    with pytest.raises(ValueError, match="memory_mb must be between 128 and 10240"):
        SamSettings(memory_mb=64)
    with pytest.raises(ValueError, match="function must start with a letter"):
        SamSettings(function="order-handler")
    with pytest.raises(ValueError, match=r"source\[0\]"):
        SamSettings(pattern='{"source": [{"nope": 1}]}')


PATTERNS = st.sampled_from(
    [
        {"source": ["com.shop.orders"]},
        {"detail": {"amount": [{"numeric": [">", 10, "<=", 99.5]}], "coupon": [{"exists": False}]}},
        {"region": [{"anything-but": {"prefix": "us-"}}], "detail-type": ["A", "B"]},
    ]
)


@given(
    st.sampled_from(sorted(RUNTIMES)),
    st.integers(128, 10_240),
    st.integers(1, 900),
    st.booleans(),
    PATTERNS,
    st.lists(st.sampled_from(["lambda", "sqs", "sns", "sfn"]), unique=True, max_size=4),
    st.sampled_from(["/orders", "/v1/orders/{id}"]),
)
def test_round_trip(runtime, memory, timeout, on_demand, pattern, targets, path) -> None:
    """settings -> YAML -> parsed -> settings is the identity (target order: lambda first)."""
    order = sorted(targets, key=lambda t: (t != "lambda", ["sqs", "sns", "sfn"].index(t) if t != "lambda" else 0))
    s = SamSettings(
        runtime=runtime, memory_mb=memory, timeout_s=timeout, on_demand=on_demand,
        pattern=json.dumps(pattern), targets=tuple(order), api_path=path,
    )  # fmt: skip
    text = template(s)
    assert settings_from_template(parse(text)) == s
    assert template(settings_from_template(parse(text))) == text
