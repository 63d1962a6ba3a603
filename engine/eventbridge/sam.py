"""The SAM template of the EventBridge lab's stack: API → Lambda → DynamoDB, plus the EventBridge rule.

Course notes (AWS SAM): an open-source framework for serverless apps, YAML as the configuration
language, an extension of CloudFormation (so every CloudFormation resource and intrinsic function
works). :func:`template` writes the YAML a learner would write from the lab's settings;
:func:`parse` reads it back — with a ``yaml.SafeLoader`` subclass that understands every
CloudFormation short-form intrinsic (``!Ref``, ``!GetAtt``, ``!Sub``, ``!Join``, ``!If``, ``!Select``,
``!GetAZs``, ``!FindInMap``, ``!ImportValue``, ``!Base64``, ``!Split`` and the condition functions),
which plain ``yaml.safe_load`` rejects — and :func:`settings_from_template` recovers the settings,
so the round trip is testable.

What the template wires up (EventBridge user guide, "Using resource-based policies for Amazon
EventBridge" and "Targets"): an SQS target gets an ``AWS::SQS::QueuePolicy`` letting
``events.amazonaws.com`` call ``sqs:SendMessage`` for this rule only (``aws:SourceArn``); an SNS
target an ``AWS::SNS::TopicPolicy`` for ``sns:Publish``; a Step Functions target has no resource
policy, so the rule target carries a ``RoleArn`` of a role EventBridge assumes to call
``states:StartExecution``. Each runtime gets a handler in its own form (Python/Node.js
``file.function``, Java ``package.Class::method``, .NET ``Assembly::Namespace.Class::Method``, Go on
``provided.al2023`` an executable named ``bootstrap``: Lambda developer guide, handler pages).

Limits: Lambda timeout (aws-facts §6: at most 15 minutes, the Lambda lab's ``MAX_DURATION_S``) and
memory, :data:`TIMEOUT_S` and :data:`MEMORY_MB`; at most :data:`~engine.eventbridge.config.MAX_TARGETS`
targets a rule (EventBridge quotas). A logical ID may name one resource only (CloudFormation: logical
IDs are unique within a template), so names that would collide are refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from engine.core import check_choice, check_int
from engine.eventbridge.config import MAX_TARGETS, TARGETS
from engine.eventbridge.pattern import parse_pattern
from engine.lambda_.config import MAX_DURATION_S, MEMORY_MB

__all__ = [
    "HANDLERS",
    "INTRINSICS",
    "MEMORY_MB",
    "RESERVED_IDS",
    "RUNTIMES",
    "TIMEOUT_S",
    "GetAtt",
    "Intrinsic",
    "Ref",
    "SamSettings",
    "Sub",
    "parse",
    "settings_from_template",
    "template",
]

TIMEOUT_S: tuple[int, int] = (1, MAX_DURATION_S)
"""A Lambda function's timeout range in seconds (aws-facts §6: at most 15 minutes)."""

RUNTIMES: dict[str, str] = {  # course notes: Node.js, Python, Java, Go and C#
    "python3.12": "Python",
    "nodejs20.x": "Node.js",
    "java21": "Java",
    "provided.al2023": "Go (custom runtime)",
    "dotnet8": "C#",
}
HANDLERS: dict[str, str] = {
    "python3.12": "app.handler",  # app.py, def handler(event, context)
    "nodejs20.x": "app.handler",  # app.mjs, export const handler
    "java21": "com.example.orders.OrderHandler::handleRequest",
    "provided.al2023": "bootstrap",  # Go built as an executable named bootstrap
    "dotnet8": "OrderHandler::OrderHandler.Function::FunctionHandler",
}
"""The handler string each runtime expects (Lambda developer guide, one handler page per language)."""
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,63}$")
_TARGET_IDS: dict[str, tuple[str, str]] = {
    "sqs": ("RuleQueue", "AWS::SQS::Queue"),
    "sns": ("RuleTopic", "AWS::SNS::Topic"),
    "sfn": ("RuleStateMachine", "AWS::Serverless::StateMachine"),
}
RESERVED_IDS: tuple[str, ...] = (
    *(name for name, _ in _TARGET_IDS.values()),
    "RuleQueuePolicy",
    "RuleTopicPolicy",
    "RuleStateMachineRole",
    "OrderEventsRule",
    "ServerlessRestApi",
)
"""Logical IDs the template itself uses (SAM adds ``ServerlessRestApi`` for the implicit API)."""
INTRINSICS: dict[str, str] = {
    "!Join": "Fn::Join",
    "!If": "Fn::If",
    "!Select": "Fn::Select",
    "!GetAZs": "Fn::GetAZs",
    "!FindInMap": "Fn::FindInMap",
    "!ImportValue": "Fn::ImportValue",
    "!Base64": "Fn::Base64",
    "!Split": "Fn::Split",
    "!Cidr": "Fn::Cidr",
    "!Equals": "Fn::Equals",
    "!And": "Fn::And",
    "!Or": "Fn::Or",
    "!Not": "Fn::Not",
    "!Condition": "Condition",
}
"""CloudFormation short-form tags (beyond ``!Ref``, ``!GetAtt``, ``!Sub``) and the function each names."""


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


