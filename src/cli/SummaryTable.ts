/**
 * SummaryTable: the summary a `sandbox run` prints, one table per scenario.
 */
import type { SummaryDocument } from "../experiment/Results.ts"
import { formatNumber, table } from "./format.ts"

export const summaryTable = (doc: SummaryDocument): string => {
  const head = `${doc.experiment} · model ${doc.model} · ${doc.runs} run${doc.runs === 1 ? "" : "s"} x ${doc.epochs} epochs · seed ${doc.seed}`
  const parts = [head]
  for (const s of doc.scenarios) {
    if (doc.scenarios.length > 1 || s.scenario !== "base") parts.push("", `scenario ${s.scenario}`)
    const rows = [["metric (final epoch)", "mean", "p5", "p50", "p95"]]
    for (const m of s.metrics) rows.push([m.metric, formatNumber(m.mean), formatNumber(m.p5), formatNumber(m.p50), formatNumber(m.p95)])
    parts.push("", table(rows))
    if (s.failed > 0) parts.push(`${s.failed} of ${s.runs} runs failed (see below)`)
  }
  if (doc.failures.length > 0) {
    parts.push("", "failed runs:")
    for (const f of doc.failures) parts.push(`  scenario ${f.scenario} run ${f.run} (seed ${f.seed}): ${f.error}`)
  }
  return parts.join("\n")
}
