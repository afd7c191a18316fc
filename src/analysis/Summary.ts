/**
 * Summary: per scenario and metric, the distribution of final values across Monte Carlo runs
 * (median and 5-95% band first, then the mean), whether the runs split into separate groups
 * (Basins.ts), plus the failed runs with their coordinates.
 */
import { detectBasins, type BasinSplit } from "./Basins.ts"
import type { GuardrailResult } from "./Guardrails.ts"
import { mean, quantileSorted, sortedFinite } from "./Quantile.ts"

export interface MetricSummary {
  readonly metric: string
  /** Runs that recorded a finite final value. */
  readonly n: number
  readonly mean: number
  readonly p5: number
  readonly p50: number
  readonly p95: number
  /** Present when the runs end in separate groups: then neither mean nor median describes them. */
  readonly basins?: BasinSplit
}

export interface ScenarioSummary {
  readonly scenario: string
  readonly overrides: Readonly<Record<string, unknown>>
  readonly runs: number
  readonly failed: number
  readonly metrics: ReadonlyArray<MetricSummary>
  readonly guardrails: ReadonlyArray<GuardrailResult>
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
  const basins = detectBasins(sorted)
  return { metric, n: sorted.length, mean: mean(sorted), p5: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95), ...(basins ? { basins } : {}) }
}

/** Summarize one scenario from its runs' final values (undefined for a failed run). */
export const summarizeScenario = (
  scenario: string,
  overrides: Readonly<Record<string, unknown>>,
  metricNames: ReadonlyArray<string>,
  finals: ReadonlyArray<Readonly<Record<string, number>> | undefined>
): Omit<ScenarioSummary, "guardrails"> => {
  const completed = finals.filter((f): f is Readonly<Record<string, number>> => f !== undefined)
  const metrics = metricNames.map((name) => summarizeValues(name, completed.map((f) => f[name] ?? Number.NaN)))
  return { scenario, overrides, runs: finals.length, failed: finals.length - completed.length, metrics }
}

