/**
 * Summary: per scenario and metric, the distribution of final values across Monte Carlo runs
 * (mean and 5/50/95 percentiles), plus the failed runs with their coordinates.
 */
import type { RunOutcome } from "../experiment/Runner.ts"
import { mean, quantileSorted, sortedFinite } from "./Quantile.ts"

export interface MetricSummary {
  readonly metric: string
  /** Runs that recorded a finite final value. */
  readonly n: number
  readonly mean: number
  readonly p5: number
  readonly p50: number
  readonly p95: number
}

export interface ScenarioSummary {
  readonly scenario: string
  readonly overrides: Readonly<Record<string, unknown>>
  readonly runs: number
  readonly failed: number
  readonly metrics: ReadonlyArray<MetricSummary>
}

export interface FailedRun {
  readonly scenario: string
  readonly run: number
  readonly seed: number
  readonly error: string
}

/** Summarize one metric's final values. */
export const summarizeValues = (metric: string, finals: ArrayLike<number>): MetricSummary => {
  const sorted = sortedFinite(finals)
  return { metric, n: sorted.length, mean: mean(sorted), p5: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) }
}

/** Summarize the outcomes of one scenario. */
export const summarizeScenario = (
  scenario: string,
  overrides: Readonly<Record<string, unknown>>,
  metricNames: ReadonlyArray<string>,
  outcomes: ReadonlyArray<RunOutcome>
): ScenarioSummary => {
  const completed = outcomes.flatMap((o) => (o._tag === "Completed" ? [o.result] : []))
  const metrics = metricNames.map((name, m) =>
    summarizeValues(
      name,
      completed.map((r) => {
        const series = r.series[m]!
        return series[series.length - 1]!
      })
    )
  )
  return { scenario, overrides, runs: outcomes.length, failed: outcomes.length - completed.length, metrics }
}

/** The failed runs, for the summary and the CLI. */
export const failedRuns = (outcomes: ReadonlyArray<RunOutcome>): ReadonlyArray<FailedRun> =>
  outcomes.flatMap((o) => (o._tag === "Failed" ? [{ scenario: o.spec.label, run: o.spec.run, seed: o.spec.seed, error: o.error }] : []))
