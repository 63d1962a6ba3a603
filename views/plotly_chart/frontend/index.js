// ScaleLab's Plotly chart: a Streamlit components-v2 element that draws a figure once and then
// updates it in place with Plotly.react, so a slider move never tears the chart down.
//
// Data arrives as bytes: a 32-character digest of the payload, a newline, then JSON
//   {"figure": {"data": [...], "layout": {...}, "frames": [...]?, "anim": {...}?}, "config": {...}}
// or {"warm": true} (the home page: load the bundle while the page is idle).
// A payload with "clicks": true reports a click on a data point as the "click" trigger
// {curve, point, x, y} (a heat map's point is [row, column]); the server's on_click runs on it.
// A payload whose digest equals the one already drawn is not even parsed.
//
// "anim" describes frames that are prefixes of the base arrays (views/animation.py): each frame
// shows the first cuts[k] points of the traces listed in "prefix" and, for the event trace, its
// first keeps[k] markers. The frames are built here from the arrays already sent, instead of being
// sent as dozens of copies.
//
// Plotly itself is ScaleLab's partial plotly.js bundle (../bundle/plotly-scalelab.min.js: the
// release of the pinned plotly Python package, only the trace types ScaleLab draws), served by the
// app's own server as the asset of the "scalelab.plotly_bundle" component (nothing from a CDN).

