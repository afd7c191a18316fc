/**
 * Queue: what the coordinator (Coordinator.ts) and the workers (QueueWorker.ts) of a distributed
 * sweep share: the queue's name, a job's data and id, the Redis connection from a URL, its
 * errors, and how series travel (raw float64 bytes). See Distributed.ts for the design.
 */
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import type { RunSpec } from "../Plan.ts"
import type { JobResult } from "../ResultCheck.ts"

/** The queue every coordinator and worker uses; jobs are named by experiment hash. */
export const QUEUE_NAME = "incentive-sandbox-runs"

/** Redis cannot be reached at the given URL (`reached`: the server answered, but refused the URL's database). */
export class QueueUnreachable extends Data.TaggedError("QueueUnreachable")<{ readonly url: string; readonly message: string; readonly reached?: boolean }> {}

class QueueDatabaseMissing extends Error {}

/** Another live coordinator is running the same experiment (and code) on this queue. */
export class QueueConflict extends Data.TaggedError("QueueConflict")<{ readonly url: string; readonly holder: string }> {}

export interface JobData {
  readonly hash: string
  readonly version: string
  readonly model: string
  readonly epochs: number
  readonly spec: RunSpec
  /** Refusals by workers of other code while no worker of this job's code was on the queue. */
  readonly refusals?: number
  /** Code versions of the workers that refused the job. */
  readonly refusedBy?: ReadonlyArray<string>
}

export type { JobResult }

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
  const path = u.pathname.length > 1 ? u.pathname.slice(1) : "0"
  if (!/^\d{1,5}$/.test(path)) throw new Error(`expected a database number after the port (redis://host:port/0), got "/${path}" in ${url}`)
  if (u.port !== "" && !(Number(u.port) >= 1 && Number(u.port) <= 65535)) throw new Error(`expected a port between 1 and 65535, got ${u.port} in ${url}`)
  const db = Number(path)
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
        // A database the server lacks ("/99" of 16): ioredis only emits an error event and goes on
        // in database 0, so SELECT it ourselves.
        await redis.select(c.db)
      } catch (e) {
        const error = cause ?? e
        if (error instanceof Error && /DB index/i.test(error.message)) throw new QueueDatabaseMissing(`database ${c.db} does not exist on this server (${error.message})`)
        throw error
      } finally {
        redis.disconnect()
      }
    },
    catch: (e) => new QueueUnreachable({ url, message: e instanceof Error ? e.message : String(e), ...(e instanceof QueueDatabaseMissing ? { reached: true } : {}) })
  })

/**
 * One job per (experiment, code version, scenario, run). The version is part of the id: after a
 * code change a resumed sweep enqueues fresh jobs instead of finding the old code's jobs (or
 * their refusals) under the same ids.
 */
export const jobPrefix = (hash: string, version: string) => `${hash.slice(0, 16)}-${version.replace(/[^A-Za-z0-9._+-]/g, "_")}`
export const jobId = (hash: string, version: string, spec: RunSpec) => `${jobPrefix(hash, version)}-${spec.scenario}-${spec.run}`

/**
 * Series travel as base64 of their little-endian float64 bytes: exact, and far cheaper to
 * encode, store and parse than JSON numbers (a run is metrics x epochs values).
 */
export const encodeSeries = (series: ReadonlyArray<Float64Array>): string => {
  const all = new Float64Array(series.reduce((n, s) => n + s.length, 0))
  let at = 0
  for (const s of series) {
    all.set(s, at)
    at += s.length
  }
  return Buffer.from(all.buffer).toString("base64")
}
