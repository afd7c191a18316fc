/**
 * Robustness: does an A/B conclusion survive what we are unsure of? Given the A/B re-run at
 * points of an assumption space (Latin hypercube over the experiment's `assumptions`, the same
 * run seeds everywhere: common random numbers), decide for each conclusion (the sign of each
 * headline difference, each guardrail verdict) whether it holds at every point, and if not,
 * find the single-assumption threshold that best says where it flips ("proposed lowers price only
 * when operators.sellFraction > 0.62"): a one-split decision stump, fitted by trying every cut
 * between neighbouring points on every assumption and keeping the one that explains most points.
 *
 * Pure functions over in-memory per-run final values, so they work on any results store.
 */
import type { GuardrailResult, Verdict } from "./Guardrails.ts"
import { quantileSorted, sortedFinite } from "./Quantile.ts"

/** One variant at one point: its runs' final values (by run index; undefined = failed run) and guardrail results. */
export interface VariantAtPoint {
  readonly variant: string
  readonly finals: ReadonlyArray<Readonly<Record<string, number>> | undefined>
  readonly guardrails: ReadonlyArray<GuardrailResult>
}

/** The A/B at one point of the assumption space. */
export interface RobustnessPoint {
  /** Assumption path -> its value at this point. */
  readonly values: Readonly<Record<string, number>>
  readonly variants: ReadonlyArray<VariantAtPoint>
}

/** Where a conclusion flips: `label` holds on one side of `threshold` on assumption `path`. */
export interface FlipRule {
  readonly path: string
  readonly threshold: number
  /** The outcome at points with path < threshold, and at points above it. */
  readonly below: string
  readonly above: string
  /** Points the rule gets right, of all points. */
  readonly fits: number
}

export interface Conclusion {
  readonly kind: "difference" | "guardrail"
  /** `proposed vs current: price` or `proposed: p95(max(operatorChurnRate)) < 0.05`. */
  readonly subject: string
  /** Outcome at each point: lower / higher / unchanged / no data, or pass / fail / no data. */
  readonly outcomes: ReadonlyArray<string>
  /** Difference kind: the median paired difference at each point (NaN for none). */
  readonly values: ReadonlyArray<number>
  readonly holds: boolean
  readonly rule?: FlipRule
  readonly sentence: string
}

export interface RobustnessResult {
  readonly assumptions: ReadonlyArray<string>
  readonly points: ReadonlyArray<Readonly<Record<string, number>>>
  readonly baseline: string
  readonly conclusions: ReadonlyArray<Conclusion>
  /** True when every conclusion holds at every point. */
  readonly robust: boolean
}

/**
 * Median over runs of (variant - baseline) for one metric, pairing runs by index: with common
 * random numbers, run r of both variants saw the same draws, so the pair isolates the rule's effect.
 */
export const medianPairedDifference = (a: VariantAtPoint, base: VariantAtPoint, metric: string): number => {
  const diffs: Array<number> = []
  const n = Math.min(a.finals.length, base.finals.length)
  for (let r = 0; r < n; r++) {
    const x = a.finals[r]?.[metric]
    const y = base.finals[r]?.[metric]
    if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) diffs.push(x - y)
  }
  return quantileSorted(sortedFinite(diffs), 0.5)
}

const direction = (d: number): string => (Number.isNaN(d) ? "no data" : d < 0 ? "lower" : d > 0 ? "higher" : "unchanged")

/** The best one-assumption threshold rule for `outcomes` over `points` (undefined when all agree). */
export const flipRule = (assumptions: ReadonlyArray<string>, points: ReadonlyArray<Readonly<Record<string, number>>>, outcomes: ReadonlyArray<string>): FlipRule | undefined => {
  let best: FlipRule | undefined
  for (const path of assumptions) {
    const order = points.map((p, i) => i).sort((i, j) => points[i]![path]! - points[j]![path]!)
    for (let k = 1; k < order.length; k++) {
      const lo = points[order[k - 1]!]![path]!
      const hi = points[order[k]!]![path]!
      if (lo === hi) continue
      const below = majority(order.slice(0, k).map((i) => outcomes[i]!))
      const above = majority(order.slice(k).map((i) => outcomes[i]!))
      if (below === above) continue
      const fits = order.slice(0, k).filter((i) => outcomes[i] === below).length + order.slice(k).filter((i) => outcomes[i] === above).length
      if (!best || fits > best.fits) best = { path, threshold: (lo + hi) / 2, below, above, fits }
    }
  }
  return best
}

