/**
 * Distributed backend: runs travel as BullMQ jobs through Redis, so any number of machines
 * running `sandbox worker --queue redis://...` can work on one sweep.
 *
 * - One job per run; its id is `<experiment hash>-<code version>-<scenario>-<run>`, so enqueuing
 *   again (a restarted coordinator, `--resume`) never duplicates a run: BullMQ ignores a known id.
 * - A worker runs each job in one of its worker threads (the Runner's thread body), one job per
 *   thread at a time, so its main thread stays free to renew job locks: a run may take far longer
 *   than the lock. A worker killed mid-job stops renewing; once the lock expires BullMQ's
 *   stalled-job check hands the job to another worker. A job that throws is retried (3 attempts),
 *   then recorded as a failed run.
 * - The coordinator collects finished jobs by polling (restart-safe: results wait in Redis until
 *   some coordinator collects them) and removes each once collected; its store is keyed by run,
 *   so a run is stored exactly once.
 * - Jobs carry the coordinator's code version. A worker with other code hands the job back (it
 *   returns to the queue after a short delay) for a worker with the same code; a job refused
 *   MAX_REFUSALS times while no worker of its code announces itself on the queue fails with the
 *   reason, so a sweep nobody can run still ends.
 * Results are the same `runOne` as locally, its series sent as raw float64 bytes, so a
 * distributed sweep equals a local one bit for bit.
 */
import { randomUUID } from "node:crypto"
import { hostname } from "node:os"
import { isAbsolute } from "node:path"
import { codeVersion } from "../CodeVersion.ts"
import { modelFiles } from "../ModelRef.ts"
import { Worker as Thread } from "node:worker_threads"
import type { Job } from "bullmq"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { RunSpec } from "../Plan.ts"
import type { RunOutcome } from "../RunOne.ts"
import { checkResult, type JobResult } from "../ResultCheck.ts"
import { workerEntry, type Progress } from "../Runner.ts"
import type { RunJob, WorkerMessage } from "./protocol.ts"

/** The queue every coordinator and worker uses; jobs are named by experiment hash. */
export const QUEUE_NAME = "incentive-sandbox-runs"

/** Redis cannot be reached at the given URL (`reached`: the server answered, but refused the URL's database). */
export class QueueUnreachable extends Data.TaggedError("QueueUnreachable")<{ readonly url: string; readonly message: string; readonly reached?: boolean }> {}

class QueueDatabaseMissing extends Error {}

/** Another live coordinator is running the same experiment (and code) on this queue. */
export class QueueConflict extends Data.TaggedError("QueueConflict")<{ readonly url: string; readonly holder: string }> {}

/**
 * A coordinator claims its experiment on the queue: `<prefix><job id prefix>` holds its id and
 * expires after CLAIM_TTL_MS unless renewed every CLAIM_RENEW_MS. Two coordinators of one
 * experiment would share job ids and take each other's results; the second is refused. The
 * claim doubles as a canary: Redis restarted without persistence loses it with the jobs, and the
 * coordinator, finding it gone, queues its pending runs again instead of waiting forever.
 */
