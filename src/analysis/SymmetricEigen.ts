/**
 * SymmetricEigen: eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi
 * method (Golub & Van Loan, Matrix Computations, 4th ed., section 8.5), for CMA-ES's covariance
 * (a handful of dimensions: simplicity and accuracy matter, not speed).
 */

/** `A = V diag(values) V^T`; `vectors[i][j]` is component i of eigenvector j. */
export const symmetricEigen = (A: ReadonlyArray<ReadonlyArray<number>>): { values: Array<number>; vectors: Array<Array<number>> } => {
  const n = A.length
  const a = A.map((row) => [...row])
  const v: Array<Array<number>> = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2
    if (off < 1e-30) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!
        if (Math.abs(apq) < 1e-300) continue
        // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1, sym.schur2).
        const tau = (a[q]![q]! - a[p]![p]!) / (2 * apq)
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau))
        const c = 1 / Math.sqrt(1 + t * t)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!
          const akq = a[k]![q]!
          a[k]![p] = c * akp - s * akq
          a[k]![q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!
          const aqk = a[q]![k]!
          a[p]![k] = c * apk - s * aqk
          a[q]![k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!
          const vkq = v[k]![q]!
          v[k]![p] = c * vkp - s * vkq
          v[k]![q] = s * vkp + c * vkq
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v }
}
