"""The SAM template of the EventBridge lab's stack: API → Lambda → DynamoDB, plus the EventBridge rule.

Course notes (AWS SAM): an open-source framework for serverless apps, YAML as the configuration
language, an extension of CloudFormation (so every CloudFormation resource and intrinsic function
works). :func:`template` writes the YAML a learner would write from the lab's settings;
:func:`parse` reads it back — with a loader that understands CloudFormation's short-form tags
(``!Ref``, ``!GetAtt``, ``!Sub``), which plain ``yaml.safe_load`` rejects — and
:func:`settings_from_template` recovers the settings, so the round trip is testable.

Limits (aws-facts §6): Lambda timeout and memory, :data:`TIMEOUT_S` and :data:`MEMORY_MB`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from engine.core import check_choice, check_int
from engine.eventbridge.config import TARGETS
from engine.eventbridge.pattern import parse_pattern

__all__ = [
    "MEMORY_MB",
    "RUNTIMES",
    "TIMEOUT_S",
    "GetAtt",
    "Ref",
    "SamSettings",
    "Sub",
    "parse",
    "settings_from_template",
    "template",
]

TIMEOUT_S: tuple[int, int] = (1, 900)
"""A Lambda function's timeout range in seconds (aws-facts §6: at most 15 minutes)."""
MEMORY_MB: tuple[int, int] = (128, 10_240)
"""A Lambda function's memory range in MB (aws-facts §6)."""

RUNTIMES: dict[str, str] = {  # course notes: Node.js, Python, Java, Go and C#
    "python3.12": "Python",
    "nodejs20.x": "Node.js",
    "java21": "Java",
    "provided.al2023": "Go (custom runtime)",
    "dotnet8": "C#",
}
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")


@dataclass(frozen=True)
class Ref:
    """``!Ref Name``."""

    name: str


@dataclass(frozen=True)
class GetAtt:
    """``!GetAtt Resource.Attribute``."""

    resource: str
    attribute: str


@dataclass(frozen=True)
class Sub:
    """``!Sub 'text with ${Vars}'``."""

    text: str


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # no &id001 anchors: write what a person writes
        return True


class _Loader(yaml.SafeLoader):
    pass


_Dumper.add_representer(Ref, lambda d, v: d.represent_scalar("!Ref", v.name))
_Dumper.add_representer(GetAtt, lambda d, v: d.represent_scalar("!GetAtt", f"{v.resource}.{v.attribute}"))
_Dumper.add_representer(Sub, lambda d, v: d.represent_scalar("!Sub", v.text))
_Loader.add_constructor("!Ref", lambda ld, node: Ref(ld.construct_scalar(node)))
_Loader.add_constructor("!Sub", lambda ld, node: Sub(ld.construct_scalar(node)))


def _getatt(loader: yaml.SafeLoader, node: yaml.Node) -> GetAtt:
    if isinstance(node, yaml.SequenceNode):
        res, att = loader.construct_sequence(node)
    else:
        res, _, att = str(loader.construct_scalar(node)).partition(".")
    return GetAtt(res, att)


_Loader.add_constructor("!GetAtt", _getatt)


@dataclass(frozen=True)
class SamSettings:
    """What the lab lets a learner choose for the stack."""

    function: str = "OrderHandler"
    runtime: str = "python3.12"
    memory_mb: int = 512
    timeout_s: int = 10
    api_path: str = "/orders"
    table: str = "Orders"
    on_demand: bool = True
    pattern: str = '{"source": ["com.shop.orders"]}'
    targets: tuple[str, ...] = ("lambda",)

    def __post_init__(self) -> None:
        for field in ("function", "table"):
            if not _NAME.match(getattr(self, field)):
                raise ValueError(
                    f"{field} must start with a letter and hold only letters and digits (max 64), got {getattr(self, field)!r}"
                )
        check_choice("runtime", self.runtime, RUNTIMES)
        check_int("memory_mb", self.memory_mb, *MEMORY_MB)
        check_int("timeout_s", self.timeout_s, *TIMEOUT_S)
        if not re.match(r"^/[A-Za-z0-9/_{}-]*$", self.api_path):
            raise ValueError(f"api_path must start with / and hold letters, digits, / _ - {{ }}, got {self.api_path!r}")
        parse_pattern(self.pattern)
        object.__setattr__(self, "targets", tuple(self.targets))
        for t in self.targets:
            check_choice("targets entry", t, TARGETS)


