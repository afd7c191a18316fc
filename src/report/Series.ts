/**
 * Series: where the report reads run data from. Every report number that needs per-run values
 * (final outcomes, paired deltas, histograms) goes through these two functions, so moving the
 * results to another store means re-pointing them and nothing else.
 */
import type { RunOutcome } from "../experiment/RunOne.ts"

/** One metric's series per completed run of scenario `scenario`, by run index (undefined where the run failed or lacks the metric). */
export const runSeries = (outcomes: ReadonlyArray<RunOutcome>, scenario: number, metric: string): ReadonlyArray<Float64Array | undefined> => {
  const out: Array<Float64Array | undefined> = []
  for (const o of outcomes) {
    if (o.spec.scenario !== scenario) continue
    if (o._tag !== "Completed") {
      out[o.spec.run] = undefined
      continue
    }
    const i = o.result.metrics.indexOf(metric)
    out[o.spec.run] = i < 0 ? undefined : o.result.series[i]!
  }
  return out
}

/** A metric's value at the final epoch per run index of scenario `scenario`; NaN where the run failed or lacks the metric. */
export const finalValues = (outcomes: ReadonlyArray<RunOutcome>, scenario: number, metric: string, runs: number): Float64Array => {
  const series = runSeries(outcomes, scenario, metric)
  const out = new Float64Array(runs).fill(Number.NaN)
  for (let r = 0; r < runs; r++) {
    const s = series[r]
    if (s !== undefined && s.length > 0) out[r] = s[s.length - 1]!
  }
  return out
}

/** A metric's final value per run index of scenario `scenario`, from stored run records (what `run` and `sweep` keep); NaN where the run failed or lacks it. */
export const recordFinals = (records: ReadonlyArray<{ readonly scenario: number; readonly run: number; readonly finals?: Readonly<Record<string, number>> | undefined }>, scenario: number, metric: string, runs: number): Float64Array => {
  const out = new Float64Array(runs).fill(Number.NaN)
  for (const r of records) {
    if (r.scenario !== scenario || r.run >= runs) continue
    const v = r.finals?.[metric]
    if (v !== undefined) out[r.run] = v
  }
  return out
}
