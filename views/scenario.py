"""A scenario as a file: every control of a page, the rules edition and the seed, as versioned JSON.

A link carries a scenario only as long as the link lives; a file can be mailed, kept beside a
report and uploaded again on the same page. :func:`dump` writes it, :func:`read` checks one the way
the URL guard checks a link (a value a control cannot take is named with what it allows and the
control's default is used; a name that is no control of the page is named and ignored), and never
raises: a file for another page, an unknown version or text that is not JSON gives one sentence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.rules import EDITIONS
from views.controls import ControlSpec

__all__ = ["SEED_MAX", "VERSION", "Imported", "check", "dump", "read"]

VERSION = 1
"""The scenario file format (``"scalelab": 1``)."""
SEED_MAX = 999_999
"""The sidebar's seed range (app.py)."""
_SHOWN = 40


def _plain(value: Any) -> Any:
    """``value`` as JSON holds it: tuples become lists, anything unusual its text."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def dump(
    page: str, path: str, values: Mapping[str, Any], specs: Mapping[str, ControlSpec], rules: str, seed: int
) -> bytes:
    """The scenario file of ``page`` (its URL prefix) at address ``path``: each control's value and
    default by name (without the page prefix), the rules edition and the seed."""
    prefix = f"{page}."
    controls = {
        key.removeprefix(prefix): {"value": _plain(values.get(key, spec.default)), "default": _plain(spec.default)}
        for key, spec in specs.items()
    }
    doc = {"scalelab": VERSION, "page": page, "path": path, "rules": rules, "seed": int(seed), "controls": controls}
    return json.dumps(doc, indent=2, ensure_ascii=False).encode()


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    text = text.replace("`", "'").replace("\n", " ")
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _number(v: Any, spec: ControlSpec) -> float | int | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    if not spec.lo <= v <= spec.hi:
        return None
    if spec.integer:
        return int(v) if float(v).is_integer() else None
    return float(v)


def check(v: Any, spec: ControlSpec) -> tuple[bool, Any, str]:
    """``(usable, value as the widget takes it, what is allowed)`` for a file's value of a control."""
    if spec.kind == "number":
        kind = "a whole number" if spec.integer else "a number"
        allowed = f"{kind} from {spec.lo} to {spec.hi}"
        if isinstance(spec.default, (tuple, list)):
            allowed = f"two of {kind}s from {spec.lo} to {spec.hi}, low first"
            pair = [_number(x, spec) for x in v] if isinstance(v, list) and len(v) == 2 else [None]
            ok = None not in pair and pair[0] <= pair[1]
            return ok, (tuple(pair) if ok else None), allowed
        n = _number(v, spec)
        return n is not None, n, allowed
    if spec.kind in ("choice", "multi"):
        plain = [_plain(o) for o in spec.options]
        allowed = "one of " + ", ".join(_shown(p) for p in plain)
        if spec.kind == "multi":
            allowed = "a list of " + allowed.removeprefix("one of ")
            if not isinstance(v, list) or any(x not in plain for x in v):
                return False, None, allowed
            return True, [spec.options[plain.index(x)] for x in dict.fromkeys(v)], allowed
        if isinstance(v, bool) != isinstance(spec.default, bool) or v not in plain:
            return False, None, allowed
        return True, spec.options[plain.index(v)], allowed
    if spec.kind == "bool":
        return isinstance(v, bool), v, "true or false"
    limit = spec.max_chars
    ok = isinstance(v, str) and (limit is None or len(v) <= limit)
    return ok, v, f"text of at most {limit} characters" if limit else "text"


@dataclass
class Imported:
    """What a scenario file sets: ``values`` by full key (checked), ``rules``/``seed`` (or ``None``:
    keep), ``later`` (values of controls not drawn now: checked once they are), and ``notices``."""

    values: dict[str, Any] = field(default_factory=dict)
    rules: str | None = None
    seed: int | None = None
    later: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    problem: str | None = None


def _values_of(controls: Any) -> dict[str, Any] | None:
    if not isinstance(controls, dict):
        return None
    return {str(k): (v["value"] if isinstance(v, dict) and "value" in v else v) for k, v in controls.items()}


def read(data: bytes, name: str, page: str, title: str, specs: Mapping[str, ControlSpec]) -> Imported:
    """Check the scenario file ``data`` (called ``name``) for ``page``, whose drawn controls are
    ``specs``. Controls the file leaves out go back to their defaults, so the file alone decides."""
    out = Imported()
    shown = _shown(name)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        out.problem = f"`{shown}` is not a ScaleLab scenario: it is not JSON text ({exc}). Nothing was changed."
        return out
    if not isinstance(doc, dict) or "scalelab" not in doc:
        out.problem = f'`{shown}` is not a ScaleLab scenario: it has no `"scalelab"` version. Nothing was changed.'
        return out
    if doc["scalelab"] != VERSION:
        out.problem = (
            f"`{shown}` is a scenario of format version {_shown(doc['scalelab'])}; this ScaleLab reads version "
            f"{VERSION}. Nothing was changed."
        )
        return out
    if doc.get("page") != page:
        out.problem = (
            f"`{shown}` is a scenario of the page `{_shown(doc.get('page'))}`, not of {title} (`{page}`): open that "
            "page and upload it there. Nothing was changed."
        )
        return out
    given = _values_of(doc.get("controls", {}))
    if given is None:
        out.problem = f'`{shown}`: `"controls"` must map control names to values. Nothing was changed.'
        return out
    rules, seed = doc.get("rules", "course"), doc.get("seed", 0)
    if rules in EDITIONS:
        out.rules = rules
    else:
        out.notices.append(
            f"Scenario file `{shown}`: `rules={_shown(rules)}` is not usable (one of {', '.join(EDITIONS)}); "
            "the default 'course' is used instead."
        )
        out.rules = "course"
    if isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed <= SEED_MAX:
        out.seed = seed
    else:
        out.notices.append(
            f"Scenario file `{shown}`: `seed={_shown(seed)}` is not usable (a whole number from 0 to {SEED_MAX}); "
            "the default 0 is used instead."
        )
        out.seed = 0
    for key, spec in specs.items():
        short = key.removeprefix(f"{page}.")
        if short not in given:
            out.values[key] = spec.default
            continue
        raw = given.pop(short)
        ok, value, allowed = check(raw, spec)
        if not ok:
            out.notices.append(
                f"Scenario file `{shown}`: `{short}={_shown(_plain(raw))}` is not "
                f"usable ({allowed}); the default {spec.default!r} is used instead."
            )
            value = spec.default
        out.values[key] = value
    out.later = {f"{page}.{k}": v for k, v in given.items()}
    return out
