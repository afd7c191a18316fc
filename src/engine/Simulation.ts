/**
 * Simulation: one run of a model, from epoch 0 to the last epoch.
 *
 * Plain synchronous TypeScript: the Runner (an Effect service) calls `simulate` once per run
 * and does everything effectful around it. The optional `onEpoch` hook lets callers observe
 * progress (or check invariants in tests) without the loop knowing who listens.
 *
 * `Stepper` is the same loop one epoch at a time, for callers that pause, step and change
 * parameters between epochs (the TUI); `simulate` is a Stepper run to the end, so both give
 * bit-identical results for the same inputs.
 *
 * Parameters can change while a run goes on: a system (governance executing a proposal) sets
 * `world.nextParams`, a caller calls `setParams`; either takes effect from the next epoch.
 */
import { EventLog } from "./Events.ts"
import { metricDefs, type AnyModelRuntime, type ModelRuntime, type WorldBase } from "./Model.ts"
import type { NamedSystem } from "./Pipeline.ts"
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

/** One run, advanced an epoch at a time. */
export class Stepper<P, W extends WorldBase> {
  readonly world: W
  readonly recorder: Recorder
  readonly epochs: number
  private readonly rng: Rng
  private readonly systems: ReadonlyArray<NamedSystem<W, P>>
  private current: P
  private next = 0

  constructor(model: ModelRuntime<P, W> | AnyModelRuntime, params: P, options: { readonly epochs: number; readonly seed: number }) {
    const m = model as ModelRuntime<P, W>
    this.epochs = options.epochs
    this.rng = new Rng(options.seed)
    this.recorder = new Recorder(metricDefs(m, params), options.epochs)
    this.world = m.init(params, this.rng, this.recorder)
    this.world.events ??= new EventLog()
    this.systems = m.systems
    this.current = params
  }

  /** Epochs run so far (the next epoch's index). */
  get epoch(): number {
    return this.next
  }

  get done(): boolean {
    return this.next >= this.epochs
  }

  /** The parameters the next epoch runs with. */
  get params(): P {
    return (this.world.nextParams as P | undefined) ?? this.current
  }

  /** Run the next epoch with these parameters (and every later one, until changed again). */
  setParams(params: P, reason?: string): void {
    this.world.nextParams = params
    if (reason) this.world.events?.push(this.next, "params", reason)
  }

  /** The run's events so far. */
  get events(): EventLog {
    return this.world.events!
  }

  /** Run one epoch; false when the run is already complete. */
  step(): boolean {
    if (this.done) return false
    const epoch = this.next
    if (this.world.nextParams !== undefined) {
      this.current = this.world.nextParams as P
      this.world.nextParams = undefined
    }
    this.world.epoch = epoch
    this.recorder.epoch = epoch
    runEpoch(this.systems, this.world, this.current, this.rng, epoch)
    this.next = epoch + 1
    return true
  }

  /** Series so far: the first `epoch` values of every metric (views, no copy). */
  partial(): RunResult {
    return { metrics: this.recorder.names, series: this.recorder.series.map((s) => s.subarray(0, this.next)) }
  }

  /** The full result (every series `epochs` long; epochs not run yet are NaN). */
  result(): RunResult {
    return { metrics: this.recorder.names, series: this.recorder.series }
  }
}

/** Run a model for `epochs` epochs from `seed`. Deterministic in (model, params, epochs, seed). */
export const simulate = <P, W extends WorldBase>(
  model: ModelRuntime<P, W> | AnyModelRuntime,
  params: P,
  options: SimulateOptions<W>
): RunResult => {
  const stepper = new Stepper<P, W>(model, params, options)
  while (stepper.step()) options.onEpoch?.(stepper.world, stepper.epoch - 1)
  return stepper.result()
}
