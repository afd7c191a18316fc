/**
 * Charts: vega-lite specifications compiled by vega-lite and rendered to SVG by vega in Node
 * (no browser, no canvas: the SVG renderer needs neither), one chart per key metric: the median
 * across runs as a line and the 5-95% band as an area, one colour per scenario.
 */
import type { TopLevelSpec } from "vega-lite"
import type { BandRow } from "./Bands.ts"

/** The vega-lite spec of one band chart. */
export const bandChartSpec = (title: string, rows: ReadonlyArray<BandRow>): TopLevelSpec => ({
  $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  title,
  width: 560,
  height: 220,
  data: { values: rows as Array<BandRow> },
  encoding: {
    x: { field: "epoch", type: "quantitative", title: "epoch" },
    color: { field: "scenario", type: "nominal", title: "scenario", legend: { orient: "bottom", labelLimit: 400 } }
  },
  layer: [
    { mark: { type: "area", opacity: 0.2 }, encoding: { y: { field: "p5", type: "quantitative", title: title }, y2: { field: "p95" } } },
    { mark: { type: "line", strokeWidth: 2 }, encoding: { y: { field: "p50", type: "quantitative" } } }
  ],
  config: { font: "sans-serif", axis: { labelFontSize: 11, titleFontSize: 12 } }
})

/** Render a vega-lite spec to an SVG string. */
export const renderSvg = async (spec: TopLevelSpec): Promise<string> => {
  // Loaded on first use: vega and vega-lite take about a second to import, and only reports need them.
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")])
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
