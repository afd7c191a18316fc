/**
 * The library: incentive-sandbox from a script or a notebook kernel, without the CLI. Every
 * function returns a Promise and runs exactly what the `sandbox` commands run (same decoding,
 * same runs, same bytes in the files), so a result from a script reproduces from the CLI.
 *
 *     import { loadExperiment, run, writeResults } from "incentive-sandbox"
 *     const exp = await loadExperiment("experiments/default.yaml", { runs: 5 })
 *     const results = await run(exp, { workers: 2 })
 *     console.log(results.summary.scenarios[0].metrics)
 *
 * (TypeScript sources: run scripts with `node --import tsx script.ts`; examples/library.ts.)
 * Building a model: "incentive-sandbox/kit" (docs/writing-a-model.md).
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { decodeExperiment as decodePure, type EnvelopeOverrides } from "../experiment/Decode.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { ExperimentLoader, loadExternalModel } from "../experiment/Loader.ts"
import { limitsFor } from "../experiment/Limits.ts"
import { writeOutputDir } from "../experiment/Output.ts"
import { defaultWorkers } from "../experiment/Runner.ts"
import type { OptimizeResult } from "../experiment/OptimizeRun.ts"
import type { Progress } from "../experiment/Runner.ts"
import { resultFiles, runExperiment, type ExperimentResults, type RunOptions } from "./ExperimentResults.ts"
import { optimizeSearch, type SearchOptions } from "./OptimizeSearch.ts"
import { robustnessCheck, type RobustnessOptions, type RobustnessRunResult } from "./RobustnessCheck.ts"
import { storedSweep, type SweepOptions, type SweepResults } from "./StoredSweep.ts"
import { queryResults, type QueryAnswer } from "./QueryResults.ts"
import { fitPriceFile } from "./PriceFit.ts"
import { mechanisms, mechanismStep } from "./Mechanisms.ts"
import { modelReference, type ModelReference } from "./ParameterReference.ts"
import { modelFor, models } from "../experiment/ModelRegistry.ts"
import type { MarketFit } from "../analysis/MarketFit.ts"
import { reportFolder, type ReportResult, type ReportStage } from "./ReportFolder.ts"
import { InvalidArgument, layer, libraryError, planChecked, promise, toError, type PlanOptions } from "./Boundary.ts"

export { ExperimentError, InvalidArgument, type PlanOptions } from "./Boundary.ts"
export { readResults, type StoredResults } from "./ReadResults.ts"

export type { EnvelopeOverrides } from "../experiment/Decode.ts"
export type { FieldIssue } from "../experiment/Errors.ts"
export type { ResolvedExperiment, Scenario } from "../experiment/Experiment.ts"
export type { MetricSeries } from "../experiment/Query.ts"
export type { SummaryDocument } from "../experiment/Results.ts"
export type { Progress, RunOutcome } from "../experiment/Runner.ts"
export type { ExperimentResults, RunOptions } from "./ExperimentResults.ts"
export type { SweepOptions, SweepProgress, SweepResults } from "./StoredSweep.ts"
export type { RobustnessOptions, RobustnessRunResult } from "./RobustnessCheck.ts"
export type { QueryAnswer } from "./QueryResults.ts"
export type { Estimate, MarketFit, RegimeFit } from "../analysis/MarketFit.ts"
export type { ReportResult, ReportStage } from "./ReportFolder.ts"
export type { SearchOptions } from "./OptimizeSearch.ts"
export type { Evaluation, OptimizeResult } from "../experiment/OptimizeRun.ts"
export { models } from "../experiment/ModelRegistry.ts"
export { experimentFields, parameterReference } from "./ParameterReference.ts"
export type { MetricDoc, ModelReference } from "./ParameterReference.ts"
export type { ParamDoc } from "../experiment/ParamDocs.ts"
export { metricsCsv } from "../experiment/Results.ts"

/**
 * Read and decode an experiment file (a model outside the repository it names is loaded too).
 * Files over 16 MiB and plans of more than 1,000,000 runs are refused as the commands refuse
 * them; `allowLarge` lifts that as --allow-large does (files up to 1 GiB).
 */
export const loadExperiment = (file: string, overrides: EnvelopeOverrides = {}, options: PlanOptions = {}): Promise<ResolvedExperiment> =>
  promise(
    Effect.flatMap(ExperimentLoader, (l) => l.load(file, overrides, limitsFor(options.allowLarge ?? false))).pipe(
      Effect.mapError((e) => toError(e as never, file)),
      Effect.provide(layer)
    )
  )

