/**
 * OptimizeConfirm: which of a search's settings are confirmed on fresh runs, and what the
 * confirmation concludes (the `optimize.confirm` block; OptimizeRun.ts runs them).
 *
 * A search under noise keeps the settings that pass its guardrails on its own runs, so its best
 * sits where passing is partly those runs' luck. Confirmation re-runs the `top` best settings
 * that passed (and the default) on run indices the search did not use, and the answer is the best
 * setting that passes every guardrail there, measured there, or none. Pure functions, tested on
 * their own (test/experiment/OptimizeConfirm.test.ts).
 */
import type { Evaluation } from "./OptimizeRun.ts"

export type Direction = "maximize" | "minimize"

/** A confirmed setting: its verdicts on the search's runs and on the fresh runs. */
export interface Confirmed {
  /** The evaluation on the search's runs (where it passed every guardrail). */
  readonly inSample: Evaluation
  /** The evaluation on the fresh runs. */
  readonly outOfSample: Evaluation
  /** Every guardrail passes on the fresh runs. */
  readonly holds: boolean
}

export interface Confirmation {
  /** Fresh runs per setting, and the first run index (the search used the ones before). */
  readonly runs: number
  readonly firstRun: number
  /** The experiment as written, on the fresh runs. */
  readonly default: Evaluation
  /** The confirmed settings, best on the search's runs first. */
  readonly candidates: ReadonlyArray<Confirmed>
  /** How many of them pass every guardrail on the fresh runs. */
  readonly holding: number
}

/** An objective value to minimize; no data counts as the worst. */
export const minimized = (v: number, direction: Direction): number => (Number.isNaN(v) ? Infinity : direction === "maximize" ? -v : v)

/** The cache key of a setting. */
export const candidateKey = (params: Readonly<Record<string, number>>): string => JSON.stringify(Object.entries(params))

/** `a` is no worse than `b` on every objective and better on one. */
export const dominates = (a: Evaluation, b: Evaluation, directions: ReadonlyArray<Direction>): boolean =>
  directions.every((d, k) => minimized(a.objectives[k]!, d) <= minimized(b.objectives[k]!, d)) &&
  directions.some((d, k) => minimized(a.objectives[k]!, d) < minimized(b.objectives[k]!, d))

/**
 * Order settings best first: by how many of the others dominate them (0 for the Pareto front;
 * with one objective, the objective's order), then the first objective, then the given order.
 */
const bestFirst = (settings: ReadonlyArray<Evaluation>, directions: ReadonlyArray<Direction>): Array<Evaluation> => {
  const beaten = settings.map((a) => settings.filter((b) => dominates(b, a, directions)).length)
  return settings
    .map((_, i) => i)
    .sort((i, j) => beaten[i]! - beaten[j]! || minimized(settings[i]!.objectives[0]!, directions[0]!) - minimized(settings[j]!.objectives[0]!, directions[0]!) || i - j)
    .map((i) => settings[i]!)
}

/** The settings to confirm: the `top` best (distinct) that pass every guardrail in the search. */
export const toConfirm = (evaluations: ReadonlyArray<Evaluation>, directions: ReadonlyArray<Direction>, top: number): ReadonlyArray<Evaluation> => {
  const seen = new Set<string>()
  const distinct = evaluations.filter((e) => {
    if (e.violation !== 0) return false
    const key = candidateKey(e.params)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
  return bestFirst(distinct, directions).slice(0, top)
}

/** Pair the confirmed settings with their fresh evaluations (same order). */
export const confirmation = (
  runs: number,
  firstRun: number,
  defaults: Evaluation,
  inSample: ReadonlyArray<Evaluation>,
  outOfSample: ReadonlyArray<Evaluation>
): Confirmation => {
  const candidates = inSample.map((e, i) => ({ inSample: e, outOfSample: outOfSample[i]!, holds: outOfSample[i]!.violation === 0 }))
  return { runs, firstRun, default: defaults, candidates, holding: candidates.filter((c) => c.holds).length }
}

/**
 * The answer after confirmation, as measured on the fresh runs: one objective, the best setting
 * that holds; several, the holding settings no other holding one beats on every objective (best
 * first on the first objective). Empty when none holds.
 */
export const confirmedBest = (c: Confirmation, directions: ReadonlyArray<Direction>): ReadonlyArray<Evaluation> => {
  const holding = c.candidates.filter((x) => x.holds).map((x) => x.outOfSample)
  const ordered = bestFirst(holding, directions)
  return directions.length === 1 ? ordered.slice(0, 1) : ordered.filter((a) => !holding.some((b) => dominates(b, a, directions)))
}
