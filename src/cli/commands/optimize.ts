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
 * one generation at a time; results are those of a local search, bit for bit. Argument parsing
 * and printing around the library's search (src/library/OptimizeSearch.ts).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { ResolvedExperiment } from "../../experiment/Experiment.ts"
import type { Evaluation, OptimizeResult } from "../../experiment/OptimizeRun.ts"
import { formatNumber, table } from "../../format.ts"
import { optimizeSearch } from "../../library/OptimizeSearch.ts"
import { makeProgressBar } from "../ProgressBar.ts"
import { allowLargeOption, defaultDir, envelopeOverrides, epochsOption, experimentFile, loadWithOptions, runsOption, seedOption, validQueueUrl, workersOption } from "./options.ts"

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
  const searchBest = r.searchBest ?? r.best
  if (searchBest.length === 0) {
    lines.push("", `No evaluated setting passes every guardrail in ${r.evaluations.length} evaluations; widen the bounds, raise the budget, or revisit the guardrails.`)
    const closest = [...r.evaluations].sort((a, b) => a.violation - b.violation)[0]
    if (closest) lines.push(`closest: ${paths.map((p) => `${p}=${formatNumber(closest.params[p]!)}`).join(", ")}: ${verdictText(exp, closest)}`)
  } else {
    lines.push(
      `first setting passing every guardrail: evaluation ${r.firstFeasible} of ${r.evaluations.length}`,
      "",
      (r.method === "cma-es" ? "best setting" : `Pareto front (${searchBest.length} settings passing every guardrail, none better on every objective)`) +
        (r.confirmation ? ` on the search's ${exp.envelope.runs} runs:` : ":"),
      "",
      table([head, row("default", r.default), ...searchBest.map((e, i) => row(r.method === "cma-es" ? "best" : `#${i + 1}`, e))])
    )
  }
  if (r.confirmation) lines.push("", ...confirmationText(exp, r))
  return lines.join("\n")
}

/** The confirmation: each confirmed setting's verdict on the search's runs and on the fresh runs, and the answer. */
const confirmationText = (exp: ResolvedExperiment, r: OptimizeResult): ReadonlyArray<string> => {
  const c = r.confirmation!
  const paths = Object.keys(exp.envelope.optimize!.parameters)
  const objectives = exp.objectives ?? []
  const verdict = (e: Evaluation) => (e.error !== undefined ? "invalid" : e.violation === 0 ? "pass" : `FAIL ${e.violation}`)
  const label = (i: number) => `#${i + 1}`
  const head = ["", ...paths, ...objectives.map((o) => `${o.direction} ${o.source} (fresh)`), `${exp.envelope.runs} runs`, `${c.runs} fresh runs`]
  const row = (name: string, inSample: Evaluation, fresh: Evaluation) => [name, ...paths.map((p) => formatNumber(fresh.params[p]!)), ...fresh.objectives.map(formatNumber), verdict(inSample), verdict(fresh)]
  /** The guardrails' values on the fresh runs, failing ones marked. */
  const values = (name: string, e: Evaluation) =>
    `  ${name}: ${exp.envelope.guardrails.map((g, i) => `${e.verdicts[i] === "pass" ? "" : "FAIL "}${Object.entries(e.values?.[i] ?? {}).map(([k, v]) => `${k} = ${formatNumber(v)}`).join(", ") || g}`).join("; ")}`
  const lines = [
    `confirmation on ${c.runs} fresh runs (run indices ${c.firstRun}-${c.firstRun + c.runs - 1}; the search used ${c.firstRun - exp.envelope.runs}-${c.firstRun - 1}): the default and the ${c.candidates.length} best settings passing every guardrail in the search`,
    "",
    table([head, row("default", r.default, c.default), ...c.candidates.map((x, i) => row(label(i), x.inSample, x.outOfSample))]),
    "",
    `guardrails on the ${c.runs} fresh runs:`,
    values("default", c.default),
    ...c.candidates.map((x, i) => values(label(i), x.outOfSample)),
    ""
  ]
  if (r.best.length === 0) {
    lines.push(`No candidate holds on ${c.runs} fresh runs: every setting the search found passing fails a guardrail there; the search's best is not an answer. Widen the bounds, give the search more runs per candidate, or revisit the guardrails.`)
  } else {
    const holds = c.candidates.findIndex((x) => x.outOfSample === r.best[0])
    lines.push(
      `${c.holding} of ${c.candidates.length} hold on ${c.runs} fresh runs; ${r.method === "cma-es" ? "the answer" : "the front among them"} (measured on the fresh runs): ` +
        r.best.map((e) => `${label(c.candidates.findIndex((x) => x.outOfSample === e))} ${paths.map((p) => `${p}=${formatNumber(e.params[p]!)}`).join(", ")}`).join("; ") +
        (holds === 0 ? "" : ` (not the search's best)`)
    )
  }
  return lines
}

export const optimizeCommand = Command.make(
  "optimize",
  { file: experimentFile, seed: seedOption, runs: runsOption, epochs: epochsOption, workers: workersOption, out, force, resume, queue, json, allowLarge: allowLargeOption },
  (args) =>
    Effect.gen(function* () {
      const { exp, workers } = yield* loadWithOptions(args)
      const queueUrl = Option.getOrUndefined(args.queue)
      if (queueUrl !== undefined) yield* validQueueUrl(queueUrl)
      const dir = Option.getOrElse(args.out, () => defaultDir("out", `${exp.envelope.name}-optimize`))
      const bar = makeProgressBar(process.stderr, !args.json)
      const result = yield* optimizeSearch(exp, {
        out: dir,
        workers,
        queue: queueUrl,
        resume: args.resume,
        force: args.force,
        overrides: yield* envelopeOverrides(args),
        onProgress: bar.update,
        onNotice: (line) => process.stderr.write(`${line}\n`),
        onQueued: () => {
          if (!args.json) process.stderr.write(`evaluating candidates on ${queueUrl}; waiting for workers (sandbox worker --queue ${queueUrl})\n`)
        }
      }).pipe(
        Effect.ensuring(Effect.sync(bar.done)),
        Effect.onInterrupt(() => Console.error(`interrupted: evaluations so far are in ${dir}; continue with: sandbox optimize ${args.file} --out ${dir}${queueUrl !== undefined ? ` --queue ${queueUrl}` : ""} --resume`))
      )
      yield* Console.log(args.json ? JSON.stringify(result, null, 2) : optimizeText(exp, result))
      if (!args.json) yield* Console.error(`wrote ${dir}/result.json and evaluations.json`)
    })
).pipe(Command.withDescription("Search parameter bounds for settings that pass every guardrail and optimize the objectives (CMA-ES; NSGA-II for several)."))
