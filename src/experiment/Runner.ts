/**
 * Runner: executes planned runs and streams their outcomes as they finish.
 *
 * The Effect boundary of a simulation. Where runs happen is not its business: it takes a
 * `Backend` from its layer (backends/Backend.ts: this thread, a pool of worker threads, a Redis
 * queue), chosen once by the command or library call from its options (`runnerLayer`).
 * Outcomes arrive in completion order (`run` puts them in plan order); each run's result depends
 * only on its spec, so results are identical whatever the backend or the number of workers. A
 * run that throws comes back as data with its coordinates.
 */
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { Backend, type Batch } from "./backends/Backend.ts"
import { backendLayer, type BackendOptions } from "./backends/Backends.ts"
import type { RunOutcome } from "./RunOne.ts"

export type { RunOutcome } from "./RunOne.ts"
export { runOne } from "./RunOne.ts"
export type { Progress } from "./Progress.ts"
export { workerEntry } from "./WorkerEntry.ts"
export { defaultWorkers, type BackendOptions } from "./backends/Backends.ts"

/** A batch of runs of one model (backends/Backend.ts). */
export type RunBatch = Batch

export class Runner extends Effect.Service<Runner>()("Runner", {
  effect: Effect.map(Backend, (backend) => ({
    /** Where runs happen, for people. */
    describe: backend.describe,
    /** Stream the outcomes of every spec, in completion order. */
    stream: (batch: RunBatch): Stream.Stream<RunOutcome, Error> => backend.stream(batch),
    /** Run every spec and collect the outcomes in plan order (scenario, run). */
    run: (batch: RunBatch): Effect.Effect<ReadonlyArray<RunOutcome>, Error> =>
      Effect.suspend(() => {
        const order = new Map(batch.specs.map((s, i) => [s, i]))
        return Stream.runCollect(backend.stream(batch)).pipe(Effect.map((c) => Chunk.toArray(c).sort((a, b) => order.get(a.spec)! - order.get(b.spec)!)))
      })
  }))
}) {}

/** The Runner on the backend the options choose: a queue, else worker threads, else this thread. */
export const runnerLayer = (o: BackendOptions): Layer.Layer<Runner> => Runner.Default.pipe(Layer.provide(backendLayer(o)))

/**
 * A Runner on the backend the options choose, living as long as the current scope (a command's):
 * its worker threads, if any, serve every batch it runs and stop when the scope closes.
 */
export const scopedRunner = (o: BackendOptions): Effect.Effect<Runner, never, Scope.Scope> => Effect.map(Layer.build(runnerLayer(o)), Context.get(Runner))

/**
 * The outcomes of one batch on `workers` threads (0 or 1: this thread), the backend living as
 * long as the stream: for scripts and benches that run one batch outside a command.
 */
export const streamOutcomes = (batch: RunBatch & { readonly workers?: number }): Stream.Stream<RunOutcome, Error> =>
  Stream.unwrap(Effect.map(Runner, (r) => r.stream(batch))).pipe(Stream.provideLayer(runnerLayer({ workers: batch.workers })))
