/**
 * `sandbox run <file>`: run an experiment, print its summary, optionally write its outputs.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { metricNamesOver } from "../../engine/Model.ts"
import { experimentHash } from "../../experiment/Hash.ts"
import { ensureWritable, writeOutputDir, type OutputFile, type OutputWriter } from "../../experiment/Output.ts"
import { planRuns } from "../../experiment/Plan.ts"
import { attacksCsv, metricsCsv, resolvedYaml, runsTable, scenariosTable, summaryDocument, type RunRecord } from "../../experiment/Results.ts"
import { scopedRunner, type RunOutcome } from "../../experiment/Runner.ts"
import { columnarSession, parquetFile, recordOf } from "../../experiment/Store.ts"
import { sweptPaths } from "../../experiment/Sweep.ts"
import type { ResolvedExperiment } from "../../experiment/Experiment.ts"
import { leadMetrics } from "../../report/BuildReport.ts"
import { pairedDelta } from "../../report/Delta.ts"
import { recordFinals } from "../../report/Series.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { compareTable, summaryTable, type Change } from "../SummaryTable.ts"
import { allowLargeOption, chosenMetrics, epochsOption, experimentFile, formatOption, loadWithOptions, metricsOption, runsOption, seedOption, workersOption } from "./options.ts"

const out = Options.text("out").pipe(
  Options.optional,
  Options.withDescription("Write the results into this directory: series.parquet, runs.parquet, scenarios.parquet (or CSVs with --format csv), summary.json and experiment.resolved.yaml.")
)
const force = Options.boolean("force").pipe(Options.withDescription("Replace the --out directory if it exists."))
const json = Options.boolean("json").pipe(Options.withDescription("Print the summary as JSON on stdout (no table, no progress bar)."))

export interface RunArgs {
  readonly file: string
  readonly seed: Option.Option<number>
  readonly runs: Option.Option<number>
  readonly epochs: Option.Option<number>
  readonly workers: Option.Option<number>
  readonly out: Option.Option<string>
  readonly force: boolean
  readonly json: boolean
  readonly allowLarge?: boolean
  readonly format?: "parquet" | "csv"
  readonly metrics?: Option.Option<string>
}

/** At most this many variants are printed side by side (wider tables wrap on a terminal). */
export const MAX_SIDE_BY_SIDE = 4

/** An A/B (or A/B/C...): two to four variants and no sweep, printed as one table with the changes. */
export const isComparison = (exp: ResolvedExperiment): boolean => {
  const variants = Object.keys(exp.envelope.variants).length
  return variants >= 2 && exp.scenarios.length === variants && variants <= MAX_SIDE_BY_SIDE
}

/**
 * The paired change of every metric in `metrics`, each scenario against the first, from the runs'
 * final values: the same numbers (common random numbers, the experiment's seed for the
 * bootstrap) as the report's delta table.
 */
export const changesOf = (exp: ResolvedExperiment, records: ReadonlyArray<RunRecord>, metrics: ReadonlyArray<string>): ReadonlyArray<Change> =>
  metrics.flatMap((metric) => {
    const base = recordFinals(records, 0, metric, exp.envelope.runs)
    return exp.scenarios.slice(1).map((s) => ({ metric, scenario: s.label, delta: pairedDelta(base, recordFinals(records, s.index, metric, exp.envelope.runs), exp.envelope.seed) }))
  })

/**
 * Run an experiment and print its summary (also the TUI's fallback when stdout is not a TTY).
 * Runs are consumed as they finish: only their final values stay in memory, and their series
 * go straight into the results tables when --out is given (no per-epoch table otherwise).
 */
export const runExperiment = (args: RunArgs) =>
  Effect.gen(function* () {
    const outDir = Option.getOrUndefined(args.out)
    const format = args.format ?? "parquet"
    // Refuse before any work: a run that cannot be saved should not be started.
    if (outDir !== undefined) yield* ensureWritable(outDir, args.force)
    const { exp, workers } = yield* loadWithOptions(args)
    const model = modelFor(exp.envelope.model, exp.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const hash = experimentHash(exp)
    const bar = makeProgressBar(process.stderr, !args.json)
    const specs = planRuns(exp)
    const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    // Checked before the runs: a misspelt metric should not cost the whole run.
    const chosen = yield* chosenMetrics(args.metrics ?? Option.none(), metricNames)
    const records: Array<RunRecord> = []
    // CSV is built from the outcomes at the end (plan order); Parquet takes each run as it comes.
    const kept: Array<RunOutcome> = []
    const db = outDir !== undefined && format === "parquet" ? yield* columnarSession : undefined
    yield* (yield* scopedRunner({ workers })).stream({ model, epochs: exp.envelope.epochs, specs, onProgress: bar.update }).pipe(
      Stream.runForEach((o) =>
        Effect.gen(function* () {
          records.push(recordOf(o, exp.scenarios[o.spec.scenario]!, exp.guardrails))
          if (outDir !== undefined && format === "csv") kept.push(o)
          if (db !== undefined && o._tag === "Completed") yield* db.appendRun(o.spec.scenario, o.spec.run, o.result.metrics, o.result.series)
        })
      ),
      Effect.ensuring(Effect.sync(bar.done))
    )
    records.sort((a, b) => a.scenario - b.scenario || a.run - b.run)
    const summary = summaryDocument(exp, hash, metricNames, records)
    const files: Array<OutputFile | OutputWriter> = []
    if (db !== undefined) {
      const series = db.seriesQuery()
      if (series !== undefined) files.push(parquetFile(db, "series.parquet", series))
      files.push(parquetFile(db, "runs.parquet", runsTable(records, sweptPaths(exp.envelope.sweep), metricNames)))
      files.push(parquetFile(db, "scenarios.parquet", scenariosTable(exp)))
    } else if (outDir !== undefined) {
      const order = new Map(specs.map((s, i) => [s, i]))
      kept.sort((a, b) => order.get(a.spec)! - order.get(b.spec)!)
      const attacks = attacksCsv(kept, metricNames)
      files.push({ name: "metrics.csv", content: metricsCsv(kept) }, ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []))
    }
    files.push({ name: "summary.json", content: JSON.stringify(summary, null, 2) + "\n" }, { name: "experiment.resolved.yaml", content: resolvedYaml(exp, hash) })
    if (outDir !== undefined) yield* writeOutputDir(outDir, args.force, files)
    const shown = leadMetrics(exp, model, metricNames, chosen)
    const text = args.json
      ? JSON.stringify(summary, null, 2)
      : isComparison(exp)
        ? compareTable(summary, shown, changesOf(exp, records, shown))
        : summaryTable(summary, chosen ?? (exp.envelope.report.metrics.length > 0 ? [...exp.envelope.report.metrics, ...metricNames.filter((m) => !exp.envelope.report.metrics.includes(m))] : undefined))
    yield* Console.log(text)
    if (outDir !== undefined && !args.json) yield* Console.error(`wrote ${outDir}/${files.map((f) => f.name).join(", ")}`)
    // Failed runs are kept as data above; the exit code still tells scripts something failed.
    if (summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
  }).pipe(Effect.scoped)

export const runCommand = Command.make(
  "run",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, out, force, json, allowLarge: allowLargeOption, format: formatOption, metrics: metricsOption },
  runExperiment
).pipe(Command.withDescription("Run an experiment and print the summary of its metrics across runs; an A/B (two to four variants) prints one table, side by side, with each proposal's paired change."))