const CLAIM_PREFIX = `${QUEUE_NAME}:coordinator:`
const CLAIM_TTL_MS = 6_000
const CLAIM_RENEW_MS = 1_500

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
const jobPrefix = (hash: string, version: string) => `${hash.slice(0, 16)}-${version.replace(/[^A-Za-z0-9._+-]/g, "_")}`
const jobId = (hash: string, version: string, spec: RunSpec) => `${jobPrefix(hash, version)}-${spec.scenario}-${spec.run}`

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
  /** Something the user should know while waiting (jobs lost by Redis and queued again, results refused). */
  readonly onNotice?: (line: string) => void
  /**
   * The metrics the model records for a run's parameters, in order: a result naming others is
   * refused (ResultCheck.ts). Without it only the result's shape is checked.
   */
  readonly metricsOf?: (spec: RunSpec) => ReadonlyArray<string>
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
    /** A completed job's result, checked: one that fails is refused, and its run fails naming why. */
    const checked = (spec: RunSpec, job: Job<JobData, JobResult>): RunOutcome => {
      const r = checkResult(spec, job.returnvalue as unknown, { epochs: b.epochs, metrics: b.metricsOf?.(spec) })
      if (r._tag === "Right") return r.right
      const error = `result refused (job ${job.id}${job.processedBy ? `, from worker ${job.processedBy}` : ""}): ${r.left}`
      b.onNotice?.(`${spec.label} run ${spec.run}: ${error}`)
      return { _tag: "Failed", spec, error }
    }
    const collect = async (state: "completed" | "failed") => {
      const jobs: Array<Job<JobData, JobResult>> = await queue!.getJobs([state], 0, 500)
      for (const job of jobs) {
        const spec = job.id ? bySpec.get(job.id) : undefined
        if (!spec || job.data.hash !== b.hash || job.data.version !== b.version) continue // another sweep's job
        bySpec.delete(job.id!)
        const outcome = state === "completed" ? checked(spec, job) : ({ _tag: "Failed", spec, error: job.failedReason || "job failed" } as const)
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
    const enqueue = async (specs: ReadonlyArray<RunSpec>) => {
      if (specs.length === 0) return
      await queue!.addBulk(
        specs.map((spec) => ({
          name: b.hash,
          data: { hash: b.hash, version: b.version, model: b.model, epochs: b.epochs, spec },
          opts: { jobId: jobId(b.hash, b.version, spec), attempts: 3, backoff: { type: "fixed", delay: 500 } }
        }))
      )
    }
    const me = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
    const claimKey = CLAIM_PREFIX + jobPrefix(b.hash, b.version)
    let renewing: ReturnType<typeof setInterval> | undefined
    let claimClient: import("ioredis").Redis | undefined
    /**
     * Take the claim. A claim held by someone else may be a dead coordinator's (killed before it
     * could release it): wait for it to expire, but give up at once if its holder renews it.
     */
    const claim = async (client: import("ioredis").Redis) => {
      let lastTtl = Number.POSITIVE_INFINITY
      for (;;) {
        if ((await client.set(claimKey, me, "PX", CLAIM_TTL_MS, "NX")) === "OK") return
        const [holder, ttl] = await Promise.all([client.get(claimKey), client.pttl(claimKey)])
        if (holder !== null && ttl > lastTtl) throw new QueueConflict({ url: b.url, holder })
        if (holder !== null && lastTtl === Number.POSITIVE_INFINITY) b.onNotice?.(`another coordinator (${holder}) claimed this experiment on the queue; waiting up to ${Math.ceil(ttl / 1000)} s to see whether it is alive`)
        lastTtl = ttl
        await new Promise((r) => setTimeout(r, Math.min(500, Math.max(50, ttl))))
      }
    }
    /** Renew the claim; a claim gone means Redis lost its data (jobs included), another holder a conflict. */
    const renew = async (client: import("ioredis").Redis) => {
      const holder = await client.get(claimKey)
      if (holder === me) return void (await client.pexpire(claimKey, CLAIM_TTL_MS))
      if (holder !== null) throw new QueueConflict({ url: b.url, holder })
      if ((await client.set(claimKey, me, "PX", CLAIM_TTL_MS, "NX")) !== "OK") return
      // Our claim vanished while we held it: Redis restarted without persistence, or was flushed.
      // Runs not collected yet may be gone with it: queue them again (ids already present are kept).
      const pending = [...bySpec.values()]
      const missing: Array<RunSpec> = []
      for (const spec of pending) if ((await queue!.getJobState(jobId(b.hash, b.version, spec))) === "unknown") missing.push(spec)
      if (missing.length > 0) {
        b.onNotice?.(`the queue lost ${missing.length} of the ${pending.length} runs waiting (Redis restarted without persistence, or was flushed?); queued them again`)
        await enqueue(missing)
      }
    }
    const start = async () => {
      const { Queue } = await import("bullmq")
      queue = new Queue<JobData, JobResult>(QUEUE_NAME, { connection: connectionOf(b.url) })
      const { Redis } = await import("ioredis")
      const client = new Redis(connectionOf(b.url))
      claimClient = client
      await claim(client)
      let renewal: Promise<void> = Promise.resolve()
      renewing = setInterval(() => {
        renewal = renewal.then(() => renew(client)).catch((e: unknown) => {
          stopped = true
          clearInterval(renewing)
          void emit.fail(e instanceof Error ? e : new Error(String(e)))
        })
      }, CLAIM_RENEW_MS)
      await enqueue(b.specs)
      b.onQueued?.()
      await poll()
    }
    start().catch((e: unknown) => emit.fail(e instanceof Error ? e : new Error(String(e))))
    return Effect.promise(async () => {
      stopped = true
      clearInterval(renewing)
      // Release the claim if it is still ours, so a restarted coordinator need not wait for it.
      await claimClient?.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, claimKey, me).catch(() => {})
      claimClient?.disconnect()
      await queue?.close()
    })
  })

export interface WorkerOptions {
  readonly url: string
  readonly version: string
  /** Worker threads, each running one job at a time. */
  readonly concurrency: number
  readonly log: (line: string) => void
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after it. */
  readonly lockMs?: number
  /**
   * Why this worker must not run a job (beyond its limits, parameters its model would refuse),
   * or undefined: a job is data from the network, checked again here, never trusted.
   */
  readonly validate?: (job: JobData) => string | undefined | Promise<string | undefined>
}

