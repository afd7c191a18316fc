/**
 * `sandbox sweep <file>`: run every scenario of a sweep (and its variants) on all cores or a
 * queue's workers, storing each run as it finishes; Ctrl-C keeps what finished and `--resume`
 * continues. Argument parsing and printing around the library's sweep (src/library/StoredSweep.ts).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { metricNamesOver } from "../../engine/Model.ts"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { storedSweep } from "../../library/StoredSweep.ts"
import { leadMetrics } from "../../report/BuildReport.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { sweepTable } from "../SummaryTable.ts"
import { allowLargeOption, chosenMetrics, defaultDir, epochsOption, experimentFile, formatOption, loadWithOptions, metricsOption, runsOption, seedOption, validQueueUrl, workersOption } from "./options.ts"

const out = Options.text("out").pipe(Options.optional, Options.withDescription("Results directory (default: out/<experiment name>)."))
const force = Options.boolean("force").pipe(Options.withDescription("Replace the results directory if it exists."))
const resume = Options.boolean("resume").pipe(Options.withDescription("Continue an interrupted sweep in --out, skipping the runs already stored."))
const queue = Options.text("queue").pipe(
  Options.optional,
  Options.withDescription("Run on the workers of this Redis queue (redis://host:port) instead of this machine; start workers with `sandbox worker --queue URL`.")
)
const json = Options.boolean("json").pipe(Options.withDescription("Print the summary as JSON on stdout."))

export const sweepCommand = Command.make(
  "sweep",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, out, force, resume, queue, json, allowLarge: allowLargeOption, format: formatOption, metrics: metricsOption },
  (args) =>
    Effect.gen(function* () {
      const { exp, workers } = yield* loadWithOptions({ ...args, keeping: "streamed" })
      const dir = Option.getOrElse(args.out, () => defaultDir("out", exp.envelope.name))
      const model = modelFor(exp.envelope.model, exp.file)!
      // The table's columns, checked before anything runs or is written.
      const chosen = yield* chosenMetrics(args.metrics, metricNamesOver(model, exp.scenarios.map((s) => s.params)))
      const queueUrl = Option.getOrUndefined(args.queue)
      if (queueUrl !== undefined) yield* validQueueUrl(queueUrl)
      const bar = makeProgressBar(process.stderr, !args.json)
      const r = yield* storedSweep(exp, {
        out: dir,
        workers,
        queue: queueUrl,
        resume: args.resume,
        force: args.force,
        format: args.format,
        command: `sandbox sweep ${args.file} --out ${dir}${args.resume ? " --resume" : ""}`,
        // The bar counts runs stored (what Ctrl-C keeps), not runs computed.
        onProgress: bar.update,
        onNotice: (line) => process.stderr.write(`${line}\n`),
        onInterrupt: (stored, planned) =>
          process.stderr.write(`interrupted: ${stored} of ${planned} runs stored in ${dir}; continue with: sandbox sweep ${args.file} --out ${dir}${queueUrl !== undefined ? ` --queue ${queueUrl}` : ""} --resume\n`)
      }).pipe(Effect.ensuring(Effect.sync(bar.done)))
      yield* Console.log(args.json ? JSON.stringify(r.summary, null, 2) : sweepTable(r.summary, leadMetrics(exp, model, r.metricNames, chosen, model.headline)))
      if (!args.json) yield* Console.error(`wrote ${dir}/${r.written}; ask it questions with: sandbox query ${dir} "<SQL>"`)
      if (r.summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
    })
).pipe(Command.withDescription("Run every scenario of an experiment's sweep and variants, in parallel, resumably."))
