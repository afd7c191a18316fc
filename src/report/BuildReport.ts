/**
 * BuildReport: from an experiment and its run outcomes to the report's files: report.md,
 * report.html, charts/<metric>.svg and .png and data/<metric>.csv (the data behind every chart), for the
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
import { codeVersion } from "../experiment/CodeVersion.ts"
import { modelDirsOf } from "../experiment/ModelRegistry.ts"
import { bands, bandsCsv } from "./Bands.ts"
import { bandChartSpec, heatmapSpec, histogramSpec, legendKeys, logScaleFits, metricTitle, renderSvg } from "./Charts.ts"
import { betterDirection, pairedDelta } from "./Delta.ts"
import { svgToPng } from "./Png.ts"
import { reportHtml, reportMarkdown, type DeltaRow, type ReportChart } from "./Report.ts"
import { finalValues } from "./Series.ts"

export interface BuildOptions {
  readonly exp: ResolvedExperiment
  readonly model: AnyModel
  readonly hash: string
  readonly outcomes: ReadonlyArray<RunOutcome>
  readonly command: string
  readonly date: string
  /** The A/B over the experiment's assumptions, when it declares some (RobustnessRun.ts). */
  readonly robustness?: { readonly result: RobustnessResult; readonly runs: number } | undefined
  /** The code version recorded in the report (default: `codeVersion` of this code and the model's folder, as a sweep's manifest records it). */
  readonly version?: string
  /** The git commit of the code, when known (`gitCommit`), e.g. `1a2b3c4d5e6f (modified)`. */
  readonly git?: string | undefined
  /** The data files the experiment read, with their checksums (`inputChecksums`). */
  readonly inputs?: ReadonlyArray<{ readonly name: string; readonly bytes: number; readonly sha256: string }>
  /** The experiment file as the user wrote it: written beside the report and shown inside the HTML. */
  readonly source?: { readonly name: string; readonly text: string }
  /** Metrics to lead with (`--metrics`), overriding the experiment's `report.metrics` and the model's key metrics. */
  readonly metrics?: ReadonlyArray<string>
}

/** At most this many scenarios are drawn in one chart over time; the tables, data files and histograms list them all. */
export const MAX_CHART_SCENARIOS = 8

/**
 * The scenarios one chart draws when there are more than it can hold: the first (the baseline)
 * and those whose median final value is lowest and highest, in scenario order; the rest are
 * named in the chart's note.
 */
export const chartScenarios = (labels: ReadonlyArray<string>, finalMedian: (label: string) => number, max = MAX_CHART_SCENARIOS): { readonly drawn: ReadonlyArray<string>; readonly left: ReadonlyArray<string> } => {
  if (labels.length <= max) return { drawn: labels, left: [] }
  const ranked = labels.slice(1).map((l) => ({ l, v: finalMedian(l) })).filter((x) => Number.isFinite(x.v)).sort((a, b) => a.v - b.v)
  const keep = new Set([labels[0]!])
  for (let lo = 0, hi = ranked.length - 1; keep.size < max && lo <= hi; lo++, hi--) {
    keep.add(ranked[lo]!.l)
    if (keep.size < max && hi !== lo) keep.add(ranked[hi]!.l)
  }
  return { drawn: labels.filter((l) => keep.has(l)), left: labels.filter((l) => !keep.has(l)) }
}

/**
 * The metrics a report (and `sandbox run`, `sandbox sweep`) leads with, the same way everywhere:
 * `--metrics`, else the experiment's `report.metrics`, else `fallback` (default: the model's
 * report metrics; the sweep table uses its headline metrics), keeping those the runs record.
 */
