/**
 * Delta: how a proposal differs from the baseline, run by run. Run i of every scenario uses the
 * same seed (common random numbers), so the difference of run i's outcomes is the effect of the
 * change alone, not of a different market path; the report summarises those paired differences.
 *
 * The interval is a percentile bootstrap of the median paired difference (Efron & Tibshirani,
 * An Introduction to the Bootstrap, 1993, ch. 13): pairs resampled with replacement, the median
 * of each resample, the 5th and 95th percentiles of those medians. The resampling generator is
 * seeded, so a report is reproducible.
 */
import { quantileSorted, sortedFinite } from "../analysis/Quantile.ts"
import { Rng } from "../engine/Rng.ts"

/** Bootstrap resamples: enough that the 5th/95th percentiles move by well under a percent between seeds. */
export const BOOTSTRAP_RESAMPLES = 2000

export interface PairedDelta {
  /** Pairs where both runs completed with a finite value. */
  readonly pairs: number
  /** Median of proposal minus baseline over the pairs. */
  readonly median: number
  /** Bootstrap 90% interval of that median. */
  readonly lo: number
  readonly hi: number
  /** Share of pairs in which the proposal is higher, and lower (ties count in neither). */
  readonly higher: number
  readonly lower: number
}

/** Paired differences `proposal[i] - baseline[i]`, by run index, skipping runs missing on either side. */
export const pairedDelta = (baseline: ArrayLike<number>, proposal: ArrayLike<number>, seed = 1): PairedDelta => {
  const diffs: Array<number> = []
  for (let i = 0; i < Math.min(baseline.length, proposal.length); i++) {
    const d = proposal[i]! - baseline[i]!
    if (Number.isFinite(d)) diffs.push(d)
  }
  const n = diffs.length
  if (n === 0) return { pairs: 0, median: Number.NaN, lo: Number.NaN, hi: Number.NaN, higher: Number.NaN, lower: Number.NaN }
  const median = quantileSorted(sortedFinite(diffs), 0.5)
  const rng = new Rng(seed)
  const sample = new Float64Array(n)
  const medians = new Float64Array(BOOTSTRAP_RESAMPLES)
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b++) {
    for (let i = 0; i < n; i++) sample[i] = diffs[rng.int(n)]!
    sample.sort()
    medians[b] = quantileSorted(sample, 0.5)
  }
  medians.sort()
  return {
    pairs: n,
    median,
    lo: quantileSorted(medians, 0.05),
    hi: quantileSorted(medians, 0.95),
    higher: diffs.filter((d) => d > 0).length / n,
    lower: diffs.filter((d) => d < 0).length / n
  }
}

/**
 * Which way is better for a metric, read off the experiment's guardrails: a guardrail that bounds
 * it from above (`p95(operatorChurnRate) < 0.05`) says lower is better, one that bounds it from
 * below says higher is better; undefined when no guardrail names it or they disagree.
 */
export const betterDirection = (metric: string, guardrails: ReadonlyArray<string>): "higher" | "lower" | undefined => {
  const dirs = new Set<"higher" | "lower">()
  const name = metric.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  // `p95(x)`, and the run-level forms `p95(max(x))`, `share(firstEpoch(x))`: calls around the metric.
  const call = `(?:[A-Za-z0-9_]*\\(\\s*)+${name}(?:\\s*\\))+`
  for (const g of guardrails) {
    const left = new RegExp(`^\\s*${call}\\s*(<|>)`).exec(g)
    const right = new RegExp(`(<|>)=?\\s*${call}\\s*$`).exec(g)
    // metric < bound (or bound > metric) is an upper bound: lower is better.
    if (left) dirs.add(left[1] === "<" ? "lower" : "higher")
    if (right) dirs.add(right[1] === ">" ? "lower" : "higher")
  }
  return dirs.size === 1 ? [...dirs][0] : undefined
}
