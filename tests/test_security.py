"""Security defaults, checked: the server settings in ``.streamlit/config.toml``, no HTML rendering
of text, no eval/exec/pickle of user data in the app, and user text shown as text."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.pages.apptest import run_page

ROOT = Path(__file__).resolve().parents[1]
APP_CODE = sorted([ROOT / "app.py", *(p for d in ("app_pages", "views", "engine") for p in (ROOT / d).rglob("*.py"))])
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)><b>bold</b>"


def test_server_settings_are_safe_defaults() -> None:
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 10  # MB; traces are refused past 4 MB anyway
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"  # a learner never sees a traceback


def _code(path: Path) -> str:
    """The file's code with comments and docstring-like lines dropped, so prose does not count."""
    return "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("#"))


def test_no_html_rendering_of_text_anywhere_in_the_app() -> None:
    hits = [str(p.relative_to(ROOT)) for p in APP_CODE if "unsafe_allow_html" in _code(p)]
    assert not hits, f"unsafe_allow_html in {hits}"


@pytest.mark.parametrize(
    "pattern",
    [r"\beval\(", r"\bexec\(", r"\bpickle\.loads?\(", r"\bmarshal\.loads?\(", r"yaml\.load\((?![^)]*Loader=_Loader)",
     r"yaml\.unsafe_load", r"__import__\("],
)  # fmt: skip
def test_no_eval_exec_or_pickle_of_user_data(pattern: str) -> None:
    """tests/test_readme.py's exec of the README is our own text and is not app code."""
    hits = [str(p.relative_to(ROOT)) for p in APP_CODE if re.search(pattern, _code(p))]
    assert not hits, f"{pattern} in {hits}"


def test_yaml_is_read_with_a_safe_loader() -> None:
    sam = (ROOT / "engine" / "eventbridge" / "sam.py").read_text()
    assert re.search(r"class _Loader\(yaml\.SafeLoader\)", sam)


def _shown_as_text(at, text: str) -> None:
    assert not at.exception
    for md in at.markdown:
        assert "<script" not in md.value and "<img" not in md.value, md.value
    for el in at.get("html"):
        raise AssertionError(f"an html element was rendered: {el}")


@pytest.mark.parametrize("text", [SCRIPT, '{"source": ["' + SCRIPT.replace('"', "'") + '"]}'])
@pytest.mark.parametrize(
    ("page", "key"),
    [("app_pages/eventbridge.py", "eventbridge.pattern"), ("app_pages/stepfunctions.py", "stepfunctions.definition")],
)
def test_html_and_script_in_a_text_control_are_shown_as_text(page: str, key: str, text: str) -> None:
    """Not JSON (a notice names the problem) and JSON holding HTML: no element renders it as HTML."""
    at = run_page(page)
    at.text_area(key=key).set_value(text).run()
    _shown_as_text(at, text)
    assert at.text_area(key=key).value == text  # kept as typed, in the text area only
    if text == SCRIPT:
        assert [*at.error, *at.warning], "the bad text is named in a notice"