export const leadMetrics = (
  exp: ResolvedExperiment,
  model: AnyModel,
  metricNames: ReadonlyArray<string>,
  chosen?: ReadonlyArray<string>,
  fallback: ReadonlyArray<string> = model.reportMetrics
): ReadonlyArray<string> =>
  chosen && chosen.length > 0 ? chosen : exp.envelope.report.metrics.length > 0 ? exp.envelope.report.metrics : fallback.filter((m) => metricNames.includes(m))

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
    const allLabels = exp.scenarios.map((s) => s.label)
    const keyMetrics = leadMetrics(exp, model, metricNames, o.metrics)
    const keys = legendKeys(allLabels)
    const charts: Array<ReportChart> = []
    const files: Array<OutputFile> = []
    const runs = exp.envelope.runs
    const finals = (metric: string) => exp.scenarios.map((s) => finalValues(outcomes, s.index, metric, runs))
    const median = (metric: string, label: string) => summary.scenarios.find((s) => s.scenario === label)?.metrics.find((m) => m.metric === metric)?.p50 ?? Number.NaN
    const emit = (base: string, svg: string) =>
      Effect.map(Effect.promise(() => svgToPng(svg)), (png) => {
        files.push({ name: `charts/${base}.svg`, content: svg }, { name: `charts/${base}.png`, content: png })
      })
    for (const metric of [...keyMetrics, ...attackProfitMetrics(metricNames).filter((m) => !keyMetrics.includes(m))]) {
      // The data file holds every scenario; the chart draws what it can hold and names the rest.
      const allRows = bands(outcomes, allLabels, metric)
      // An attack only some scenarios run (or NaN throughout): no empty chart.
      if (allRows.length === 0 && !keyMetrics.includes(metric)) continue
      const { drawn, left } = chartScenarios(allLabels.filter((l) => allRows.some((r) => r.scenario === l)), (l) => median(metric, l))
      const drawnSet = new Set(drawn)
      const rows = allRows.filter((r) => drawnSet.has(r.scenario))
      const title = metricTitle(metric)
      const log = logScaleFits(rows.flatMap((r) => [r.p50]))
      const svg = yield* Effect.promise(() => renderSvg(bandChartSpec(metric, rows, { title, scenarios: drawn, log, ...(keys ? { keys } : {}) })))
      const base = chartFileName(metric)
      const csv = `data/${base}.csv`
      yield* emit(base, svg)
      files.push({ name: csv, content: bandsCsv(allRows) })
      const final = finals(metric)
      const histValues = exp.scenarios.flatMap((s) => Array.from(final[s.index]!, (value) => ({ scenario: s.label, value })))
      const histogram = histValues.some((v) => Number.isFinite(v.value))
        ? yield* Effect.promise(() => renderSvg(histogramSpec(metric, histValues, { title, scenarios: allLabels, ...(keys ? { keys } : {}) })))
        : undefined
      if (histogram !== undefined) yield* emit(`${base}.histogram`, histogram)
      const grid = heatmapAxes(exp)
      const heatmap = grid
        ? yield* Effect.promise(() =>
            renderSvg(heatmapSpec(metric, exp.scenarios.map((s) => ({ ...grid.cell(s), value: median(metric, s.label) })), { ...grid, title }))
          )
        : undefined
      if (heatmap !== undefined) yield* emit(`${base}.heatmap`, heatmap)
      charts.push({
        metric,
        title,
        description: descriptions.get(metric) ?? "",
        svg,
        csv,
        file: `charts/${base}.svg`,
        png: `charts/${base}.png`,
        log,
        left,
        ...(histogram !== undefined ? { histogram: { svg: histogram, png: `charts/${base}.histogram.png` } } : {}),
        ...(heatmap !== undefined && grid ? { heatmap: { svg: heatmap, png: `charts/${base}.heatmap.png`, x: grid.x, y: grid.y, ...(grid.facets ? { facets: grid.facets } : {}) } } : {})
      })
    }
    const deltas = deltaRows(exp, keyMetrics, finals)
    const experimentFile = o.source ? `experiment${/\.ya?ml$/i.test(o.source.name) ? o.source.name.slice(o.source.name.lastIndexOf(".")) : ".yaml"}` : undefined
    const input = {
      exp,
      summary,
      charts,
      keyMetrics,
      descriptions,
      deltas,
      command: o.command,
      version: o.version ?? codeVersion(modelDirsOf(model)),
      git: o.git,
      inputs: o.inputs,
      date: o.date,
      attacks: attackRows(summary),
      legendKeys: keys ? [...keys].map(([label, key]) => [key, label] as const) : undefined,
      robustness: o.robustness,
      ...(o.source && experimentFile ? { source: { file: experimentFile, text: o.source.text } } : {})
    }
    files.unshift(
      { name: "report.md", content: reportMarkdown(input) },
      { name: "report.html", content: reportHtml(input) },
      { name: "summary.json", content: JSON.stringify(summary, null, 2) + "\n" },
      ...(o.source && experimentFile ? [{ name: experimentFile, content: o.source.text }] : [])
    )
    return { files, summary }
  })

