/**
 * Report: the document a designer posts to a governance forum, as Markdown and as one
 * self-contained HTML page (charts inline as SVG, styles inline, no network, no scripts).
 *
 * Every text that comes from the experiment file (name, description, labels, guardrails) is
 * escaped, and the HTML page carries a Content-Security-Policy that forbids scripts, so a
 * hostile experiment cannot run code in a reader's browser.
 */
import type { RobustnessResult } from "../analysis/Robustness.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import type { SummaryDocument } from "../experiment/Results.ts"
import type { PairedDelta } from "./Delta.ts"
import { escapeHtml, md, VERDICT_MD } from "./Markup.ts"
import { sections, verdictLine } from "./Sections.ts"

export { escapeHtml } from "./Markup.ts"
export { parameterDiff, sharedParameters } from "./Parameters.ts"
export { verdictLine } from "./Sections.ts"

export interface ReportChart {
  readonly metric: string
  /** A readable title ("Active operators"); the metric's name is shown beside it. */
  readonly title: string
  readonly description: string
  readonly svg: string
  /** File name of the chart's data (CSV), relative to the report. */
  readonly csv: string
  /** File name of the chart (SVG), relative to the report. */
  readonly file: string
  /** File name of the same chart as PNG, relative to the report: what report.md shows (forums refuse SVG). */
  readonly png: string
  /** Whether the y axis is logarithmic. */
  readonly log: boolean
  /** Scenarios the chart over time does not draw (too many to tell apart); in the tables and the data file. */
  readonly left: ReadonlyArray<string>
  /** Histogram of the final values across runs, per scenario. */
  readonly histogram?: { readonly svg: string; readonly png: string }
  /** Heat map of the median final value over a two-parameter sweep. */
  readonly heatmap?: { readonly svg: string; readonly png: string; readonly x: string; readonly y: string; readonly facets?: ReadonlyArray<string> }
}

/** One metric's paired difference between a scenario and the baseline. */
export interface DeltaRow {
  readonly metric: string
  readonly scenario: string
  readonly baseline: string
  /** Which way is better, when the guardrails say. */
  readonly better: "higher" | "lower" | undefined
  readonly delta: PairedDelta
}

export interface ReportInput {
  readonly exp: ResolvedExperiment
  readonly summary: SummaryDocument
  readonly charts: ReadonlyArray<ReportChart>
  /** Metrics of the key-metrics table. */
  readonly keyMetrics: ReadonlyArray<string>
  /** Each metric's definition. */
  readonly descriptions: ReadonlyMap<string, string>
  /** Paired differences against the baseline (empty with one scenario). */
  readonly deltas: ReadonlyArray<DeltaRow>
  /** The experiment file as written, and its name beside the report. */
  readonly source?: { readonly file: string; readonly text: string }
  readonly command: string
  /** The code version (`codeVersion`: the sweep manifest's and a distributed worker's). */
  readonly version: string
  /** The git commit the code was checked out at, when known, e.g. `1a2b3c4d5e6f (modified)`. */
  readonly git?: string | undefined
  /** The data files the experiment reads, with their checksums (empty or absent: none). */
  readonly inputs?: ReadonlyArray<{ readonly name: string; readonly bytes: number; readonly sha256: string }> | undefined
  /** ISO date of generation (the only thing that differs between two runs of the same seed). */
  readonly date: string
  /** The charts' legend keys for scenario labels too long for a legend: [key, scenario label]. */
  readonly legendKeys?: ReadonlyArray<readonly [string, string]> | undefined
  /** Attack outcomes per scenario and attack; undefined when no scenario runs an attack (the section says so). */
  readonly attacks:
    | ReadonlyArray<{ readonly attack: string; readonly successRate: number; readonly meanCost: number; readonly meanProfit: number; readonly detectionRate: number; readonly meanDetectedEpoch: number }>
    | undefined
  /** The A/B re-run over the experiment's assumptions (present when it declares some). */
  readonly robustness?: { readonly result: RobustnessResult; readonly runs: number } | undefined
}

/** The report as Markdown (charts referenced as PNG files under charts/, which forums accept as uploads). */
export const reportMarkdown = (input: ReportInput): string => {
  const env = input.exp.envelope
  const verdict = verdictLine(input.summary)
  const parts = [`# ${md(env.name)}`, ...(env.description ? [md(env.description)] : []), `**${md(verdict.verdict ? verdict.text.replace(verdict.verdict, VERDICT_MD[verdict.verdict]!) : verdict.text)}**`, ...sections(input).map((s) => `## ${md(s.title)}\n\n${s.md}`)]
  return parts.join("\n\n") + "\n"
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:14px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
th{background:#f4f4f4}figure.chart{margin:1.5em 0}figcaption{font-size:14px;margin-bottom:.5em}
figure svg{max-width:100%;height:auto}h1{font-size:1.8em}
td.pass{background:#dff3e0;color:#1b5e20;font-weight:600}td.fail{background:#fde0dc;color:#b71c1c;font-weight:600}td.nodata{background:#fff4d6;color:#7a5b00;font-weight:600}
p.verdict{font-size:1.15em;font-weight:600;padding:.6em .8em;border-radius:4px;background:#f4f4f4}
p.verdict.pass{background:#dff3e0;color:#1b5e20}p.verdict.fail{background:#fde0dc;color:#b71c1c}p.verdict.nodata{background:#fff4d6;color:#7a5b00}
pre.experiment{background:#f7f7f7;padding:.8em;overflow:auto;font-size:13px}`

const verdictHtml = (summary: SummaryDocument): string => {
  const v = verdictLine(summary)
  const kind = v.verdict === undefined ? "none" : v.verdict === "NO DATA" ? "nodata" : v.verdict.toLowerCase()
  return `<p class="verdict ${kind}" id="verdict">${escapeHtml(v.text)}</p>`
}

/** The report as one self-contained HTML page. */
export const reportHtml = (input: ReportInput): string => {
  const env = input.exp.envelope
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(env.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(env.name)}</h1>
${env.description ? `<p class="description">${escapeHtml(env.description)}</p>` : ""}
${verdictHtml(input.summary)}
${sections(input).map((s) => `<section><h2>${escapeHtml(s.title)}</h2>\n${s.html}</section>`).join("\n")}
</body>
</html>
`
}
