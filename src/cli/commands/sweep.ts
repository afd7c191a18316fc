/**
 * `sandbox sweep <file>`: run every scenario of a sweep (and its variants) on all cores,
 * storing each run as it finishes; Ctrl-C keeps what finished and `--resume` continues.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Path from "@effect/platform/Path"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { modelDirsOf, modelFor } from "../../experiment/ModelRegistry.ts"
import { metricNamesOver } from "../../engine/Model.ts"
import { experimentHash } from "../../experiment/Hash.ts"
import { planRuns } from "../../experiment/Plan.ts"
import { attackColumns, resolvedYaml, runsCsv, runsTable, scenariosTable, summaryDocument } from "../../experiment/Results.ts"
import { scopedRunner } from "../../experiment/Runner.ts"
import { assembleAttacks, assembleMetrics, columnarSession, openStore, readRecords, recordOf, runKey, saveRun, writeAtomic, writeParquetAtomic } from "../../experiment/Store.ts"
import { StoreIncomplete } from "../../experiment/StoreCheck.ts"
import { sweptPaths } from "../../experiment/Sweep.ts"
import { checkRedis } from "../../experiment/backends/Distributed.ts"
import { codeVersion } from "../../experiment/CodeVersion.ts"
import { leadMetrics } from "../../report/BuildReport.ts"
import { makeProgressBar, storedProgress } from "../ProgressBar.ts"
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
      const path = yield* Path.Path
      const dir = Option.getOrElse(args.out, () => defaultDir("out", exp.envelope.name))
      const model = modelFor(exp.envelope.model, exp.file)!
      const hash = experimentHash(exp)
      const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
      // The table's columns, checked before anything runs or is written.
      const chosen = yield* chosenMetrics(args.metrics, metricNames)
      const queueUrl = Option.getOrUndefined(args.queue)
      // Before anything is written: an unreachable queue must leave no output behind.
      if (queueUrl !== undefined) yield* validQueueUrl(queueUrl).pipe(Effect.zipRight(checkRedis(queueUrl)))
      const { stored, format, damaged } = yield* openStore({ dir, experiment: exp.envelope.name, hash, version: codeVersion(modelDirsOf(model)), resume: args.resume, force: args.force, format: args.format, command: `sandbox sweep ${args.file} --out ${dir}${args.resume ? " --resume" : ""}` })
      for (const d of damaged) yield* Console.error(`${d.file} is damaged (${d.reason}); its run will be computed again`)
      if (format !== args.format) yield* Console.error(`resuming in the store's format: ${format}`)
      const session = format === "parquet" ? yield* columnarSession : undefined
      const plan = planRuns(exp)
      const todo = plan.filter((s) => !stored.has(runKey(s.scenario, s.run)))
      if (stored.size > 0) yield* Console.error(`resuming: ${plan.length - todo.length} of ${plan.length} runs already stored in ${dir}`)
      const bar = makeProgressBar(process.stderr, !args.json)
      // The bar counts runs stored (what Ctrl-C keeps), not runs computed.
      const progress = storedProgress(bar, plan.length, plan.length - todo.length)
      // Where the runs happen is chosen here, once: the queue's workers, else this machine's threads.
      const queue = queueUrl === undefined ? undefined : { url: queueUrl, onNotice: (line: string) => process.stderr.write(`${line}\n`), onQueued: () => process.stderr.write(`queued ${todo.length} runs on ${queueUrl}; waiting for workers (sandbox worker --queue ${queueUrl})\n`) }
      const runner = yield* scopedRunner({ workers, queue })
      // Jobs on a queue are named by the experiment's hash: a resumed sweep finds those it queued.
      yield* runner.stream({ model, epochs: exp.envelope.epochs, specs: todo, key: hash, onProgress: progress.onProgress }).pipe(
        Stream.runForEach((o) =>
          // Saving and counting happen together or not at all, so the count we report is exact.
          Effect.uninterruptible(saveRun(dir, o, recordOf(o, exp.scenarios[o.spec.scenario]!, exp.guardrails), session).pipe(Effect.tap(() => Effect.sync(progress.onStored))))
        ),
        Effect.ensuring(Effect.sync(bar.done)),
        Effect.onInterrupt(() =>
          Console.error(
            `interrupted: ${progress.stored()} of ${plan.length} runs stored in ${dir}; continue with: sandbox sweep ${args.file} --out ${dir}${queueUrl !== undefined ? ` --queue ${queueUrl}` : ""} --resume`
          )
        )
      )
      // Every planned run must be there before anything is summarised: a summary of a subset
      // reads like a result.
      const planned = new Set(plan.map((s) => runKey(s.scenario, s.run)))
      const records = (yield* readRecords(dir)).filter((r) => planned.has(runKey(r.scenario, r.run)))
      if (records.length < plan.length) {
        const have = new Set(records.map((r) => runKey(r.scenario, r.run)))
        return yield* new StoreIncomplete({ dir, planned: plan.length, missing: plan.map((s) => runKey(s.scenario, s.run)).filter((k) => !have.has(k)) })
      }
      const summary = summaryDocument(exp, hash, metricNames, records)
      const hasAttacks = attackColumns(metricNames).length > 0
      if (session !== undefined) {
        yield* writeParquetAtomic(session, runsTable(records, sweptPaths(exp.envelope.sweep), metricNames), path.join(dir, "runs.parquet"))
        yield* writeParquetAtomic(session, scenariosTable(exp), path.join(dir, "scenarios.parquet"))
      } else {
        yield* assembleMetrics(dir, records)
        if (hasAttacks) yield* assembleAttacks(dir, records)
        yield* writeAtomic(path.join(dir, "runs.csv"), runsCsv(records, sweptPaths(exp.envelope.sweep), metricNames))
      }
      yield* writeAtomic(path.join(dir, "summary.json"), JSON.stringify(summary, null, 2) + "\n")
      yield* writeAtomic(path.join(dir, "experiment.resolved.yaml"), resolvedYaml(exp, hash))
      yield* Console.log(args.json ? JSON.stringify(summary, null, 2) : sweepTable(summary, leadMetrics(exp, model, metricNames, chosen, model.headline)))
      const written = session !== undefined ? "runs/*.parquet (per-epoch series, one file per run), runs.parquet, scenarios.parquet" : `metrics.csv, ${hasAttacks ? "attacks.csv, " : ""}runs.csv`
      if (!args.json) yield* Console.error(`wrote ${dir}/${written}, summary.json, experiment.resolved.yaml; ask it questions with: sandbox query ${dir} "<SQL>"`)
      if (summary.failures.length > 0) yield* Effect.sync(() => (process.exitCode = 1))
    }).pipe(Effect.scoped)
).pipe(Command.withDescription("Run every scenario of an experiment's sweep and variants, in parallel, resumably."))
