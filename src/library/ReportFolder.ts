/**
 * ReportFolder: an experiment's governance report (report.md, report.html, the charts, the data
 * behind them and the experiment file) built from its runs, computed now or read back from a
 * results directory (`from`), and written into one folder. With `assumptions` (and no sweep of
 * its own) the report's robustness section re-runs the A/B across them. The one implementation
 * behind `sandbox report` (which adds argument parsing, the progress bars and printing) and the
 * library's `report`.
 */
import { readFileSync } from "node:fs"
import { basename } from "node:path"
import * as Effect from "effect/Effect"
import { metricNamesOver } from "../engine/Model.ts"
import { codeVersion, gitCommit } from "../experiment/CodeVersion.ts"
import type { EnvelopeOverrides } from "../experiment/Decode.ts"
import { InvalidOption } from "../experiment/Errors.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { experimentHash } from "../experiment/Hash.ts"
import { inputChecksums } from "../experiment/InputChecksums.ts"
import { ExperimentLoader } from "../experiment/Loader.ts"
import { modelDirsOf, modelFor } from "../experiment/ModelRegistry.ts"
import { ensureWritable, writeOutputDir } from "../experiment/Output.ts"
import { planRuns } from "../experiment/Plan.ts"
import { checkPlan } from "../experiment/PlanCheck.ts"
import type { SummaryDocument } from "../experiment/Results.ts"
import { analyseRobustness, REPORT_POINTS, REPORT_RUNS, robustnessOverrides, robustnessRefusal } from "../experiment/RobustnessRun.ts"
import { scopedRunner, type Progress } from "../experiment/Runner.ts"
import { storedOutcomes } from "../experiment/StoredOutcomes.ts"
import { buildReport } from "../report/BuildReport.ts"

/** What a stage of the report's runs reports: "runs" (the experiment) or "robustness" (the A/B across its assumptions). */
export type ReportStage = "runs" | "robustness"

export interface ReportOptions {
  /** The report directory (refused if it exists, unless `force`). */
  readonly out: string
  readonly force?: boolean
  /** Worker threads (0 or 1: this thread). The report is the same whatever the number. */
  readonly workers?: number
  /** The metrics the report leads with (default: the experiment's report.metrics, else the model's key metrics). */
  readonly metrics?: ReadonlyArray<string>
  /**
   * Build the report from the results `sandbox run --out` or `sandbox sweep --out` stored in this
   * directory instead of running the experiment (they must be this experiment's, with the same
   * seed, runs and epochs).
   */
  readonly from?: string
  /** Lift the limits on the robustness section's plan (docs/limits.md). */
  readonly allowLarge?: boolean
  /** The overrides the experiment was loaded with, applied again to the robustness section's runs. */
  readonly overrides?: EnvelopeOverrides
  /** A progress sink per stage that runs (none is asked for with `from` and no assumptions). */
  readonly progress?: (stage: ReportStage) => { readonly update: (p: Progress) => void; readonly done: () => void }
}

export interface ReportResult {
  readonly dir: string
  /** The files written, relative to `dir`. */
  readonly files: ReadonlyArray<string>
  /** The summary of the runs the report shows (failed runs in `failures`). */
  readonly summary: SummaryDocument
}

/**
 * The generation date: SOURCE_DATE_EPOCH (seconds) when set, the reproducible-builds
 * convention, so a regenerated report can be byte-identical; otherwise now.
 */
export const reportDate = (): string => {
  const fixed = process.env["SOURCE_DATE_EPOCH"]
  return (fixed && /^\d+$/.test(fixed) ? new Date(Number(fixed) * 1000) : new Date()).toISOString()
}

/**
 * The git commit a report records, or undefined: none outside a git checkout, and none in a
 * reproducible build (SOURCE_DATE_EPOCH set, as `npm run reports` does for the committed example):
 * a file committed with the code is generated before its own commit exists, so the commit it could
 * name is never the one it ships in. The code version (a hash of the sources) identifies it.
 */
