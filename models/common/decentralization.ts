/**
 * Decentralization measures over a stake (or capacity) distribution.
 *
 * - Nakamoto coefficient: the fewest holders whose combined share exceeds a threshold
 *   (Srinivasan & Lee, "Quantifying Decentralization", 2017; 1/3 is the BFT halting threshold
 *   used for proof-of-stake chains).
 * - Gini coefficient: mean absolute difference over twice the mean, via the sorted-rank form
 *   G = sum_i (2i - n - 1) x_(i) / (n sum x).
 * - Herfindahl-Hirschman index: sum of squared shares, in [1/n, 1].
 *
 * Sorting functions take a caller-owned scratch buffer so the simulation does not allocate per
 * epoch; values equal to 0 are holders with nothing and count as holders for Gini and HHI.
 */

/** Copy the live values (mask[i] === 1) of `values[0..size)` into `scratch`, sorted ascending; returns the count. */
export const sortLive = (values: Float64Array, mask: Uint8Array, size: number, scratch: Float64Array): number => {
  let n = 0
  for (let i = 0; i < size; i++) if (mask[i] === 1) scratch[n++] = values[i]!
  scratch.subarray(0, n).sort()
  return n
}

/** Nakamoto coefficient of ascending-sorted `sorted[0..n)`: holders needed to exceed `threshold` of the total. */
export const nakamotoSorted = (sorted: Float64Array, n: number, threshold = 1 / 3): number => {
  let total = 0
  for (let i = 0; i < n; i++) total += sorted[i]!
  if (total <= 0) return 0
  let acc = 0
  for (let k = 1; k <= n; k++) {
    acc += sorted[n - k]!
    if (acc > threshold * total) return k
  }
  return n
}

/** Gini coefficient of ascending-sorted `sorted[0..n)`; 0 for empty or all-zero input. */
export const giniSorted = (sorted: Float64Array, n: number): number => {
  if (n === 0) return 0
  let total = 0
  let weighted = 0
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!
    total += x
    weighted += (2 * (i + 1) - n - 1) * x
  }
  return total > 0 ? weighted / (n * total) : 0
}

/** Herfindahl-Hirschman index (sum of squared shares) of the live values. No sort needed. */
export const hhi = (values: Float64Array, mask: Uint8Array, size: number): number => {
  let total = 0
  let squares = 0
  for (let i = 0; i < size; i++) {
    if (mask[i] !== 1) continue
    const x = values[i]!
    total += x
    squares += x * x
  }
  return total > 0 ? squares / (total * total) : 0
}