/** A running worker: `close` finishes the jobs in hand, then stops its threads. */
export interface DistributedWorker {
  readonly close: () => Promise<void>
}

/**
 * A job refused this many times while no worker of its code version was on the queue fails:
 * nobody can run it (a sweep whose workers all run other code, or jobs an old coordinator left
 * behind). With one stale worker refusing it, that is about MAX_REFUSALS x REFUSAL_DELAY_MS.
 */
export const MAX_REFUSALS = 20
/** A refused job waits this long before a worker may take it again. */
const REFUSAL_DELAY_MS = 250
/**
 * A worker with nothing of its own to do (none of its code's jobs in hand or finished in the last
 * IDLE_MS) holds a job it refuses this long first, when a worker of the job's code is on the
 * queue: otherwise, refusing in a millisecond, it would keep the whole backlog cycling through
 * the delayed set and the workers that can run it would find it there, out of reach.
 */
const STALE_HOLD_MS = 500
const IDLE_MS = 5_000
/** A worker repeats its refusal message at most this often (per coordinator version). */
const REFUSAL_LOG_MS = 10_000

/**
 * Workers announce their code version: every PRESENCE_MS each sets `<prefix><version>` to expire
 * after PRESENCE_TTL_MS (Redis expires it: no clocks compared across machines). A worker of other
 * code reads it to tell "the job's workers are busy" from "the job has no workers".
 */
const PRESENCE_PREFIX = `${QUEUE_NAME}:workers:`
const PRESENCE_MS = 1000
/**
 * Ten missed heartbeats: on a loaded machine (load 15 on 2 cores) a live worker's timer can
 * slip by seconds, and with a 3 s TTL the other-code worker counted refusals against a job whose
 * worker was alive, failing runs that should have waited.
 */
const PRESENCE_TTL_MS = 10_000

/** What a thread sends back for a job: its result, or why the run failed. */
type ThreadResult = Exclude<WorkerMessage, { readonly _tag: "Epochs" }>

interface Slot {
  /** Undefined once the thread has died; the next job on this slot starts a new one. */
  thread: Thread | undefined
  pending: { readonly job: number; readonly resolve: (m: ThreadResult) => void; readonly reject: (e: Error) => void } | undefined
}

/**
 * `size` worker threads running the Runner's thread body (backends/worker.ts), one job each at a
 * time, started at once so they have loaded the models before the first job. A thread that dies
 * (out of memory, ...) fails its job, which BullMQ retries; the next job on that slot starts a
 * fresh thread (not at once: a thread that cannot even start would be restarted in a loop).
 * `close` terminates them all.
 */
const threadPool = (size: number) => {
  const idle: Array<Slot> = []
  const waiting: Array<(s: Slot) => void> = []
  const slots: Array<Slot> = []
  let nextJob = 0
  let closed = false
  const release = (slot: Slot) => {
    const next = waiting.shift()
    if (next) next(slot)
    else idle.push(slot)
  }
  const start = (slot: Slot): Thread => {
    const thread = new Thread(workerEntry)
    slot.thread = thread
    thread.on("message", (m: WorkerMessage) => {
      const p = slot.pending
      if (m._tag === "Epochs" || !p || m.job !== p.job) return
      slot.pending = undefined
      release(slot)
      p.resolve(m)
    })
    const lost = (why: string) => {
      if (closed || slot.thread !== thread) return
      thread.removeAllListeners()
      thread.on("error", () => {})
      void thread.terminate()
      slot.thread = undefined
      const p = slot.pending
      slot.pending = undefined
      if (p) {
        release(slot)
        p.reject(new Error(why))
      }
    }
    thread.on("error", (e) => lost(`worker thread failed: ${e.message}`))
    thread.on("exit", (code) => lost(`worker thread exited (code ${code})`))
    return thread
  }
  for (let i = 0; i < size; i++) {
    const slot: Slot = { thread: undefined, pending: undefined }
    start(slot)
    slots.push(slot)
    idle.push(slot)
  }
  return {
    /** Run one spec on a free thread (waiting for one if all are busy). */
    run: async (model: string, epochs: number, spec: RunSpec): Promise<ThreadResult> => {
      if (closed) throw new Error("the worker is closing")
      const slot = idle.pop() ?? (await new Promise<Slot>((resolve) => waiting.push(resolve)))
      const thread = slot.thread ?? start(slot)
      const job = nextJob++
      return new Promise<ThreadResult>((resolve, reject) => {
        slot.pending = { job, resolve, reject }
        const msg: RunJob = { _tag: "RunJob", job, model, epochs, spec, progressEvery: 0 }
        thread.postMessage(msg)
      })
    },
    close: async () => {
      closed = true
      for (const s of slots) s.pending?.reject(new Error("the worker closed"))
      await Promise.all(slots.map((s) => s.thread?.terminate()))
    }
  }
}

