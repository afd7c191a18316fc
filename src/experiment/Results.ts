/**
 * Results: the documents a finished experiment produces (summary JSON, resolved experiment YAML,
 * the runs and scenarios tables, and the tidy CSVs of `--format csv`), as pure functions of the
 * experiment and its run outcomes. The per-epoch tables themselves go through Columnar.ts.
 */
import { stringify } from "yaml"
import { checkGuardrail } from "../analysis/Guardrails.ts"
import { standardizedRegression, type MetricSensitivity } from "../analysis/Sensitivity.ts"
import { summarizeScenario, type FailedRun, type ScenarioSummary } from "../analysis/Summary.ts"
import type { RowTable } from "./Columnar.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { runSeed } from "./Plan.ts"
import { sweptPaths } from "./Sweep.ts"
import type { RunOutcome } from "./Runner.ts"
import { csvField } from "./CsvField.ts"

export interface SummaryDocument {
  readonly experiment: string
  readonly model: string
  readonly hash: string
  readonly seed: number
  readonly epochs: number
  readonly runs: number
  /** Seed of each Monte Carlo run (from run index firstRun on; the same in every scenario). */
  readonly runSeeds: ReadonlyArray<number>
  readonly scenarios: ReadonlyArray<ScenarioSummary>
  /** True when every guardrail passed in every scenario (true when there are none). */
  readonly guardrailsPass: boolean
  /** Per metric, the swept parameters ranked by standardized regression coefficient. */
  readonly sensitivity: ReadonlyArray<MetricSensitivity>
  readonly failures: ReadonlyArray<FailedRun>
}

/** Summary across runs, per scenario, from the runs' records (any order). */
export const summaryDocument = (
  exp: ResolvedExperiment,
  hash: string,
  metricNames: ReadonlyArray<string>,
  records: ReadonlyArray<RunRecord>
): SummaryDocument => {
  const env = exp.envelope
  const byScenario = exp.scenarios.map(() => [] as Array<RunRecord>)
  for (const r of records) byScenario[r.scenario]?.push(r)
  for (const list of byScenario) list.sort((a, b) => a.run - b.run)
  const scenarios = exp.scenarios.map((s) => {
    const runs = byScenario[s.index]!
    const base = summarizeScenario(s.label, s.overrides, metricNames, runs.map((r) => r.finals))
    const terms = runs.flatMap((r) => (r.status === "completed" ? [r.terms ?? {}] : []))
    return { ...base, guardrails: exp.guardrails.map((g) => checkGuardrail(g, terms)) }
  })
  const ordered = byScenario.flat()
  return {
    experiment: env.name,
    model: env.model,
    hash,
    seed: env.seed,
    epochs: env.epochs,
    runs: env.runs,
    runSeeds: Array.from({ length: env.runs }, (_, r) => runSeed(env.seed, (env.firstRun ?? 0) + r)),
    scenarios,
    guardrailsPass: scenarios.every((s) => s.guardrails.every((g) => g.pass)),
    sensitivity: sensitivity(exp, metricNames, ordered),
    failures: ordered.filter((r) => r.status === "failed").map((r) => ({ scenario: r.label, run: r.run, seed: r.seed, error: r.error ?? "" }))
  }
}

/** Sensitivity of each metric to the swept parameters (numeric ones) and the variants. */
const sensitivity = (exp: ResolvedExperiment, metricNames: ReadonlyArray<string>, records: ReadonlyArray<RunRecord>): ReadonlyArray<MetricSensitivity> => {
  const done = records.filter((r) => r.status === "completed")
  const inputs: Record<string, Array<number>> = {}
  for (const path of sweptPaths(exp.envelope.sweep)) {
    const col = done.map((r) => r.overrides[path])
    if (col.every((v) => typeof v === "number")) inputs[path] = col as Array<number>
  }
  const variants = Object.keys(exp.envelope.variants)
  for (const v of variants.slice(1)) inputs[`variant=${v}`] = done.map((r) => (r.variant === v ? 1 : 0))
  if (Object.keys(inputs).length === 0) return []
  return metricNames.flatMap((m) => {
    const s = standardizedRegression(m, inputs, done.map((r) => r.finals?.[m] ?? Number.NaN))
    return s ? [s] : []
  })
}

export { csvField }

/** A number as CSV text: shortest round-trip form, empty for "not recorded". */
const csvNumber = (v: number): string => (Number.isFinite(v) ? String(v) : "")

/** Header of the tidy metrics CSV. */
export const METRICS_HEADER = "scenario,run,epoch,metric,value\n"

