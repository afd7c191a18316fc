/**
 * Distributed backend: runs travel as BullMQ jobs through Redis, so any number of machines
 * running `sandbox worker --queue redis://...` can work on one sweep.
 *
 * - One job per run; its id is `<experiment hash>-<scenario>-<run>`, so enqueuing again (a
 *   restarted coordinator, `--resume`) never duplicates a run: BullMQ ignores a known id.
 * - A worker killed mid-job loses its lock; BullMQ's stalled-job check hands the job to another
 *   worker. A job that throws is retried (3 attempts), then recorded as a failed run.
 * - The coordinator collects finished jobs by polling (restart-safe: results wait in Redis until
 *   some coordinator collects them) and removes each once collected; its store is keyed by run,
 *   so a run is stored exactly once.
 * - Jobs carry the coordinator's code version; a worker with other code refuses them.
 * Results are the same `runOne` as locally, its series sent as raw float64 bytes, so a
 * distributed sweep equals a local one bit for bit.
 */
import type { Job, Worker } from "bullmq"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { runtimes } from "../../../models/runtime.ts"
import type { RunSpec } from "../Plan.ts"
import { runOne, type RunOutcome } from "../RunOne.ts"
import type { Progress } from "../Runner.ts"

/** The queue every coordinator and worker uses; jobs are named by experiment hash. */
export const QUEUE_NAME = "incentive-sandbox-runs"

/** Redis cannot be reached at the given URL. */
export class QueueUnreachable extends Data.TaggedError("QueueUnreachable")<{ readonly url: string; readonly message: string }> {}

export interface JobData {
  readonly hash: string
  readonly version: string
  readonly model: string
  readonly epochs: number
  readonly spec: RunSpec
}

export type JobResult =
  | { readonly _tag: "Completed"; readonly metrics: ReadonlyArray<string>; readonly epochs: number; readonly series: string }
  | { readonly _tag: "Failed"; readonly error: string }

/** Plain Redis connection settings. */
export interface RedisConnection {
  readonly host: string
  readonly port: number
  readonly db: number
  readonly password?: string
  readonly maxRetriesPerRequest: null
}

/** Connection options from a `redis://[:password@]host:port[/db]` URL. */
export const connectionOf = (url: string): RedisConnection => {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new Error(`not a URL: ${url}`)
  }
  if (u.protocol !== "redis:") throw new Error(`expected a redis:// URL, got ${url}`)
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    db,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    maxRetriesPerRequest: null
  }
}

