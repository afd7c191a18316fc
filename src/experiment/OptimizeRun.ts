/**
 * OptimizeRun: the search behind `sandbox optimize`. Candidates are points of the unit box over
 * the experiment's `optimize.parameters`; each generation is decoded into one scenario per
 * candidate and run on all workers with the experiment's run seeds (common random numbers: every
 * candidate sees the same draws, so their differences are the parameters'). A candidate is
 * feasible when every guardrail passes; one objective is searched by CMA-ES (CmaEs.ts) ranking
 * candidates by Deb's feasibility rules (feasible first, then fewer failing guardrails, then the
 * objective), several by NSGA-II (Nsga2.ts) with constrained domination.
 *
 * The search is deterministic for a seed, so a resumed search replays it: candidates already
 * evaluated (the `cache`, keyed by their parameter values) are not run again.
 *
 * With `optimize.confirm`, the search's `top` best settings that pass (OptimizeConfirm.ts) and
 * the default are then run again on `confirm.runs` fresh runs: run indices after the search's,
 * seeded from the experiment seed like every run, so the confirmation is as deterministic as the
 * search. The reported best is then the best setting that holds there (or none); the search's
 * own best stays in `searchBest`. Confirmation is not cached: a resumed search runs it again.
 *
 * The runs are the Runner's, on whatever backend the caller's layer gives it (worker threads, or
 * the distributed queue for `optimize --queue`); each generation is one batch named by the
 * experiment and its candidates, so on a queue a restarted search finds the results of its
 * generation still waiting instead of running them again. Outcomes are put in plan order
 * (scenario, run) before anything is computed from them, so a result does not depend on the
 * order runs finish in.
 */
import { createHash } from "node:crypto"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { CmaEs } from "../analysis/CmaEs.ts"
import { checkGuardrail, evaluateObjective } from "../analysis/Guardrails.ts"
import { Nsga2 } from "../analysis/Nsga2.ts"
import type { AnyModel } from "../engine/Model.ts"
import { getPath } from "../engine/ParamPath.ts"
import { decodeExperiment, type DataFiles, type EnvelopeOverrides } from "./Decode.ts"
import type { ResolvedExperiment } from "./Experiment.ts"
import { experimentHash } from "./Hash.ts"
import { planRuns, type RunSpec } from "./Plan.ts"
import { candidateKey, confirmation, confirmedBest, dominates, minimized, toConfirm, type Confirmation } from "./OptimizeConfirm.ts"
import { Runner, type Progress, type RunOutcome } from "./Runner.ts"
import { recordOf } from "./Store.ts"

/** One evaluated setting. */
export interface Evaluation {
  /** Parameter path -> value. */
  readonly params: Readonly<Record<string, number>>
  /** Objective values, in the experiment's order (NaN: no data). */
  readonly objectives: ReadonlyArray<number>
  /** Guardrail verdicts, in the experiment's order. */
  readonly verdicts: ReadonlyArray<"pass" | "fail" | "no data">
  /** Each guardrail's values (expression -> value over the runs), in the experiment's order. */
  readonly values?: ReadonlyArray<Readonly<Record<string, number>>>
  /** Guardrails not passing (0: feasible); guardrails + 1 when the setting is not a valid experiment. */
  readonly violation: number
  readonly error?: string
}

export interface OptimizeResult {
  readonly method: "cma-es" | "nsga-ii"
  readonly default: Evaluation
  /** Every evaluation, in order (the default not included). */
  readonly evaluations: ReadonlyArray<Evaluation>
  /**
   * One objective: the best feasible setting; several: the feasible Pareto front. Empty when none
   * is feasible. With confirmation: the best of the settings that hold on the fresh runs, with
   * their fresh evaluations; empty when none holds.
   */
  readonly best: ReadonlyArray<Evaluation>
  /** With confirmation: the search's own best (what `best` is without confirmation). */
  readonly searchBest?: ReadonlyArray<Evaluation>
  /** With confirmation: the default and the search's best settings on fresh runs. */
  readonly confirmation?: Confirmation
  /** 1-based index of the first feasible evaluation, if any. */
  readonly firstFeasible?: number
}

export interface OptimizeOptions<E, R> {
  readonly file: string
  /** The experiment file's text (decoded once per candidate). */
  readonly text: string
  /** The data files it names (ExperimentLoader.dataFiles). */
  readonly dataFiles: DataFiles
  readonly overrides: EnvelopeOverrides
  readonly exp: ResolvedExperiment
  readonly model: AnyModel
  /** Evaluations already made (a resumed search), by `candidateKey`. */
  readonly cache: ReadonlyMap<string, Evaluation>
  /** After each generation: every evaluation so far (to store them). */
  readonly onGeneration: (evaluations: ReadonlyArray<Evaluation>) => Effect.Effect<void, E, R>
  readonly onProgress: (p: { readonly runsDone: number; readonly runsTotal: number }) => void
}

