"""Check AWS artefacts against AWS's own models, offline: botocore's shipped service models for API
inputs, cfn-lint's bundled specifications for CloudFormation and SAM templates."""

from __future__ import annotations

import functools

import botocore.session
import botocore.validate
import cfnlint.api

from engine.export.aws import Artefact, text_of


@functools.cache
def _session() -> botocore.session.Session:
    return botocore.session.get_session()


def api_errors(service: str, operation: str, params: dict) -> str:
    """botocore's report of what is wrong with ``params`` for ``operation`` (empty: valid)."""
    shape = _session().get_service_model(service).operation_model(operation).input_shape
    report = botocore.validate.ParamValidator().validate(params, shape)
    return report.generate_report() if report.has_errors() else ""


def template_errors(text: str) -> list[str]:
    """cfn-lint's errors and warnings for a template (its bundled specs; nothing fetched)."""
    return [str(m) for m in cfnlint.api.lint(text, regions=["us-east-1"])]


def errors(art: Artefact) -> list[str]:
    """Every validation problem of one artefact."""
    if art.kind == "api":
        report = api_errors(art.service, art.operation, art.body)
        return [f"{art.title}: {report}"] if report else []
    if art.kind in ("cfn", "sam"):
        return [f"{art.title}: {e}" for e in template_errors(text_of(art))]
    return []
