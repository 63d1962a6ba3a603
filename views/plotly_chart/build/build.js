// Builds ../bundle/plotly-scalelab.min.js: plotly.js with only the trace types ScaleLab draws.
//
// Why: the full plotly.min.js (4.7 MB) takes 1.1-1.7 s to evaluate on a 2-core machine, on the
// main thread, before a page's first chart can draw; this bundle (1.3 MB) about 0.2 s. The build
// follows plotly.js's own esbuild configuration (esbuild-config.js in its package) with its
// documented custom-bundle entry point: lib/core plus one registered module per trace type.
//
// The plotly.js version must be the one the pinned plotly Python package ships (its figure JSON is
// written for it); tests/views/test_plotly_bundle.py checks the banner below against both.
// Rebuild after changing TRACES or a version: npm ci && npm run build
"use strict";

const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");
const InlineCSSPlugin = require("esbuild-plugin-inline-css");
const { environmentPlugin } = require("esbuild-plugin-environment");

// Every trace type a ScaleLab figure uses ("scatter" is in plotly.js's core).
const TRACES = ["scatter", "bar", "heatmap", "contour", "barpolar", "scatterpolar"];
const OUT = path.join(__dirname, "..", "bundle", "plotly-scalelab.min.js");

const version = require("plotly.js/package.json").version;
const modules = TRACES.filter((t) => t !== "scatter").map((t) => `require("plotly.js/lib/${t}")`);
const entry = `var Plotly = require("plotly.js/lib/core");\nPlotly.register([${modules.join(", ")}]);\nmodule.exports = Plotly;\n`;
const banner = `/**\n* plotly.js v${version}, partial bundle: traces ${TRACES.join(", ")}\n* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/`;

esbuild
  .build({
    stdin: { contents: entry, resolveDir: __dirname, sourcefile: "scalelab-plotly-entry.js" },
    outfile: OUT,
    format: "iife",
    globalName: "Plotly",
    bundle: true,
    minify: true,
    legalComments: "eof",
    banner: { js: banner },
    plugins: [InlineCSSPlugin(), environmentPlugin({ NODE_DEBUG: false })],
    alias: { stream: "stream-browserify" },
    define: { global: "window", "define.amd": "false" },
    target: "es2016",
    logLevel: "info",
  })
  .then(() => console.log(`${OUT}: ${fs.statSync(OUT).size.toLocaleString()} bytes`))
  .catch(() => process.exit(1));
