/**
 * Simulation: one run of a model, from epoch 0 to the last epoch.
 *
 * Plain synchronous TypeScript: the Runner (an Effect service) calls `simulate` once per run
 * and does everything effectful around it. The optional `onEpoch` hook lets callers observe
 * progress (or check invariants in tests) without the loop knowing who listens.
 */
import { metricDefs, type AnyModelRuntime, type ModelRuntime, type WorldBase } from "./Model.ts"
import { runEpoch } from "./Pipeline.ts"
import { Recorder } from "./Recorder.ts"
import { Rng } from "./Rng.ts"

/** Result of one run: one series per metric, epochs long. */
export interface RunResult {
  readonly metrics: ReadonlyArray<string>
  readonly series: ReadonlyArray<Float64Array>
}

export interface SimulateOptions<W> {
  readonly epochs: number
  readonly seed: number
  /** Called after each epoch's systems ran. */
  readonly onEpoch?: (world: W, epoch: number) => void
}

/** Run a model for `epochs` epochs from `seed`. Deterministic in (model, params, epochs, seed). */
export const simulate = <P, W extends WorldBase>(
  model: ModelRuntime<P, W> | AnyModelRuntime,
  params: P,
  options: SimulateOptions<W>
): RunResult => {
  const m = model as ModelRuntime<P, W>
  const rng = new Rng(options.seed)
  const recorder = new Recorder(metricDefs(m, params), options.epochs)
  const world = m.init(params, rng, recorder)
  const systems = m.systems
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    world.epoch = epoch
    recorder.epoch = epoch
    runEpoch(systems, world, params, rng, epoch)
    options.onEpoch?.(world, epoch)
  }
  return { metrics: recorder.names, series: recorder.series }
}
