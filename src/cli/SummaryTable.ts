/**
 * SummaryTable: what `sandbox run` and `sandbox sweep` print.
 */
import type { SummaryDocument } from "../experiment/Results.ts"
import type { MetricSensitivity } from "../analysis/Sensitivity.ts"
import { describeBasins } from "../analysis/Basins.ts"
import type { ScenarioSummary } from "../analysis/Summary.ts"
import type { PairedDelta } from "../report/Delta.ts"
import { formatNumber, table } from "../format.ts"

const header = (doc: SummaryDocument) =>
  `${doc.experiment} · model ${doc.model} · ${doc.scenarios.length} scenario${doc.scenarios.length === 1 ? "" : "s"} x ${doc.runs} run${doc.runs === 1 ? "" : "s"} x ${doc.epochs} epochs · seed ${doc.seed}`

const guardrailLines = (s: ScenarioSummary): Array<string> =>
  s.guardrails.map((g) => `  ${g.verdict === "no data" ? "NO DATA" : g.pass ? "PASS" : "FAIL"}  ${g.expression}   (${Object.entries(g.values).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(", ")})`)

const failures = (doc: SummaryDocument): Array<string> =>
  doc.failures.length === 0 ? [] : ["", "failed runs:", ...doc.failures.map((f) => `  scenario ${f.scenario} run ${f.run} (seed ${f.seed}): ${f.error}`)]

/** The median and 5-95% band, e.g. `2.85 [0.02, 6.5]`, marked `*` when the runs split. */
const band = (m: { readonly p5: number; readonly p50: number; readonly p95: number; readonly basins?: unknown }): string =>
  `${formatNumber(m.p50)} [${formatNumber(m.p5)}, ${formatNumber(m.p95)}]${m.basins ? " *" : ""}`

/** One line per metric whose runs split into separate groups (`*` in the tables). */
const splitLines = (s: ScenarioSummary, metrics?: ReadonlyArray<string>): Array<string> =>
  s.metrics.flatMap((m) => (m.basins && (metrics === undefined || metrics.includes(m.metric)) ? [`  * ${describeBasins(m.metric, m.basins, formatNumber)}`] : []))

/** Per-metric tables, one per scenario: every metric, or the `metrics` chosen. */
export const summaryTable = (doc: SummaryDocument, metrics?: ReadonlyArray<string>): string => {
  const parts = [header(doc)]
  for (const s of doc.scenarios) {
    if (doc.scenarios.length > 1 || s.scenario !== "base") parts.push("", `scenario ${s.scenario}`)
    const rows = [["metric (final epoch)", "median", "p5", "p95", "mean"]]
    for (const m of metrics === undefined ? s.metrics : metrics.flatMap((name) => s.metrics.filter((x) => x.metric === name))) rows.push([m.basins ? `${m.metric} *` : m.metric, formatNumber(m.p50), formatNumber(m.p5), formatNumber(m.p95), formatNumber(m.mean)])
    parts.push("", table(rows))
    const split = splitLines(s)
    if (split.length > 0) parts.push("", "runs split into separate outcomes (median and mean fall between them):", ...split)
    if (s.guardrails.length > 0) parts.push("", "guardrails:", ...guardrailLines(s))
    if (s.failed > 0) parts.push(`${s.failed} of ${s.runs} runs failed (see below)`)
  }
  return [...parts, ...failures(doc)].join("\n")
}

/** A paired change of one metric, scenario against the first (see src/report/Delta.ts). */
export interface Change {
  readonly metric: string
  readonly scenario: string
  readonly delta: PairedDelta
}

/**
 * A few scenarios (an A/B) side by side: one row per metric, each scenario's median with its
 * 5-95% range, then for each scenario after the first the median paired change against the first
 * with its bootstrap 90% interval and the share of paired runs in which it is higher; then the
 * guardrails of every scenario.
 */
