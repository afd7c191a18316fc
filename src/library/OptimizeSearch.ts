/**
 * OptimizeSearch: search an experiment's `optimize.parameters` box for settings that pass every
 * guardrail and optimize its objectives (OptimizeRun.ts: CMA-ES, NSGA-II for several), storing
 * every evaluation as it is made so a resumed search continues it. The one implementation behind
 * `sandbox optimize` (which adds argument parsing and printing) and the library's `optimize`.
 *
 * The directory:
 *   manifest.json     experiment hash and code version: a resume must match both
 *   evaluations.json  every evaluation so far (rewritten after each generation, atomically)
 *   result.json       the default, the best setting or the Pareto front, every evaluation
 *
 * With a queue, the candidates' runs are jobs for the queue's workers (the Runner's queue
 * backend), one generation at a time; results are those of a local search, bit for bit.
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Effect from "effect/Effect"
import { checkRedis } from "../experiment/backends/Distributed.ts"
import { codeVersion } from "../experiment/CodeVersion.ts"
import type { EnvelopeOverrides } from "../experiment/Decode.ts"
import { ExperimentInvalid, unreadable } from "../experiment/Errors.ts"
import type { ResolvedExperiment } from "../experiment/Experiment.ts"
import { experimentHash } from "../experiment/Hash.ts"
import { ExperimentLoader } from "../experiment/Loader.ts"
import { modelFor } from "../experiment/ModelRegistry.ts"
import { candidateKey, optimizeRun, type Evaluation, type OptimizeResult } from "../experiment/OptimizeRun.ts"
import { OutputExists } from "../experiment/Output.ts"
import { runnerLayer, type Progress } from "../experiment/Runner.ts"
import { StoreMismatch, writeAtomic } from "../experiment/Store.ts"

export interface SearchOptions {
  /** The directory of the evaluations and the result. */
  readonly out: string
  /** Worker threads (0 or 1: this thread). Ignored with a queue. */
  readonly workers?: number
  /** A Redis queue (redis://host:port[/db]) whose workers run the candidates' runs. */
  readonly queue?: string | undefined
  /** Continue the search in `out`, reusing its evaluations. */
  readonly resume?: boolean
  /** Replace `out` if it exists. */
  readonly force?: boolean
  /** The overrides the experiment was loaded with, applied again to every candidate. */
  readonly overrides?: EnvelopeOverrides
  readonly onProgress?: (p: Progress) => void
  /** What the user should know on the way (resuming, the queue's notices). */
  readonly onNotice?: (line: string) => void
  /** Once, when the first generation's runs are on the queue. */
  readonly onQueued?: () => void
}

/** Why a directory's manifest.json is not this search's: what differs, the code first (its runs would mix). */
const manifestMismatch = (dir: string, found: string, expected: { readonly hash: string; readonly optimize: string; readonly version: string }): StoreMismatch => {
  const notASearch = (why: string) => new StoreMismatch({ dir, expected: expected.hash, found: why, reason: "notASweep" })
  if (found === "") return notASearch("it has no manifest.json")
  let m: { hash?: unknown; optimize?: unknown; version?: unknown }
  try {
    m = JSON.parse(found) as typeof m
  } catch {
    return notASearch("its manifest.json is not valid JSON")
  }
  if (m.version !== expected.version) return new StoreMismatch({ dir, expected: expected.version, found: String(m.version ?? "an unrecorded version"), reason: "code" })
  if (m.hash !== expected.hash) return new StoreMismatch({ dir, expected: expected.hash, found: String(m.hash ?? "unrecorded"), reason: "experiment" })
  if (m.optimize !== expected.optimize) return new StoreMismatch({ dir, expected: expected.optimize, found: String(m.optimize ?? "unrecorded"), reason: "search" })
  return notASearch("its manifest.json does not match this search's")
}

