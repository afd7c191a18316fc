/**
 * Quantile: sample quantiles by linear interpolation between order statistics (Hyndman & Fan
 * type 7, the default of R and NumPy), so figures match what an analyst gets elsewhere.
 */

/** Quantile q in [0, 1] of ascending-sorted `sorted`; NaN for an empty sample. */
export const quantileSorted = (sorted: ArrayLike<number>, q: number): number => {
  const n = sorted.length
  if (n === 0) return Number.NaN
  const h = (n - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

/** Ascending copy of the finite values of `values` (NaN marks "not recorded"). */
export const sortedFinite = (values: ArrayLike<number>): Float64Array => {
  const out: Array<number> = []
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) out.push(values[i]!)
  return Float64Array.from(out).sort()
}

/** Arithmetic mean; NaN for an empty sample. */
export const mean = (values: ArrayLike<number>): number => {
  if (values.length === 0) return Number.NaN
  let s = 0
  for (let i = 0; i < values.length; i++) s += values[i]!
  return s / values.length
}