export const compareTable = (doc: SummaryDocument, metrics: ReadonlyArray<string>, changes: ReadonlyArray<Change>): string => {
  const [first, ...rest] = doc.scenarios
  if (first === undefined) return header(doc)
  const signed = (x: number) => `${x > 0 ? "+" : ""}${formatNumber(x)}`
  const rows = [["metric (final epoch, median [p5, p95])", ...doc.scenarios.map((s) => s.scenario), ...rest.map((s) => `change ${s.scenario} vs ${first.scenario} [90%], runs higher`)]]
  for (const metric of metrics) {
    const cell = (s: ScenarioSummary) => {
      const m = s.metrics.find((x) => x.metric === metric)
      return m === undefined || m.n === 0 ? "n/a" : band(m)
    }
    const change = (s: ScenarioSummary) => {
      const c = changes.find((x) => x.metric === metric && x.scenario === s.scenario)?.delta
      return c === undefined || c.pairs === 0 ? "n/a" : `${signed(c.median)} [${formatNumber(c.lo)}, ${formatNumber(c.hi)}], ${Math.round(100 * c.higher)}%`
    }
    rows.push([metric, ...doc.scenarios.map(cell), ...rest.map(change)])
  }
  const parts = [header(doc), "", table(rows)]
  const splits = doc.scenarios.flatMap((s) => splitLines(s, metrics).map((l) => `${l} (${s.scenario})`))
  if (splits.length > 0) parts.push("", "* runs split into separate outcomes (the median falls between them):", ...splits)
  for (const s of doc.scenarios.filter((x) => x.guardrails.length > 0)) parts.push("", `guardrails, ${s.scenario}:`, ...guardrailLines(s))
  for (const s of doc.scenarios.filter((x) => x.failed > 0)) parts.push(`${s.scenario}: ${s.failed} of ${s.runs} runs failed (see below)`)
  const recorded = first.metrics.length
  parts.push(
    "",
    "Changes are medians of run-by-run differences (run i of every scenario has the same seed), with a bootstrap 90% interval and the share of runs in which the metric is higher.",
    `${metrics.length} of ${recorded} metrics shown: --metrics a,b chooses the rows, --metrics all shows every one; sandbox report writes the full comparison.`
  )
  return [...parts, ...failures(doc)].join("\n")
}

/**
 * One row per scenario with the headline metrics' medians and 5-95% bands, guardrails, the
 * metrics whose runs split, and the sensitivity ranking.
 */
export const sweepTable = (doc: SummaryDocument, headline: ReadonlyArray<string>): string => {
  const hasGuardrails = doc.scenarios.some((s) => s.guardrails.length > 0)
  const rows = [["scenario", "runs", ...(hasGuardrails ? ["guardrails"] : []), ...headline.map((h) => `${h} median [p5, p95]`)]]
  for (const s of doc.scenarios) {
    const passed = s.guardrails.filter((g) => g.pass).length
    rows.push([
      s.scenario,
      s.failed > 0 ? `${s.runs - s.failed}/${s.runs}` : String(s.runs),
      ...(hasGuardrails ? [passed === s.guardrails.length ? "pass" : `FAIL ${s.guardrails.length - passed}/${s.guardrails.length}`] : []),
      ...headline.map((h) => {
        const m = s.metrics.find((x) => x.metric === h)
        return m ? band(m) : formatNumber(Number.NaN)
      })
    ])
  }
  const parts = [header(doc), "", table(rows)]
  const splits = doc.scenarios.flatMap((s) => splitLines(s, headline).map((l) => `${l} (${s.scenario})`))
  if (splits.length > 0) parts.push("", "* runs split into separate outcomes (the median falls between them):", ...splits)
  if (hasGuardrails) {
    for (const s of doc.scenarios.filter((x) => x.guardrails.some((g) => !g.pass))) parts.push("", `guardrails failed in ${s.scenario}:`, ...guardrailLines(s).filter((l) => l.startsWith("  FAIL")))
  }
  const sens = doc.sensitivity.filter((s) => headline.includes(s.metric))
  if (sens.length > 0) parts.push("", "sensitivity (standardized regression coefficients over runs, largest effect first):", "", sensitivityTable(sens))
  return [...parts, ...failures(doc)].join("\n")
}

/**
 * Every swept parameter (and variant) ranked per metric by |SRC|: the metric and its R^2 on the
 * first of its rows, then one row per input, largest effect first.
 */
export const sensitivityTable = (sens: ReadonlyArray<MetricSensitivity>): string => {
  const rows = [["metric", "rank", "parameter", "SRC", "R^2"]]
  for (const s of sens) {
    s.ranking.forEach((e, i) => rows.push([i === 0 ? s.metric : "", String(i + 1), e.parameter, formatNumber(e.src), i === 0 ? formatNumber(s.r2) : ""]))
  }
  return table(rows)
}