/**
 * Start a worker: `concurrency` threads, one job each at a time (bullmq is loaded on first use:
 * only distributed sweeps need it).
 */
export const startWorker = async (o: WorkerOptions): Promise<DistributedWorker> => {
  const { Worker, UnrecoverableError, DelayedError } = await import("bullmq")
  const pool = threadPool(o.concurrency)
  const logged = new Map<string, { at: number; quiet: number }>()
  /** The refusal message, at most once per REFUSAL_LOG_MS per coordinator version. */
  const logRefusal = (version: string, message: string) => {
    const now = Date.now()
    const last = logged.get(version)
    if (last && now - last.at < REFUSAL_LOG_MS) return void last.quiet++
    o.log(last?.quiet ? `${message} (and ${last.quiet} more refusals since the last message)` : message)
    logged.set(version, { at: now, quiet: 0 })
  }
  let inHand = 0
  let lastRan = 0
  /**
   * Refuse a job of other code: hand it back for a worker of its code, counting the refusal only
   * if none is on the queue; the MAX_REFUSALS-th such refusal fails the job with the reason.
   */
  const refuse = async (job: Job<JobData, JobResult>, token: string | undefined): Promise<never> => {
    const d = job.data
    const reason = `worker code version ${o.version} differs from the coordinator's ${d.version}: refusing the job (results must not mix models)`
    const client = await worker.client
    const served = (await client.get(PRESENCE_PREFIX + d.version)) !== null
    const refusals = (d.refusals ?? 0) + (served ? 0 : 1)
    const refusedBy = d.refusedBy?.includes(o.version) ? d.refusedBy : [...(d.refusedBy ?? []), o.version]
    if (refusals >= MAX_REFUSALS) {
      const message = `${reason}; refused ${refusals} times by workers of code version ${refusedBy.join(", ")}, with no worker of code version ${d.version} on the queue: run the same code on every machine`
      o.log(message)
      throw new UnrecoverableError(message)
    }
    logRefusal(d.version, `${reason}; handed back for a worker of code version ${d.version}${served ? "" : ` (none on the queue: the run fails after ${MAX_REFUSALS} such refusals)`}`)
    if (served && inHand === 0 && Date.now() - lastRan > IDLE_MS) await new Promise((r) => setTimeout(r, STALE_HOLD_MS))
    await job.updateData({ ...d, refusals, refusedBy })
    await job.moveToDelayed(Date.now() + REFUSAL_DELAY_MS, token)
    throw new DelayedError()
  }
  const worker = new Worker<JobData, JobResult>(
    QUEUE_NAME,
    async (job, token) => {
      const d = job.data
      // A model outside the repository is part of the code: its folder is in the version.
      const mine = isAbsolute(d.model) ? codeVersion([modelFiles(d.model)?.dir ?? d.model]) : o.version
      if (d.version !== mine) return refuse(job, token)
      const problem = await o.validate?.(d)
      if (problem !== undefined) {
        o.log(`refusing job ${job.id}: ${problem}`)
        throw new UnrecoverableError(`refused by worker ${o.version}: ${problem}`)
      }
      o.log(`running ${d.spec.label} run ${d.spec.run}`)
      const started = performance.now()
      inHand++
      const m = await pool.run(d.model, d.epochs, d.spec).finally(() => {
        inHand--
        lastRan = Date.now()
      })
      const failed = m._tag === "Failed" ? `: failed: ${m.error}` : ""
      o.log(`ran ${d.spec.label} run ${d.spec.run} (seed ${d.spec.seed}) in ${Math.round(performance.now() - started)} ms${failed}`)
      return m._tag === "Completed" ? { _tag: "Completed", metrics: m.metrics, epochs: d.epochs, series: encodeSeries(m.series) } : { _tag: "Failed", error: m.error }
    },
    // Named, so a result can be traced to the worker that sent it (BullMQ records it on the job).
    { name: `${hostname()}:${process.pid}`, connection: connectionOf(o.url), concurrency: o.concurrency, lockDuration: o.lockMs ?? 10_000, stalledInterval: Math.max(1000, Math.floor((o.lockMs ?? 10_000) / 2)), maxStalledCount: 5 }
  )
  worker.on("error", (e) => o.log(`queue error: ${e.message}`))
  const announce = () =>
    worker.client.then((c) => c.set(PRESENCE_PREFIX + o.version, worker.id, { PX: PRESENCE_TTL_MS })).catch(() => {}) // a lost connection is reported by the worker itself
  void announce()
  const heartbeat = setInterval(announce, PRESENCE_MS)
  return {
    close: async () => {
      clearInterval(heartbeat)
      try {
        await worker.close()
      } finally {
        await pool.close()
      }
    }
  }
}
