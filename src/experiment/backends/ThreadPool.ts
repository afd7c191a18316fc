/**
 * ThreadPool: `size` worker threads running the run body (backends/worker.ts), one job each at a
 * time, for a distributed worker (QueueWorker.ts): its main thread stays free to renew job locks
 * however long a run takes.
 */
import { Worker as Thread } from "node:worker_threads"
import type { RunSpec } from "../Plan.ts"
import { workerEntry } from "../WorkerEntry.ts"
import type { RunJob, WorkerMessage } from "./protocol.ts"

/** What a thread sends back for a job: its result, or why the run failed. */
export type ThreadResult = Exclude<WorkerMessage, { readonly _tag: "Epochs" }>

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
export const threadPool = (size: number) => {
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
