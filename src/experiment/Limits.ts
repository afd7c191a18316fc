/**
 * Limits: what one command may ask of this machine, checked before any work starts.
 *
 * An experiment is data anyone can hand over, so its size is a question before it is an answer:
 * `runs: 1e9` or `epochs: 1e9` would otherwise run out of memory minutes later with a stack.
 * A plan's memory and work are estimated from its shape (scenarios x runs x epochs x metrics,
 * worker threads) and refused above the limits below with exit 2 and what to change; the
 * `--allow-large` flag lifts them for a user who means it. Every limit, its default and how to
 * raise it is listed in docs/limits.md.
 */
import { open } from "node:fs/promises"
import { availableParallelism, totalmem } from "node:os"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import { ExperimentNotFound } from "./Errors.ts"
import type { AnyModelRuntime, StateSize } from "../engine/Model.ts"
import { applyChange, type ScheduledChange } from "../engine/Simulation.ts"

/** A plan or an input beyond a limit: `what` exceeded, and the figures. */
export class LimitExceeded extends Data.TaggedError("LimitExceeded")<{
  readonly file: string
  readonly message: string
}> {}

const MiB = 1024 * 1024
const GiB = 1024 * MiB

/** The limits in force, with `--allow-large` or without. */
export interface Limits {
  /** Largest experiment or input file read, in bytes. */
  readonly inputBytes: number
  /** Epochs per run. */
  readonly epochs: number
  /** Runs over all scenarios. */
  readonly runs: number
  /** Run-epochs over the whole plan (runs x epochs): the work. */
  readonly work: number
  /** Estimated memory of the plan, in bytes. */
  readonly memory: number
  /** Worker threads. */
  readonly workers: number
}

/** The default limits on this machine. */
export const defaultLimits = (): Limits => ({
  inputBytes: 16 * MiB,
  epochs: 100_000,
  runs: 1_000_000,
  work: 1e8,
  memory: Math.floor(totalmem() / 2),
  workers: 4 * availableParallelism()
})

/**
 * With `--allow-large`: the plan limits go; input stays bounded (1 GiB) so that reading a
 * device such as /dev/zero still ends.
 */
export const largeLimits = (): Limits => ({
  inputBytes: GiB,
  epochs: Number.MAX_SAFE_INTEGER,
  runs: Number.MAX_SAFE_INTEGER,
  work: Number.POSITIVE_INFINITY,
  memory: Number.POSITIVE_INFINITY,
  workers: Number.MAX_SAFE_INTEGER
})

export const limitsFor = (allowLarge: boolean): Limits => (allowLarge ? largeLimits() : defaultLimits())

/** Bytes a worker thread costs before it runs anything (a V8 isolate with the models loaded). */
export const THREAD_BYTES = 64 * MiB

/** Bytes a planned run costs before it runs (its spec and bookkeeping). */
const SPEC_BYTES = 512

/** How a command keeps results: every run's series in memory (run, report) or streamed to disk (sweep). */
export type Keeping = "all-in-memory" | "streamed"

/** One run's model state (Model.state): its bytes, and the part that takes most, for messages. */
export interface RunState {
  readonly bytes: number
  readonly largest?: StateSize
  /** Where it was measured, for the message: "scenario x", "from the schedule's change at epoch 40". */
  readonly where?: string
}

/** The model state of a run of `model` with `params`, by the model's own account (none: 0 bytes). */
export const runState = (model: AnyModelRuntime, params: unknown, where?: string): RunState => {
  let bytes = 0
  let largest: StateSize | undefined
  for (const part of model.state?.(params) ?? []) {
    const b = part.count * part.bytesEach
    bytes += b
    if (largest === undefined || b > largest.count * largest.bytesEach) largest = part
  }
  return { bytes, ...(largest === undefined ? {} : { largest }), ...(where === undefined ? {} : { where }) }
}

/**
 * The largest world a run of `model` with `params` builds: at epoch 0, or after one of the
 * scheduled changes (in epoch order, cumulative) that can resize it (slashing.signedWindow
 * mid-run); a parameter the model reads only at epoch 0 (fixedAtStart) resizes nothing.
 */
export const largestState = (model: AnyModelRuntime, params: unknown, schedule: ReadonlyArray<ScheduledChange>, where?: string): RunState => {
  const fixed = model.fixedAtStart ?? []
  const resizes = (path: string) => !fixed.some((f) => path === f || path.startsWith(`${f}.`))
  let largest = runState(model, params, where)
  let current = params
  for (const entry of [...schedule].sort((a, b) => a.epoch - b.epoch)) {
    const set = Object.fromEntries(Object.entries(entry.set).filter(([path]) => resizes(path)))
    if (Object.keys(set).length === 0) continue
    current = applyChange(current, set)
    const one = runState(model, current, `${where === undefined ? "" : `${where}, `}from the schedule's change at epoch ${entry.epoch}`)
    if (one.bytes > largest.bytes) largest = one
  }
  return largest
}

/** The shape of a plan, enough to estimate it. */
export interface PlanShape {
  readonly scenarios: number
  readonly runsPerScenario: number
  readonly epochs: number
  readonly metrics: number
  readonly workers: number
  readonly keeping: Keeping
  /** The largest run's model state (the scenario whose parameters size the biggest world). */
  readonly state?: RunState
}

