"""ScaleLab's partial plotly.js bundle (``views/plotly_chart/bundle``) matches what draws with it.

The bundle holds only the trace types ScaleLab uses, so it can fall behind in two ways: a figure
starts using a trace type the bundle lacks (Plotly would leave that trace out of the chart), or the
pinned ``plotly`` Python package moves to another plotly.js release (its figure JSON is written for
that release). Each is caught here, with the fix named: add the type to ``TRACES`` in
``views/plotly_chart/build/build.js`` or change the version in its ``package.json``, then
``npm ci && npm run build`` there. The browser test ``tests/e2e/test_charts.py`` checks in Chromium
that the bundle registers exactly the types its banner lists; ``tests/pages/test_trace_types.py``
that every page's charts use only those.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.offline

from views.plotly_chart import BUNDLE_FILE

ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = ROOT / "views" / "plotly_chart"
BUILD = CHART_DIR / "build"
BANNER = re.compile(r"plotly\.js v(?P<version>[\d.]+), partial bundle: traces (?P<traces>[a-z0-9, ]+)\n")
TRACE_TYPES = set(go.Figure()._data_validator.class_strs_map)  # every plotly trace type, by its JSON name
REBUILD = "rebuild it: cd views/plotly_chart/build && npm ci && npm run build"


def banner() -> tuple[str, set[str]]:
    """The plotly.js version and the trace types the built bundle's banner names."""
    head = (CHART_DIR / "bundle" / BUNDLE_FILE).read_text()[:400]
    found = BANNER.search(head)
    assert found, f"the bundle has no ScaleLab banner; {REBUILD}"
    return found["version"], {t.strip() for t in found["traces"].split(",")}


def trace_types_named(text: str) -> set[str]:
    """Trace types a source text names: ``go.Bar(...)`` constructors and ``"type": "barpolar"`` in
    hand-built trace dicts (axis, shape and menu types such as "log" or "line" are not trace types)."""
    found = {name.lower() for name in re.findall(r"\bgo\.([A-Z]\w*)\(", text)}
    found |= set(re.findall(r"""["']type["']\s*:\s*["'](\w+)["']""", text))
    return found & TRACE_TYPES


def traces_in_source() -> set[str]:
    """Trace types the app's code names (``app.py``, ``views``, ``app_pages``)."""
    paths = [ROOT / "app.py", *(p for d in ("views", "app_pages") for p in (ROOT / d).rglob("*.py"))]
    return set().union(*(trace_types_named(path.read_text()) for path in paths))


def test_the_bundle_is_the_plotly_js_release_of_the_pinned_plotly_package() -> None:
    version, _ = banner()
    assert version == plotly.offline.get_plotlyjs_version(), f"the plotly package ships another plotly.js; {REBUILD}"
    pinned = json.loads((BUILD / "package.json").read_text())["devDependencies"]["plotly.js"]
    assert pinned == version
    lock = json.loads((BUILD / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version


def test_the_bundle_holds_the_trace_types_its_recipe_lists() -> None:
    _, traces = banner()
    recipe = re.search(r"const TRACES = \[([^\]]*)\]", (BUILD / "build.js").read_text())
    assert recipe is not None
    assert traces == set(re.findall(r'"(\w+)"', recipe[1])), REBUILD
    assert traces <= TRACE_TYPES


def test_every_trace_type_the_code_names_is_in_the_bundle() -> None:
    _, traces = banner()
    named = traces_in_source()
    assert {"scatter", "bar", "heatmap", "barpolar"} <= named  # the scan finds both ways of naming one
    assert named <= traces, f"not in the bundle: {sorted(named - traces)}; add them to TRACES and {REBUILD}"


def test_the_scan_finds_a_missing_type() -> None:
    """The check can fail: a type named in code and absent from the bundle is reported."""
    _, traces = banner()
    assert "sankey" in TRACE_TYPES and "sankey" not in traces
    text = 'go.Sankey(node={})\nfig = {"data": [{"type": "treemap"}], "layout": {"yaxis": {"type": "log"}}}'
    assert trace_types_named(text) - traces == {"sankey", "treemap"}
