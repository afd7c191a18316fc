/**
 * WorkerThreads: the backend that runs a batch on a pool of worker threads (ThreadPool.ts, the
 * pool a distributed worker runs its jobs on too), each thread fed two jobs at a time, outcomes
 * in completion order. The pool belongs to the layer: it starts with the first batch that needs
 * it (threads start as jobs need them), serves every later batch (an optimizer's generations find
 * their threads warm) and closes with the layer's scope. Interrupting a batch terminates the
 * threads running its jobs. A batch below MIN_POOL_WORK runs in this thread instead: starting
 * threads would cost more than it saves, and results are the same either way.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { modelSource } from "../ModelRegistry.ts"
import type { RunOutcome } from "../RunOne.ts"
import { Backend, progressEvery, tracker, type Batch } from "./Backend.ts"
import { inProcessOutcomes } from "./InProcess.ts"
import { threadPool, type ThreadPool } from "./ThreadPool.ts"

/** Jobs posted to each thread at once: the next is queued when a run ends. */
const JOBS_PER_THREAD = 2

/**
 * Below this many run-epochs, starting worker threads (about half a second each) costs more
 * than it saves, so the batch runs in this thread. Results are the same either way.
 */
export const MIN_POOL_WORK = 5_000

/** Buffer enough outcomes that threads never wait on a slow consumer for long. */
const bufferSize = (batch: Batch) => Math.max(16, Math.min(1024, batch.specs.length))

/** Every spec's outcome, run on the pool's threads, in completion order. */
export const threadOutcomes = (pool: ThreadPool, batch: Batch): Stream.Stream<RunOutcome, Error> =>
  Stream.suspend(() => {
    const track = tracker(batch)
    const every = progressEvery(batch)
    const model = modelSource(batch.model)
    const one = (job: number, spec: Batch["specs"][number]) =>
      Effect.async<RunOutcome, Error>((resume) => {
        const submitted = pool.submit({ model, epochs: batch.epochs, spec, progressEvery: every, onEpochs: (done) => track.epochs(job, done) })
        submitted.result.then(
          (m) => {
            const outcome: RunOutcome = m._tag === "Completed" ? { _tag: "Completed", spec, result: { metrics: m.metrics, series: m.series } } : { _tag: "Failed", spec, error: m.error }
            track.finished(job, outcome)
            resume(Effect.succeed(outcome))
          },
          (e: unknown) => resume(Effect.fail(e instanceof Error ? e : new Error(String(e))))
        )
        return Effect.sync(submitted.cancel)
      })
    return Stream.fromIterable(batch.specs.entries()).pipe(
      Stream.flatMap(([job, spec]) => Stream.fromEffect(one(job, spec)), { concurrency: pool.size * JOBS_PER_THREAD, bufferSize: bufferSize(batch) })
    )
  })

/** The worker-threads backend on `size` threads (at most one per run of a batch). */
export const WorkerThreads = (size: number): Layer.Layer<Backend> =>
  Layer.scoped(
    Backend,
    Effect.gen(function* () {
      let pool: ThreadPool | undefined
      yield* Effect.addFinalizer(() => Effect.promise(async () => pool?.close()))
      return {
        describe: `${size} worker threads`,
        stream: (batch: Batch) =>
          Math.min(size, batch.specs.length) >= 2 && batch.specs.length * batch.epochs >= MIN_POOL_WORK
            ? threadOutcomes((pool ??= threadPool(size, { jobsPerThread: JOBS_PER_THREAD })), batch)
            : inProcessOutcomes(batch)
      }
    })
  )