const majority = (xs: ReadonlyArray<string>): string => {
  const counts = new Map<string, number>()
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]
}

/** A threshold for a sentence: 3 significant digits from 1 up, 2 below, no trailing zeros. */
const fmt = (v: number): string => String(Number(v.toPrecision(Math.abs(v) >= 1 ? 3 : 2)))

/** Counts of each outcome, most frequent first: `lower at 10 of 16 points, higher at 6`. */
const tally = (outcomes: ReadonlyArray<string>): string => {
  const counts = new Map<string, number>()
  for (const o of outcomes) counts.set(o, (counts.get(o) ?? 0) + 1)
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1])
  return sorted.map(([o, c], i) => (i === 0 ? `${o} at ${c} of ${outcomes.length} points` : `${o} at ${c}`)).join(", ")
}

const conclusion = (
  kind: Conclusion["kind"],
  subject: string,
  verb: (outcome: string) => string,
  outcomes: ReadonlyArray<string>,
  values: ReadonlyArray<number>,
  assumptions: ReadonlyArray<string>,
  points: ReadonlyArray<Readonly<Record<string, number>>>
): Conclusion => {
  const holds = new Set(outcomes).size === 1
  if (holds) return { kind, subject, outcomes, values, holds, sentence: `${subject}: ${verb(outcomes[0]!)} at all ${outcomes.length} points: holds across the assumptions.` }
  const rule = flipRule(assumptions, points, outcomes)
  const where = rule
    ? `; ${verb(rule.above)} only when ${rule.path} > ${fmt(rule.threshold)}, ${verb(rule.below)} below (this rule fits ${rule.fits} of ${outcomes.length} points)`
    : ""
  return { kind, subject, outcomes, values, holds, ...(rule ? { rule } : {}), sentence: `${subject}: ${tally(outcomes)}${where}.` }
}

/**
 * Decide, for every variant against the first (the baseline) and every headline metric, whether
 * the sign of the median paired difference is the same at every point; and for every variant
 * and guardrail, whether its verdict is. Where not, say where it flips.
 */
export const robustness = (assumptions: ReadonlyArray<string>, points: ReadonlyArray<RobustnessPoint>, metrics: ReadonlyArray<string>): RobustnessResult => {
  const values = points.map((p) => p.values)
  const variants = points[0]?.variants.map((v) => v.variant) ?? []
  const baseline = variants[0] ?? ""
  const conclusions: Array<Conclusion> = []
  for (const v of variants.slice(1)) {
    for (const m of metrics) {
      const diffs = points.map((p) => {
        const a = p.variants.find((x) => x.variant === v)
        const b = p.variants.find((x) => x.variant === baseline)
        return a && b ? medianPairedDifference(a, b, m) : Number.NaN
      })
      conclusions.push(conclusion("difference", `${v} vs ${baseline}: ${m}`, (o) => o, diffs.map(direction), diffs, assumptions, values))
    }
  }
  for (const v of variants) {
    const guardrails = points[0]!.variants.find((x) => x.variant === v)?.guardrails ?? []
    guardrails.forEach((g, i) => {
      const verdicts: Array<Verdict> = points.map((p) => p.variants.find((x) => x.variant === v)?.guardrails[i]?.verdict ?? "no data")
      const verb = (o: string) => (o === "pass" ? "passes" : o === "fail" ? "fails" : "no data")
      conclusions.push(conclusion("guardrail", `${v === "" ? "" : `${v}: `}${g.expression}`, verb, verdicts, [], assumptions, values))
    })
  }
  return { assumptions, points: values, baseline, conclusions, robust: conclusions.every((c) => c.holds) }
}
