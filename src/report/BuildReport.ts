/**
 * BuildReport: from an experiment and its run outcomes to the report's files: report.md,
 * report.html, charts/<metric>.svg and data/<metric>.csv (the data behind every chart), for the
 * model's key metrics and every attack's profit.
 */
import * as Effect from "effect/Effect"
import { metricDefs, metricNamesOver, type AnyModel } from "../engine/Model.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import type { OutputFile } from "../experiment/Output.ts"
import { summaryDocument, type SummaryDocument } from "../experiment/Results.ts"
import type { RunOutcome } from "../experiment/RunOne.ts"
import { recordOf } from "../experiment/Store.ts"
import type { RobustnessResult } from "../analysis/Robustness.ts"
import { VERSION } from "../version.ts"
import { bands, bandsCsv } from "./Bands.ts"
import { bandChartSpec, legendKeys, metricTitle, renderSvg } from "./Charts.ts"
import { reportHtml, reportMarkdown, type ReportChart } from "./Report.ts"

export interface BuildOptions {
  readonly exp: ResolvedExperiment
  readonly model: AnyModel
  readonly hash: string
  readonly outcomes: ReadonlyArray<RunOutcome>
  readonly command: string
  readonly date: string
  /** The A/B over the experiment's assumptions, when it declares some (RobustnessRun.ts). */
  readonly robustness?: { readonly result: RobustnessResult; readonly runs: number } | undefined
}

/** At most this many scenarios are drawn in one chart; the tables still list them all. */
export const MAX_CHART_SCENARIOS = 8

/**
 * Attack outcomes per scenario at the final epoch, when the model reports them: one row per
 * `attack.<name>.success / cost / profit / detectedEpoch` group (the outcome metrics every model
 * names this way, src/engine/Model.ts ATTACK_OUTCOMES); undefined without attackers. Detection: the share of runs with a finite
 * detected epoch and their mean epoch (NaN when none was detected or the model reports none).
 */
export const attackRows = (summary: SummaryDocument) => {
  const rows = summary.scenarios.flatMap((s) => {
    const m = (name: string) => {
      const x = s.metrics.find((x) => x.metric === name)
      return x && x.n > 0 ? x : undefined
    }
    const row = (attack: string, prefix: (f: string) => string) => {
      const success = m(prefix("success"))
      const cost = m(prefix("cost"))
      const profit = m(prefix("profit"))
      if (!(success && cost && profit)) return []
      // Undetected runs record NaN, which summaries leave out: n counts the detected runs.
      const detected = s.metrics.find((x) => x.metric === prefix("detectedEpoch"))
      const detectionRate = detected === undefined ? Number.NaN : detected.n / success.n
      const meanDetectedEpoch = detected !== undefined && detected.n > 0 ? detected.mean : Number.NaN
      return [{ attack, successRate: success.mean, meanCost: cost.mean, meanProfit: profit.mean, detectionRate, meanDetectedEpoch }]
    }
    const named = [...new Set(s.metrics.flatMap((x) => /^attack\.(.+)\.success$/.exec(x.metric)?.[1] ?? []))]
    return named.flatMap((n) => row(`${s.scenario} · ${n}`, (f) => `attack.${n}.${f}`))
  })
  return rows.length > 0 ? rows : undefined
}

/**
 * Attack profit metrics, charted beside the key metrics: every `attack.<name>.profit`.
 */
export const attackProfitMetrics = (metricNames: ReadonlyArray<string>): ReadonlyArray<string> =>
  metricNames.filter((m) => /^attack\..+\.profit$/.test(m))

/** A metric's chart and data file name: its own name, anything outside [A-Za-z0-9._-] replaced. */
export const chartFileName = (metric: string): string => metric.replace(/[^A-Za-z0-9._-]/g, "_")

export const buildReport = (o: BuildOptions): Effect.Effect<{ readonly files: ReadonlyArray<OutputFile>; readonly summary: SummaryDocument }> =>
  Effect.gen(function* () {
    const { exp, model, outcomes } = o
    const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    const summary = summaryDocument(exp, o.hash, metricNames, outcomes.map((x) => recordOf(x, exp.scenarios[x.spec.scenario]!, exp.guardrails)))
    const descriptions = new Map(exp.scenarios.flatMap((s) => metricDefs(model, s.params)).map((d) => [d.name, d.description]))
    const labels = exp.scenarios.slice(0, MAX_CHART_SCENARIOS).map((s) => s.label)
    const keyMetrics = model.reportMetrics.filter((m) => metricNames.includes(m))
    const keys = legendKeys(labels)
    const charts: Array<ReportChart> = []
    const files: Array<OutputFile> = []
    for (const metric of [...keyMetrics, ...attackProfitMetrics(metricNames).filter((m) => !keyMetrics.includes(m))]) {
      const rows = bands(outcomes, labels, metric)
      // An attack only some scenarios run, none of them drawn (or NaN throughout): no empty chart.
      if (rows.length === 0 && !keyMetrics.includes(metric)) continue
      const title = metricTitle(metric)
      const svg = yield* Effect.promise(() => renderSvg(bandChartSpec(metric, rows, { title, scenarios: labels, ...(keys ? { keys } : {}) })))
      const base = chartFileName(metric)
      const csv = `data/${base}.csv`
      charts.push({ metric, title, description: descriptions.get(metric) ?? "", svg, csv, file: `charts/${base}.svg` })
      files.push({ name: `charts/${base}.svg`, content: svg }, { name: csv, content: bandsCsv(rows) })
    }
    const input = { exp, summary, charts, keyMetrics, command: o.command, version: VERSION, date: o.date, attacks: attackRows(summary), legendKeys: keys ? [...keys].map(([label, key]) => [key, label] as const) : undefined, robustness: o.robustness }
    files.unshift({ name: "report.md", content: reportMarkdown(input) }, { name: "report.html", content: reportHtml(input) }, { name: "summary.json", content: JSON.stringify(summary, null, 2) + "\n" })
    return { files, summary }
  })