const BUNDLE_URL = new URL("../scalelab.plotly_bundle/plotly-scalelab.min.js", import.meta.url).href;
const decoder = new TextDecoder();
const charts = new WeakMap(); // parentElement -> {div, digest, queue}

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!window.__scalelabPlotly) {
    window.__scalelabPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = BUNDLE_URL;
      script.async = true;
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        window.__scalelabPlotly = undefined;
        reject(new Error(`could not load the chart library from ${BUNDLE_URL}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__scalelabPlotly;
}

// Plotly's Play/Pause buttons and time scrubber run Plotly.animate; an animation interrupted by the
// next one (Pause, a scrubber step, Play again) rejects its promise with no reason, and the buttons
// leave that rejection unhandled, so the page would log an error each time a learner pauses.
// A rejection with no reason right after one of our charts reported "animation interrupted" is
// that case and is not reported; any other rejection still is.
let lastInterrupt = -Infinity;
if (typeof window !== "undefined") {
  window.addEventListener("unhandledrejection", (event) => {
    if (event.reason === undefined && performance.now() - lastInterrupt < 2000) event.preventDefault();
  });
}

function warmWhenIdle() {
  const go = () => loadPlotly().catch((e) => console.warn(e.message));
  if (window.requestIdleCallback) window.requestIdleCallback(go, { timeout: 2000 });
  else setTimeout(go, 500);
}

const DTYPES = {
  f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
  u2: Uint16Array, i4: Int32Array, u4: Uint32Array,
};

// A 1-D base64 typed-array spec {dtype, bdata} as a typed array; anything else unchanged.
export function decoded(value) {
  if (!value || typeof value !== "object" || typeof value.bdata !== "string" || value.shape) return value;
  const Type = DTYPES[value.dtype];
  if (!Type) return value;
  const raw = atob(value.bdata);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Type(bytes.buffer);
}

export function buildFrames(data, anim) {
  const ys = anim.prefix.map((i) => (data[i].y = decoded(data[i].y)));
  const ev = anim.event;
  const ex = ev === null ? null : (data[ev].x = decoded(data[ev].x));
  const traces = ev === null ? anim.prefix : [...anim.prefix, ev];
  const head = (a, n) => (a.subarray ? a.subarray(0, n) : a.slice(0, n));
  return anim.cuts.map((cut, k) => {
    const fdata = ys.map((y) => ({ y: head(y, cut) }));
    if (ex !== null) fdata.push({ x: head(ex, anim.keeps[k]) });
    return { name: String(k), data: fdata, traces };
  });
}

function payload(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  return { digest: decoder.decode(bytes.subarray(0, 32)), body: () => JSON.parse(decoder.decode(bytes.subarray(33))) };
}

// Presentation mode (views/presentation.py) sets --scalelab-chart-fill: every chart is then drawn
// as tall as the window less that many pixels, one chart per screen.
function fillHeight() {
  const spare = Number(getComputedStyle(document.documentElement).getPropertyValue("--scalelab-chart-fill").trim());
  return spare > 0 ? Math.max(320, window.innerHeight - spare) : 0;
}

// Charts drawn for the first time take turns, one per frame, in the order they were mounted (top
// of the page first): the browser paints each chart as it is drawn. Drawn in one task, as they were,
// a five-chart page painted nothing until all five were drawn (0.4-0.6 s after the first was).
let firstDraws = Promise.resolve();
function firstDrawTurn() {
  const turn = firstDraws.then(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  firstDraws = turn;
  return turn;
}

async function draw(state, spec) {
  const Plotly = await loadPlotly();
  if (!state.drawn) await firstDrawTurn();
  const fig = spec.figure;
  const tall = fillHeight();
  const layout = tall ? { ...fig.layout, height: tall } : fig.layout;
  const frames = fig.anim ? buildFrames(fig.data, fig.anim) : fig.frames;
  if (state.drawn && state.div._transitionData && state.div._transitionData._frameQueue?.length) {
    // Stop a playing animation before its frames are replaced.
    await Plotly.animate(state.div, [null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition: { duration: 0 } });
  }
  await Plotly.react(state.div, { data: fig.data, layout, frames: frames || [], config: spec.config });
  state.div.style.minHeight = "";
  if (!state.drawn) {
    state.div.on("plotly_animationinterrupted", () => (lastInterrupt = performance.now()));
    state.div.on("plotly_click", (event) => reportClick(state, event));
  }
  state.drawn = true;
  if (spec.play && spec.play !== state.played && frames && frames.length) {
    // A lesson's Play or a class room's reveal: run the chart's own Replay button, once per token.
    state.played = spec.play;
    const replay = replayArgs(fig.layout);
    if (replay) Plotly.animate(state.div, ...replay).catch(() => undefined);
  }
}

// The arguments of the figure's Replay button (an animate button that starts from the first frame).
export function replayArgs(layout) {
  for (const menu of (layout && layout.updatemenus) || []) {
    for (const b of menu.buttons || []) {
      if (b.method === "animate" && b.args && b.args[0] === null && b.args[1] && b.args[1].fromcurrent === false) return b.args;
    }
  }
  return null;
}

// The clicked point as plain JSON (Plotly's event points refer back to the whole figure).
export function clickedPoint(event) {
  const p = event && event.points && event.points[0];
  if (!p) return null;
  return { curve: p.curveNumber, point: p.pointNumber ?? p.pointIndex ?? null, x: p.x ?? null, y: p.y ?? null };
}

function reportClick(state, event) {
  if (!state.clicks || !state.setTriggerValue) return;
  const point = clickedPoint(event);
  if (point) state.setTriggerValue("click", point);
}

export default function render({ data, parentElement, setTriggerValue }) {
  if (data === null || data === undefined) return undefined;
  const { digest, body } = payload(data);
  let state = charts.get(parentElement);
  if (!state) {
    // One chart per element: a div left by an earlier mount (its state gone) is removed, never stacked.
    for (const old of parentElement.querySelectorAll(":scope > .scalelab-chart")) {
      if (window.Plotly) window.Plotly.purge(old);
      old.remove();
    }
    const div = document.createElement("div");
    div.className = "scalelab-chart";
    div.style.width = "100%";
    parentElement.appendChild(div);
    state = { div, digest: null, queue: Promise.resolve(), drawn: false, pending: null };
    // Streamlit calls the returned cleanup before every render with new data, not only when the
    // element goes away, so it must not tear the chart down: the state lives as long as its
    // element (a WeakMap key), and a removed element takes its chart with it.
    state.cleanup = () => {};
    charts.set(parentElement, state);
  }
  state.setTriggerValue = setTriggerValue;
  const fill = fillHeight();
  if (state.digest === digest && state.fill === fill) return state.cleanup; // the same figure: nothing to do
  state.digest = digest;
  state.fill = fill;
  const spec = body();
  if (spec.warm) {
    warmWhenIdle();
    return state.cleanup;
  }
  state.clicks = spec.clicks === true;
  if (!state.drawn && spec.figure.layout && spec.figure.layout.height) state.div.style.minHeight = `${spec.figure.layout.height}px`;
  // Updates are applied in order; only the newest one still waiting is drawn.
  state.pending = spec;
  state.queue = state.queue
    .then(() => (state.pending === spec ? draw(state, spec) : undefined))
    .catch((e) => console.error(`ScaleLab chart: ${e && e.message ? e.message : e}`));
  return state.cleanup;
}
