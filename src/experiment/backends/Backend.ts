/**
 * Backend: where a batch of runs is computed. A service the Runner takes from its layer, with one
 * implementation per place, each a Layer:
 * - InProcess (InProcess.ts): this thread, one run at a time;
 * - WorkerThreads (WorkerThreads.ts): a pool of worker threads (ThreadPool.ts, the same pool a
 *   distributed worker runs its jobs on);
 * - Queue (QueueBackend.ts): jobs on a Redis queue for `sandbox worker` processes anywhere
 *   (Coordinator.ts).
 * A command chooses the layer once from its options (Backends.ts: `--queue`, else `--workers`);
 * nothing after that asks where runs happen. Every backend runs the same `runOne` (RunOne.ts) and
 * a run depends only on its spec, so results are identical bit for bit whichever one ran them.
 */
import * as Context from "effect/Context"
import type * as Stream from "effect/Stream"
import type { AnyModel } from "../../engine/Model.ts"
import type { RunSpec } from "../Plan.ts"
import type { Progress } from "../Progress.ts"
import type { RunOutcome } from "../RunOne.ts"

/** A batch of runs of one model. */
export interface Batch {
  readonly model: AnyModel
  readonly epochs: number
  readonly specs: ReadonlyArray<RunSpec>
  readonly onProgress?: (progress: Progress) => void
  /**
   * What the batch computes, named stably (the experiment's hash; for an optimizer's generation,
   * of its candidates too): a queue names the batch's jobs by it, so a restarted coordinator finds
   * the jobs it queued before. Backends on this machine ignore it.
   */
  readonly key?: string
}

export interface BackendShape {
  /** Where runs happen, for people ("this thread", "4 worker threads", "redis://..."). */
  readonly describe: string
  /** Every spec's outcome, in completion order; a failed run is an outcome too. */
  readonly stream: (batch: Batch) => Stream.Stream<RunOutcome, Error>
}

export class Backend extends Context.Tag("Backend")<Backend, BackendShape>() {}

/** Tracks a batch's progress across runs, from per-run epoch counts. */
export const tracker = (batch: Batch) => {
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
export const progressEvery = (batch: Batch): number => (batch.onProgress ? Math.max(1, Math.ceil(batch.epochs / 20)) : 0)
