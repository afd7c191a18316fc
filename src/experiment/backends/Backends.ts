/**
 * Backends: the one place that chooses where runs happen, from a command's options: a queue
 * when one is given, else worker threads when more than one is asked for, else this thread.
 * Commands and the library build this layer once and provide it; nothing downstream branches on
 * the backend.
 */
import { availableParallelism } from "node:os"
import type * as Layer from "effect/Layer"
import type { Backend } from "./Backend.ts"
import { InProcess } from "./InProcess.ts"
import { QueueBackend, type QueueOptions } from "./QueueBackend.ts"
import { WorkerThreads } from "./WorkerThreads.ts"

export interface BackendOptions {
  /** Worker threads; 0 or 1 runs in this thread. Ignored with a queue. */
  readonly workers?: number | undefined
  /** Run on the workers of this queue instead of this machine. */
  readonly queue?: QueueOptions | undefined
}

/** Default worker count: every core. */
export const defaultWorkers = (): number => availableParallelism()

/** The backend the options ask for. */
export const backendLayer = (o: BackendOptions): Layer.Layer<Backend> => {
  if (o.queue !== undefined) return QueueBackend(o.queue)
  const workers = Math.max(0, Math.floor(o.workers ?? 0))
  return workers >= 2 ? WorkerThreads(workers) : InProcess
}
