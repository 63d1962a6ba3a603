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


def test_every_short_form_intrinsic_parses_through_the_safe_loader() -> None:
    """CloudFormation short forms (template reference, "Intrinsic function reference"): each tag
    becomes its long-form function, nested tags included; the loader is a SafeLoader subclass."""
    from engine.eventbridge.sam import Intrinsic, _Loader

    assert issubclass(_Loader, yaml.SafeLoader)
    text = """
Resources:
  A:
    Properties:
      Join: !Join [",", [a, !Ref B]]
      If: !If [IsProd, big, small]
      Select: !Select [0, !GetAZs ""]
      Map: !FindInMap [RegionMap, !Ref "AWS::Region", AMI]
      Import: !ImportValue SharedVpc
      B64: !Base64 "hello"
      Split: !Split ["|", "a|b|c"]
      SubVars: !Sub ["${X}-q", {X: !Ref B}]
      Cond: !Equals [!Ref Env, prod]
"""
    p = parse(text)["Resources"]["A"]["Properties"]
    assert p["Join"] == Intrinsic("Fn::Join", [",", ["a", Ref("B")]])
    assert p["If"].long_form == {"Fn::If": ["IsProd", "big", "small"]}
    assert p["Select"] == Intrinsic("Fn::Select", [0, Intrinsic("Fn::GetAZs", "")])
    assert p["Map"] == Intrinsic("Fn::FindInMap", ["RegionMap", Ref("AWS::Region"), "AMI"])
    assert p["Import"] == Intrinsic("Fn::ImportValue", "SharedVpc")
    assert p["B64"] == Intrinsic("Fn::Base64", "hello")
    assert p["Split"] == Intrinsic("Fn::Split", ["|", "a|b|c"])
    assert p["SubVars"] == Intrinsic("Fn::Sub", ["${X}-q", {"X": Ref("B")}])
    assert p["Cond"] == Intrinsic("Fn::Equals", [Ref("Env"), "prod"])


def test_targets_get_their_permissions_and_the_handler_fits_the_runtime() -> None:
    """EventBridge user guide (resource-based policies): SQS and SNS targets need a policy letting
    events.amazonaws.com SendMessage / Publish, scoped to the rule (aws:SourceArn); a Step
    Functions target needs a RoleArn of a role allowed states:StartExecution."""
    res = parse(template(SamSettings(targets=("sqs", "sns", "sfn"), runtime="java21")))["Resources"]
    q = res["RuleQueuePolicy"]["Properties"]
    (stmt,) = q["PolicyDocument"]["Statement"]
    assert res["RuleQueuePolicy"]["Type"] == "AWS::SQS::QueuePolicy" and q["Queues"] == [Ref("RuleQueue")]
    assert stmt["Principal"] == {"Service": "events.amazonaws.com"} and stmt["Action"] == "sqs:SendMessage"
    assert stmt["Resource"] == GetAtt("RuleQueue", "Arn")
    assert stmt["Condition"] == {"ArnEquals": {"aws:SourceArn": GetAtt("OrderEventsRule", "Arn")}}
    t = res["RuleTopicPolicy"]
    assert t["Type"] == "AWS::SNS::TopicPolicy" and t["Properties"]["Topics"] == [Ref("RuleTopic")]
    assert t["Properties"]["PolicyDocument"]["Statement"][0]["Action"] == "sns:Publish"
    targets = {x["Id"]: x for x in res["OrderEventsRule"]["Properties"]["Targets"]}
    assert targets["RuleStateMachine"]["RoleArn"] == GetAtt("RuleStateMachineRole", "Arn")
    assert "RoleArn" not in targets["RuleQueue"]
    role = res["RuleStateMachineRole"]["Properties"]
    assert role["Policies"][0]["PolicyDocument"]["Statement"][0]["Action"] == "states:StartExecution"
    assert res["OrderHandler"]["Properties"]["Handler"] == "com.example.orders.OrderHandler::handleRequest"
    handlers = {r: SamSettings(runtime=r).handler for r in RUNTIMES}
    assert handlers["provided.al2023"] == "bootstrap" and handlers["python3.12"] == "app.handler"
    assert handlers["dotnet8"].count("::") == 2  # Assembly::Namespace.Class::Method


@pytest.mark.parametrize(
    ("kw", "needle"),
    [
        ({"function": "Orders"}, "function and table must be different logical IDs"),
        ({"table": "RuleQueue"}, "table 'RuleQueue' is a logical ID the template already uses"),
        ({"function": "OrderEventsRule"}, "already uses"),
        ({"targets": ("sqs", "sqs")}, "names a target twice \\(sqs\\)"),
    ],
)
def test_collisions_and_duplicate_targets_are_refused(kw: dict, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        SamSettings(**kw)


def _with_targets(ids: list[str]) -> str:
    doc = template(SamSettings(targets=("sqs",)))
    body = "".join(f"\n      - Id: {i}\n        Arn: x" for i in ids)
    return doc.replace(
        "      Targets:\n      - Id: RuleQueue\n        Arn: !GetAtt RuleQueue.Arn", "      Targets:" + body
    )


def test_template_targets_are_checked_with_a_clear_message() -> None:
    """A duplicate target, more than 5 (EventBridge quota) or a missing function: ValueError, never StopIteration."""
    assert settings_from_template(parse(_with_targets(["RuleQueue", "RuleTopic"]))).targets == ("sqs", "sns")
    with pytest.raises(ValueError, match="names a target twice"):
        settings_from_template(parse(_with_targets(["RuleQueue", "RuleQueue"])))
    with pytest.raises(ValueError, match="at most 5 targets"):
        settings_from_template(parse(_with_targets([f"T{i}" for i in range(6)])))
    with pytest.raises(ValueError, match="unknown target Id 'Other'"):
        settings_from_template(parse(_with_targets(["Other"])))
    with pytest.raises(ValueError, match="exactly one AWS::Serverless::Function"):
        settings_from_template(parse("Resources:\n  T: {Type: AWS::DynamoDB::Table}\n"))