/** Runs in memory at the same time: one per thread (one in-process), never more than the plan has. */
const runsAtOnce = (p: PlanShape): number => Math.max(1, Math.min(p.scenarios * p.runsPerScenario, p.workers >= 2 ? p.workers : 1))

/** Estimated peak memory of a plan, in bytes (series are float64 per metric per epoch). */
export const estimateMemory = (p: PlanShape): number => {
  const runs = p.scenarios * p.runsPerScenario
  const series = p.metrics * p.epochs * 8
  const threads = p.workers >= 2 ? p.workers : 0
  // A sweep holds the runs in flight (two per thread, and a buffer) and every run's final values.
  const held = p.keeping === "all-in-memory" ? runs : Math.min(runs, Math.max(16, 2 * threads) + 16)
  return runs * (SPEC_BYTES + p.metrics * 8 * 3) + held * series + Math.max(1, threads) * series + threads * THREAD_BYTES + runsAtOnce(p) * (p.state?.bytes ?? 0)
}

const fmtBytes = (b: number): string => (b >= GiB ? `${(b / GiB).toFixed(1)} GiB` : `${Math.ceil(b / MiB)} MiB`)
const fmt = (n: number): string => (n >= 1e15 ? n.toExponential(2) : Math.round(n).toLocaleString("en-US"))

/** Why `scenarios` x `runs` runs exceed `limit`, or undefined (also checked while decoding, before the scenarios are built). */
export const runsProblem = (scenarios: number, runs: number, limit: number): string | undefined =>
  scenarios * runs > limit ? `${fmt(scenarios * runs)} runs (${fmt(scenarios)} scenarios x ${fmt(runs)} runs) is above the limit of ${fmt(limit)}${RAISE}` : undefined

const RAISE = "; lower it, or pass --allow-large if this machine can take it (docs/limits.md)"

/** Why a plan exceeds `limits`, or undefined: the first limit it breaks, with the figures and the way out. */
export const planProblem = (p: PlanShape, limits: Limits): string | undefined => {
  const runs = p.scenarios * p.runsPerScenario
  const raise = RAISE
  if (p.epochs > limits.epochs) return `${fmt(p.epochs)} epochs per run is above the limit of ${fmt(limits.epochs)}${raise}`
  const tooMany = runsProblem(p.scenarios, p.runsPerScenario, limits.runs)
  if (tooMany) return tooMany
  if (runs * p.epochs > limits.work) return `${fmt(runs * p.epochs)} run-epochs (${fmt(runs)} runs x ${fmt(p.epochs)} epochs) is above the work limit of ${fmt(limits.work)}${raise}`
  if (p.workers > limits.workers) return `--workers ${p.workers} is above the limit of ${limits.workers} (4 per core on this machine; more threads than cores only add memory)${raise}`
  const memory = estimateMemory(p)
  if (memory > limits.memory && p.state?.largest !== undefined && p.state.bytes * runsAtOnce(p) > memory / 2) {
    const { field, what, count, bytesEach } = p.state.largest
    const at = runsAtOnce(p)
    return `params.${field}${p.state.where === undefined ? "" : ` (${p.state.where})`}: ${fmt(count)} ${what} x ${fmt(bytesEach)} bytes; a run's model state is about ${fmtBytes(p.state.bytes)}, and the plan needs about ${fmtBytes(memory)} of memory${at > 1 ? ` with ${at} runs at once (one per thread)` : ""}, above the limit of ${fmtBytes(limits.memory)} (half of this machine's memory)${raise}`
  }
  if (memory > limits.memory) {
    return `the plan needs about ${fmtBytes(memory)} of memory (${fmt(runs)} runs x ${p.metrics} metrics x ${fmt(p.epochs)} epochs${p.keeping === "all-in-memory" ? ", all held until the end: `sandbox sweep` streams them to disk" : ""}), above the limit of ${fmtBytes(limits.memory)} (half of this machine's memory)${raise}`
  }
  return undefined
}

/** Human form of a byte count, for messages. */
export const formatBytes = fmtBytes

/**
 * Read a text file of at most `limit` bytes: reading stops one chunk past the limit, so a huge
 * file, a FIFO or a device such as /dev/zero costs at most the limit, never all memory.
 */
export const readBounded = (file: string, limit: number, what?: string): Effect.Effect<string, LimitExceeded | ExperimentNotFound> =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(file, "r")
      try {
        const chunks: Array<Buffer> = []
        let total = 0
        const chunk = Buffer.allocUnsafe(1 << 16)
        for (;;) {
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
          if (bytesRead === 0) break
          total += bytesRead
          if (total > limit) throw new TooLarge()
          chunks.push(Buffer.from(chunk.subarray(0, bytesRead)))
        }
        return Buffer.concat(chunks).toString("utf8")
      } finally {
        await handle.close()
      }
    },
    catch: (e) =>
      e instanceof TooLarge
        ? new LimitExceeded({ file, message: `larger than the input limit of ${fmtBytes(limit)}${limit < GiB ? " (--allow-large raises it to 1 GiB)" : ""}` })
        : new ExperimentNotFound({ file, reason: (e as { code?: string }).code === "ENOENT" ? "no such file" : e instanceof Error ? e.message : String(e), ...(what === undefined ? {} : { what }) })
  })

class TooLarge extends Error {}
