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
 * `world.nextParams`, a caller calls `setParams` or `change`; either takes effect from the next
 * epoch. A `schedule` (data: epoch -> dotted path -> value, from the experiment file) is applied
 * through the same `change` just before its epoch runs, so a change made by hand in the TUI and
 * the same change scheduled in a file give bit-identical runs.
 */
import { EventLog } from "./Events.ts"
import { getPath, setPath } from "./ParamPath.ts"
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

/**
 * A change of parameters made before one epoch runs (and kept for the rest of the run, until
 * changed again): dotted parameter path -> new value, applied on the parameters in force then
 * (including changes governance made).
 */
export interface ScheduledChange {
  readonly epoch: number
  readonly set: Readonly<Record<string, unknown>>
}

/** `params` with every path of `set` replaced, in key order (a copy; `params` is not touched). */
export const applyChange = <P>(params: P, set: Readonly<Record<string, unknown>>): P =>
  Object.entries(set).reduce((p, [path, value]) => setPath(p, path, value), params)

export interface SimulateOptions<W> {
  readonly epochs: number
  readonly seed: number
  /** Parameter changes to make before given epochs (an experiment's `schedule`). */
  readonly schedule?: ReadonlyArray<ScheduledChange>
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
  private readonly schedule: ReadonlyArray<ScheduledChange>
  private readonly made: Array<ScheduledChange> = []

  constructor(
    model: ModelRuntime<P, W> | AnyModelRuntime,
    params: P,
    options: { readonly epochs: number; readonly seed: number; readonly schedule?: ReadonlyArray<ScheduledChange> | undefined }
  ) {
    const m = model as ModelRuntime<P, W>
    this.epochs = options.epochs
    this.schedule = options.schedule ?? []
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

  /**
   * Change parameters by path from the next epoch, on the parameters in force then; logs one
   * `params` event per path ("token.emission.perEpoch 500000 -> 350000 from epoch 40") and keeps
   * the change in `changes`, so the run can be replayed from a schedule.
   */
  change(set: Readonly<Record<string, unknown>>): void {
    const before = this.params
    this.world.nextParams = applyChange(before, set)
    for (const [path, value] of Object.entries(set)) this.world.events?.push(this.next, "params", `${path} ${String(getPath(before, path))} -> ${String(value)} from epoch ${this.next}`)
    const last = this.made.at(-1)
    if (last !== undefined && last.epoch === this.next) this.made[this.made.length - 1] = { epoch: this.next, set: { ...last.set, ...set } }
    else this.made.push({ epoch: this.next, set: { ...set } })
  }

  /** Every change made through `change` (scheduled or by hand), by epoch: a schedule that replays them. */
  get changes(): ReadonlyArray<ScheduledChange> {
    return this.made
  }

  /** The run's events so far. */
  get events(): EventLog {
    return this.world.events!
  }

  /** Run one epoch; false when the run is already complete. */
  step(): boolean {
    if (this.done) return false
    const epoch = this.next
    for (const c of this.schedule) if (c.epoch === epoch) this.change(c.set)
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
