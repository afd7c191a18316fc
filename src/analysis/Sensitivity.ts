/**
 * Sensitivity: which swept parameters move each metric most, by standardized regression
 * coefficients (SRC; Saltelli et al., "Global Sensitivity Analysis: The Primer", 2008, ch. 1).
 *
 * Each run is one observation: its swept parameter values (and a 0/1 column per non-baseline
 * variant) against a metric's final value. Inputs and output are standardized, the least
 * squares coefficients are then comparable across parameters: SRC_j is how many standard
 * deviations the metric moves per standard deviation of parameter j. R^2 says how much of the
 * metric's variance a linear model explains; when it is low, the ranking is only indicative.
 */
import { LuDecomposition, Matrix } from "ml-matrix"

export interface SensitivityEntry {
  readonly parameter: string
  readonly src: number
}

export interface MetricSensitivity {
  readonly metric: string
  /** Ranked by |SRC|, largest first. */
  readonly ranking: ReadonlyArray<SensitivityEntry>
  readonly r2: number
  readonly n: number
}

const standardize = (xs: ReadonlyArray<number>): Array<number> | undefined => {
  const n = xs.length
  const m = xs.reduce((a, b) => a + b, 0) / n
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1))
  return sd > 0 && Number.isFinite(sd) ? xs.map((x) => (x - m) / sd) : undefined
}

/**
 * SRC of `y` on the named input columns (rows are runs). Columns without variance are left out;
 * undefined when fewer runs than inputs + 2 or no input varies.
 */
export const standardizedRegression = (
  metric: string,
  inputs: Readonly<Record<string, ReadonlyArray<number>>>,
  y: ReadonlyArray<number>
): MetricSensitivity | undefined => {
  const ok = y.map((v, i) => Number.isFinite(v) && Object.values(inputs).every((c) => Number.isFinite(c[i]!)))
  const pick = <A>(xs: ReadonlyArray<A>) => xs.filter((_, i) => ok[i])
  const yz = standardize(pick(y))
  if (!yz) return undefined
  const cols: Array<[string, Array<number>]> = []
  for (const [name, col] of Object.entries(inputs)) {
    const z = standardize(pick(col))
    if (z) cols.push([name, z])
  }
  const n = yz.length
  const k = cols.length
  if (k === 0 || n < k + 2) return undefined
  // Normal equations (Z'Z) b = Z'y on standardized data (no intercept needed: all means are 0).
  const ztz = cols.map(([, a]) => cols.map(([, b]) => a.reduce((s, v, i) => s + v * b[i]!, 0)))
  const zty = cols.map(([, a]) => [a.reduce((s, v, i) => s + v * yz[i]!, 0)])
  // LU with partial pivoting (ml-matrix: a small library; mathjs, which did this before, costs
  // ~0.6 CPU s to load, more than a whole sweep's summary). Z'Z has n - 1 on its diagonal, so a
  // pivot far below that means collinear inputs (e.g. zipped together): no unique attribution.
  const lu = new LuDecomposition(new Matrix(ztz))
  const pivots = lu.upperTriangularMatrix.diag()
  if (pivots.some((p) => !(Math.abs(p) > 1e-10 * (n - 1)))) return undefined
  const beta = lu.solve(new Matrix(zty)).getColumn(0)
  const fitted = yz.map((_, i) => cols.reduce((s, [, z], j) => s + beta[j]! * z[i]!, 0))
  const ssRes = yz.reduce((s, v, i) => s + (v - fitted[i]!) ** 2, 0)
  const r2 = 1 - ssRes / yz.reduce((s, v) => s + v * v, 0)
  const ranking = cols.map(([parameter], j) => ({ parameter, src: beta[j]! })).sort((a, b) => Math.abs(b.src) - Math.abs(a.src))
  return { metric, ranking, r2, n }
}
