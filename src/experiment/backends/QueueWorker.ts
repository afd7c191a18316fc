/**
 * QueueWorker: `sandbox worker --queue URL`'s side of the distributed backend: takes jobs from
 * the queue, refuses those of other code (handing them back), checks the rest again and runs
 * each on a thread of its pool (ThreadPool.ts, the pool the worker-threads backend runs on too).
 * See Distributed.ts.
 */
import { hostname } from "node:os"
import { isAbsolute } from "node:path"
import type { Job } from "bullmq"
import { codeVersion } from "../CodeVersion.ts"
import { modelFiles } from "../ModelRef.ts"
import type { JobResult } from "../ResultCheck.ts"
import { connectionOf, encodeSeries, QUEUE_NAME, type JobData } from "./Queue.ts"
import { threadPool } from "./ThreadPool.ts"

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

/**
 * Start a worker: `concurrency` threads, one job each at a time (bullmq is loaded on first use:
 * only distributed sweeps need it).
 */
export const startWorker = async (o: WorkerOptions): Promise<DistributedWorker> => {
  const { Worker, UnrecoverableError, DelayedError } = await import("bullmq")
  const pool = threadPool(o.concurrency, { eager: true })
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
      const m = await pool.submit({ model: d.model, epochs: d.epochs, spec: d.spec }).result.finally(() => {
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
