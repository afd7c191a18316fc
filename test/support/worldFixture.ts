/**
 * World fixtures: a model's world built by hand, one system run on it once, the columns and
 * flows read back. Per-system unit tests use them (test/models/<model>/systems/): a test states
 * the world (three operators with given capacity, cost and uptime; a price), runs ONE system
 * and checks what the rule says should happen, computed by hand in the test.
 *
 * This file is the model-free part: parameters decoded strictly (a key the schema does not know
 * is an error, so a test cannot silently run on defaults after a rename), a recorder for the
 * model's metrics, and `run`. gpuWorld.ts and verificationWorld.ts build the two models' worlds.
 */
import * as Schema from "effect/Schema"
import { EventLog } from "../../src/engine/Events.ts"
import { metricDefs, type Model, type WorldBase } from "../../src/engine/Model.ts"
import type { NamedSystem } from "../../src/engine/Pipeline.ts"
import { Recorder } from "../../src/engine/Recorder.ts"
import { Rng } from "../../src/engine/Rng.ts"

/**
 * A model's parameters from a partial object in the experiment file's form: what it leaves out
 * takes the schema's defaults; an unknown key or a bad value throws, naming the field.
 */
export const strictParams = <P>(model: Model<P, any>, raw: unknown): P =>
  Schema.decodeUnknownSync(model.params, { errors: "all", onExcessProperty: "error" })(raw)

/** A world built for one test, with its parameters and recorder. */
export interface WorldFixture<P, W extends WorldBase> {
  readonly params: P
  readonly world: W
  readonly recorder: Recorder
  /**
   * Run one system once, at the world's epoch, with a generator seeded by `seed` (the same seed
   * gives the same draws). Returns the fixture, so a test can chain systems it needs in order.
   * The seed is used raw (`new Rng(seed)`): a small seed's first draw is close to 1 (seed 1:
   * 0.99999998), so a test that wants typical draws passes `deriveSeed(...)`, as runs do.
   */
  readonly run: (system: NamedSystem<W, P>, seed?: number) => WorldFixture<P, W>
  /** What the systems recorded for metric `name` at the world's epoch (NaN when nothing was). */
  readonly metric: (name: string) => number
  /** Move the world (and the recorder) to `epoch`, for a test that runs a system over several epochs. */
  readonly at: (epoch: number) => WorldFixture<P, W>
}

/**
 * Wrap a world built by `build` (from the decoded parameters, a generator and a recorder) as a
 * fixture at `epoch`. The recorder holds the model's metrics for these parameters, `epochs`
 * epochs long (to `epoch` by default).
 */
export const worldFixture = <P, W extends WorldBase>(
  model: Model<P, W>,
  params: P,
  epoch: number,
  build: (params: P, rng: Rng, recorder: Recorder) => W,
  epochs: number = epoch + 1
): WorldFixture<P, W> => {
  const recorder = new Recorder(metricDefs(model, params), Math.max(epochs, epoch + 1))
  const world = build(params, new Rng(0), recorder)
  world.epoch = epoch
  world.events ??= new EventLog()
  recorder.epoch = epoch
  const fx: WorldFixture<P, W> = {
    params,
    world,
    recorder,
    run: (system, seed = 1) => {
      system.run(world, params, new Rng(seed))
      return fx
    },
    metric: (name) => recorder.series[recorder.id(name)]![recorder.epoch]!,
    at: (e) => {
      if (!(e >= 0 && e < recorder.series[0]!.length)) throw new RangeError(`epoch ${e} is outside the fixture's recorder (give it more epochs)`)
      world.epoch = recorder.epoch = e
      return fx
    }
  }
  return fx
}

/** `base` with `over`'s keys laid over it, objects merged key by key (arrays replaced). */
export const deepMerge = (base: unknown, over: unknown): unknown => {
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v)
  return out
}