/** Search the experiment's optimize box, storing every evaluation in `o.out`, and write result.json. */
export const optimizeSearch = (exp: ResolvedExperiment, o: SearchOptions) =>
  Effect.gen(function* () {
    const file = exp.file
    const refuse = (path: string, message: string) => new ExperimentInvalid({ file, issues: [{ path, message }] })
    if (!exp.envelope.optimize) return yield* refuse("optimize", "Expected an optimize block: parameters (path -> {from, to}) and objectives ([{maximize: ...} or {minimize: ...}])")
    if (Object.keys(exp.envelope.variants).length > 0) return yield* refuse("variants", "optimize searches one setting at a time; remove the variants (or copy the variant you want to tune into params)")
    const sweep = exp.envelope.sweep
    if (Object.keys(sweep.grid).length + Object.keys(sweep.zip).length > 0 || sweep.sample) return yield* refuse("sweep", "optimize chooses the parameter values itself; remove the sweep")
    const notice = o.onNotice ?? (() => {})
    // Before anything is written: an unreachable queue must leave no output behind.
    if (o.queue !== undefined) yield* checkRedis(o.queue)
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const text = yield* fs.readFileString(file).pipe(Effect.mapError((e) => unreadable(file, e)))
    const dir = o.out
    const hash = experimentHash(exp)
    const version = codeVersion()
    const optimizeHash = JSON.stringify(exp.envelope.optimize)
    const manifest = JSON.stringify({ experiment: exp.envelope.name, hash, optimize: optimizeHash, version }, null, 2) + "\n"
    const exists = yield* fs.exists(dir).pipe(Effect.orElseSucceed(() => false))
    const cache = new Map<string, Evaluation>()
    if (exists && o.resume) {
      const found = yield* fs.readFileString(path.join(dir, "manifest.json")).pipe(Effect.orElseSucceed(() => ""))
      if (found !== manifest) return yield* manifestMismatch(dir, found, { hash, optimize: optimizeHash, version })
      const stored = yield* fs.readFileString(path.join(dir, "evaluations.json")).pipe(Effect.orElseSucceed(() => "[]"))
      for (const e of JSON.parse(stored) as Array<Evaluation>) cache.set(candidateKey(e.params), e)
      notice(`resuming: ${cache.size} evaluations already stored in ${dir}`)
    } else if (exists && !o.force) {
      return yield* new OutputExists({ dir })
    } else {
      if (exists) yield* fs.remove(dir, { recursive: true }).pipe(Effect.orDie)
      yield* fs.makeDirectory(dir, { recursive: true }).pipe(Effect.orDie)
      yield* writeAtomic(path.join(dir, "manifest.json"), manifest)
    }
    const model = modelFor(exp.envelope.model, file)
    if (!model) return yield* Effect.fail(new Error(`${file}: model ${exp.envelope.model} is not loaded`))
    let announced = false
    // Where candidates run is chosen here, once: the queue's workers, else this machine's threads.
    const queue =
      o.queue === undefined
        ? undefined
        : {
            url: o.queue,
            onNotice: notice,
            onQueued: () => {
              if (!announced) o.onQueued?.()
              announced = true
            }
          }
    const result = yield* optimizeRun({
      file,
      text,
      dataFiles: yield* (yield* ExperimentLoader).dataFiles(file, text),
      overrides: o.overrides ?? {},
      exp,
      model,
      cache,
      onGeneration: (all) => writeAtomic(path.join(dir, "evaluations.json"), JSON.stringify(all, null, 1) + "\n"),
      onProgress: (p) => o.onProgress?.({ runsDone: p.runsDone, runsTotal: p.runsTotal, epochsDone: p.runsDone * exp.envelope.epochs, epochsTotal: p.runsTotal * exp.envelope.epochs, failures: 0 })
    }).pipe(Effect.provide(runnerLayer({ workers: o.workers, queue })))
    yield* writeAtomic(path.join(dir, "result.json"), JSON.stringify(result, null, 2) + "\n")
    return result satisfies OptimizeResult
  })
