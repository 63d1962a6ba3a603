"""AWS artefacts: what a learner's scenario looks like in the exact form AWS takes.

Each lab has ``engine/<lab>/aws.py`` with ``artefacts(config) -> tuple[Artefact, ...]``, pure (no
network, no credentials): API call inputs (the JSON that ``aws <service> <command>
--cli-input-json`` reads, keys as in AWS's API model), CloudFormation or SAM templates, and notes
where ScaleLab simulates something AWS cannot express (a course-notes rule), instead of emitting
something AWS would refuse. The test suite checks every API input against botocore's shipped
service model and every template with cfn-lint.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["ACCOUNT", "REGION", "Artefact", "api", "cfn", "note", "text_of"]

REGION = "us-east-1"
ACCOUNT = "123456789012"
"""The placeholder account and region of every ARN an artefact needs (replace with yours)."""


@dataclass(frozen=True)
class Artefact:
    """One export: ``kind`` ``api`` (``service``/``operation`` input ``body``), ``cfn`` (a
    CloudFormation template dict), ``sam`` (SAM template text), ``json`` (a document AWS reads, such
    as a state machine definition) or ``note`` (why something is not exported)."""

    title: str
    kind: str
    body: Any
    how: str = ""
    service: str = ""
    operation: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def filename(self) -> str:
        """A file name for the download."""
        stem = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "artefact"
        return stem + {"cfn": ".yaml", "sam": ".yaml", "note": ".txt"}.get(self.kind, ".json")

    @property
    def language(self) -> str:
        """How the text is highlighted: ``json``, ``yaml`` or plain."""
        return {"cfn": "yaml", "sam": "yaml", "note": "text"}.get(self.kind, "json")


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def api(title: str, service: str, operation: str, body: dict[str, Any], *notes: str) -> Artefact:
    """An API call's input; ``how`` is the AWS CLI command that sends it."""
    art = Artefact(title, "api", body, service=service, operation=operation, notes=notes)
    how = f"aws {service} {_kebab(operation)} --cli-input-json file://{art.filename}"
    return Artefact(title, "api", body, how, service, operation, notes)


def cfn(
    title: str, resources: dict[str, Any], description: str, *notes: str, parameters: dict[str, Any] | None = None
) -> Artefact:
    """A CloudFormation template of ``resources`` (``parameters``: what the learner fills in)."""
    doc: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09", "Description": description}
    if parameters:
        doc["Parameters"] = parameters
    doc["Resources"] = resources
    art = Artefact(title, "cfn", doc, notes=notes)
    how = f"aws cloudformation deploy --template-file {art.filename} --stack-name scalelab-export"
    return Artefact(title, "cfn", doc, how, notes=notes)


def note(title: str, text: str) -> Artefact:
    """What is not exported, and why."""
    return Artefact(title, "note", text, "Nothing to run: ScaleLab simulates this, AWS has no setting for it.")


def text_of(art: Artefact) -> str:
    """The artefact as the file it downloads as."""
    if art.kind == "cfn":
        return yaml.safe_dump(art.body, sort_keys=False, width=100)
    if art.kind in ("sam", "note"):
        return str(art.body)
    return json.dumps(art.body, indent=2)
