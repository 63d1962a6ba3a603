"""Renamed labs keep their old import paths: a notebook written before the rename still runs."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import engine


@pytest.mark.parametrize(("old", "new"), sorted(engine.MOVED.items()))
def test_old_path_is_the_new_module(old: str, new: str) -> None:
    with pytest.warns(DeprecationWarning) if f"engine.{old}" not in sys.modules else _nothing():
        module = importlib.import_module(f"engine.{old}")
    assert module is importlib.import_module(f"engine.{new}")
    assert getattr(engine, old) is module


def test_an_old_path_warns_once_and_names_the_new_one() -> None:
    """In a fresh interpreter: the first import warns, naming the new path; the second is silent."""
    code = (
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "with warnings.catch_warnings(record=True) as w:\n"
        "    from engine.events import parse_pattern\n"
        "    import engine.events\n"
        "    from engine.events import match\n"
        "msgs = [str(x.message) for x in w if issubclass(x.category, DeprecationWarning)]\n"
        "print(len(msgs)); print(msgs[0])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=engine.__path__[0] + "/.."
    )
    count, message = out.stdout.splitlines()
    assert count == "1"
    assert "engine.events has moved to engine.eventbridge" in message


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
