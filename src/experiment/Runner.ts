/**
 * Runner: executes planned runs and reports progress.
 *
 * The Effect boundary of a simulation: each run is one synchronous `simulate` call (the hot loop
 * stays plain TypeScript); between runs the fiber yields, so an interrupt (Ctrl-C) stops the
 * sweep cleanly after the run in flight. A run that throws comes back as data with its
 * coordinates, and the other runs go on.
 */
import * as Effect from "effect/Effect"
import type { AnyModel } from "../engine/Model.ts"
import { simulate, type RunResult } from "../engine/Simulation.ts"
import type { RunSpec } from "./Plan.ts"

/** What became of one run. */
export type RunOutcome =
  | { readonly _tag: "Completed"; readonly spec: RunSpec; readonly result: RunResult }
  | { readonly _tag: "Failed"; readonly spec: RunSpec; readonly error: string }

/** Progress of a batch of runs, reported after every epoch and every finished run. */
export interface Progress {
  readonly runsDone: number
  readonly runsTotal: number
  readonly epochsDone: number
  readonly epochsTotal: number
  readonly failures: number
}

export interface RunBatch {
  readonly model: AnyModel
  readonly epochs: number
  readonly specs: ReadonlyArray<RunSpec>
  readonly onProgress?: (progress: Progress) => void
  /** Called with each outcome as soon as its run ends (for streaming writers). */
  readonly onOutcome?: (outcome: RunOutcome) => void
}

/** Run one spec to an outcome; never throws. */
export const runOne = (model: AnyModel, epochs: number, spec: RunSpec, onEpoch?: (epoch: number) => void): RunOutcome => {
  try {
    const result = simulate(model, spec.params, {
      epochs,
      seed: spec.seed,
      ...(onEpoch ? { onEpoch: (_w: unknown, epoch: number) => onEpoch(epoch) } : {})
    })
    return { _tag: "Completed", spec, result }
  } catch (error) {
    return { _tag: "Failed", spec, error: error instanceof Error ? error.message : String(error) }
  }
}

export class Runner extends Effect.Service<Runner>()("Runner", {
  succeed: {
    /** Run every spec in order, in this process. */
    run: (batch: RunBatch): Effect.Effect<ReadonlyArray<RunOutcome>> =>
      Effect.suspend(() => {
        const { model, epochs, specs, onProgress, onOutcome } = batch
        const runsTotal = specs.length
        const epochsTotal = runsTotal * epochs
        let runsDone = 0
        let failures = 0
        const report = (epochsDone: number) => onProgress?.({ runsDone, runsTotal, epochsDone, epochsTotal, failures })
        return Effect.forEach(specs, (spec) =>
          Effect.sync(() => {
            const base = runsDone * epochs
            const outcome = runOne(model, epochs, spec, onProgress ? (e) => report(base + e + 1) : undefined)
            runsDone++
            if (outcome._tag === "Failed") failures++
            report(runsDone * epochs)
            onOutcome?.(outcome)
            return outcome
          }).pipe(Effect.zipLeft(Effect.yieldNow()))
        )
      })
  }
}) {}
