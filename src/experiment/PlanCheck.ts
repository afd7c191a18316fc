/**
 * PlanCheck: an experiment's plan held against the limits (Limits.ts) before anything is
 * planned or run: its runs, epochs, work, memory (series and the largest world any scenario
 * builds) and threads. Used by the commands (`run`, `sweep`, `report`, `robustness`, `check`)
 * and by the library's functions, so both refuse the same plans with the same message.
 */
import * as Effect from "effect/Effect"
import { metricDefs } from "../engine/Model.ts"
import { applyChange } from "../engine/Simulation.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { largestState, LimitExceeded, limitsFor, planProblem, type Keeping, type RunState } from "./Limits.ts"
import { modelFor } from "./ModelRegistry.ts"

/**
 * Fail with LimitExceeded when the plan of `exp` on `workers` threads is beyond the limits
 * (estimated from its shape and its models' state, before anything is planned or run).
 */
export const checkPlan = (exp: ResolvedExperiment, workers: number, keeping: Keeping, allowLarge: boolean): Effect.Effect<void, LimitExceeded> =>
  Effect.suspend(() => {
    const model = modelFor(exp.envelope.model, exp.file)!
    let metrics = 0
    // The biggest world any scenario builds (a sweep over operators.count sizes each differently),
    // at epoch 0 or after a scheduled change.
    // robustness and report run the A/B again across `assumptions`, optimize tries values across
    // `optimize.parameters`: the worlds at both ends of those ranges count too.
    const ranges = { ...exp.envelope.assumptions, ...(exp.envelope.optimize?.parameters ?? {}) }
    const ends = Object.keys(ranges).length === 0 ? [] : (["to", "from"] as const).map((end) => ({ end, set: Object.fromEntries(Object.entries(ranges).map(([path, r]) => [path, r[end]])) }))
    let state: RunState = { bytes: 0 }
    for (const s of exp.scenarios) {
      metrics = Math.max(metrics, metricDefs(model, s.params).length)
      const label = exp.scenarios.length > 1 ? `scenario ${s.label}` : undefined
      const candidates = [
        largestState(model, s.params, exp.envelope.schedule ?? [], label),
        ...ends.map(({ end, set }) => largestState(model, applyChange(s.params, set), exp.envelope.schedule ?? [], `${label === undefined ? "" : `${label}, `}with assumptions and optimize.parameters at their \`${end}\` values`))
      ]
      for (const one of candidates) if (one.bytes > state.bytes) state = one
    }
    const problem = planProblem(
      { scenarios: exp.scenarios.length, runsPerScenario: exp.envelope.runs, epochs: exp.envelope.epochs, metrics, workers, keeping, state },
      limitsFor(allowLarge)
    )
    return problem === undefined ? Effect.void : Effect.fail(new LimitExceeded({ file: exp.file, message: problem }))
  })
