/**
 * ExperimentResults: every run of an experiment, summarized, and what `sandbox run --out` writes.
 * `runExperiment` is the one implementation behind both `sandbox run` (which adds argument
 * parsing and printing) and the library's `run`.
 *
 * Outcomes are consumed as they finish: only their final values (records) stay in memory unless
 * `keepOutcomes` asks for the series too (the library's `run`, for scripts that read them). With
 * `out`, each run's series is kept as it arrives (not copied) for DuckDB to read into Parquet (or, with
 * `format: "csv"`, the outcomes are kept and written as CSV at the end, in plan order), so the
 * files do not depend on the order runs finish in.
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { metricNamesOver, type AnyModel } from "../engine/Model.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { experimentHash } from "../experiment/Hash.ts"
import { modelFor } from "../experiment/ModelRegistry.ts"
import { ensureWritable, writeOutputDir, type OutputFile, type OutputWriter } from "../experiment/Output.ts"
import { planRuns } from "../experiment/Plan.ts"
import { attacksCsv, metricsCsv, resolvedYaml, runsTable, scenariosTable, summaryDocument, type RunRecord, type SummaryDocument } from "../experiment/Results.ts"
import { scopedRunner, type Progress, type RunOutcome } from "../experiment/Runner.ts"
import { columnarSession, parquetFile, recordOf, type StoreFormat } from "../experiment/Store.ts"
import { sweptPaths } from "../experiment/Sweep.ts"

/** The results of running every run of every scenario of an experiment. */
export interface ExperimentResults {
  readonly experiment: ResolvedExperiment
  readonly model: AnyModel
  /** The experiment's hash (what it computes; see experimentHash). */
  readonly hash: string
  /** One outcome per run, in plan order (scenario, then run); a failed run is data too. */
  readonly outcomes: ReadonlyArray<RunOutcome>
  /** Every metric any scenario records, in recording order. */
  readonly metricNames: ReadonlyArray<string>
  /** One record per run, in plan order: final values, status, guardrail terms. */
  readonly records: ReadonlyArray<RunRecord>
  /** Per scenario and metric: mean, percentiles and the final values' spread; failed runs. */
  readonly summary: SummaryDocument
  /** The files written into `out`, if any. */
  readonly written: ReadonlyArray<string>
}

/** Options of a run. */
export interface RunOptions {
  /** Worker threads (0 or 1: this thread). Results are identical whatever the number. */
  readonly workers?: number
  readonly onProgress?: (p: Progress) => void
  /** Write what `sandbox run --out` writes into this directory (refused if it exists, unless `force`). */
  readonly out?: string | undefined
  readonly force?: boolean
  /** How `out` stores per-epoch results (default parquet). */
  readonly format?: StoreFormat
  /** Keep every run's series in `outcomes` (default: only with CSV output; the library's `run` keeps them). */
  readonly keepOutcomes?: boolean
}

/** Run every run of `exp`, summarize them, and write `out` if asked. */
export const runExperiment = (exp: ResolvedExperiment, o: RunOptions = {}) =>
  Effect.gen(function* () {
    const model = modelFor(exp.envelope.model, exp.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const format = o.format ?? "parquet"
    const force = o.force ?? false
    // Refuse before any work: a run that cannot be saved should not be started.
    if (o.out !== undefined) yield* ensureWritable(o.out, force)
    const hash = experimentHash(exp)
    const specs = planRuns(exp)
    const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    const records: Array<RunRecord> = []
    const keep = o.keepOutcomes === true || (o.out !== undefined && format === "csv")
    const kept: Array<RunOutcome> = []
    const db = o.out !== undefined && format === "parquet" ? yield* columnarSession : undefined
    const runner = yield* scopedRunner({ workers: o.workers })
    yield* runner.stream({ model, epochs: exp.envelope.epochs, specs, ...(o.onProgress ? { onProgress: o.onProgress } : {}) }).pipe(
      Stream.runForEach((outcome) =>
        Effect.gen(function* () {
          records.push(recordOf(outcome, exp.scenarios[outcome.spec.scenario]!, exp.guardrails))
          if (keep) kept.push(outcome)
          if (db !== undefined && outcome._tag === "Completed") yield* db.appendRun(outcome.spec.scenario, outcome.spec.run, outcome.result.metrics, outcome.result.series)
        })
      )
    )
    records.sort((a, b) => a.scenario - b.scenario || a.run - b.run)
    const order = new Map(specs.map((s, i) => [s, i]))
    kept.sort((a, b) => order.get(a.spec)! - order.get(b.spec)!)
    const summary = summaryDocument(exp, hash, metricNames, records)
    const files: Array<OutputFile | OutputWriter> = []
    if (db !== undefined) {
      const series = db.seriesQuery()
      if (series !== undefined) files.push(parquetFile(db, "series.parquet", series))
      files.push(parquetFile(db, "runs.parquet", runsTable(records, sweptPaths(exp.envelope.sweep), metricNames)))
      files.push(parquetFile(db, "scenarios.parquet", scenariosTable(exp)))
    } else if (o.out !== undefined) {
      const attacks = attacksCsv(kept, metricNames)
      files.push({ name: "metrics.csv", content: metricsCsv(kept) }, ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []))
    }
    files.push({ name: "summary.json", content: JSON.stringify(summary, null, 2) + "\n" }, { name: "experiment.resolved.yaml", content: resolvedYaml(exp, hash) })
    if (o.out !== undefined) yield* writeOutputDir(o.out, force, files)
    return { experiment: exp, model, hash, outcomes: kept, metricNames, records, summary, written: o.out !== undefined ? files.map((f) => f.name) : [] } satisfies ExperimentResults
  }).pipe(Effect.scoped)

/** The files `sandbox run --out DIR --format csv` writes for these results (their outcomes kept). */
export const resultFiles = (r: ExperimentResults): ReadonlyArray<OutputFile> => {
  const attacks = attacksCsv(r.outcomes, r.metricNames)
  return [
    { name: "metrics.csv", content: metricsCsv(r.outcomes) },
    ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []),
    { name: "summary.json", content: JSON.stringify(r.summary, null, 2) + "\n" },
    { name: "experiment.resolved.yaml", content: resolvedYaml(r.experiment, r.hash) }
  ]
}
