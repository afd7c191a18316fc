/**
 * Messages between a pool of run threads (the Runner's, a distributed worker's) and its threads.
 * Series travel as copies (structured clone; transferring them would slow the thread's engine
 * code, see worker.ts); params are plain decoded data (structured-clonable).
 */
import type { RunSpec } from "../Plan.ts"

/** Pool -> thread: run one spec. */
export interface RunJob {
  readonly _tag: "RunJob"
  readonly job: number
  readonly model: string
  readonly epochs: number
  readonly spec: RunSpec
  /** Report progress every this many epochs (0: never). */
  readonly progressEvery: number
}

/** Thread -> pool. */
export type WorkerMessage =
  | { readonly _tag: "Epochs"; readonly job: number; readonly epochsDone: number }
  | { readonly _tag: "Completed"; readonly job: number; readonly metrics: ReadonlyArray<string>; readonly series: ReadonlyArray<Float64Array> }
  | { readonly _tag: "Failed"; readonly job: number; readonly error: string }