/** Decode an experiment from its text; `file` names it in messages and anchors a relative `model:` path. */
export const decodeExperiment = async (file: string, text: string, overrides: EnvelopeOverrides = {}): Promise<ResolvedExperiment> => {
  await promise(loadExternalModel(file, text).pipe(Effect.mapError((e) => toError(e, file))))
  const r = decodePure(file, text, overrides)
  if (Either.isLeft(r)) throw toError(r.left, file)
  return r.right
}

/**
 * Hold the plan of `exp` against the limits as `sandbox check` does (a sweep on this machine:
 * `workers` threads, default one per core, results streamed to disk), without running anything:
 * rejects with ExperimentError in the CLI's words when `sandbox sweep` would refuse it.
 */
export const check = (exp: ResolvedExperiment, options: PlanOptions & { readonly workers?: number } = {}): Promise<void> =>
  promise(planChecked(exp, options.workers ?? defaultWorkers(), "streamed", options.allowLarge))

/**
 * Run every run of an experiment (all its scenarios) and summarize them, exactly as `sandbox run`
 * does (it calls the same function); with `out`, write what `sandbox run --out` writes. Every
 * run's series is kept in `outcomes` unless `keepOutcomes: false`.
 */
export const run = (exp: ResolvedExperiment, options: RunOptions & PlanOptions = {}): Promise<ExperimentResults> =>
  promise(Effect.zipRight(planChecked(exp, options.workers, "all-in-memory", options.allowLarge), runExperiment(exp, { keepOutcomes: true, ...options })).pipe(Effect.provide(layer)))

/**
 * Run a sweep into a results directory, exactly as `sandbox sweep` does (it calls the same
 * function): every scenario of the experiment's `sweep` and `variants`, each run stored as it
 * finishes, on `workers` threads or the workers of a Redis `queue`; `resume` continues an
 * interrupted sweep. Results read back with `readResults` (summary) or `sandbox query`.
 */
export const sweep = (exp: ResolvedExperiment, options: SweepOptions & PlanOptions): Promise<SweepResults> =>
  promise(Effect.zipRight(planChecked(exp, options.queue === undefined ? options.workers : 1, "streamed", options.allowLarge), storedSweep(exp, options)).pipe(Effect.provide(layer)))

/**
 * Re-run an A/B (an experiment with `assumptions` and no sweep) at `points` points of its
 * assumption space and say whether each conclusion holds, exactly as `sandbox robustness` does.
 * The experiment's seed, runs and epochs carry over unless `overrides` says otherwise.
 */
export const robustness = (exp: ResolvedExperiment, options: RobustnessOptions = {}): Promise<RobustnessRunResult> =>
  promise(
    Effect.zipRight(planChecked(exp, options.workers, "all-in-memory", options.allowLarge), robustnessCheck(exp, { ...options, overrides: options.overrides ?? { seed: exp.envelope.seed, runs: exp.envelope.runs, epochs: exp.envelope.epochs } })).pipe(
      // A refusal or a sweep that does not decode names the file and field, as loadExperiment's errors do.
      Effect.mapError((e) => ("_tag" in e ? toError(e as never, exp.file) : e)),
      Effect.provide(layer)
    )
  )

/**
 * Search the experiment's `optimize` box for settings that pass every guardrail and optimize its
 * objectives, exactly as `sandbox optimize` does, storing every evaluation in `out` (`resume`
 * continues a search). The experiment's seed, runs and epochs carry over unless `overrides` says
 * otherwise.
 */
export const optimize = (exp: ResolvedExperiment, options: SearchOptions & PlanOptions): Promise<OptimizeResult> =>
  promise(
    Effect.zipRight(planChecked(exp, options.queue === undefined ? options.workers : 1, "all-in-memory", options.allowLarge), optimizeSearch(exp, { ...options, overrides: options.overrides ?? { seed: exp.envelope.seed, runs: exp.envelope.runs, epochs: exp.envelope.epochs } })).pipe(
      // A refusal names the file and field, as loadExperiment's errors do.
      Effect.mapError((e) => ("_tag" in e && e._tag === "ExperimentInvalid" ? toError(e as never, exp.file) : e)),
      Effect.provide(layer)
    )
  )

/** Write what `sandbox run --out DIR --format csv` writes for results already in memory; refuses an existing DIR unless `force`. */
export const writeResults = (results: ExperimentResults, dir: string, options: { readonly force?: boolean } = {}): Promise<void> =>
  promise(writeOutputDir(dir, options.force ?? false, resultFiles(results)).pipe(Effect.provide(layer), Effect.asVoid))

