/**
 * `sandbox run <file>`: run an experiment, print its summary, optionally write its outputs.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ensureWritable, writeOutputDir } from "../../experiment/Output.ts"
import { experimentResults, resultFiles } from "../../library/ExperimentResults.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { summaryTable } from "../SummaryTable.ts"
import { allowLargeOption, epochsOption, experimentFile, loadWithOptions, runsOption, seedOption, workersOption } from "./options.ts"

const out = Options.text("out").pipe(Options.optional, Options.withDescription("Write metrics.csv, summary.json and experiment.resolved.yaml into this directory."))
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
}

/** Run an experiment and print its summary (also the TUI's fallback when stdout is not a TTY). */
export const runExperiment = (args: RunArgs) =>
    Effect.gen(function* () {
      const outDir = Option.getOrUndefined(args.out)
      // Refuse before any work: a run that cannot be saved should not be started.
      if (outDir !== undefined) yield* ensureWritable(outDir, args.force)
      const { exp, workers } = yield* loadWithOptions(args)
      const bar = makeProgressBar(process.stderr, !args.json)
      const results = yield* experimentResults(exp, { workers, onProgress: bar.update }).pipe(Effect.ensuring(Effect.sync(bar.done)))
      const { summary } = results
      const files = resultFiles(results)
      if (outDir !== undefined) yield* writeOutputDir(outDir, args.force, files)
      yield* Console.log(args.json ? JSON.stringify(summary, null, 2) : summaryTable(summary))
      if (outDir !== undefined && !args.json) yield* Console.error(`wrote ${outDir}/${files.map((f) => f.name).join(", ")}`)
      // Failed runs are kept as data above; the exit code still tells scripts something failed.
      if (summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
    })

export const runCommand = Command.make(
  "run",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, out, force, json, allowLarge: allowLargeOption },
  runExperiment
).pipe(Command.withDescription("Run an experiment and print the summary of its metrics across runs."))