/**
 * A heat map's layout, when the scenarios form a grid: `x` across and `y` down are parameter
 * paths, or `variant` for the experiment's variants; `facets` (the variants) draw one panel each,
 * side by side on one colour scale. `value` reads a scenario's cell coordinates.
 */
export interface HeatmapAxes {
  readonly x: string
  readonly y: string
  readonly xOrder: ReadonlyArray<string>
  readonly yOrder: ReadonlyArray<string>
  readonly facets?: ReadonlyArray<string> | undefined
  readonly cell: (s: ResolvedExperiment["scenarios"][number]) => { readonly x: string; readonly y: string; readonly facet?: string }
}

/**
 * The heat map of a sweep, when its scenarios form a grid: two grid parameters (across and down);
 * two grid parameters with variants (one panel per variant); or one grid parameter with two or
 * more variants (the parameter across, the variants down). Undefined otherwise (zip, sampled or
 * 3-D sweeps: their charts over time and tables show every point).
 */
export const heatmapAxes = (exp: ResolvedExperiment): HeatmapAxes | undefined => {
  const sweep = exp.envelope.sweep
  const grid = Object.keys(sweep.grid)
  const variants = Object.keys(exp.envelope.variants)
  if (Object.keys(sweep.zip).length > 0 || sweep.sample !== undefined) return undefined
  const order = (p: string) => [...new Set(exp.scenarios.map((s) => String(s.overrides[p])))]
  if (grid.length === 2) {
    const [x, y] = grid as [string, string]
    return {
      x,
      y,
      xOrder: order(x),
      yOrder: order(y),
      ...(variants.length > 0 ? { facets: variants } : {}),
      cell: (s) => ({ x: String(s.overrides[x]), y: String(s.overrides[y]), ...(s.variant !== undefined ? { facet: s.variant } : {}) })
    }
  }
  if (grid.length === 1 && variants.length >= 2) {
    const x = grid[0]!
    return { x, y: "variant", xOrder: order(x), yOrder: variants, cell: (s) => ({ x: String(s.overrides[x]), y: s.variant ?? "" }) }
  }
  return undefined
}

/**
 * Paired deltas of every lead metric against the first scenario (the baseline: the first
 * variant, or the first sweep point), for every other scenario.
 */
export const deltaRows = (exp: ResolvedExperiment, metrics: ReadonlyArray<string>, finals: (metric: string) => ReadonlyArray<Float64Array>): ReadonlyArray<DeltaRow> =>
  exp.scenarios.length < 2
    ? []
    : metrics.flatMap((metric) => {
        const f = finals(metric)
        const better = betterDirection(metric, exp.envelope.guardrails)
        return exp.scenarios.slice(1).map((s) => ({ metric, scenario: s.label, baseline: exp.scenarios[0]!.label, better, delta: pairedDelta(f[0]!, f[s.index]!, exp.envelope.seed) }))
      })
