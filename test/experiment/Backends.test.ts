/**
 * Backends as layers: the command's options choose the layer once; the worker-threads pool runs
 * batch after batch with the outcomes of the in-process backend bit for bit; a batch interrupted
 * mid-way stops its threads' runs and leaves the pool able to run the next one; a job cancelled
 * while a thread holds it does not take the jobs queued behind it down with it.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import { afterAll, describe, expect, it } from "vitest"
import { Backend, type Batch } from "../../src/experiment/backends/Backend.ts"
import { backendLayer } from "../../src/experiment/backends/Backends.ts"
import { inProcessOutcomes } from "../../src/experiment/backends/InProcess.ts"
import { threadPool } from "../../src/experiment/backends/ThreadPool.ts"
import { threadOutcomes } from "../../src/experiment/backends/WorkerThreads.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { runOne, type RunOutcome } from "../../src/experiment/RunOne.ts"

const decoded = decodeExperiment(
  "t.yaml",
  `name: t
epochs: 80
runs: 3
params: { operators: { count: 40 }, validators: { count: 6 } }
sweep:
  grid:
    market.volatility: [0.01, 0.05]
`
)
if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
const exp = decoded.right
const batch: Batch = { model: models[exp.envelope.model]!, epochs: exp.envelope.epochs, specs: planRuns(exp) }

/** Outcomes in plan order, each as its series' bytes. */
const fingerprint = (outcomes: Iterable<RunOutcome>) =>
  [...outcomes]
    .sort((a, b) => a.spec.scenario - b.spec.scenario || a.spec.run - b.spec.run)
    .map((o) => (o._tag === "Completed" ? `${o.spec.scenario}/${o.spec.run}:${o.result.series.map((s) => Buffer.from(s.buffer).toString("base64")).join("|")}` : `${o.spec.scenario}/${o.spec.run}:FAILED ${o.error}`))

const collect = (s: Stream.Stream<RunOutcome, Error>) => Effect.runPromise(Stream.runCollect(s).pipe(Effect.map(Chunk.toArray)))

describe("backends", () => {
  const pool = threadPool(2, { jobsPerThread: 2 })
  afterAll(() => pool.close())

  it("are chosen once from the options: a queue, else threads when more than one, else this thread", async () => {
    const describeOf = (o: Parameters<typeof backendLayer>[0]) => Effect.runPromise(Effect.map(Backend, (b) => b.describe).pipe(Effect.provide(backendLayer(o))))
    expect(await describeOf({})).toBe("this thread")
    expect(await describeOf({ workers: 1 })).toBe("this thread")
    expect(await describeOf({ workers: 3 })).toBe("3 worker threads")
    expect(await describeOf({ workers: 3, queue: { url: "redis://127.0.0.1:1" } })).toBe("redis://127.0.0.1:1")
  })

  it("run batch after batch on one pool of threads, bit-identical to this thread", async () => {
    const here = fingerprint(await collect(inProcessOutcomes(batch)))
    expect(here).toHaveLength(6)
    expect(fingerprint(await collect(threadOutcomes(pool, batch)))).toEqual(here)
    // The same pool again: its threads are reused, the results the same.
    expect(fingerprint(await collect(threadOutcomes(pool, batch)))).toEqual(here)
  })

  it("stop an interrupted batch's runs and run the next batch on the same pool", async () => {
    const first = await collect(threadOutcomes(pool, batch).pipe(Stream.take(1)))
    expect(first).toHaveLength(1)
    expect(fingerprint(await collect(threadOutcomes(pool, batch)))).toEqual(fingerprint(await collect(inProcessOutcomes(batch))))
  })

  it("cancel a job a thread holds without losing the job queued behind it", async () => {
    const one = threadPool(1, { jobsPerThread: 2 })
    try {
      const [a, b, c] = batch.specs
      const job = (spec: typeof a) => ({ model: "gpu-network", epochs: batch.epochs, spec: spec! })
      const first = one.submit(job(a))
      const second = one.submit(job(b))
      const third = one.submit(job(c))
      let firstSettled = false
      void first.result.then(() => (firstSettled = true), () => (firstSettled = true))
      first.cancel() // held by the thread: the thread is stopped, the second job goes to a new one
      third.cancel() // still waiting: it simply never runs
      const m = await second.result
      const expected = runOne(batch.model, batch.epochs, b!)
      expect(m._tag).toBe("Completed")
      expect(expected._tag).toBe("Completed")
      if (m._tag === "Completed" && expected._tag === "Completed") expect(m.series).toEqual(expected.result.series)
      expect(firstSettled).toBe(false)
    } finally {
      await one.close()
    }
  })
})
