/**
 * Charts: vega-lite specifications compiled by vega-lite and rendered to SVG by vega in Node
 * (no browser, no canvas: the SVG renderer needs neither), one chart per key metric: the median
 * across runs as a line and the 5-95% band as an area, one colour per scenario.
 *
 * Layout is vega-lite configuration only: a readable title with the metric's name beneath, the
 * x axis over the epochs run (no rounding past the last), opaque legend swatches, and a legend
 * that wraps into columns that fit the chart's width (or short keys when a label cannot fit).
 */
import type { TopLevelSpec } from "vega-lite"
import type { BandRow } from "./Bands.ts"

/** Width and height of the plot area, in pixels. */
const WIDTH = 560
const HEIGHT = 220
/**
 * Legend labels' font size, and the width vega gives a character at that size when it renders
 * without a canvas (0.8 x the font size, its estimate in Node): labels are cut to `labelLimit`
 * by that estimate.
 */
const LABEL_FONT = 11
const CHAR_PX = 0.8 * LABEL_FONT
/** A legend entry's swatch, gap and column padding. */
const ENTRY_PAD = 34

const PROPER: Readonly<Record<string, string>> = { nakamoto: "Nakamoto", gini: "Gini", yuma: "Yuma", usd: "USD", hhi: "HHI", sla: "SLA" }

/** "operatorChurnRate" -> "operator churn rate"; proper names and acronyms kept ("Nakamoto", "USD"). */
const words = (camel: string): string =>
  camel
    .split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_\s]+/)
    .filter((w) => w !== "")
    .map((w) => PROPER[w.toLowerCase()] ?? (w.length > 1 && w === w.toUpperCase() ? w : w.toLowerCase()))
    .join(" ")

const capitalized = (s: string): string => (s === "" ? s : s[0]!.toUpperCase() + s.slice(1))

/**
 * A readable title for a metric name: "activeOperators" -> "Active operators",
 * "attack.dos-europe.profit" -> "Attack profit: dos-europe", "activeOperators_europe" ->
 * "Active operators (europe)", "gov.proposalsOpen" -> "Governance: proposals open".
 */
export const metricTitle = (metric: string): string => {
  const attack = /^attack\.(.+)\.([A-Za-z]+)$/.exec(metric)
  if (attack) return `Attack ${words(attack[2]!)}: ${attack[1]}`
  if (metric.startsWith("gov.")) return `Governance: ${words(metric.slice(4))}`
  const region = /^([A-Za-z]+)_(.+)$/.exec(metric)
  if (region) return `${capitalized(words(region[1]!))} (${region[2]})`
  return capitalized(words(metric))
}

/** Legend columns and label width that fit the chart, for labels of these lengths; undefined when one cannot fit even alone. */
const legendLayout = (labels: ReadonlyArray<string>): { readonly columns: number; readonly labelLimit: number } | undefined => {
  const longest = labels.reduce((a, l) => Math.max(a, l.length), 8) * CHAR_PX
  if (longest + ENTRY_PAD > WIDTH) return undefined
  const columns = Math.max(1, Math.min(labels.length, Math.floor(WIDTH / (longest + ENTRY_PAD))))
  return { columns, labelLimit: Math.floor(WIDTH / columns - ENTRY_PAD) }
}

/**
 * Short legend keys (S1, S2, ...) for scenario labels too long for a chart's legend (a sweep
 * point's `path=value,path=value` label), in scenario order; undefined when every label fits.
 * The report prints the key beside the charts.
 */
export const legendKeys = (labels: ReadonlyArray<string>): ReadonlyMap<string, string> | undefined =>
  legendLayout(labels) === undefined ? new Map(labels.map((l, i) => [l, `S${i + 1}`])) : undefined

