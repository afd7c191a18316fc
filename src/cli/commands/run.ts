/**
 * `sandbox run <file>`: run an experiment, print its summary, optionally write its outputs.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { metricNamesOver } from "../../engine/Model.ts"
import { experimentHash } from "../../experiment/Hash.ts"
import { ensureWritable, writeOutputDir } from "../../experiment/Output.ts"
import { planRuns } from "../../experiment/Plan.ts"
import { attacksCsv, metricsCsv, resolvedYaml, summaryDocument } from "../../experiment/Results.ts"
import { Runner } from "../../experiment/Runner.ts"
import { recordOf } from "../../experiment/Store.ts"
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
      const model = modelFor(exp.envelope.model, exp.file)!
      const hash = experimentHash(exp)
      const bar = makeProgressBar(process.stderr, !args.json)
      const outcomes = yield* (yield* Runner).run({ model, epochs: exp.envelope.epochs, specs: planRuns(exp), workers, onProgress: bar.update }).pipe(Effect.ensuring(Effect.sync(bar.done)))
      const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
      const summary = summaryDocument(exp, hash, metricNames, outcomes.map((o) => recordOf(o, exp.scenarios[o.spec.scenario]!, exp.guardrails)))
      const attacks = attacksCsv(outcomes, metricNames)
      const files = [
        { name: "metrics.csv", content: metricsCsv(outcomes) },
        ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []),
        { name: "summary.json", content: JSON.stringify(summary, null, 2) + "\n" },
        { name: "experiment.resolved.yaml", content: resolvedYaml(exp, hash) }
      ]
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
