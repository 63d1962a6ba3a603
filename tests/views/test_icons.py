"""Icons that need no font: every page, card and callout icon is one of Streamlit's bundled
Material Symbols (served by the app itself), and no emoji is left in the strings of the router, the
catalogue's pages or the view code (a lab PC or a headless browser without an emoji font shows
empty boxes for them)."""

from __future__ import annotations

import ast
import re

import pytest

from views.catalog import LABS, ROOT, START_HERE, available

MATERIAL = re.compile(r"^:material/[a-z0-9_]+:$")


def is_emoji(ch: str) -> bool:
    """Codepoints drawn from an emoji font: pictographs (U+1F000-U+1FAFF), the miscellaneous
    symbols (U+2600-U+26FF: ⚖ ⚡ ⚠), the media-control and clock signs with emoji presentation
    (⏩-⏳, ⏸-⏺, ⌚ ⌛), the dingbats with emoji presentation (✅ ❌ ✨ ⭐), and the variation
    selector and joiner that build emoji sequences."""
    o = ord(ch)
    return (
        0x1F000 <= o <= 0x1FAFF
        or 0x2600 <= o <= 0x26FF
        or 0x23E9 <= o <= 0x23F3
        or 0x23F8 <= o <= 0x23FA
        or o in {0x231A, 0x231B, 0x2705, 0x274C, 0x2728, 0x2B50, 0xFE0F, 0x200D}
    )


def strings(path: str) -> list[tuple[int, str]]:
    """Every string literal of a Python file (f-string parts included), with its line."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def checked_files() -> list[str]:
    views = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "views").rglob("*.py"))
    return ["app.py", *(lab.file for lab in available()), *views]


def test_the_emoji_check_can_fail() -> None:
    assert all(is_emoji(c) for c in "📈⚖⚡✅❌🗄⏹⏭⏱") and not any(is_emoji(c) for c in "→–×✕▶ ")


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.prefix)
def test_every_catalogue_icon_is_a_material_symbol(lab) -> None:
    assert MATERIAL.match(lab.icon), f"{lab.file}: icon {lab.icon!r} is not :material/<name>:"


@pytest.mark.parametrize("path", checked_files())
def test_no_emoji_in_page_or_view_strings(path: str) -> None:
    found = [(line, s) for line, s in strings(path) if any(is_emoji(c) for c in s)]
    assert not found, f"{path}: emoji in {found[:3]} (use :material/<name>: icons)"


def test_the_start_here_path_is_five_existing_labs_in_teaching_order() -> None:
    files = [file for file, _ in START_HERE]
    assert files[:5] == [
        "app_pages/coupling.py",
        "app_pages/autoscaling_policies.py",
        "app_pages/queues.py",
        "app_pages/kinesis.py",
        "app_pages/dynamodb.py",
    ]
    catalogued = {lab.file for lab in available()}
    assert set(files) <= catalogued
    assert all(why and why[0].islower() and not why.endswith(".") for _, why in START_HERE)
