/**
 * ThreadPool: `size` worker threads running the run body (backends/worker.ts). The one pool of
 * run threads: the worker-threads backend (WorkerThreads.ts) runs a batch on it, and a
 * distributed worker (QueueWorker.ts) runs each job of the queue on it, its main thread staying
 * free to renew job locks however long a run takes.
 *
 * - `jobsPerThread` jobs are posted to a thread at once (the backend uses 2: the next job is
 *   already queued when a run ends, so a thread never idles through a round trip to the main
 *   thread; a distributed worker uses 1, one job per lock). A job goes to the thread with the
 *   fewest jobs in hand, so threads start only as jobs need them (`eager` starts them all at once,
 *   for a worker whose threads should have loaded the models before the first job).
 * - A thread that dies (out of memory, ...) fails the jobs in its hands; the next job on its slot
 *   starts a fresh thread (not at once: a thread that cannot even start would be restarted in a
 *   loop).
 * - `cancel` of a job a thread is running terminates that thread (a run cannot be stopped
 *   otherwise); the jobs queued behind it go back to the pool. `close` terminates every thread.
 */
import { Worker as Thread } from "node:worker_threads"
import type { RunSpec } from "../Plan.ts"
import { workerEntry } from "../WorkerEntry.ts"
import type { RunJob, WorkerMessage } from "./protocol.ts"

/** What a thread sends back for a job: its result, or why the run failed. */
export type ThreadResult = Exclude<WorkerMessage, { readonly _tag: "Epochs" }>

/** One run for the pool. */
export interface PoolJob {
  /** The model's name, or the absolute path of a model outside the repository. */
  readonly model: string
  readonly epochs: number
  readonly spec: RunSpec
  /** Report epochs done every this many epochs (0 or absent: never). */
  readonly progressEvery?: number
  readonly onEpochs?: (epochsDone: number) => void
}

/** A job handed to the pool: its result, and a way to stop it. */
export interface Submitted {
  readonly result: Promise<ThreadResult>
  /** Stop the job: it never resolves; a thread running it is terminated. */
  readonly cancel: () => void
}

export interface ThreadPool {
  readonly size: number
  readonly submit: (job: PoolJob) => Submitted
  /** Terminate every thread; jobs in hand or waiting fail. */
  readonly close: () => Promise<void>
}

interface Pending {
  readonly id: number
  readonly job: PoolJob
  readonly resolve: (m: ThreadResult) => void
  readonly reject: (e: Error) => void
  /** The slot whose thread holds it; undefined while it waits for one. */
  slot: Slot | undefined
}

interface Slot {
  /** Undefined before the first job and once the thread has died. */
  thread: Thread | undefined
  /** Jobs posted to the thread, in the order it runs them. */
  readonly inHand: Array<Pending>
}

export interface PoolOptions {
  readonly jobsPerThread?: number
  readonly eager?: boolean
}

export const threadPool = (size: number, options: PoolOptions = {}): ThreadPool => {
  const perThread = Math.max(1, options.jobsPerThread ?? 1)
  const slots: Array<Slot> = Array.from({ length: Math.max(1, size) }, () => ({ thread: undefined, inHand: [] }))
  const waiting: Array<Pending> = []
  let nextId = 0
  let closed = false

  const post = (slot: Slot, p: Pending) => {
    const thread = slot.thread ?? start(slot)
    p.slot = slot
    slot.inHand.push(p)
    const msg: RunJob = { _tag: "RunJob", job: p.id, model: p.job.model, epochs: p.job.epochs, spec: p.job.spec, progressEvery: p.job.progressEvery ?? 0 }
    thread.postMessage(msg)
  }

  /** The slot with the fewest jobs in hand (a live thread before a slot without one), if any has room. */
  const freeSlot = (): Slot | undefined => {
    let best: Slot | undefined
    for (const s of slots) {
      if (s.inHand.length >= perThread) continue
      if (best === undefined || s.inHand.length < best.inHand.length || (s.inHand.length === best.inHand.length && best.thread === undefined && s.thread !== undefined)) best = s
    }
    return best
  }

  /** Hand waiting jobs to threads with room. */
  const pump = () => {
    while (!closed && waiting.length > 0) {
      const slot = freeSlot()
      if (slot === undefined) return
      post(slot, waiting.shift()!)
    }
  }

  /** Take the slot's thread away (terminated); its jobs fail with `why` or, with `requeue`, wait again. */
  const drop = (slot: Slot, thread: Thread, why: string | undefined) => {
    thread.removeAllListeners()
    thread.on("error", () => {})
    void thread.terminate()
    slot.thread = undefined
    const lost = slot.inHand.splice(0)
    for (const p of lost) p.slot = undefined
    if (why === undefined) waiting.unshift(...lost)
    else for (const p of lost) p.reject(new Error(why))
  }

  const start = (slot: Slot): Thread => {
    const thread = new Thread(workerEntry)
    slot.thread = thread
    thread.on("message", (m: WorkerMessage) => {
      const i = slot.inHand.findIndex((p) => p.id === m.job)
      if (i < 0) return
      const p = slot.inHand[i]!
      if (m._tag === "Epochs") return p.job.onEpochs?.(m.epochsDone)
      slot.inHand.splice(i, 1)
      p.slot = undefined
      p.resolve(m)
      pump()
    })
    const lost = (why: string) => {
      if (closed || slot.thread !== thread) return
      drop(slot, thread, why)
      pump()
    }
    thread.on("error", (e) => lost(`worker thread failed: ${e.message}`))
    thread.on("exit", (code) => lost(`worker thread exited (code ${code})`))
    return thread
  }

  if (options.eager) for (const s of slots) start(s)

  return {
    size: slots.length,
    submit: (job) => {
      let pending: Pending | undefined
      const result = new Promise<ThreadResult>((resolve, reject) => {
        if (closed) return reject(new Error("the worker is closing"))
        pending = { id: nextId++, job, resolve, reject, slot: undefined }
        waiting.push(pending)
        pump()
      })
      const cancel = () => {
        const p = pending
        if (p === undefined || closed) return
        const w = waiting.indexOf(p)
        if (w >= 0) return void waiting.splice(w, 1)
        const slot = p.slot
        if (slot === undefined) return // finished already
        // The thread is running it, or will next: stop the thread, put the others back.
        slot.inHand.splice(slot.inHand.indexOf(p), 1)
        p.slot = undefined
        if (slot.thread !== undefined) drop(slot, slot.thread, undefined)
        pump()
      }
      return { result, cancel }
    },
    close: async () => {
      closed = true
      const all = [...waiting.splice(0), ...slots.flatMap((s) => s.inHand.splice(0))]
      for (const p of all) p.reject(new Error("the worker closed"))
      await Promise.all(slots.map((s) => s.thread?.terminate()))
    }
  }
}