export interface BandChartOptions {
  /** The chart's title (default: `metricTitle(metric)`); the metric's name is the subtitle. */
  readonly title?: string
  /** Scenarios in the order of the legend and the colours (default: as they first appear in the rows). */
  readonly scenarios?: ReadonlyArray<string>
  /** Legend keys for long scenario labels (`legendKeys`). */
  readonly keys?: ReadonlyMap<string, string>
  /** A log y axis (`logScaleFits`: positive values spanning orders of magnitude). */
  readonly log?: boolean
}

/**
 * Whether a log axis reads better: every value drawn is positive and the largest is at least 100
 * times the smallest (a linear axis flattens the lower series to the floor).
 */
export const logScaleFits = (values: Iterable<number>): boolean => {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const v of values) {
    if (!Number.isFinite(v)) continue
    if (v <= 0) return false
    lo = Math.min(lo, v)
    hi = Math.max(hi, v)
  }
  return hi >= lo * 100
}

/** The vega-lite spec of one band chart of `metric`. */
export const bandChartSpec = (metric: string, rows: ReadonlyArray<BandRow>, options: BandChartOptions = {}): TopLevelSpec => {
  const scenarios = options.scenarios ?? [...new Set(rows.map((r) => r.scenario))]
  const series = (s: string) => options.keys?.get(s) ?? s
  // Colours follow the scenario order in every chart; the legend lists the scenarios drawn here
  // (an attack's profit has no line for the scenarios that do not run it).
  const domain = scenarios.map(series)
  const drawn = new Set(rows.map((r) => r.scenario))
  const shown = scenarios.filter((s) => drawn.has(s)).map(series)
  const layout = legendLayout(domain) ?? { columns: 1, labelLimit: WIDTH - ENTRY_PAD }
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  for (const r of rows) {
    first = Math.min(first, r.epoch)
    last = Math.max(last, r.epoch)
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: options.title ?? metricTitle(metric), subtitle: metric, anchor: "start", subtitleColor: "#666" },
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows.map((r) => ({ ...r, series: series(r.scenario) })) },
    encoding: {
      // The epochs run, from the first to the last: no "nice" rounding (365 epochs ended at 400).
      x: {
        field: "epoch",
        type: "quantitative",
        title: "epoch",
        scale: { nice: false, zero: false, ...(rows.length > 0 ? { domain: [first, last] } : {}) }
      },
      color: {
        field: "series",
        type: "nominal",
        title: "scenario",
        scale: { domain },
        legend: { orient: "bottom", direction: "horizontal", ...(shown.length > 0 && shown.length < domain.length ? { values: shown } : {}), columns: layout.columns, labelLimit: layout.labelLimit, symbolOpacity: 1, symbolType: "square", symbolSize: 140, symbolStrokeWidth: 0 }
      }
    },
    layer: [
      { mark: { type: "area", opacity: 0.22 }, encoding: { y: { field: "p5", type: "quantitative", title: options.log ? "log scale" : null, ...(options.log ? { scale: { type: "log" } } : {}) }, y2: { field: "p95" } } },
      { mark: { type: "line", strokeWidth: 2 }, encoding: { y: { field: "p50", type: "quantitative", ...(options.log ? { scale: { type: "log" } } : {}) } } }
    ],
    config: CONFIG
  }
}

const CONFIG = {
      font: "sans-serif",
      title: { fontSize: 14, subtitleFontSize: 11, subtitlePadding: 2 },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: LABEL_FONT, titleFontSize: 12, columnPadding: 12, rowPadding: 4 }
} as const

/**
 * A histogram of a metric's final values across runs, one small panel per scenario (rows), so
 * runs that split into different outcomes show as separate humps, which a band hides.
 */
