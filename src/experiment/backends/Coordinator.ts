/**
 * Coordinator: the distributed backend's side on the machine running `sandbox sweep --queue`:
 * claims the experiment on the queue, enqueues one job per run, and streams the outcomes as
 * workers finish them (polling, checking each result before it is stored). See Distributed.ts.
 */
import { randomUUID } from "node:crypto"
import { hostname } from "node:os"
import type { Job } from "bullmq"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { RunSpec } from "../Plan.ts"
import type { Progress } from "../Progress.ts"
import type { RunOutcome } from "../RunOne.ts"
import { checkResult, type JobResult } from "../ResultCheck.ts"
import { connectionOf, jobId, jobPrefix, QUEUE_NAME, QueueConflict, type JobData } from "./Queue.ts"

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
