/**
 * `sandbox run <file>`: run an experiment, print its summary, optionally write its outputs:
 * argument parsing and printing around the library's run (src/library/ExperimentResults.ts).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { metricNamesOver } from "../../engine/Model.ts"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { ensureWritable } from "../../experiment/Output.ts"
import type { RunRecord } from "../../experiment/Results.ts"
import { runExperiment as runLibrary } from "../../library/ExperimentResults.ts"
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
 * Run an experiment and print its summary (also the TUI's fallback when stdout is not a TTY):
 * the library's run (ExperimentResults.ts `runExperiment`; only final values stay in memory, and
 * with --out the series, uncopied, for the results tables) between argument checks and printing.
 */
export const runExperiment = (args: RunArgs) =>
  Effect.gen(function* () {
    const outDir = Option.getOrUndefined(args.out)
    // Refuse before any work: a run that cannot be saved should not be started.
    if (outDir !== undefined) yield* ensureWritable(outDir, args.force)
    const { exp, workers } = yield* loadWithOptions(args)
    const model = modelFor(exp.envelope.model, exp.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    // Checked before the runs: a misspelt metric should not cost the whole run.
    const chosen = yield* chosenMetrics(args.metrics ?? Option.none(), metricNames)
    const bar = makeProgressBar(process.stderr, !args.json)
    const r = yield* runLibrary(exp, { workers, onProgress: bar.update, out: outDir, force: args.force, format: args.format ?? "parquet" }).pipe(Effect.ensuring(Effect.sync(bar.done)))
    const { summary, records } = r
    const shown = leadMetrics(exp, model, metricNames, chosen)
    const text = args.json
      ? JSON.stringify(summary, null, 2)
      : isComparison(exp)
        ? compareTable(summary, shown, changesOf(exp, records, shown))
        : summaryTable(summary, chosen ?? (exp.envelope.report.metrics.length > 0 ? [...exp.envelope.report.metrics, ...metricNames.filter((m) => !exp.envelope.report.metrics.includes(m))] : undefined))
    yield* Console.log(text)
    if (outDir !== undefined && !args.json) yield* Console.error(`wrote ${outDir}/${r.written.join(", ")}`)
    // Failed runs are kept as data above; the exit code still tells scripts something failed.
    if (summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
  })

export const runCommand = Command.make(
  "run",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, out, force, json, allowLarge: allowLargeOption, format: formatOption, metrics: metricsOption },
  runExperiment
).pipe(Command.withDescription("Run an experiment and print the summary of its metrics across runs; an A/B (two to four variants) prints one table, side by side, with each proposal's paired change."))