/** Options of `report`. */
export interface ReportOptions {
  /** The report directory (refused if it exists, unless `force`). */
  readonly out: string
  readonly force?: boolean
  /** Worker threads (0 or 1: this thread). The report is the same whatever the number. */
  readonly workers?: number
  /** The metrics the report leads with (default: the experiment's report.metrics, else the model's key metrics). */
  readonly metrics?: ReadonlyArray<string>
  /**
   * Build the report from a results directory `run`, `sweep`, `sandbox run --out` or `sandbox
   * sweep --out` wrote for this experiment (same seed, runs and epochs) instead of running it.
   */
  readonly from?: string
  /** Run a plan beyond the limits (docs/limits.md), the experiment's or its robustness section's. */
  readonly allowLarge?: boolean
  /** Progress of the runs, per stage: "runs" (the experiment), "robustness" (its A/B across `assumptions`). */
  readonly onProgress?: (p: Progress, stage: ReportStage) => void
}

/**
 * Write the governance report of an experiment into `out` (report.md, a self-contained
 * report.html, the charts as SVG and PNG, the data behind them and the experiment file), exactly
 * as `sandbox report` does (it calls the same function): from its runs, computed now or read back
 * with `from`. The date is SOURCE_DATE_EPOCH's when set (then no git commit is recorded, so a
 * regenerated report is the same bytes), else now.
 */
export const report = (exp: ResolvedExperiment, options: ReportOptions): Promise<ReportResult> => {
  const { onProgress, ...rest } = options
  return promise(
    Effect.zipRight(planChecked(exp, rest.workers, "all-in-memory", rest.allowLarge), reportFolder(exp, { ...rest, ...(onProgress ? { progress: (stage: ReportStage) => ({ update: (p: Progress) => onProgress(p, stage), done: () => {} }) } : {}) })).pipe(
      Effect.mapError(libraryError(exp.file)),
      Effect.provide(layer)
    )
  )
}

/**
 * SQL (DuckDB) over a results directory of `run`, `sweep`, `sandbox run --out` or `sandbox sweep`,
 * exactly what `sandbox query` asks (it calls the same function): the views metrics(scenario, run,
 * epoch, metric, value), series (one column per metric), attacks, runs and scenarios. A missing
 * or empty directory, or SQL DuckDB refuses, rejects with InvalidArgument.
 */
export const query = (dir: string, sql: string): Promise<QueryAnswer> => promise(queryResults(dir, sql).pipe(Effect.mapError(libraryError(dir))))

/**
 * Fit the market's drift, volatility and regimes, with 95% confidence intervals, to a price
 * series (CSV or Parquet; `column`, default "price": positive prices, one row per epoch, oldest
 * first), exactly as `sandbox fit` does (it calls the same function). A file that cannot be read
 * or holds no such column rejects with ExperimentError naming the file, row and column.
 */
export const fit = (file: string, options: { readonly column?: string } = {}): Promise<MarketFit> =>
  promise(fitPriceFile(file, options.column ?? "price").pipe(Effect.mapError((e) => toError(e as never, file)), Effect.provide(layer)))

/** The mechanisms `mechanism` runs (`sandbox mechanism list`), each with what its input holds. */
export const mechanismList = (): ReadonlyArray<{ readonly name: string; readonly description: string }> => Object.entries(mechanisms).map(([name, m]) => ({ name, description: m.description }))

/**
 * One step of one rule from the mechanism library on `input` (as JSON would give it; formats in
 * docs/mechanisms.md), exactly as `sandbox mechanism NAME --input FILE` runs it (the same
 * function). An input that does not decode rejects with ExperimentError (each field path, file
 * "input"); an unknown name or an input the rule refuses with InvalidArgument.
 */
export const mechanism = (name: string, input: unknown): Promise<unknown> => promise(mechanismStep(name, input, "input").pipe(Effect.mapError(libraryError("input"))))

/**
 * A model's parameters (path under `params.`, default, description) and metrics (which are the
 * report's key ones), as `sandbox params` documents them: a built-in model by name, or the
 * model of a loaded experiment (a model outside the repository too). An unknown name throws
 * InvalidArgument.
 */
export const describeModel = (model: string | ResolvedExperiment): ModelReference => {
  const m = typeof model === "string" ? (Object.hasOwn(models, model) ? models[model] : undefined) : modelFor(model.envelope.model, model.file)
  if (m === undefined) throw new InvalidArgument("model", `unknown model ${JSON.stringify(typeof model === "string" ? model : model.envelope.model)}; known: ${Object.keys(models).join(", ")}`)
  return modelReference(m)
}
