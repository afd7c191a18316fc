/**
 * RunOne: one run of one spec to an outcome. Shared by every backend, so a run's result does
 * not depend on where it ran. Never throws: a failure becomes a `Failed` outcome, and so does a
 * run in which a metric overflowed to Infinity (Overflow.ts).
 */
import type { AnyModelRuntime } from "../engine/Model.ts"
import { overflowMessage } from "../engine/Overflow.ts"
import { simulate, type RunResult } from "../engine/Simulation.ts"
import type { RunSpec } from "./Plan.ts"

/** What became of one run. */
export type RunOutcome =
  | { readonly _tag: "Completed"; readonly spec: RunSpec; readonly result: RunResult }
  | { readonly _tag: "Failed"; readonly spec: RunSpec; readonly error: string }

export const runOne = (model: AnyModelRuntime, epochs: number, spec: RunSpec, onEpoch?: (epoch: number) => void): RunOutcome => {
  try {
    const result = simulate(model, spec.params, {
      epochs,
      seed: spec.seed,
      ...(spec.schedule !== undefined && spec.schedule.length > 0 ? { schedule: spec.schedule } : {}),
      ...(onEpoch ? { onEpoch: (_w: unknown, epoch: number) => onEpoch(epoch) } : {})
    })
    // A value that overflowed is no result: the outputs would show it as empty cells.
    const overflow = overflowMessage(result, spec.params)
    if (overflow !== undefined) return { _tag: "Failed", spec, error: overflow }
    return { _tag: "Completed", spec, result }
  } catch (error) {
    return { _tag: "Failed", spec, error: error instanceof Error ? error.message : String(error) }
  }
}