def _doc(s: SamSettings) -> dict[str, Any]:
    pattern = json.loads(s.pattern)
    events: dict[str, Any] = {"Api": {"Type": "Api", "Properties": {"Path": s.api_path, "Method": "post"}}}
    if "lambda" in s.targets:
        events["OrderRule"] = {"Type": "EventBridgeRule", "Properties": {"Pattern": pattern}}
    table: dict[str, Any] = {
        "Type": "AWS::DynamoDB::Table",
        "Properties": {
            "TableName": s.table,
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
        },
    }
    if s.on_demand:
        table["Properties"]["BillingMode"] = "PAY_PER_REQUEST"
    else:
        table["Properties"]["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    resources: dict[str, Any] = {
        s.function: {
            "Type": "AWS::Serverless::Function",
            "Properties": {
                "Runtime": s.runtime,
                "Handler": "app.handler",
                "CodeUri": "src/",
                "MemorySize": s.memory_mb,
                "Timeout": s.timeout_s,
                "Environment": {"Variables": {"TABLE_NAME": Ref(s.table)}},
                "Policies": [{"DynamoDBCrudPolicy": {"TableName": Ref(s.table)}}],
                "Events": events,
            },
        },
        s.table: table,
    }
    others = [t for t in s.targets if t != "lambda"]
    kinds = {
        "sqs": ("RuleQueue", "AWS::SQS::Queue"),
        "sns": ("RuleTopic", "AWS::SNS::Topic"),
        "sfn": ("RuleStateMachine", "AWS::Serverless::StateMachine"),
    }
    targets = []
    for t in others:
        name, typ = kinds[t]
        resources[name] = (
            {"Type": typ}
            if t != "sfn"
            else {"Type": typ, "Properties": {"DefinitionUri": "statemachine/order.asl.json"}}
        )
        arn = GetAtt(name, "Arn") if t == "sqs" else Ref(name)
        targets.append({"Id": name, "Arn": arn})
    if targets or "lambda" not in s.targets:  # a rule may have no targets yet: it still holds the pattern
        props: dict[str, Any] = {"EventPattern": pattern}
        if targets:
            props["Targets"] = targets
        resources["OrderEventsRule"] = {"Type": "AWS::Events::Rule", "Properties": props}
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": "ScaleLab EventBridge lab: API -> Lambda -> DynamoDB, and an EventBridge rule",
        "Resources": resources,
        "Outputs": {
            "ApiUrl": {
                "Value": Sub("https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod" + s.api_path)
            }
        },
    }


def template(settings: SamSettings) -> str:
    """The SAM template as YAML text."""
    text = yaml.dump(_doc(settings), Dumper=_Dumper, sort_keys=False, width=100)
    # PyYAML quotes every explicitly tagged scalar; people write `!Ref Orders`, so unquote simple names.
    return re.sub(r"(!Ref|!GetAtt) '([A-Za-z0-9.:]+)'", r"\1 \2", text)


def parse(text: str) -> dict[str, Any]:
    """Read a SAM/CloudFormation YAML template, short-form tags included (``ValueError`` if not YAML)."""
    try:
        doc = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError(f"the template is not valid YAML: {exc}") from None
    if not isinstance(doc, dict) or "Resources" not in doc:
        raise ValueError("a SAM template must be a mapping with a Resources section")
    return doc


def settings_from_template(doc: dict[str, Any]) -> SamSettings:
    """Recover the lab settings from a parsed template (the inverse of :func:`template`)."""
    res = doc["Resources"]
    fn_name = next(k for k, v in res.items() if v.get("Type") == "AWS::Serverless::Function")
    table = next(k for k, v in res.items() if v.get("Type") == "AWS::DynamoDB::Table")
    p = res[fn_name]["Properties"]
    events = p.get("Events", {})
    rule = res.get("OrderEventsRule", {}).get("Properties", {})
    pattern = events.get("OrderRule", {}).get("Properties", {}).get("Pattern") or rule.get("EventPattern")
    by_arn = {"RuleQueue": "sqs", "RuleTopic": "sns", "RuleStateMachine": "sfn"}
    targets = (["lambda"] if "OrderRule" in events else []) + [by_arn[t["Id"]] for t in rule.get("Targets", [])]
    return SamSettings(
        function=fn_name,
        runtime=p["Runtime"],
        memory_mb=int(p["MemorySize"]),
        timeout_s=int(p["Timeout"]),
        api_path=events["Api"]["Properties"]["Path"],
        table=table,
        on_demand=res[table]["Properties"].get("BillingMode") == "PAY_PER_REQUEST",
        pattern=json.dumps(pattern),
        targets=tuple(targets),
    )
