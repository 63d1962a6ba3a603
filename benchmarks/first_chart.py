"""Where a direct load's time goes, in real headless Chromium: the timeline from opening a page's
address in a fresh browser context (nothing cached) to its first chart drawn, beside the same for
a trivial one-chart Streamlit page (the floor ``benchmarks/browser.py`` subtracts).

Every moment is read in the page, on one clock (ms since navigation start): the HTML and
Streamlit's scripts (resource timing), the websocket's opening and every message on it (decoded
with Streamlit's own protocol classes: the session's first delta, the first chart's delta, the
script's end), the Plotly bundle's download and evaluation, the first chart's ``Plotly.react``,
the long tasks on the main thread, and the browser's own totals (Chrome DevTools Protocol
``Performance.getMetrics``: script, layout and style time).

    python benchmarks/first_chart.py dynamodb          # a page whose url path contains "dynamodb"
    python benchmarks/first_chart.py --loads 3 dynamodb queues
    python benchmarks/first_chart.py --cpu dynamodb    # and one load under the JS sampling profiler
    python benchmarks/first_chart.py --compare /path/to/other/checkout dynamodb   # loads in turn
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import shutil
import statistics
import time
from pathlib import Path

from browser import CHART_DRAWN_JS, PATIENCE_MS, VIEWPORT, app_server, prime, trivial_server
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.conftest import warm_up
from tests.e2e.server import CHROMIUM_ARGS, streamlit_server
from views.catalog import available

# Installed before any of the page's own scripts: records every websocket message (time, bytes),
# long tasks, when window.Plotly appears (the end of the bundle's evaluation), the first chart's
# Plotly.react/newPlot, and the first element and first drawn chart in the page's main area.
PROBE_JS = """
(() => {
  const T = (window.__t = { ws: [], long: [], marks: {} });
  const mark = (name) => { if (!(name in T.marks)) T.marks[name] = performance.now(); };
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    mark('ws_created');
    ws.addEventListener('open', () => mark('ws_open'));
    ws.addEventListener('message', (ev) => {
      const t = performance.now();
      const keep = (buf) => {
        const b = new Uint8Array(buf); let s = '';
        for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
        T.ws.push({ t, n: b.length, raw: btoa(s) });
      };
      if (ev.data instanceof ArrayBuffer) keep(ev.data);
      else if (ev.data && ev.data.arrayBuffer) ev.data.arrayBuffer().then(keep);
    });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  try {
    new PerformanceObserver((l) => l.getEntries().forEach((e) => T.long.push([e.startTime, e.duration])))
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  let plotly;
  Object.defineProperty(window, 'Plotly', {
    configurable: true,
    get: () => plotly,
    set: (v) => {
      plotly = v; mark('plotly_global');
      for (const fn of ['react', 'newPlot']) {
        const orig = v[fn];
        v[fn] = function (...a) {
          const t0 = performance.now();
          const p = orig.apply(this, a);
          Promise.resolve(p).then(() => { if (!T.marks[fn + '_first']) T.marks[fn + '_first'] = [t0, performance.now()]; });
          return p;
        };
      }
    },
  });
  new MutationObserver(() => {
    if (document.querySelector('[data-testid=stMain] [data-testid=stElementContainer]')) mark('first_main_element');
    if (document.querySelector('[data-testid=stMain] .scalelab-chart, [data-testid=stMain] .stPlotlyChart')) mark('chart_mounted');
    if (document.querySelector('[data-testid=stMain] .js-plotly-plot .main-svg')) mark('chart_drawn');
    if (document.querySelector('.scalelab-chart')) mark('warm_element_mounted');
    if (document.querySelector('[data-testid=stCode]')) mark('code_drawn');
    const n = document.querySelectorAll('[data-testid=stElementContainer]').length;
    for (const k of [10, 40, 80, 120]) if (n >= k) mark('elements_' + k);
  }).observe(document, { childList: true, subtree: true });
})();
"""

RESOURCES_JS = """() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation')).map(e => ({
    name: e.name, start: e.startTime, end: e.responseEnd, size: e.encodedBodySize, raw: e.decodedBodySize,
    kind: e.initiatorType }))"""


def _kind(msg: ForwardMsg) -> str:
    """A short label for one protocol message: its type, and for a delta what it draws."""
    kind = msg.WhichOneof("type")
    if kind != "delta":
        return kind or "?"
    delta = msg.delta
    what = delta.WhichOneof("type")
    if what == "new_element":
        el = delta.new_element.WhichOneof("type")
        if el == "bidi_component":
            return f"delta bidi:{delta.new_element.bidi_component.component_name}"
        return f"delta {el}"
    return f"delta {what}"


def _decode(raw: str) -> str:
    msg = ForwardMsg()
    msg.ParseFromString(base64.b64decode(raw))
    return _kind(msg)


def timeline(browser, url: str, profile: bool = False) -> dict:  # type: ignore[no-untyped-def]
    """One direct load of ``url``: the named moments (ms since navigation start) and sizes."""
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.add_init_script(PROBE_JS)
    pg = ctx.new_page()
    cdp = ctx.new_cdp_session(pg)
    cdp.send("Performance.enable")
    if profile:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
    pg.goto(url)
    pg.wait_for_function(CHART_DRAWN_JS, timeout=PATIENCE_MS, polling="raf")
    time.sleep(1.5)  # let the script finish and the rest of the page draw
    data = pg.evaluate("() => window.__t")
    res = pg.evaluate(RESOURCES_JS)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    cpu = cdp.send("Profiler.stop")["profile"] if profile else None
    ctx.close()
    out: dict = {"marks": dict(data["marks"]), "long": data["long"], "metrics": metrics, "cpu": cpu}
    msgs = [(m["t"], m["n"], _decode(m["raw"])) for m in data["ws"]]
    out["msgs"] = msgs
    first = {}
    for t, n, kind in msgs:
        if kind.startswith("delta") and "first_delta" not in first:
            first["first_delta"] = t
        if kind == "new_session":
            first.setdefault("new_session", t)
        chart = kind in ("delta plotly_chart", "delta bidi:scalelab.chart") and n > 2000
        if chart and "chart_delta" not in first:
            first["chart_delta"] = t
        if kind == "script_finished":
            first.setdefault("script_finished", t)
    out["marks"].update(first)
    out["resources"] = res
    return out


def _ms(v) -> str:  # type: ignore[no-untyped-def]
    return "-" if v is None else f"{v:8,.0f}"


def show(name: str, runs: list[dict]) -> None:
    """Print the median of each moment over ``runs``, then the first run's resources and tasks."""
    print(f"== {name}: median over {len(runs)} direct load(s), ms since navigation start")
    names = sorted(
        {k for r in runs for k in r["marks"]},
        key=lambda k: statistics.median(_t(r, k) for r in runs if k in r["marks"]),
    )
    for k in names:
        vals = [_t(r, k) for r in runs if k in r["marks"]]
        extra = ""
        for fn in ("react_first", "newPlot_first"):
            if k == fn:
                extra = f"  (took {statistics.median(r['marks'][k][1] - r['marks'][k][0] for r in runs if k in r['marks']):,.0f} ms)"
        print(f"  {k:<22} {statistics.median(vals):8,.0f}{extra}")
    r = runs[0]
    print("  resources (first load): start -> end ms, KB on the wire / KB decoded")
    for e in sorted(r["resources"], key=lambda e: e["start"]):
        if e["start"] > 500 or e["size"] > 20_000 or e["kind"] == "navigation":
            print(
                f"    {e['start']:7,.0f} -> {e['end']:7,.0f}  {e['size'] / 1024:7,.0f} / {e['raw'] / 1024:7,.0f}  {e['name'][-70:]}"
            )
    print("  long tasks (first load): start ms + duration ms")
    print("    " + ", ".join(f"{s:,.0f}+{d:,.0f}" for s, d in r["long"]))
    m = r["metrics"]
    print(
        f"  main thread totals: script {m.get('ScriptDuration', 0) * 1000:,.0f} ms, layout "
        f"{m.get('LayoutDuration', 0) * 1000:,.0f} ms, style {m.get('RecalcStyleDuration', 0) * 1000:,.0f} ms, "
        f"all tasks {m.get('TaskDuration', 0) * 1000:,.0f} ms"
    )
    kinds: dict[str, list[int]] = {}
    for _, n, kind in r["msgs"]:
        kinds.setdefault(kind, []).append(n)
    print(
        "  websocket messages (first load): "
        + ", ".join(f"{k} x{len(v)} ({sum(v) / 1024:,.0f} KB)" for k, v in kinds.items())
    )
    print(flush=True)


