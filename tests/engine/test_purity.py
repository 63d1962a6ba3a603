"""The engine stays pure: no UI library is imported anywhere under engine/ (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"
FORBIDDEN = ("streamlit", "plotly")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_engine_module_imports_streamlit_or_plotly() -> None:
    files = sorted(ENGINE.rglob("*.py"))
    assert files, "engine/ has no modules"
    offenders = {
        str(f.relative_to(ENGINE.parent)): sorted(m for m in imported_modules(f) if m.split(".")[0] in FORBIDDEN)
        for f in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_engine_uses_no_global_random_state() -> None:
    """Randomness only from a Generator made from the seed (np.random.default_rng)."""
    bad = []
    for f in ENGINE.rglob("*.py"):
        text = f.read_text()
        for call in (
            "np.random.seed(",
            "np.random.rand(",
            "np.random.randn(",
            "np.random.randint(",
            "np.random.normal(",
            "np.random.poisson(",
            "np.random.choice(",
            "np.random.uniform(",
            "import random\n",
            "time.time(",
            "datetime.now(",
        ):
            if call in text:
                bad.append(f"{f.name}: {call.strip()}")
    assert bad == []