export const histogramSpec = (metric: string, values: ReadonlyArray<{ readonly scenario: string; readonly value: number }>, options: { readonly title?: string; readonly scenarios?: ReadonlyArray<string>; readonly keys?: ReadonlyMap<string, string> } = {}): TopLevelSpec => {
  const series = (s: string) => options.keys?.get(s) ?? s
  const scenarios = (options.scenarios ?? [...new Set(values.map((v) => v.scenario))]).map(series)
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: `${options.title ?? metricTitle(metric)}: final values across runs`, subtitle: metric, anchor: "start", subtitleColor: "#666" },
    data: { values: values.filter((v) => Number.isFinite(v.value)).map((v) => ({ series: series(v.scenario), value: v.value })) },
    mark: { type: "bar", tooltip: false },
    encoding: {
      x: { field: "value", type: "quantitative", bin: { maxbins: 30 }, title: `${metric} at the final epoch` },
      y: { aggregate: "count", type: "quantitative", title: "runs" },
      color: { field: "series", type: "nominal", scale: { domain: scenarios }, legend: null },
      row: { field: "series", type: "nominal", sort: scenarios, title: null, header: { labelAngle: 0, labelAlign: "left", labelFontSize: 11 } }
    },
    width: WIDTH,
    height: Math.max(40, Math.min(90, Math.floor(360 / Math.max(1, scenarios.length)))),
    config: CONFIG
  } as TopLevelSpec
}

/**
 * A heat map of a metric's median final value over a two-parameter sweep: one cell per grid
 * point, so every point of the sweep is visible at once.
 */
export const heatmapSpec = (
  metric: string,
  cells: ReadonlyArray<{ readonly x: string; readonly y: string; readonly facet?: string; readonly value: number }>,
  axes: { readonly x: string; readonly y: string; readonly xOrder: ReadonlyArray<string>; readonly yOrder: ReadonlyArray<string>; readonly facets?: ReadonlyArray<string> | undefined; readonly title?: string }
): TopLevelSpec => {
  const panels = axes.facets?.length ?? 1
  const finite = cells.map((c) => c.value).filter(Number.isFinite)
  const mid = finite.length > 0 ? (Math.min(...finite) + Math.max(...finite)) / 2 : 0
  const panel = {
    // Panels share the page's width; each keeps its cells readable.
    width: Math.max(40 * axes.xOrder.length, Math.min(WIDTH / panels, 70 * axes.xOrder.length)),
    height: Math.min(HEIGHT * 1.5, 36 * axes.yOrder.length),
    encoding: {
      x: { field: "x", type: "ordinal", sort: [...axes.xOrder], title: axes.x, axis: { labelAngle: 0 } },
      y: { field: "y", type: "ordinal", sort: [...axes.yOrder], title: axes.y }
    },
    layer: [
      { mark: "rect", encoding: { color: { field: "value", type: "quantitative", title: "median", scale: { scheme: "viridis" }, legend: { format: "~s" } } } },
      // Dark text on the bright (upper) half of viridis, white on the dark half: readable on every cell.
      { mark: { type: "text", fontSize: 10 }, encoding: { text: { field: "label", type: "nominal" }, color: { condition: { test: `datum.value > ${mid}`, value: "black" }, value: "white" } } }
    ]
  }
  const title = { text: `${axes.title ?? metricTitle(metric)}: median at the final epoch`, subtitle: axes.facets ? `${metric}, one panel per variant, one colour scale` : metric, anchor: "start", subtitleColor: "#666" }
  const values = cells.map((c) => ({ ...c, label: Number.isFinite(c.value) ? formatCell(c.value) : "n/a" }))
  return (
    axes.facets
      ? { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title, data: { values }, facet: { column: { field: "facet", type: "nominal", sort: [...axes.facets], title: "variant" } }, spec: panel, config: CONFIG }
      : { $schema: "https://vega.github.io/schema/vega-lite/v6.json", title, data: { values }, ...panel, config: CONFIG }
  ) as TopLevelSpec
}

const formatCell = (v: number): string => {
  const a = Math.abs(v)
  return a !== 0 && (a >= 1e5 || a < 1e-2) ? v.toExponential(1) : String(Number(v.toPrecision(3)))
}


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
