"""The Lambda scenario as AWS takes it: PutFunctionConcurrency (reserved concurrency, §6),
PutProvisionedConcurrencyConfig on an alias, and PutFunctionEventInvokeConfig for asynchronous
invocations' maximum event age. The account's concurrency quota is a Service Quotas request, and
the scaling rate is AWS's own: neither is a function setting."""

from __future__ import annotations

from engine.export.aws import Artefact, api, note
from engine.lambda_.config import LambdaConfig

__all__ = ["FUNCTION", "artefacts"]

FUNCTION = "scalelab-function"


def artefacts(c: LambdaConfig) -> tuple[Artefact, ...]:
    """Every artefact of a Lambda scenario."""
    arts = []
    if c.reserved is not None:
        body = {"FunctionName": FUNCTION, "ReservedConcurrentExecutions": int(c.reserved)}
        arts.append(api("PutFunctionConcurrency", "lambda", "PutFunctionConcurrency", body))
    if c.provisioned:
        body = {"FunctionName": FUNCTION, "Qualifier": "live", "ProvisionedConcurrentExecutions": int(c.provisioned)}
        arts.append(
            api(
                "PutProvisionedConcurrencyConfig",
                "lambda",
                "PutProvisionedConcurrencyConfig",
                body,
                "Provisioned concurrency needs a published version or alias ('live' here).",
            )
        )
    if c.invocation != "sync":
        body = {"FunctionName": FUNCTION, "MaximumEventAgeInSeconds": int(c.max_event_age_s)}
        arts.append(api("PutFunctionEventInvokeConfig", "lambda", "PutFunctionEventInvokeConfig", body))
    arts.append(
        note(
            "Account quota and scaling rate",
            f"The account concurrency limit ({c.account_limit:,}) is a Service Quotas increase request "
            "(aws service-quotas request-service-quota-increase), and how fast Lambda scales is AWS's "
            "behaviour (the rules edition chooses which one ScaleLab simulates): no API sets either.",
        )
    )
    return tuple(arts)
