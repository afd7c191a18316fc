/**
 * Worker thread body: runs jobs sent by the Runner's pool or by a distributed worker's threads
 * (Distributed.ts) with the same `runOne` as the in-process backend, so results are identical
 * bit for bit whichever backend ran them.
 */
import { parentPort } from "node:worker_threads"
import { runOne } from "../RunOne.ts"
import { runtimeFor } from "../RuntimeRegistry.ts"
import type { RunJob, WorkerMessage } from "./protocol.ts"

const port = parentPort
if (!port) throw new Error("worker.ts must run in a worker thread")

/**
 * Results are copied back, never transferred: transferring detaches the ArrayBuffers, and once
 * an isolate has detached one, V8 drops the assumption that none is detached (its "array buffer
 * detaching protector") and every typed-array access in the optimized engine code pays a check:
 * runs after the first took ~35% longer (420 ms against 310 ms for the bench's network). A copy
 * of a run's series (metrics x epochs float64s, ~175 KB) costs well under a millisecond.
 */
port.on("message", async (msg: RunJob) => {
  const send = (m: WorkerMessage) => port.postMessage(m)
  let model
  try {
    model = await runtimeFor(msg.model)
  } catch (e) {
    return send({ _tag: "Failed", job: msg.job, error: `cannot load model "${msg.model}" in worker: ${e instanceof Error ? e.message : String(e)}` })
  }
  const every = msg.progressEvery
  const outcome = runOne(model, msg.epochs, msg.spec, every > 0 ? (e) => (e + 1) % every === 0 && send({ _tag: "Epochs", job: msg.job, epochsDone: e + 1 }) : undefined)
  if (outcome._tag === "Completed") {
    const series = outcome.result.series
    send({ _tag: "Completed", job: msg.job, metrics: outcome.result.metrics, series })
  } else {
    send({ _tag: "Failed", job: msg.job, error: outcome.error })
  }
})
