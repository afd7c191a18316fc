/**
 * ExperimentResults: every run of an experiment, collected, with what `sandbox run --out`
 * writes (metrics.csv, attacks.csv, summary.json, experiment.resolved.yaml). The one
 * implementation behind both `sandbox run` and the library's `run`.
 */
import * as Effect from "effect/Effect"
import { metricNamesOver, type AnyModel } from "../engine/Model.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { experimentHash } from "../experiment/Hash.ts"
import { modelFor } from "../experiment/ModelRegistry.ts"
import type { OutputFile } from "../experiment/Output.ts"
import { planRuns } from "../experiment/Plan.ts"
import { attacksCsv, metricsCsv, resolvedYaml, summaryDocument, type SummaryDocument } from "../experiment/Results.ts"
import { Runner, type Progress, type RunOutcome } from "../experiment/Runner.ts"
import { recordOf } from "../experiment/Store.ts"

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
  /** Per scenario and metric: mean, percentiles and the final values' spread; failed runs. */
  readonly summary: SummaryDocument
}

/** Options of a run. */
export interface RunOptions {
  /** Worker threads (0 or 1: this thread). Results are identical whatever the number. */
  readonly workers?: number
  readonly onProgress?: (p: Progress) => void
}

/** Run every run of `exp` on the Runner's backend (its layer: `runnerLayer`) and summarize them. */
export const experimentResults = (exp: ResolvedExperiment, options: RunOptions = {}): Effect.Effect<ExperimentResults, Error, Runner> =>
  Effect.gen(function* () {
    const model = modelFor(exp.envelope.model, exp.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const hash = experimentHash(exp)
    const outcomes = yield* (yield* Runner).run({ model, epochs: exp.envelope.epochs, specs: planRuns(exp), ...(options.onProgress ? { onProgress: options.onProgress } : {}) })
    const metricNames = metricNamesOver(model, exp.scenarios.map((s) => s.params))
    const summary = summaryDocument(exp, hash, metricNames, outcomes.map((o) => recordOf(o, exp.scenarios[o.spec.scenario]!, exp.guardrails)))
    return { experiment: exp, model, hash, outcomes, metricNames, summary }
  })

/** The files `sandbox run --out` writes for these results. */
export const resultFiles = (r: ExperimentResults): ReadonlyArray<OutputFile> => {
  const attacks = attacksCsv(r.outcomes, r.metricNames)
  return [
    { name: "metrics.csv", content: metricsCsv(r.outcomes) },
    ...(attacks !== undefined ? [{ name: "attacks.csv", content: attacks }] : []),
    { name: "summary.json", content: JSON.stringify(r.summary, null, 2) + "\n" },
    { name: "experiment.resolved.yaml", content: resolvedYaml(r.experiment, r.hash) }
  ]
}