export { candidateKey }

/** Which runs an evaluation uses: the search's, or the confirmation's fresh ones (not cached). */
interface Stage {
  readonly runs: number
  readonly firstRun: number
  readonly confirm: boolean
}

export const optimizeRun = <E, R>(o: OptimizeOptions<E, R>) =>
  Effect.gen(function* () {
    const { exp } = o
    const spec = exp.envelope.optimize!
    const paths = Object.keys(spec.parameters)
    const objectives = exp.objectives ?? []
    const reads = [...exp.guardrails, ...objectives.map((x) => x.compiled)]
    const runs = exp.envelope.runs
    const searchStage: Stage = { runs, firstRun: exp.envelope.firstRun ?? 0, confirm: false }
    const confirmSpec = spec.confirm
    const toParams = (x: ReadonlyArray<number>): Record<string, number> =>
      Object.fromEntries(
        paths.map((p, i) => {
          const r = spec.parameters[p]!
          const v = r.from + Math.min(1, Math.max(0, x[i]!)) * (r.to - r.from)
          return [p, r.integer ? Math.round(v) : v]
        })
      )
    const budget = spec.budget
    let runsTotal = (budget + 1) * runs + (confirmSpec ? (confirmSpec.top + 1) * confirmSpec.runs : 0)
    let runsBefore = 0
    const all: Array<Evaluation> = []
    const runner = yield* Runner
    const hash = experimentHash(exp)

    /** Evaluate settings (undefined: the experiment as written), reusing cached ones. */
    const evaluate = (settings: ReadonlyArray<Readonly<Record<string, number>> | undefined>, stage: Stage = searchStage) =>
      Effect.gen(function* () {
        const out: Array<Evaluation | undefined> = settings.map((s) => (s && !stage.confirm ? o.cache.get(candidateKey(s)) : undefined))
        const specs: Array<RunSpec> = []
        const scenarios: Array<ResolvedExperiment["scenarios"][number]> = []
        const owner: Array<number> = []
        settings.forEach((s, i) => {
          if (out[i]) return
          const grid = s ? Object.fromEntries(Object.entries(s).map(([p, v]) => [p, [v]])) : {}
          const decoded = decodeExperiment(o.file, o.text, { ...o.overrides, sweep: { grid } }, Number.POSITIVE_INFINITY, o.dataFiles)
          if (Either.isLeft(decoded)) {
            const issue = decoded.left._tag === "ExperimentInvalid" ? decoded.left.issues[0] : undefined
            out[i] = { params: s ?? {}, objectives: objectives.map(() => Number.NaN), verdicts: exp.guardrails.map(() => "no data" as const), violation: exp.guardrails.length + 1, error: issue ? `${issue.path}: ${issue.message}` : "not a valid setting" }
            return
          }
          const scenario = decoded.right.scenarios[0]!
          const index = scenarios.length
          scenarios.push(scenario)
          owner.push(i)
          const envelope = { ...decoded.right.envelope, runs: stage.runs, firstRun: stage.firstRun }
          for (const r of planRuns({ ...decoded.right, envelope, scenarios: [scenario] })) specs.push({ ...r, scenario: index })
        })
        if (specs.length > 0) {
          const onProgress = (p: Progress) => o.onProgress({ runsDone: runsBefore + p.runsDone, runsTotal })
          // The generation by its content: the experiment and the candidates' settings.
          const generation = JSON.stringify(settings.filter((_, i) => !out[i]).map((s) => (s ? candidateKey(s) : "default")))
          const tag = stage.confirm ? `confirm ${stage.firstRun} ${stage.runs}\n` : ""
          const key = createHash("sha256").update(`${hash}\n${tag}${generation}`).digest("hex")
          const arrived = yield* runner.run({ model: o.model, epochs: exp.envelope.epochs, specs, key, onProgress })
          // Plan order: the terms of a candidate's runs are then in the same order on any backend.
          const outcomes: ReadonlyArray<RunOutcome> = [...arrived].sort((a, b) => a.spec.scenario - b.spec.scenario || a.spec.run - b.spec.run)
          const terms = scenarios.map(() => [] as Array<Readonly<Record<string, number>>>)
          for (const outcome of outcomes) {
            const record = recordOf(outcome, scenarios[outcome.spec.scenario]!, reads)
            if (record.status === "completed") terms[outcome.spec.scenario]!.push(record.terms ?? {})
          }
          scenarios.forEach((_, k) => {
            const i = owner[k]!
            const checks = exp.guardrails.map((g) => checkGuardrail(g, terms[k]!))
            const verdicts = checks.map((c) => c.verdict)
            out[i] = {
              params: settings[i] ?? Object.fromEntries(paths.map((p) => [p, Number(getPath(exp.resolvedParams, p))])),
              objectives: objectives.map((x) => evaluateObjective(x.compiled, terms[k]!)),
              verdicts,
              values: checks.map((c) => c.values),
              violation: verdicts.filter((v) => v !== "pass").length
            }
          })
        }
        runsBefore += settings.length * stage.runs
        o.onProgress({ runsDone: runsBefore, runsTotal })
        return out as Array<Evaluation>
      })

    const [defaults] = yield* evaluate([undefined])
    const seed = exp.envelope.seed
    const start = paths.map((p) => {
      const r = spec.parameters[p]!
      const v = Number(getPath(exp.resolvedParams, p))
      return Number.isFinite(v) ? Math.min(1, Math.max(0, (v - r.from) / (r.to - r.from))) : 0.5
    })
    /** Single-objective rank key: Deb's feasibility rules, then the objective (+ a penalty for leaving the box). */
    const key = (e: Evaluation, outside: number): [number, number] => [e.violation, minimized(e.objectives[0]!, objectives[0]!.direction) + outside * (1 + Math.abs(e.objectives[0]! || 0))]
    if (objectives.length === 1) {
      const es = new CmaEs({ mean: start, sigma: 0.3, seed, ...(spec.populationSize ? { lambda: Math.max(2, spec.populationSize) } : {}) })
      while (all.length < budget) {
        const xs = es.ask().slice(0, budget - all.length)
        const evaluated = yield* evaluate(xs.map(toParams))
        all.push(...evaluated)
        yield* o.onGeneration(all)
        if (xs.length < es.lambda) break
        const keys = evaluated.map((e, i) => key(e, xs[i]!.reduce((s, v) => s + (v - Math.min(1, Math.max(0, v))) ** 2, 0)))
        const order = keys.map((_, i) => i).sort((a, b) => keys[a]![0] - keys[b]![0] || keys[a]![1] - keys[b]![1] || a - b)
        const rank = new Array<number>(keys.length)
        order.forEach((i, r) => (rank[i] = r))
        es.tell(rank)
      }
    } else {
      const ga = new Nsga2({ dim: paths.length, populationSize: spec.populationSize && spec.populationSize % 2 === 0 && spec.populationSize >= 4 ? spec.populationSize : 12, seed })
      while (all.length < budget) {
        const xs = ga.ask()
        const evaluated = yield* evaluate(xs.slice(0, budget - all.length).map(toParams))
        all.push(...evaluated)
        yield* o.onGeneration(all)
        if (evaluated.length < xs.length) break
        ga.tell(evaluated.map((e, i) => ({ x: xs[i]!, f: e.objectives.map((v, k) => minimized(v, objectives[k]!.direction)), violation: e.violation })))
      }
    }
    const feasible = all.filter((e) => e.violation === 0)
    const directions = objectives.map((x) => x.direction)
    const better = (a: Evaluation, b: Evaluation) => dominates(a, b, directions)
    const best =
      objectives.length === 1
        ? [...feasible].sort((a, b) => minimized(a.objectives[0]!, objectives[0]!.direction) - minimized(b.objectives[0]!, objectives[0]!.direction)).slice(0, 1)
        : feasible.filter((a) => !feasible.some((b) => better(b, a))).sort((a, b) => a.objectives[0]! - b.objectives[0]!)
    const first = all.findIndex((e) => e.violation === 0)
    const method = objectives.length === 1 ? ("cma-es" as const) : ("nsga-ii" as const)
    const found = { ...(first >= 0 ? { firstFeasible: first + 1 } : {}) }
    if (!confirmSpec) return { method, default: defaults!, evaluations: all, best, ...found } satisfies OptimizeResult
    // Confirmation: the best settings that passed, and the default, on runs the search never saw.
    const chosen = toConfirm(all, directions, confirmSpec.top)
    const fresh: Stage = { runs: confirmSpec.runs, firstRun: searchStage.firstRun + runs, confirm: true }
    runsTotal = runsBefore + (chosen.length + 1) * fresh.runs
    const [freshDefault, ...freshChosen] = yield* evaluate([undefined, ...chosen.map((e) => e.params)], fresh)
    const confirmed = confirmation(fresh.runs, fresh.firstRun, freshDefault!, chosen, freshChosen)
    return { method, default: defaults!, evaluations: all, best: confirmedBest(confirmed, directions), searchBest: best, confirmation: confirmed, ...found } satisfies OptimizeResult
  })