/** The tidy rows of one run (no header); empty for a failed run. */
export const runCsvRows = (o: RunOutcome): string => {
  if (o._tag !== "Completed") return ""
  const scenario = csvField(o.spec.label)
  const { metrics, series } = o.result
  // Metric names are the model's, but a distributed run's come back from a worker: escape them too.
  const names = metrics.map(csvField)
  const epochs = series[0]?.length ?? 0
  const lines: Array<string> = []
  for (let e = 0; e < epochs; e++) {
    for (let m = 0; m < metrics.length; m++) lines.push(`${scenario},${o.spec.run},${e},${names[m]},${csvNumber(series[m]![e]!)}\n`)
  }
  return lines.join("")
}

/** Tidy metrics: one row per (scenario, run, epoch, metric). Failed runs have no rows. */
export const metricsCsv = (outcomes: ReadonlyArray<RunOutcome>): string => METRICS_HEADER + outcomes.map(runCsvRows).join("")

/** Header of the tidy attack outcomes CSV. */
export const ATTACKS_HEADER = "scenario,run,epoch,attack,cost,profit,success,detectedEpoch\n"

/** Where one attack's outcome metrics are in a run's metric list. */
interface AttackColumns {
  readonly attack: string
  readonly cost: number
  readonly profit: number
  readonly success: number
  readonly detectedEpoch: number
}

/**
 * The attacks a model's metrics describe: every `attack.<name>.{cost,profit,success}` group
 * (the outcome metrics every model names this way, src/engine/Model.ts ATTACK_OUTCOMES);
 * `detectedEpoch` is -1 where the model records none.
 */
export const attackColumns = (metrics: ReadonlyArray<string>): ReadonlyArray<AttackColumns> => {
  const at = (name: string) => metrics.indexOf(name)
  const group = (attack: string, field: (f: string) => string): Array<AttackColumns> => {
    const [cost, profit, success] = [at(field("cost")), at(field("profit")), at(field("success"))]
    return cost >= 0 && profit >= 0 && success >= 0 ? [{ attack, cost, profit, success, detectedEpoch: at(field("detectedEpoch")) }] : []
  }
  const named = [...new Set(metrics.flatMap((m) => /^attack\.(.+)\.success$/.exec(m)?.[1] ?? []))]
  return named.flatMap((n) => group(n, (f) => `attack.${n}.${f}`))
}

/**
 * The tidy attack rows of one run (no header): per epoch and attack, its cost, profit, success
 * (0/1) and the epoch it was detected (empty until it is, and when it never is). Empty for a
 * failed run or a model without attacks. The same numbers are in metrics.csv as
 * `attack.<name>.*` metrics; this table has them side by side.
 */
export const attackCsvRows = (o: RunOutcome): string => {
  if (o._tag !== "Completed") return ""
  const columns = attackColumns(o.result.metrics)
  if (columns.length === 0) return ""
  const scenario = csvField(o.spec.label)
  const s = o.result.series
  const epochs = s[0]?.length ?? 0
  const lines: Array<string> = []
  for (let e = 0; e < epochs; e++) {
    for (const c of columns) {
      const detected = c.detectedEpoch >= 0 ? csvNumber(s[c.detectedEpoch]![e]!) : ""
      lines.push(`${scenario},${o.spec.run},${e},${csvField(c.attack)},${csvNumber(s[c.cost]![e]!)},${csvNumber(s[c.profit]![e]!)},${csvNumber(s[c.success]![e]!)},${detected}\n`)
    }
  }
  return lines.join("")
}

/** Tidy attack outcomes of every run, or undefined when the model reports no attacks. */
export const attacksCsv = (outcomes: ReadonlyArray<RunOutcome>, metricNames: ReadonlyArray<string>): string | undefined =>
  attackColumns(metricNames).length > 0 ? ATTACKS_HEADER + outcomes.map(attackCsvRows).join("") : undefined

/** Final value of every metric of a completed run. */
export const finalsOf = (o: RunOutcome): Record<string, number> | undefined => {
  if (o._tag !== "Completed") return undefined
  const out: Record<string, number> = {}
  o.result.metrics.forEach((m, i) => {
    const s = o.result.series[i]!
    out[m] = s[s.length - 1]!
  })
  return out
}

/** One row of the per-run table. */
export interface RunRecord {
  readonly scenario: number
  readonly label: string
  readonly variant?: string | undefined
  readonly point: number
  readonly run: number
  readonly seed: number
  readonly overrides: Readonly<Record<string, unknown>>
  readonly status: "completed" | "failed"
  readonly error?: string | undefined
  readonly finals?: Readonly<Record<string, number>> | undefined
  /** The per-run values the guardrails read (Guardrails.ts `runTermValues`), e.g. `max(price)`. */
  readonly terms?: Readonly<Record<string, number>> | undefined
  /**
   * Bytes of each series file stored before this record, by file suffix (`.parquet`, `.csv`,
   * `.attacks.csv`): a resume and the summary check them (StoreCheck.ts). Absent in old stores.
   */
  readonly files?: Readonly<Record<string, number>> | undefined
}

