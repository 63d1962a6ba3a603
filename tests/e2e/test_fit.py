"""Every page fits a laptop and a projector: at 1280×720 and 1400×1000 no button label, metric
label, metric value, event-log cell, toggle or checkbox label, radio label or select-box value is
cut; at 1400×1000 no chart legend runs past its chart; and at both sizes the first chart starts
on the first screen with at least its top 100 px in view.

"Cut" is measured, not judged: an element whose content is wider than its box (``scrollWidth >
clientWidth``) is either clipped with an ellipsis or spills over its neighbour. Pages come from the
catalogue (``views.catalog``), so a new lab is checked without touching this file.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import wait_idle
from views.catalog import HOME, available

PAGES = available()
VIEWPORTS = ((1280, 720), (1400, 1000))
SHOWN_PX = 100  # of the first chart, on the first screen

# Elements that must show their whole text, each with what it is (for the failure message).
CUT = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const found = [];
  const check = (el, what) => {
    const text = (el.tagName === 'INPUT' ? el.value : el.textContent).trim();  // a select box shows its value in an input
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && text) {
      found.push(`${what} "${text.slice(0, 80)}" (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  };
  const groups = [
    ['button', '[data-testid^=stBaseButton]'],
    ['metric label', '[data-testid=stMetric] label'],
    ['metric value', '[data-testid=stMetricValue]'],
    ['metric note', '[data-testid=stMetricDelta]'],
    ['event-log cell', '.scalelab-event-log .scalelab-event'],
    ['toggle or checkbox label', '[data-testid=stCheckbox] label'],
    ['radio label', '[data-testid=stRadio] label'],
    ['select-box value', '[data-testid=stSelectbox] input'],
    ['multiselect value', '[data-testid=stMultiSelect] [role=group]'],
  ];
  for (const [what, selector] of groups) {
    for (const el of main.querySelectorAll(selector)) {
      check(el, what);
      el.querySelectorAll('*').forEach((child) => check(child, what));
    }
  }
  return [...new Set(found)];
}"""
# Chart legends that run past their chart's edges (Plotly clips them there).
LEGEND_OUT = """() => {
  const found = [];
  for (const chart of document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')) {
    const box = chart.getBoundingClientRect();
    for (const legend of chart.querySelectorAll('g.infolayer > g[class^=legend]')) {
      const r = legend.getBoundingClientRect();
      if (r.width && (r.right > box.right + 1 || r.left < box.left - 1)) {
        found.push(`legend "${legend.textContent.trim().slice(0, 80)}" (${Math.round(r.left - box.left)} to ${Math.round(r.right - box.left)} px in a ${Math.round(box.width)} px chart)`);
      }
    }
  }
  return found;
}"""
FIRST_CHART_TOP = """() => {
  const el = document.querySelector('[data-testid=stMain] .js-plotly-plot');
  return el ? el.getBoundingClientRect().top + window.scrollY : null;
}"""


def path_of(lab) -> str:  # type: ignore[no-untyped-def]
    return "/" if lab.file == HOME else f"/{lab.url_path}"


def test_the_check_finds_a_cut_label(page) -> None:  # type: ignore[no-untyped-def]
    """The measurement can fail: a button label cut by an ellipsis is reported."""
    page.goto(page.base_url + "/")
    wait_idle(page)
    page.evaluate(
        """() => { const main = document.querySelector('[data-testid=stMain]');
        const b = document.createElement('button'); b.setAttribute('data-testid', 'stBaseButton-secondary');
        b.style.cssText = 'width: 60px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis';
        b.textContent = 'Scale up for a launch, then down'; main.prepend(b);
        const cut = 'width: 60px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis';
        const t = document.createElement('div'); t.setAttribute('data-testid', 'stCheckbox');
        t.innerHTML = `<label><p style="${cut}">Add a Spot CE 2 after CE 1</p></label>`; main.prepend(t);
        const s = document.createElement('div'); s.setAttribute('data-testid', 'stSelectbox');
        s.innerHTML = `<input style="width: 60px" value="BEST_FIT_PROGRESSIVE">`; main.prepend(s);
        const c = document.createElement('div'); c.className = 'js-plotly-plot'; c.style.width = '100px';
        c.innerHTML = `<svg width="300" height="20"><g class="infolayer"><g class="legend">
          <rect width="300" height="20"></rect><text y="15">On-demand cost</text></g></g></svg>`;
        main.prepend(c); }"""
    )
    assert any(o.startswith('legend "On-demand cost"') for o in page.evaluate(LEGEND_OUT))
    cut = page.evaluate(CUT)
    assert any(c.startswith('button "Scale up for a launch') for c in cut), cut
    assert any(c.startswith('toggle or checkbox label "Add a Spot CE 2') for c in cut), cut
    assert any(c.startswith('select-box value "BEST_FIT_PROGRESSIVE') for c in cut), cut


@pytest.mark.parametrize("lab", PAGES, ids=[lab.prefix for lab in PAGES])
def test_nothing_is_cut_and_the_first_chart_is_on_the_first_screen(page, lab) -> None:  # type: ignore[no-untyped-def]
    """One load per page, measured at each screen size in turn (the page re-lays itself out on a
    resize, as it does when a projector is plugged in)."""
    charted = lab.file != HOME and lab.lab != "classroom"  # home and the class-room pages draw no run
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        if width == VIEWPORTS[0][0]:
            page.goto(page.base_url + path_of(lab))
            wait_idle(page, 90.0)
            if charted:
                page.wait_for_function(
                    "document.querySelectorAll('[data-testid=stMain] .js-plotly-plot .main-svg').length >= 1",
                    timeout=60_000,
                )
        page.wait_for_timeout(700)  # fonts, the new width's layout and the charts' own resize settle
        cut = page.evaluate(CUT)
        assert not cut, f"{lab.title} at {width}×{height}: {cut}"
        if charted and (width, height) == (1400, 1000):
            out = page.evaluate(LEGEND_OUT)
            assert not out, f"{lab.title} at {width}×{height}: {out}"
        if charted:  # a projector's 1280 × 720 included: at least the chart's Play row and its top show
            top = page.evaluate(FIRST_CHART_TOP)
            assert top is not None and top < height - SHOWN_PX, f"{lab.title} at {width}×{height}: chart at {top} px"