@dataclass(frozen=True, eq=True)
class Intrinsic:
    """Any other short-form intrinsic: ``fn`` is its long name (``Fn::Join``), ``args`` its value."""

    fn: str
    args: Any

    @property
    def long_form(self) -> dict[str, Any]:
        """The same call as CloudFormation's JSON form: ``{"Fn::Join": [...]}``."""
        return {self.fn: self.args}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # no &id001 anchors: write what a person writes
        return True


class _Loader(yaml.SafeLoader):
    pass


_Dumper.add_representer(Ref, lambda d, v: d.represent_scalar("!Ref", v.name))
_Dumper.add_representer(GetAtt, lambda d, v: d.represent_scalar("!GetAtt", f"{v.resource}.{v.attribute}"))
_Dumper.add_representer(Sub, lambda d, v: d.represent_scalar("!Sub", v.text))
_Loader.add_constructor("!Ref", lambda ld, node: Ref(ld.construct_scalar(node)))


def _value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A tag's argument, nested tags included: scalar, list or mapping."""
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return loader.construct_scalar(node)


def _sub(loader: yaml.SafeLoader, node: yaml.Node) -> Sub | Intrinsic:
    """``!Sub 'text'``, or ``!Sub [text, {Var: value}]`` (kept whole as an intrinsic)."""
    if isinstance(node, yaml.ScalarNode):
        return Sub(loader.construct_scalar(node))
    return Intrinsic("Fn::Sub", _value(loader, node))


_Loader.add_constructor("!Sub", _sub)
for _tag, _fn in INTRINSICS.items():
    _Loader.add_constructor(_tag, lambda ld, node, fn=_fn: Intrinsic(fn, _value(ld, node)))


def _represent(dumper: yaml.SafeDumper, v: Intrinsic) -> yaml.Node:
    tag = next((t for t, fn in INTRINSICS.items() if fn == v.fn), "!Sub")
    if isinstance(v.args, list):
        return dumper.represent_sequence(tag, v.args)
    if isinstance(v.args, dict):
        return dumper.represent_mapping(tag, v.args)
    return dumper.represent_scalar(tag, str(v.args))


_Dumper.add_representer(Intrinsic, _represent)


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
        _check_targets(list(self.targets), "targets")
        if self.function == self.table:
            raise ValueError(
                f"function and table must be different logical IDs (a template names each resource once), "
                f"both are {self.function!r}"
            )
        for field in ("function", "table"):
            if getattr(self, field) in RESERVED_IDS:
                raise ValueError(
                    f"{field} {getattr(self, field)!r} is a logical ID the template already uses for another "
                    f"resource; pick a name other than {', '.join(RESERVED_IDS)}"
                )

    @property
    def handler(self) -> str:
        """The handler string for the runtime (:data:`HANDLERS`)."""
        return HANDLERS[self.runtime]


