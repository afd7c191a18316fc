/**
 * Sweep: expands a sweep block into the points (parameter path -> value) an experiment runs.
 *
 * - `grid`: the cartesian product of its lists (last path varies fastest).
 * - `zip`: lists of equal length, taken row by row (the i-th values together).
 * - `sample`: N points drawn in the given ranges, uniformly at random or by Latin hypercube
 *   (McKay, Beckman & Conover 1979: each range cut into N equal strata, each stratum used
 *   exactly once per parameter), from a generator derived from the experiment seed.
 * A list may be written as a range: `{from, to, steps}` (steps evenly spaced values, both ends
 * included) or `{from, to, step}` (from, from + step, ... up to to).
 * The parts multiply: grid points x zip rows x sample points. Pure and deterministic.
 */
import { deriveSeed, Rng } from "../engine/Rng.ts"

/** A range written in place of a list. */
export interface RangeSpec {
  readonly from: number
  readonly to: number
  readonly steps?: number | undefined
  readonly step?: number | undefined
}

export type ValuesSpec = ReadonlyArray<unknown> | RangeSpec

export interface SampleSpec {
  readonly method: "random" | "latin-hypercube"
  readonly points: number
  readonly ranges: Readonly<Record<string, { readonly from: number; readonly to: number }>>
}

export interface SweepSpec {
  readonly grid: Readonly<Record<string, ValuesSpec>>
  readonly zip: Readonly<Record<string, ValuesSpec>>
  readonly sample?: SampleSpec | undefined
}

export type Point = Readonly<Record<string, unknown>>

/** Tag mixed into the experiment seed for the sampling generator (distinct from run seeds). */
const SAMPLE_STREAM = 0x5a3b1e

/** How many values a list or range has, without expanding it. */
export const countValues = (spec: ValuesSpec): number => {
  if (Array.isArray(spec)) return spec.length
  const r = spec as RangeSpec
  if (r.steps !== undefined) return r.steps
  return Math.floor((r.to - r.from) / r.step! + 1e-9) + 1
}

/** How many points a sweep has: grid x zip x sample, computed without expanding anything. */
export const countPoints = (sweep: SweepSpec): number => {
  let n = 1
  for (const spec of Object.values(sweep.grid)) n *= countValues(spec)
  const zip = Object.values(sweep.zip)
  if (zip.length > 0) n *= Math.max(...zip.map(countValues))
  return n * (sweep.sample?.points ?? 1)
}

/** The values of a list or range. */
export const expandValues = (spec: ValuesSpec): ReadonlyArray<unknown> => {
  if (Array.isArray(spec)) return spec
  const r = spec as RangeSpec
  if (r.steps !== undefined) {
    if (r.steps === 1) return [r.from]
    return Array.from({ length: r.steps }, (_, i) => (i === r.steps! - 1 ? r.to : r.from + (i * (r.to - r.from)) / (r.steps! - 1)))
  }
  const step = r.step!
  const out: Array<number> = []
  // Values are from + i * step (no accumulated rounding); the tolerance keeps `to` itself when it is on the grid.
  for (let i = 0; ; i++) {
    const v = r.from + i * step
    if ((step > 0 && v > r.to + Math.abs(step) * 1e-9) || (step < 0 && v < r.to - Math.abs(step) * 1e-9)) break
    out.push(v)
    if (i > 1_000_000) break
  }
  return out
}

/** Cartesian product, last key varying fastest. */
export const gridPoints = (grid: Readonly<Record<string, ValuesSpec>>): Array<Point> => {
  let points: Array<Record<string, unknown>> = [{}]
  for (const [path, spec] of Object.entries(grid)) {
    const next: Array<Record<string, unknown>> = []
    for (const p of points) for (const v of expandValues(spec)) next.push({ ...p, [path]: v })
    points = next
  }
  return points
}

/** The lengths of zip lists, when they differ; undefined when they agree. */
export const zipMismatch = (zip: Readonly<Record<string, ValuesSpec>>): string | undefined => {
  const lengths = Object.entries(zip).map(([path, spec]) => [path, expandValues(spec).length] as const)
  if (lengths.every(([, n]) => n === lengths[0]![1])) return undefined
  return `zip lists must have equal lengths, got ${lengths.map(([p, n]) => `${p} (${n})`).join(", ")}`
}

/** Rows of a zip block (lists must have equal lengths: check with zipMismatch first). */
export const zipPoints = (zip: Readonly<Record<string, ValuesSpec>>): Array<Point> => {
  const cols = Object.entries(zip).map(([path, spec]) => [path, expandValues(spec)] as const)
  if (cols.length === 0) return [{}]
  return Array.from({ length: cols[0]![1].length }, (_, i) => Object.fromEntries(cols.map(([path, values]) => [path, values[i]])))
}

/** Sample points in the given ranges. */
export const samplePoints = (sample: SampleSpec | undefined, seed: number): Array<Point> => {
  if (!sample) return [{}]
  const rng = new Rng(deriveSeed(seed, SAMPLE_STREAM))
  const n = sample.points
  const paths = Object.keys(sample.ranges)
  const columns = paths.map((path) => {
    const { from, to } = sample.ranges[path]!
    if (sample.method === "random") return Array.from({ length: n }, () => from + (to - from) * rng.next())
    // Latin hypercube: a random permutation of the N strata, a uniform position inside each.
    const strata = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1)
      ;[strata[i], strata[j]] = [strata[j]!, strata[i]!]
    }
    return strata.map((s) => from + ((s + rng.next()) / n) * (to - from))
  })
  return Array.from({ length: n }, (_, i) => Object.fromEntries(paths.map((p, k) => [p, columns[k]![i]])))
}

/** Every point of the sweep: grid x zip x sample. */
export const sweepPoints = (sweep: SweepSpec, seed: number): Array<Point> => {
  const out: Array<Point> = []
  for (const g of gridPoints(sweep.grid)) for (const z of zipPoints(sweep.zip)) for (const s of samplePoints(sweep.sample, seed)) out.push({ ...g, ...z, ...s })
  return out
}

/** The parameter paths a sweep varies. */
export const sweptPaths = (sweep: SweepSpec): ReadonlyArray<string> => [
  ...Object.keys(sweep.grid),
  ...Object.keys(sweep.zip),
  ...Object.keys(sweep.sample?.ranges ?? {})
]
