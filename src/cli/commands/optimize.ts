/**
 * `sandbox optimize <file>`: search the experiment's `optimize.parameters` box for settings that
 * pass every guardrail and optimize its objectives (OptimizeRun.ts), storing every evaluation as
 * it is made so `--resume` continues an interrupted search.
 *
 * DIR (default out/<name>-optimize):
 *   manifest.json     experiment hash and code version: a resume must match both
 *   evaluations.json  every evaluation so far (rewritten after each generation, atomically)
 *   result.json       the default, the best setting or the Pareto front, every evaluation
 *
 * With --queue the candidates' runs are jobs on the distributed queue (the sweep's backend),
 * one generation at a time; results are those of a local search, bit for bit.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { checkRedis } from "../../experiment/backends/Distributed.ts"
import { modelFor } from "../../experiment/ModelRegistry.ts"
import { codeVersion } from "../../experiment/CodeVersion.ts"
import { ExperimentInvalid, unreadable } from "../../experiment/Errors.ts"
import { experimentHash } from "../../experiment/Hash.ts"
import { candidateKey, optimizeRun, type Evaluation, type OptimizeResult } from "../../experiment/OptimizeRun.ts"
import { runnerLayer } from "../../experiment/Runner.ts"
import { ExperimentLoader } from "../../experiment/Loader.ts"
import { OutputExists } from "../../experiment/Output.ts"
import { StoreMismatch, writeAtomic } from "../../experiment/Store.ts"
import type { ResolvedExperiment } from "../../experiment/Experiment.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { formatNumber, table } from "../../format.ts"
import { defaultDir, envelopeOverrides, epochsOption, experimentFile, loadWithOptions, runsOption, seedOption, validQueueUrl, workersOption } from "./options.ts"

const out = Options.text("out").pipe(Options.optional, Options.withDescription("Directory for the evaluations and result (default: out/<experiment name>-optimize)."))
const force = Options.boolean("force").pipe(Options.withDescription("Replace the directory if it exists."))
const resume = Options.boolean("resume").pipe(Options.withDescription("Continue an interrupted search in --out, reusing its evaluations."))
const queue = Options.text("queue").pipe(
  Options.optional,
  Options.withDescription("Evaluate candidates on the workers of this Redis queue (redis://host:port) instead of this machine; start workers with `sandbox worker --queue URL`.")
)
const json = Options.boolean("json").pipe(Options.withDescription("Print the result as JSON on stdout."))

const verdictText = (exp: ResolvedExperiment, e: Evaluation): string =>
  e.error ?? (e.violation === 0 ? "passes every guardrail" : `fails ${exp.envelope.guardrails.filter((_, i) => e.verdicts[i] !== "pass").join("; ")}`)

/** The result as text: the default, the best setting or the front, and how many evaluations it took. */
export const optimizeText = (exp: ResolvedExperiment, r: OptimizeResult): string => {
  const objectives = exp.objectives ?? []
  const paths = Object.keys(exp.envelope.optimize!.parameters)
  const row = (label: string, e: Evaluation) => [label, ...paths.map((p) => formatNumber(e.params[p]!)), ...e.objectives.map(formatNumber), e.violation === 0 ? "pass" : `FAIL ${e.violation}`]
  const head = ["", ...paths, ...objectives.map((o) => `${o.direction} ${o.source}`), "guardrails"]
  const lines = [
    `${exp.envelope.name} · optimize (${r.method === "cma-es" ? "CMA-ES, one objective" : "NSGA-II, Pareto front"}) · ${r.evaluations.length} evaluations x ${exp.envelope.runs} runs x ${exp.envelope.epochs} epochs, common random numbers · seed ${exp.envelope.seed}`,
    "",
    `default: ${verdictText(exp, r.default)}`
  ]
  if (r.best.length === 0) {
    lines.push("", `No evaluated setting passes every guardrail in ${r.evaluations.length} evaluations; widen the bounds, raise the budget, or revisit the guardrails.`)
    const closest = [...r.evaluations].sort((a, b) => a.violation - b.violation)[0]
    if (closest) lines.push(`closest: ${paths.map((p) => `${p}=${formatNumber(closest.params[p]!)}`).join(", ")}: ${verdictText(exp, closest)}`)
  } else {
    lines.push(
      `first setting passing every guardrail: evaluation ${r.firstFeasible} of ${r.evaluations.length}`,
      "",
      r.method === "cma-es" ? "best setting:" : `Pareto front (${r.best.length} settings passing every guardrail, none better on every objective):`,
      "",
      table([head, row("default", r.default), ...r.best.map((e, i) => row(r.method === "cma-es" ? "best" : `#${i + 1}`, e))])
    )
  }
  return lines.join("\n")
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

export const optimizeCommand = Command.make(
  "optimize",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, out, force, resume, queue, json },
  (args) =>
    Effect.gen(function* () {
      const { exp, workers } = yield* loadWithOptions(args)
      const refuse = (path: string, message: string) => new ExperimentInvalid({ file: args.file, issues: [{ path, message }] })
      if (!exp.envelope.optimize) return yield* refuse("optimize", "Expected an optimize block: parameters (path -> {from, to}) and objectives ([{maximize: ...} or {minimize: ...}])")
      if (Object.keys(exp.envelope.variants).length > 0) return yield* refuse("variants", "optimize searches one setting at a time; remove the variants (or copy the variant you want to tune into params)")
      const sweep = exp.envelope.sweep
      if (Object.keys(sweep.grid).length + Object.keys(sweep.zip).length > 0 || sweep.sample) return yield* refuse("sweep", "optimize chooses the parameter values itself; remove the sweep")
      const queueUrl = Option.getOrUndefined(args.queue)
      // Before anything is written: an unreachable queue must leave no output behind.
      if (queueUrl !== undefined) yield* validQueueUrl(queueUrl).pipe(Effect.zipRight(checkRedis(queueUrl)))
      const fs = yield* FileSystem.FileSystem
      const path = yield* Path.Path
      const text = yield* fs.readFileString(args.file).pipe(Effect.mapError((e) => unreadable(args.file, e)))
      const dir = Option.getOrElse(args.out, () => defaultDir("out", `${exp.envelope.name}-optimize`))
      const hash = experimentHash(exp)
      const version = codeVersion()
      const optimizeHash = JSON.stringify(exp.envelope.optimize)
      const manifest = JSON.stringify({ experiment: exp.envelope.name, hash, optimize: optimizeHash, version }, null, 2) + "\n"
      const exists = yield* fs.exists(dir).pipe(Effect.orElseSucceed(() => false))
      const cache = new Map<string, Evaluation>()
      if (exists && args.resume) {
        const found = yield* fs.readFileString(path.join(dir, "manifest.json")).pipe(Effect.orElseSucceed(() => ""))
        if (found !== manifest) return yield* manifestMismatch(dir, found, { hash, optimize: optimizeHash, version })
        const stored = yield* fs.readFileString(path.join(dir, "evaluations.json")).pipe(Effect.orElseSucceed(() => "[]"))
        for (const e of JSON.parse(stored) as Array<Evaluation>) cache.set(candidateKey(e.params), e)
        yield* Console.error(`resuming: ${cache.size} evaluations already stored in ${dir}`)
      } else if (exists && !args.force) {
        return yield* new OutputExists({ dir })
      } else {
        if (exists) yield* fs.remove(dir, { recursive: true }).pipe(Effect.orDie)
        yield* fs.makeDirectory(dir, { recursive: true }).pipe(Effect.orDie)
        yield* writeAtomic(path.join(dir, "manifest.json"), manifest)
      }
      const bar = makeProgressBar(process.stderr, !args.json)
      const model = modelFor(exp.envelope.model, exp.file)!
      let announced = false
      // Where candidates run is chosen here, once: the queue's workers, else this machine's threads.
      const queue =
        queueUrl === undefined
          ? undefined
          : {
              url: queueUrl,
              onNotice: (line: string) => process.stderr.write(`${line}\n`),
              onQueued: () => {
                if (!announced && !args.json) process.stderr.write(`evaluating candidates on ${queueUrl}; waiting for workers (sandbox worker --queue ${queueUrl})\n`)
                announced = true
              }
            }
      const result = yield* optimizeRun({
        file: args.file,
        text,
        dataFiles: yield* (yield* ExperimentLoader).dataFiles(args.file, text),
        overrides: yield* envelopeOverrides(args),
        exp,
        model,
        cache,
        onGeneration: (all) => writeAtomic(path.join(dir, "evaluations.json"), JSON.stringify(all, null, 1) + "\n"),
        onProgress: (p) => bar.update({ runsDone: p.runsDone, runsTotal: p.runsTotal, epochsDone: p.runsDone * exp.envelope.epochs, epochsTotal: p.runsTotal * exp.envelope.epochs, failures: 0 })
      }).pipe(
        Effect.ensuring(Effect.sync(bar.done)),
        Effect.onInterrupt(() => Console.error(`interrupted: evaluations so far are in ${dir}; continue with: sandbox optimize ${args.file} --out ${dir}${queueUrl !== undefined ? ` --queue ${queueUrl}` : ""} --resume`)),
        Effect.provide(runnerLayer({ workers, queue }))
      )
      yield* writeAtomic(path.join(dir, "result.json"), JSON.stringify(result, null, 2) + "\n")
      yield* Console.log(args.json ? JSON.stringify(result, null, 2) : optimizeText(exp, result))
      if (!args.json) yield* Console.error(`wrote ${dir}/result.json and evaluations.json`)
    })
).pipe(Command.withDescription("Search parameter bounds for settings that pass every guardrail and optimize the objectives (CMA-ES; NSGA-II for several)."))