def _check_targets(names: list[str], where: str) -> None:
    """No target twice, at most ``MAX_TARGETS`` (EventBridge quota: 5 targets a rule)."""
    seen = [n for i, n in enumerate(names) if n in names[:i]]
    if seen:
        raise ValueError(
            f"{where} names a target twice ({', '.join(dict.fromkeys(seen))}): a rule sends each target once"
        )
    if len(names) > MAX_TARGETS:
        raise ValueError(
            f"{where}: a rule can have at most {MAX_TARGETS} targets (EventBridge quota), got {len(names)}"
        )


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
                "Handler": s.handler,
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
    targets = []
    rule_arn = GetAtt("OrderEventsRule", "Arn")
    for t in others:
        name, typ = _TARGET_IDS[t]
        if t == "sfn":
            resources[name] = {"Type": typ, "Properties": {"DefinitionUri": "statemachine/order.asl.json"}}
            resources["RuleStateMachineRole"] = _events_role(name)
            targets.append({"Id": name, "Arn": Ref(name), "RoleArn": GetAtt("RuleStateMachineRole", "Arn")})
            continue
        resources[name] = {"Type": typ}
        arn = GetAtt(name, "Arn") if t == "sqs" else Ref(name)
        resources[f"{name}Policy"] = _resource_policy(t, name, arn, rule_arn)
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


def _resource_policy(kind: str, name: str, arn: Any, rule_arn: GetAtt) -> dict[str, Any]:
    """The queue or topic policy that lets EventBridge deliver to it, for this rule only."""
    action, typ, key, ref = (
        ("sqs:SendMessage", "AWS::SQS::QueuePolicy", "Queues", Ref(name))
        if kind == "sqs"
        else ("sns:Publish", "AWS::SNS::TopicPolicy", "Topics", Ref(name))
    )
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": action,
        "Resource": arn,
        "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
    }
    return {
        "Type": typ,
        "Properties": {key: [ref], "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]}},
    }


def _events_role(machine: str) -> dict[str, Any]:
    """The role EventBridge assumes to start the state machine (a Step Functions target's RoleArn)."""
    return {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}
                ],
            },
            "Policies": [
                {
                    "PolicyName": "StartExecution",
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "states:StartExecution", "Resource": Ref(machine)}],
                    },
                }
            ],
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


def _one(res: dict[str, Any], typ: str) -> str:
    names = [k for k, v in res.items() if isinstance(v, dict) and v.get("Type") == typ]
    if len(names) != 1:
        raise ValueError(f"the template must have exactly one {typ} resource for this lab, found {len(names)}")
    return names[0]


def settings_from_template(doc: dict[str, Any]) -> SamSettings:
    """Recover the lab settings from a parsed template (the inverse of :func:`template`);
    ``ValueError`` naming what is missing or not allowed (no ``StopIteration``/``KeyError``)."""
    res = doc["Resources"]
    if not isinstance(res, dict):
        raise ValueError("Resources must be a mapping of logical IDs to resources")
    fn_name = _one(res, "AWS::Serverless::Function")
    table = _one(res, "AWS::DynamoDB::Table")
    p = res[fn_name].get("Properties") or {}
    missing = [k for k in ("Runtime", "MemorySize", "Timeout") if k not in p]
    if missing:
        raise ValueError(f"function {fn_name} lacks {', '.join(missing)}")
    events = p.get("Events") or {}
    if "Api" not in events:
        raise ValueError(f"function {fn_name} needs its Api event (Type: Api, with a Path)")
    rule = (res.get("OrderEventsRule") or {}).get("Properties") or {}
    pattern = events.get("OrderRule", {}).get("Properties", {}).get("Pattern") or rule.get("EventPattern")
    if pattern is None:
        raise ValueError("the template has no event pattern (an EventBridgeRule event or OrderEventsRule)")
    by_arn = {name: kind for kind, (name, _) in _TARGET_IDS.items()}
    ids = [str(t.get("Id")) for t in rule.get("Targets", [])]
    _check_targets(ids, "OrderEventsRule Targets")
    unknown = [i for i in ids if i not in by_arn]
    if unknown:
        raise ValueError(f"OrderEventsRule Targets: unknown target Id {unknown[0]!r}; use one of {', '.join(by_arn)}")
    targets = (["lambda"] if "OrderRule" in events else []) + [by_arn[i] for i in ids]
    return SamSettings(
        function=fn_name,
        runtime=p["Runtime"],
        memory_mb=int(p["MemorySize"]),
        timeout_s=int(p["Timeout"]),
        api_path=events["Api"]["Properties"]["Path"],
        table=table,
        on_demand=(res[table].get("Properties") or {}).get("BillingMode") == "PAY_PER_REQUEST",
        pattern=json.dumps(pattern),
        targets=tuple(targets),
    )
