"""Browser helpers for the sweep panel (views/sweep/), shared by its browser test and
benchmarks/sweep.py: open the panel, set the points per axis, run a sweep and wait for the heat
map, find a cell's position on screen."""

from __future__ import annotations

import time

from tests.e2e.conftest import wait_idle

PANEL = "[data-testid=stExpander]:has-text('Sweep two settings')"
HEATMAP = f"{PANEL} .js-plotly-plot"
CHART_JS = """[...document.querySelectorAll('[data-testid=stExpander]')]
    .filter(e => e.innerText.includes('Sweep two settings'))
    .map(e => e.querySelector('.js-plotly-plot'))[0]"""
_CELLS_JS = (
    """(n) => {
    const el = """
    + CHART_JS
    + """;
    if (!el || !el._fullData) return false;
    const heat = el._fullData.find(t => t.type === 'heatmap');
    if (!heat || !heat.z || !heat.z.length) return false;
    const cells = heat.z.length * heat.z[0].length;
    return cells === n && el.querySelector('.heatmaplayer image') !== null;
}"""
)


def open_sweep_panel(pg, points: int) -> None:  # type: ignore[no-untyped-def]
    """Wait for the page, open the panel and set both axes to ``points`` values."""
    panel = pg.locator(PANEL)
    panel.wait_for(timeout=180_000)
    wait_idle(pg, 120.0)
    panel.locator("summary").click()
    for which in ("X", "Y"):
        box = panel.get_by_role("spinbutton", name=f"{which} points")
        box.fill(str(points))
        box.press("Enter")
        time.sleep(0.3)
        wait_idle(pg, 60.0)
    pg.get_by_role("button", name=f"Run sweep ({points * points:,} scenarios)").wait_for()


def run_sweep_and_wait(pg, cells: int, timeout_s: float = 120.0) -> float:  # type: ignore[no-untyped-def]
    """Press Run sweep and wait until the heat map of ``cells`` cells is drawn; seconds taken."""
    button = pg.locator(PANEL).get_by_role("button", name="Run sweep")
    t0 = time.perf_counter()
    button.click()
    pg.wait_for_function(_CELLS_JS, arg=cells, timeout=timeout_s * 1000, polling=20)
    return time.perf_counter() - t0


def cell_centre(pg, i: int, j: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """The page coordinates of the centre of cell (column ``i``, row ``j``) of the heat map."""
    return pg.evaluate(
        """([i, j]) => {
            const el = """
        + CHART_JS
        + """;
            el.scrollIntoView({block: "center"});
            const heat = el._fullData.find(t => t.type === 'heatmap');
            const xa = el._fullLayout.xaxis, ya = el._fullLayout.yaxis;
            const box = el.getBoundingClientRect();
            const x = box.left + xa._offset + xa.d2p(heat.x[i]);
            const y = box.top + ya._offset + ya.d2p(heat.y[j]);
            return [x, y];
        }""",
        [i, j],
    )
