/**
 * Basins: whether a metric's final values across runs split into separate groups (e.g. 2 of 20
 * runs collapse to a price near zero while the rest end near 3), so that summaries say so
 * instead of printing a mean or median between the groups.
 *
 * The test is a gap test. Sort the values (on a log scale when all are positive, since prices,
 * supplies and counts spread multiplicatively), take the widest gap between neighbours, and
 * call it a split when the gap is at least GAP_IQRS times the interquartile range of the larger
 * side: the smaller side lies beyond an outer fence of the larger one, in the spirit of Tukey's
 * far-out fence (Tukey, Exploratory Data Analysis, 1977), and the gap is at least half the
 * larger side's own range (so a small count that is 0 in most runs and 4 in one is not a basin).
 * On a log scale the two sides must also differ by at least a factor of 2, so integer metrics (a
 * Nakamoto coefficient of 7 or 8) are not read as separate outcomes. Measured on seeded samples (test/analysis/Basins.test.ts): a
 * normal sample of 20 is flagged about 1% of the time, a balanced or 2-of-20 split of
 * well-separated groups almost always. Heavy-tailed linear metrics can still be flagged: the
 * text states the gap, so a reader can judge.
 */
import { quantileSorted } from "./Quantile.ts"

/** Fewest runs for which a split is looked for: below that, any gap is noise. */
export const MIN_RUNS = 10
/** Gap, in interquartile ranges of the larger side, that counts as a split. */
export const GAP_IQRS = 2.5

/** One side of a split: how many runs and the range of their values. */
export interface BasinSide {
  readonly count: number
  readonly min: number
  readonly max: number
}

/** A split of runs' values into a low and a high group with no run in between. */
export interface BasinSplit {
  readonly runs: number
  readonly low: BasinSide
  readonly high: BasinSide
  /** Scale the gap was measured on. */
  readonly scale: "log" | "linear"
  /** The gap in interquartile ranges of the larger side (>= GAP_IQRS). */
  readonly gapIqrs: number
}

/** The split of `values` (non-finite ones ignored), or undefined when they form one group. */
export const detectBasins = (values: ArrayLike<number>): BasinSplit | undefined => {
  const finite: Array<number> = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!)
  const n = finite.length
  if (n < MIN_RUNS) return undefined
  const sorted = Float64Array.from(finite).sort()
  const log = sorted[0]! > 0
  const x = log ? sorted.map(Math.log) : sorted
  let at = 0
  for (let i = 1; i < n - 1; i++) if (x[i + 1]! - x[i]! > x[at + 1]! - x[at]!) at = i
  const gap = x[at + 1]! - x[at]!
  if (gap <= 0 || (log && gap < Math.LN2)) return undefined
  const larger = at + 1 >= n - at - 1 ? x.subarray(0, at + 1) : x.subarray(at + 1)
  const iqr = quantileSorted(larger, 0.75) - quantileSorted(larger, 0.25)
  const gapIqrs = iqr > 0 ? gap / iqr : Infinity
  if (gapIqrs < GAP_IQRS || gap < 0.5 * (larger[larger.length - 1]! - larger[0]!)) return undefined
  return {
    runs: n,
    low: { count: at + 1, min: sorted[0]!, max: sorted[at]! },
    high: { count: n - at - 1, min: sorted[at + 1]!, max: sorted[n - 1]! },
    scale: log ? "log" : "linear",
    gapIqrs
  }
}

/**
 * The split in words, smaller group first: `2 of 20 runs end with price <= 0.0173; the other
 * 18 at 0.339 to 17.2, none in between`.
 */
export const describeBasins = (metric: string, s: BasinSplit, format: (v: number) => string = (v) => v.toPrecision(3)): string => {
  // -0 (a loss of nothing) reads as 0.
  const f = (v: number) => format(v === 0 ? 0 : v)
  const range = (side: BasinSide) => (side.min === side.max ? f(side.min) : `${f(side.min)} to ${f(side.max)}`)
  const lowFirst = s.low.count <= s.high.count
  const [minor, major] = lowFirst ? [s.low, s.high] : [s.high, s.low]
  const bound = lowFirst ? `<= ${f(minor.max)}` : `>= ${f(minor.min)}`
  return `${minor.count} of ${s.runs} runs end with ${metric} ${bound}; the other ${major.count} at ${range(major)}, none in between`
}
