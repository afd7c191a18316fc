/**
 * Guardrails: conditions a scenario's summary must meet, e.g. `p95(operatorChurnRate) < 0.05`
 * or `mean(validatorNakamoto) >= 7 and p5(price) > 0.2`: safe expressions (SafeExpression.ts)
 * whose only data are the summary functions mean, p5, p50, p95 of a metric.
 */
import { compileExpression, type Compiled } from "./SafeExpression.ts"
import type { MetricSummary } from "./Summary.ts"

const STATS = new Set(["mean", "p5", "p50", "p95"])
type Stat = "mean" | "p5" | "p50" | "p95"

/** A guardrail checked against the metric names a model reports. */
export interface Guardrail {
  readonly source: string
  readonly compiled: Compiled
}

/** Outcome of one guardrail for one scenario. */
export interface GuardrailResult {
  readonly expression: string
  readonly pass: boolean
  /** The summary values the expression used, e.g. `p95(operatorChurnRate) = 0.013`. */
  readonly values: Readonly<Record<string, number>>
}

/** Parse and check a guardrail. */
export const compileGuardrail = (source: string, metrics: ReadonlySet<string>): { ok: true; guardrail: Guardrail } | { ok: false; error: string } => {
  const c = compileExpression(source, { variables: new Set(), statFunctions: STATS, metrics, result: "boolean" })
  return c.ok ? { ok: true, guardrail: { source, compiled: c.compiled } } : c
}

/** Evaluate a compiled guardrail on a scenario's metric summaries. NaN comparisons fail. */
export const checkGuardrail = (g: Guardrail, metrics: ReadonlyArray<MetricSummary>): GuardrailResult => {
  const byName = new Map(metrics.map((m) => [m.metric, m]))
  const used: Record<string, number> = {}
  const value = g.compiled.evaluate({ stat: (fn, metric) => byName.get(metric)?.[fn as Stat] ?? Number.NaN }, used)
  return { expression: g.source, pass: value === true, values: used }
}