def show_cpu(run: dict, top: int = 25) -> None:
    """The main thread's JavaScript time of one load (CDP sampling profiler), by script and by
    function (self time), and by 500 ms window: what the time between the deltas and the drawn
    chart is spent on."""
    prof = run["cpu"]
    nodes = {n["id"]: n for n in prof["nodes"]}
    t = prof["startTime"]
    by_file: dict[str, float] = {}
    by_fn: dict[str, float] = {}
    by_window: dict[int, dict[str, float]] = {}
    origin = None
    for sample, dt in zip(prof["samples"], prof["timeDeltas"], strict=True):
        t += dt
        node = nodes[sample]
        frame = node["callFrame"]
        name = frame["url"].rsplit("/", 1)[-1] or "(" + frame["functionName"].strip("()") + ")"
        fn = f"{frame['functionName'] or '(anonymous)'} {name}:{frame['lineNumber']}"
        if name in ("(idle)", "(program)"):
            continue
        by_file[name] = by_file.get(name, 0) + dt / 1000
        by_fn[fn] = by_fn.get(fn, 0) + dt / 1000
        origin = origin if origin is not None else t
        w = by_window.setdefault(int((t - prof["startTime"]) / 500_000), {})
        w[name] = w.get(name, 0) + dt / 1000
    print(
        "  JS self time by script (ms): "
        + ", ".join(f"{k} {v:,.0f}" for k, v in sorted(by_file.items(), key=lambda kv: -kv[1])[:12])
    )
    print("  JS self time by function (ms):")
    for k, v in sorted(by_fn.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {v:7,.0f}  {k[:110]}")
    print("  JS self time per 500 ms of the profile (its start is about the navigation's):")
    for w, files in sorted(by_window.items()):
        busy = sum(files.values())
        print(
            f"    {w * 500:6,}-{w * 500 + 500:6,}: {busy:4,.0f} ms  "
            + ", ".join(f"{k} {v:,.0f}" for k, v in sorted(files.items(), key=lambda kv: -kv[1])[:4])
        )


def _t(run: dict, key: str) -> float:
    v = run["marks"][key]
    return v[1] if isinstance(v, list) else v


def main() -> None:
    """Profile the trivial page and every matching lab page."""
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("filters", nargs="+", help="pages whose url path contains one of these")
    ap.add_argument("--loads", type=int, default=3, help="direct loads per page")
    ap.add_argument("--compare", type=Path, help="another checkout of the app, loaded in turn with this one")
    ap.add_argument("--cpu", action="store_true", help="one more load under the CDP sampling profiler")
    args = ap.parse_args()
    labs = [p for p in available() if p.file != "app_pages/home.py" and any(f in p.url_path for f in args.filters)]
    with contextlib.ExitStack() as stack:
        triv = stack.enter_context(trivial_server())
        base = stack.enter_context(streamlit_server())
        pw = stack.enter_context(sync_playwright())
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        other_base = stack.enter_context(app_server(args.compare / "app.py", cwd=args.compare)) if args.compare else ""
        for app in (base, other_base) if other_base else (base,):
            warm_up(browser, app)
        prime(browser, triv + "/")
        show("trivial one-chart page", [timeline(browser, triv + "/") for _ in range(args.loads)])
        for lab in labs:
            url = f"{base}/{lab.url_path}"
            other = f"{other_base}/{lab.url_path}"
            prime(browser, url)
            if other_base:
                prime(browser, other)
                runs = {"this": [], "other": []}
                for _ in range(args.loads):
                    runs["other"].append(timeline(browser, other))
                    runs["this"].append(timeline(browser, url))
                show(lab.title + " [other checkout]", runs["other"])
                show(lab.title + " [this checkout]", runs["this"])
            else:
                show(lab.title, [timeline(browser, url) for _ in range(args.loads)])
            if args.cpu:
                for name, where in ((("other checkout", other),) if other_base else ()) + (("this checkout", url),):
                    run = timeline(browser, where, profile=True)
                    show(f"{lab.title} [{name}, profiled]", [run])
                    show_cpu(run)
        browser.close()


if __name__ == "__main__":
    main()