/** The per-run table as CSV: coordinates, seed, swept values, status, final metrics. */
export const runsCsv = (records: ReadonlyArray<RunRecord>, paths: ReadonlyArray<string>, metricNames: ReadonlyArray<string>): string => {
  const head = ["scenario", "variant", "point", "run", "seed", ...paths, "status", "error", ...metricNames].map(csvField).join(",")
  const rows = records.map((r) =>
    [
      csvField(r.label),
      csvField(r.variant ?? ""),
      String(r.point),
      String(r.run),
      String(r.seed),
      ...paths.map((p) => {
        const v = r.overrides[p]
        return v === undefined ? "" : csvField(typeof v === "string" ? v : JSON.stringify(v))
      }),
      r.status,
      csvField(r.error ?? ""),
      ...metricNames.map((m) => csvNumber(r.finals?.[m] ?? Number.NaN))
    ].join(",")
  )
  return [head, ...rows].join("\n") + "\n"
}

/** The experiment with every default filled in: re-running it gives the same results. */
export const resolvedYaml = (exp: ResolvedExperiment, hash: string): string => {
  const env = exp.envelope
  const body = {
    name: env.name,
    ...(env.description ? { description: env.description } : {}),
    model: env.model,
    seed: env.seed,
    epochs: env.epochs,
    runs: env.runs,
    ...(env.firstRun !== undefined && env.firstRun !== 0 ? { firstRun: env.firstRun } : {}),
    params: exp.resolvedParams,
    sweep: env.sweep,
    ...(Object.keys(env.variants).length > 0 ? { variants: env.variants } : {}),
    ...(Object.keys(env.assumptions).length > 0 ? { assumptions: env.assumptions } : {}),
    ...(env.optimize ? { optimize: env.optimize } : {}),
    ...(env.guardrails.length > 0 ? { guardrails: env.guardrails } : {}),
    ...(env.schedule !== undefined && env.schedule.length > 0 ? { schedule: env.schedule } : {})
  }
  return `# Resolved from ${exp.file}: every default filled in (experiment hash ${hash}).\n# Re-run with: sandbox run <this file>\n${stringify(body)}`
}

const RUN_KEYS: ReadonlyArray<string> = ["scenario", "variant", "point", "run", "seed", "status", "error"]

/** The per-run table (runs.parquet): what runs.csv holds, typed. */
export const runsTable = (records: ReadonlyArray<RunRecord>, paths: ReadonlyArray<string>, metricNames: ReadonlyArray<string>): RowTable => {
  const numeric = paths.map((p) => records.every((r) => r.overrides[p] === undefined || typeof r.overrides[p] === "number"))
  return {
    columns: [
      { name: "scenario", type: "VARCHAR" },
      { name: "variant", type: "VARCHAR" },
      { name: "point", type: "INTEGER" },
      { name: "run", type: "INTEGER" },
      { name: "seed", type: "BIGINT" },
      ...paths.map((name, i) => ({ name, type: numeric[i] ? ("DOUBLE" as const) : ("VARCHAR" as const) })),
      { name: "status", type: "VARCHAR" },
      { name: "error", type: "VARCHAR" },
      // A metric named like a swept parameter (radCAD's benchmark sweeps `a` and records `a`)
      // gets a `final.` prefix: table columns must be unique.
      ...metricNames.map((name) => ({ name: paths.includes(name) || RUN_KEYS.includes(name) ? `final.${name}` : name, type: "DOUBLE" as const }))
    ],
    rows: records.map((r) => [
      r.label,
      r.variant ?? null,
      r.point,
      r.run,
      r.seed,
      ...paths.map((p, i) => {
        const v = r.overrides[p]
        return v === undefined ? null : numeric[i] ? (v as number) : typeof v === "string" ? v : JSON.stringify(v)
      }),
      r.status,
      r.error ?? null,
      ...metricNames.map((m) => r.finals?.[m] ?? null)
    ])
  }
}

/** The scenarios table (scenarios.parquet): each scenario's coordinates, overrides and full parameters (JSON). */
export const scenariosTable = (exp: ResolvedExperiment): RowTable => ({
  columns: [
    { name: "id", type: "INTEGER" },
    { name: "scenario", type: "VARCHAR" },
    { name: "variant", type: "VARCHAR" },
    { name: "point", type: "INTEGER" },
    { name: "overrides", type: "VARCHAR" },
    { name: "params", type: "VARCHAR" }
  ],
  rows: exp.scenarios.map((s) => [s.index, s.label, s.variant ?? null, s.point, JSON.stringify(s.overrides), JSON.stringify(s.params)])
})