export const reportGit = (): ReturnType<typeof gitCommit> => (process.env["SOURCE_DATE_EPOCH"] ? undefined : gitCommit())

const noProgress = () => ({ update: () => {}, done: () => {} })

/** Build the report of `exp` and write it into `o.out`. */
export const reportFolder = (exp: ResolvedExperiment, o: ReportOptions) =>
  Effect.gen(function* () {
    const model = modelFor(exp.envelope.model, exp.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const force = o.force ?? false
    const progress = o.progress ?? noProgress
    // Refuse before any work: a report that cannot be saved should not be computed.
    yield* ensureWritable(o.out, force)
    const known = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    const unknown = o.metrics?.find((m) => !known.includes(m))
    if (unknown !== undefined) return yield* new InvalidOption({ option: "metrics", message: `Unknown metric ${JSON.stringify(unknown)}; \`sandbox params\` lists every model's metrics` })
    const text = yield* Effect.try({ try: () => readFileSync(exp.file, "utf8"), catch: (e) => new InvalidOption({ option: exp.file, message: e instanceof Error ? e.message : String(e) }) })
    // Checksummed before the runs: the report names the data the runs read.
    const inputs = inputChecksums(exp.file, text)
    const hash = experimentHash(exp)
    const runner = yield* scopedRunner({ workers: o.workers })
    const stage = (name: ReportStage, specs: ReturnType<typeof planRuns>, epochs: number) =>
      Effect.suspend(() => {
        const bar = progress(name)
        return runner.run({ model, epochs, specs, onProgress: bar.update }).pipe(Effect.ensuring(Effect.sync(bar.done)))
      })
    // The same outcomes either way: read back from the results store, or computed now.
    const stored = o.from
    const outcomes =
      stored !== undefined
        ? yield* Effect.tryPromise({
            try: () => storedOutcomes(stored, exp, model),
            catch: (e) => new InvalidOption({ option: "--from", message: e instanceof Error ? e.message : String(e) })
          })
        : yield* stage("runs", planRuns(exp), exp.envelope.epochs)
    const env = exp.envelope
    const command = `sandbox report ${exp.file} --seed ${env.seed} --runs ${env.runs} --epochs ${env.epochs}${o.metrics ? ` --metrics ${o.metrics.join(",")}` : ""}`
    // With assumptions (and no sweep of its own), the report says whether its conclusion survives them.
    let robustness: { result: ReturnType<typeof analyseRobustness>; runs: number } | undefined
    if (Object.keys(env.assumptions).length > 0 && robustnessRefusal(exp) === undefined) {
      const runs = Math.min(env.runs, REPORT_RUNS)
      const overrides = o.overrides ?? { seed: env.seed, runs: env.runs, epochs: env.epochs }
      const swept = yield* (yield* ExperimentLoader).load(exp.file, robustnessOverrides(exp, REPORT_POINTS, { ...overrides, runs }))
      yield* checkPlan(swept, Math.max(1, o.workers ?? 1), "all-in-memory", o.allowLarge ?? false)
      robustness = { result: analyseRobustness(swept, model, yield* stage("robustness", planRuns(swept), swept.envelope.epochs)), runs }
    }
    const git = reportGit()
    const { files, summary } = yield* buildReport({
      exp,
      model,
      hash,
      outcomes,
      command,
      date: reportDate(),
      robustness,
      source: { name: basename(exp.file), text },
      version: codeVersion(modelDirsOf(model)),
      git: git ? `${git.commit}${git.modified ? " (src/, models/ or package-lock.json modified since)" : ""}` : undefined,
      inputs,
      ...(o.metrics ? { metrics: o.metrics } : {})
    })
    yield* writeOutputDir(o.out, force, files)
    return { dir: o.out, files: files.map((f) => f.name), summary } satisfies ReportResult
  }).pipe(Effect.scoped)
