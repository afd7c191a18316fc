/**
 * StoredSweep: a sweep into a results directory, one run stored as it finishes, resumable, on
 * this machine's threads or a queue's workers. The one implementation behind `sandbox sweep`
 * (which adds argument parsing and printing) and the library's `sweep`.
 *
 * Every planned run must be stored before anything is summarized (a summary of a subset reads
 * like a result): a sweep that ends short fails with StoreIncomplete. Where runs happen is the
 * Runner's backend, chosen once here from `workers` and `queue`.
 */
import * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { metricNamesOver, type AnyModel } from "../engine/Model.ts"
import { checkRedis } from "../experiment/backends/Distributed.ts"
import { codeVersion } from "../experiment/CodeVersion.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { experimentHash } from "../experiment/Hash.ts"
import { modelDirsOf, modelFor } from "../experiment/ModelRegistry.ts"
import { planRuns } from "../experiment/Plan.ts"
import { storedProgress, type SweepProgress } from "../experiment/Progress.ts"
import { attackColumns, resolvedYaml, runsCsv, runsTable, scenariosTable, summaryDocument, type RunRecord, type SummaryDocument } from "../experiment/Results.ts"
import { scopedRunner } from "../experiment/Runner.ts"
import { assembleAttacks, assembleMetrics, columnarSession, openStore, readRecords, recordOf, runKey, saveRun, writeAtomic, writeParquetAtomic, type StoreFormat } from "../experiment/Store.ts"
import { StoreIncomplete } from "../experiment/StoreCheck.ts"
import { sweptPaths } from "../experiment/Sweep.ts"

export type { SweepProgress } from "../experiment/Progress.ts"

export interface SweepOptions {
  /** The results directory. */
  readonly out: string
  /** Worker threads (0 or 1: this thread). Ignored with a queue. */
  readonly workers?: number
  /** A Redis queue (redis://host:port[/db]) whose workers (`sandbox worker --queue URL`) run the runs. */
  readonly queue?: string | undefined
  /** Continue the sweep in `out`, skipping the runs already stored. */
  readonly resume?: boolean
  /** Replace `out` if it holds results (only a directory this tool wrote). */
  readonly force?: boolean
  readonly format?: StoreFormat
  /** The command that continues this sweep, named by the directory's lock while it runs. */
  readonly command?: string
  readonly onProgress?: (p: SweepProgress) => void
  /** The sweep was interrupted with `stored` of `planned` runs stored (a resume continues from there). */
  readonly onInterrupt?: (stored: number, planned: number) => void
  /** What the user should know on the way (damaged runs, resuming, the queue waiting for workers). */
  readonly onNotice?: (line: string) => void
}

/** A finished sweep. */
export interface SweepResults {
  readonly experiment: ResolvedExperiment
  readonly model: AnyModel
  readonly hash: string
  readonly dir: string
  readonly format: StoreFormat
  /** Every metric any scenario records, in recording order. */
  readonly metricNames: ReadonlyArray<string>
  /** One record per planned run, in plan order (final values, status, guardrail terms). */
  readonly records: ReadonlyArray<RunRecord>
  readonly summary: SummaryDocument
  /** The files written besides the per-run ones, for people. */
  readonly written: string
}

/** Run every planned run of `exp` not yet stored in `o.out`, storing each as it finishes, then summarize. */
export const storedSweep = (exp: ResolvedExperiment, o: SweepOptions) =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const notice = o.onNotice ?? (() => {})
    const dir = o.out
    const model = modelFor(exp.envelope.model, exp.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const hash = experimentHash(exp)
    const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    const queueUrl = o.queue
    // Before anything is written: an unreachable queue must leave no output behind.
    if (queueUrl !== undefined) yield* checkRedis(queueUrl)
    const requested = o.format ?? "parquet"
    const opened = yield* openStore({ dir, experiment: exp.envelope.name, hash, version: codeVersion(modelDirsOf(model)), resume: o.resume ?? false, force: o.force ?? false, format: requested, command: o.command ?? `a library sweep into ${dir}` })
    for (const d of opened.damaged) notice(`${d.file} is damaged (${d.reason}); its run will be computed again`)
    const format = opened.format
    if (format !== requested) notice(`resuming in the store's format: ${format}`)
    const session = format === "parquet" ? yield* columnarSession : undefined
    const plan = planRuns(exp)
    const todo = plan.filter((s) => !opened.stored.has(runKey(s.scenario, s.run)))
    if (opened.stored.size > 0) notice(`resuming: ${plan.length - todo.length} of ${plan.length} runs already stored in ${dir}`)
    // Progress counts runs stored (what an interrupt keeps), beside the runner's computed runs.
    const progress = storedProgress(o.onProgress ?? (() => {}), plan.length, plan.length - todo.length)
    // Where the runs happen is chosen here, once: the queue's workers, else this machine's threads.
    const queue = queueUrl === undefined ? undefined : { url: queueUrl, onNotice: notice, onQueued: () => notice(`queued ${todo.length} runs on ${queueUrl}; waiting for workers (sandbox worker --queue ${queueUrl})`) }
    const runner = yield* scopedRunner({ workers: o.workers, queue })
    // Jobs on a queue are named by the experiment's hash: a resumed sweep finds those it queued.
    yield* runner.stream({ model, epochs: exp.envelope.epochs, specs: todo, key: hash, onProgress: progress.onProgress }).pipe(
      Stream.runForEach((outcome) =>
        // Saving and counting happen together or not at all, so the count is exact.
        Effect.uninterruptible(
          saveRun(dir, outcome, recordOf(outcome, exp.scenarios[outcome.spec.scenario]!, exp.guardrails), session).pipe(Effect.tap(() => Effect.sync(progress.onStored)))
        )
      ),
      Effect.onInterrupt(() => Effect.sync(() => o.onInterrupt?.(progress.stored(), plan.length)))
    )
    // Every planned run must be there before anything is summarised.
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
    const written = `${session !== undefined ? "runs/*.parquet (per-epoch series, one file per run), runs.parquet, scenarios.parquet" : `metrics.csv, ${hasAttacks ? "attacks.csv, " : ""}runs.csv`}, summary.json, experiment.resolved.yaml`
    return { experiment: exp, model, hash, dir, format, metricNames, records, summary, written } satisfies SweepResults
  }).pipe(Effect.scoped)
