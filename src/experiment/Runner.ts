/**
 * Runner: executes planned runs and streams their outcomes as they finish.
 *
 * The Effect boundary of a simulation. Two backends run the same `runOne`:
 * - in-process (workers <= 1): one synchronous `simulate` per run, yielding between runs so an
 *   interrupt (Ctrl-C) lands between runs;
 * - worker threads (workers >= 2): a pool that hands the next run to whichever worker is free;
 *   interrupting the stream terminates the workers.
 * Outcomes arrive in completion order (the caller orders them by coordinates when it matters);
 * each run's result depends only on its spec, so results are identical whatever the backend or
 * the number of workers. A run that throws comes back as data with its coordinates.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { AnyModel } from "../engine/Model.ts"
import type { WorkerMessage } from "./backends/protocol.ts"
import type { RunSpec } from "./Plan.ts"
import { modelSource } from "./ModelRegistry.ts"
import type { Progress } from "./Progress.ts"
import { runOne, type RunOutcome } from "./RunOne.ts"
import { workerEntry } from "./WorkerEntry.ts"

export type { RunOutcome } from "./RunOne.ts"
export { runOne } from "./RunOne.ts"
export type { Progress } from "./Progress.ts"
export { workerEntry } from "./WorkerEntry.ts"


export interface RunBatch {
  readonly model: AnyModel
  readonly epochs: number
  readonly specs: ReadonlyArray<RunSpec>
  /** Worker threads; 0 or 1 runs in this process. */
  readonly workers?: number
  readonly onProgress?: (progress: Progress) => void
}


/** Default worker count: every core. */
export const defaultWorkers = (): number => availableParallelism()

/** Tracks progress across runs, from per-run epoch counts. */
const tracker = (batch: RunBatch) => {
  const runsTotal = batch.specs.length
  const epochsTotal = runsTotal * batch.epochs
  let runsDone = 0
  let failures = 0
  let finishedEpochs = 0
  const inFlight = new Map<number, number>()
  const report = () => {
    if (!batch.onProgress) return
    let partial = 0
    for (const e of inFlight.values()) partial += e
    batch.onProgress({ runsDone, runsTotal, epochsDone: finishedEpochs + partial, epochsTotal, failures })
  }
  return {
    epochs: (job: number, done: number) => {
      inFlight.set(job, done)
      report()
    },
    finished: (job: number, outcome: RunOutcome) => {
      inFlight.delete(job)
      runsDone++
      finishedEpochs += batch.epochs
      if (outcome._tag === "Failed") failures++
      report()
    }
  }
}

/** Epochs between progress reports within a run: ~20 per run, so reporting costs nothing. */
const progressEvery = (batch: RunBatch) => (batch.onProgress ? Math.max(1, Math.ceil(batch.epochs / 20)) : 0)

const inProcess = (batch: RunBatch): Stream.Stream<RunOutcome> =>
  Stream.suspend(() => {
    const track = tracker(batch)
    const every = progressEvery(batch)
    return Stream.fromIterable(batch.specs.entries()).pipe(
      Stream.mapEffect(([job, spec]) =>
        Effect.sync(() => {
          const outcome = runOne(batch.model, batch.epochs, spec, every > 0 ? (e) => (e + 1) % every === 0 && track.epochs(job, e + 1) : undefined)
          track.finished(job, outcome)
          return outcome
        }).pipe(Effect.zipLeft(Effect.yieldNow()))
      )
    )
  })

const workerPool = (batch: RunBatch, size: number): Stream.Stream<RunOutcome, Error> =>
  Stream.async<RunOutcome, Error>((emit) => {
    const track = tracker(batch)
    const specs = batch.specs
    const workers: Array<Worker> = []
    let next = 0
    let finished = 0
    // Progress messages at most ~20 times per run keep message overhead negligible.
    const every = progressEvery(batch)
    const dispatch = (w: Worker) => {
      if (next >= specs.length) return
      const job = next++
      w.postMessage({ _tag: "RunJob", job, model: modelSource(batch.model), epochs: batch.epochs, spec: specs[job]!, progressEvery: every })
    }
    if (specs.length === 0) {
      void emit.end()
      return Effect.void
    }
    for (let i = 0; i < Math.min(size, specs.length); i++) {
      const w = new Worker(workerEntry)
      w.on("message", (m: WorkerMessage) => {
        if (m._tag === "Epochs") return track.epochs(m.job, m.epochsDone)
        const spec = specs[m.job]!
        const outcome: RunOutcome = m._tag === "Completed" ? { _tag: "Completed", spec, result: { metrics: m.metrics, series: m.series } } : { _tag: "Failed", spec, error: m.error }
        track.finished(m.job, outcome)
        void emit.single(outcome)
        finished++
        if (finished === specs.length) void emit.end()
        else dispatch(w)
      })
      w.on("error", (e) => void emit.fail(new Error(`worker thread failed: ${e.message}`)))
      workers.push(w)
      // Two jobs in flight per worker: the next one is already queued when a run ends, so the
      // worker never idles through a round trip to this thread.
      for (let k = 0; k < JOBS_IN_FLIGHT; k++) dispatch(w)
    }
    return Effect.promise(() => Promise.all(workers.map((w) => w.terminate())))
  }, bufferSize(batch))

/** Jobs queued per worker. */
const JOBS_IN_FLIGHT = 2

/** Buffer enough outcomes that workers never wait on a slow consumer for long. */
const bufferSize = (batch: RunBatch) => Math.max(16, Math.min(1024, batch.specs.length))

/**
 * Below this many run-epochs, starting worker threads (about half a second each) costs more
 * than it saves, so the batch runs in-process. Results are the same either way.
 */
const MIN_POOL_WORK = 5_000

/** Stream the outcomes of every spec in completion order, on the backend the batch asks for. */
export const streamOutcomes = (batch: RunBatch): Stream.Stream<RunOutcome, Error> => {
  const workers = Math.min(Math.max(0, Math.floor(batch.workers ?? 0)), batch.specs.length)
  return workers >= 2 && batch.specs.length * batch.epochs >= MIN_POOL_WORK ? workerPool(batch, workers) : inProcess(batch)
}

export class Runner extends Effect.Service<Runner>()("Runner", {
  succeed: {
    /** Stream the outcomes of every spec, in completion order. */
    stream: streamOutcomes,
    /** Run every spec and collect the outcomes in plan order (scenario, run). */
    run: (batch: RunBatch): Effect.Effect<ReadonlyArray<RunOutcome>, Error> =>
      Effect.suspend(() => {
        const order = new Map(batch.specs.map((s, i) => [s, i]))
        return Stream.runCollect(streamOutcomes(batch)).pipe(Effect.map((c) => Chunk.toArray(c).sort((a, b) => order.get(a.spec)! - order.get(b.spec)!)))
      })
  }
}) {}