/** Fail with QueueUnreachable unless Redis answers a PING at `url` within 3 s. */
export const checkRedis = (url: string): Effect.Effect<void, QueueUnreachable> =>
  Effect.tryPromise({
    try: async () => {
      const c = connectionOf(url)
      const { Redis } = await import("ioredis")
      const redis = new Redis({ ...c, lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
      // The socket's own error (ECONNREFUSED, ENOTFOUND, ...) says more than the rejection.
      let cause: Error | undefined
      redis.on("error", (e: Error) => (cause ??= e))
      try {
        await redis.connect()
        await redis.ping()
      } catch (e) {
        throw cause ?? e
      } finally {
        redis.disconnect()
      }
    },
    catch: (e) => new QueueUnreachable({ url, message: e instanceof Error ? e.message : String(e) })
  })

/**
 * One job per (experiment, code version, scenario, run). The version is part of the id: after a
 * code change a resumed sweep enqueues fresh jobs instead of finding the old code's jobs (or
 * their refusals) under the same ids.
 */
const jobId = (hash: string, version: string, spec: RunSpec) =>
  `${hash.slice(0, 16)}-${version.replace(/[^A-Za-z0-9._+-]/g, "_")}-${spec.scenario}-${spec.run}`

/**
 * Series travel as base64 of their little-endian float64 bytes: exact, and far cheaper to
 * encode, store and parse than JSON numbers (a run is metrics x epochs values).
 */
const encodeSeries = (series: ReadonlyArray<Float64Array>): string => {
  const all = new Float64Array(series.reduce((n, s) => n + s.length, 0))
  let at = 0
  for (const s of series) {
    all.set(s, at)
    at += s.length
  }
  return Buffer.from(all.buffer).toString("base64")
}

const decodeSeries = (text: string, metrics: number, epochs: number): Array<Float64Array> => {
  const bytes = Buffer.from(text, "base64")
  const all = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  return Array.from({ length: metrics }, (_, m) => all.slice(m * epochs, (m + 1) * epochs))
}

const outcomeOf = (spec: RunSpec, r: JobResult): RunOutcome =>
  r._tag === "Completed"
    ? { _tag: "Completed", spec, result: { metrics: r.metrics, series: decodeSeries(r.series, r.metrics.length, r.epochs) } }
    : { _tag: "Failed", spec, error: r.error }

export interface DistributedBatch {
  readonly url: string
  readonly hash: string
  readonly version: string
  readonly model: string
  readonly epochs: number
  readonly specs: ReadonlyArray<RunSpec>
  readonly onProgress?: (p: Progress) => void
  /** Called once every job is in the queue. */
  readonly onQueued?: () => void
  /** Milliseconds between polls for finished jobs. */
  readonly pollMs?: number
}

/** Enqueue every spec and stream the outcomes as workers finish them. */
export const distributedOutcomes = (b: DistributedBatch): Stream.Stream<RunOutcome, Error> =>
  Stream.async<RunOutcome, Error>((emit) => {
    let queue: import("bullmq").Queue<JobData, JobResult> | undefined
    const bySpec = new Map(b.specs.map((s) => [jobId(b.hash, b.version, s), s]))
    let done = 0
    let failures = 0
    let stopped = false
    const report = () => b.onProgress?.({ runsDone: done, runsTotal: b.specs.length, epochsDone: done * b.epochs, epochsTotal: b.specs.length * b.epochs, failures })
    const collect = async (state: "completed" | "failed") => {
      const jobs: Array<Job<JobData, JobResult>> = await queue!.getJobs([state], 0, 500)
      for (const job of jobs) {
        const spec = job.id ? bySpec.get(job.id) : undefined
        if (!spec || job.data.hash !== b.hash || job.data.version !== b.version) continue // another sweep's job
        bySpec.delete(job.id!)
        const outcome = state === "completed" ? outcomeOf(spec, job.returnvalue) : ({ _tag: "Failed", spec, error: job.failedReason || "job failed" } as const)
        done++
        if (outcome._tag === "Failed") failures++
        report()
        await emit.single(outcome)
        await job.remove()
      }
    }
    const poll = async () => {
      while (!stopped && bySpec.size > 0) {
        await collect("completed")
        await collect("failed")
        if (bySpec.size > 0) await new Promise((r) => setTimeout(r, b.pollMs ?? 200))
      }
      if (!stopped) await emit.end()
    }
    const start = async () => {
      const { Queue } = await import("bullmq")
      queue = new Queue<JobData, JobResult>(QUEUE_NAME, { connection: connectionOf(b.url) })
      if (b.specs.length > 0) {
        await queue.addBulk(
          b.specs.map((spec) => ({
            name: b.hash,
            data: { hash: b.hash, version: b.version, model: b.model, epochs: b.epochs, spec },
            opts: { jobId: jobId(b.hash, b.version, spec), attempts: 3, backoff: { type: "fixed", delay: 500 } }
          }))
        )
      }
      b.onQueued?.()
      await poll()
    }
    start().catch((e: unknown) => emit.fail(e instanceof Error ? e : new Error(String(e))))
    return Effect.promise(async () => {
      stopped = true
      await queue?.close()
    })
  })

export interface WorkerOptions {
  readonly url: string
  readonly version: string
  readonly concurrency: number
  readonly log: (line: string) => void
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after it. */
  readonly lockMs?: number
}

/** Start a worker (bullmq is loaded on first use: only distributed sweeps need it). */
export const startWorker = async (o: WorkerOptions): Promise<Worker<JobData, JobResult>> => {
  const { Worker, UnrecoverableError } = await import("bullmq")
  const worker = new Worker<JobData, JobResult>(
    QUEUE_NAME,
    async (job) => {
      const d = job.data
      if (d.version !== o.version) {
        const message = `worker code version ${o.version} differs from the coordinator's ${d.version}: refusing the job (results must not mix models); run the same code on every machine`
        o.log(message)
        throw new UnrecoverableError(message)
      }
      const model = runtimes[d.model]
      if (!model) throw new UnrecoverableError(`unknown model "${d.model}" on this worker`)
      o.log(`running ${d.spec.label} run ${d.spec.run}`)
      const started = performance.now()
      const outcome = runOne(model, d.epochs, d.spec)
      o.log(`ran ${d.spec.label} run ${d.spec.run} (seed ${d.spec.seed}) in ${Math.round(performance.now() - started)} ms${outcome._tag === "Failed" ? `: failed: ${outcome.error}` : ""}`)
      return outcome._tag === "Completed"
        ? { _tag: "Completed", metrics: outcome.result.metrics, epochs: d.epochs, series: encodeSeries(outcome.result.series) }
        : { _tag: "Failed", error: outcome.error }
    },
    { connection: connectionOf(o.url), concurrency: o.concurrency, lockDuration: o.lockMs ?? 10_000, stalledInterval: Math.max(1000, Math.floor((o.lockMs ?? 10_000) / 2)), maxStalledCount: 5 }
  )
  worker.on("error", (e) => o.log(`queue error: ${e.message}`))
  return worker
}
