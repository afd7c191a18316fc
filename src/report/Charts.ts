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
      { mark: { type: "area", opacity: 0.22 }, encoding: { y: { field: "p5", type: "quantitative", title: null }, y2: { field: "p95" } } },
      { mark: { type: "line", strokeWidth: 2 }, encoding: { y: { field: "p50", type: "quantitative" } } }
    ],
    config: {
      font: "sans-serif",
      title: { fontSize: 14, subtitleFontSize: 11, subtitlePadding: 2 },
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: LABEL_FONT, titleFontSize: 12, columnPadding: 12, rowPadding: 4 }
    }
  }
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
