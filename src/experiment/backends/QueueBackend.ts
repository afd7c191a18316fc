/**
 * Queue: the backend that runs a batch as jobs on a Redis queue, for `sandbox worker --queue URL`
 * processes on any machine (Coordinator.ts enqueues and collects them; Distributed.ts has the
 * design). The batch's `key` names its jobs (the experiment's hash for a sweep), so a coordinator
 * restarted with `--resume` finds the jobs it queued before; a batch without one is named by its
 * content. Jobs carry the model's code version, and a result is checked against the metrics the
 * model records before it counts.
 */
import { createHash } from "node:crypto"
import * as Layer from "effect/Layer"
import { metricDefs } from "../../engine/Model.ts"
import { codeVersion } from "../CodeVersion.ts"
import { modelDirsOf, modelSource } from "../ModelRegistry.ts"
import { Backend, type Batch } from "./Backend.ts"
import { distributedOutcomes } from "./Coordinator.ts"

export interface QueueOptions {
  readonly url: string
  /** Something the user should know while waiting (jobs lost by Redis and queued again, results refused). */
  readonly onNotice?: (line: string) => void
  /** Called once a batch's jobs are all on the queue. */
  readonly onQueued?: (batch: Batch) => void
  /** Milliseconds between polls for finished jobs. */
  readonly pollMs?: number
}

/** A batch's name by its content: the model, the epochs and every spec. */
const contentKey = (batch: Batch): string => createHash("sha256").update(JSON.stringify([modelSource(batch.model), batch.epochs, batch.specs])).digest("hex")

/** The queue backend on the Redis server at `o.url`. */
export const QueueBackend = (o: QueueOptions): Layer.Layer<Backend> =>
  Layer.succeed(Backend, {
    describe: o.url,
    stream: (batch) =>
      distributedOutcomes({
        url: o.url,
        hash: batch.key ?? contentKey(batch),
        version: codeVersion(modelDirsOf(batch.model)),
        model: modelSource(batch.model),
        epochs: batch.epochs,
        specs: batch.specs,
        metricsOf: (spec) => metricDefs(batch.model, spec.params).map((d) => d.name),
        ...(batch.onProgress ? { onProgress: batch.onProgress } : {}),
        ...(o.onNotice ? { onNotice: o.onNotice } : {}),
        ...(o.onQueued ? { onQueued: () => o.onQueued!(batch) } : {}),
        ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {})
      })
  })
