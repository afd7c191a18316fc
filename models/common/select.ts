/**
 * Order statistics without a full sort: quickselect (Hoare, 1961) over a scratch buffer, O(n) on
 * average, deterministic (median-of-three pivot), no allocation. Used for per-epoch percentiles
 * of thousands of operators, where a sort per epoch would dominate the run.
 */

const swap = (a: Float64Array, i: number, j: number) => {
  const t = a[i]!
  a[i] = a[j]!
  a[j] = t
}

/** Rearrange a[0..n) so that a[k] is the k-th smallest; returns it. */
export const selectKth = (a: Float64Array, n: number, k: number): number => {
  let lo = 0
  let hi = n - 1
  while (hi > lo) {
    const mid = (lo + hi) >> 1
    if (a[mid]! < a[lo]!) swap(a, mid, lo)
    if (a[hi]! < a[lo]!) swap(a, hi, lo)
    if (a[hi]! < a[mid]!) swap(a, hi, mid)
    const pivot = a[mid]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i]! < pivot) i++
      while (a[j]! > pivot) j--
      if (i <= j) {
        swap(a, i, j)
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return a[k]!
  }
  return a[k]!
}

/** Quantile q of a[0..n) by nearest rank (type 1 would need k = ceil(nq) - 1); reorders a. NaN when empty. */
export const quantileInPlace = (a: Float64Array, n: number, q: number): number => {
  if (n === 0) return Number.NaN
  return selectKth(a, n, Math.min(n - 1, Math.max(0, Math.ceil(n * q) - 1)))
}
