/**
 * RobustnessCheck: an experiment's A/B re-run at points of its `assumptions` space (Latin
 * hypercube, the same run seeds at every point and in every variant) and analysed: does each
 * conclusion hold across the space, and where does it flip (RobustnessRun.ts,
 * src/analysis/Robustness.ts). The one implementation behind `sandbox robustness` (which adds
 * argument parsing and printing) and the library's `robustness`.
 */
import * as Effect from "effect/Effect"
import type { RobustnessResult } from "../analysis/Robustness.ts"
import type { EnvelopeOverrides } from "../experiment/Decode.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { ExperimentLoader } from "../experiment/Loader.ts"
import { modelFor } from "../experiment/ModelRegistry.ts"
import { planRuns } from "../experiment/Plan.ts"
import { checkPlan } from "../experiment/PlanCheck.ts"
import { analyseRobustness, robustnessOverrides, robustnessRefusal } from "../experiment/RobustnessRun.ts"
import { scopedRunner, type Progress } from "../experiment/Runner.ts"

export interface RobustnessOptions {
  /** Points drawn in the assumption space (default 16). */
  readonly points?: number
  /** Worker threads (0 or 1: this thread). Results are identical whatever the number. */
  readonly workers?: number
  /** The overrides the experiment was loaded with, applied again to its robustness sweep. */
  readonly overrides?: EnvelopeOverrides
  /** Lift the limits on the plan (docs/limits.md); by default a plan beyond them is refused. */
  readonly allowLarge?: boolean
  readonly onProgress?: (p: Progress) => void
}

export interface RobustnessRunResult {
  readonly name: string
  /** Runs per point and variant. */
  readonly runs: number
  readonly result: RobustnessResult
}

/** Run the A/B of `exp` over its assumption space and analyse it. */
export const robustnessCheck = (exp: ResolvedExperiment, o: RobustnessOptions = {}) =>
  Effect.gen(function* () {
    const refusal = robustnessRefusal(exp)
    if (refusal) return yield* refusal
    const swept = yield* (yield* ExperimentLoader).load(exp.file, robustnessOverrides(exp, o.points ?? 16, o.overrides ?? {}))
    // The A/B at every point, all held until analysed: the plan that runs is this one.
    yield* checkPlan(swept, Math.max(1, o.workers ?? 1), "all-in-memory", o.allowLarge ?? false)
    const model = modelFor(swept.envelope.model, swept.file)
    if (!model) return yield* Effect.fail(new Error(`${exp.file}: model ${exp.envelope.model} is not loaded`))
    const runner = yield* scopedRunner({ workers: o.workers })
    const outcomes = yield* runner.run({ model, epochs: swept.envelope.epochs, specs: planRuns(swept), ...(o.onProgress ? { onProgress: o.onProgress } : {}) })
    return { name: swept.envelope.name, runs: swept.envelope.runs, result: analyseRobustness(swept, model, outcomes) } satisfies RobustnessRunResult
  }).pipe(Effect.scoped)
