/**
 * Bands: per scenario, metric and epoch, the median and the 5-95% band across Monte Carlo runs,
 * the data behind every report chart.
 */
import { quantileSorted, sortedFinite } from "../analysis/Quantile.ts"
import type { RunOutcome } from "../experiment/RunOne.ts"
import { csvField } from "../experiment/CsvField.ts"

export interface BandRow {
  readonly scenario: string
  readonly epoch: number
  readonly p5: number
  readonly p50: number
  readonly p95: number
}

/** Bands of `metric` for every scenario, from completed runs (scenario order preserved). */
export const bands = (outcomes: ReadonlyArray<RunOutcome>, labels: ReadonlyArray<string>, metric: string): ReadonlyArray<BandRow> => {
  const rows: Array<BandRow> = []
  for (const label of labels) {
    const series = outcomes.flatMap((o) => {
      if (o._tag !== "Completed" || o.spec.label !== label) return []
      const i = o.result.metrics.indexOf(metric)
      return i < 0 ? [] : [o.result.series[i]!]
    })
    if (series.length === 0) continue
    const epochs = series[0]!.length
    const column = new Float64Array(series.length)
    for (let e = 0; e < epochs; e++) {
      for (let r = 0; r < series.length; r++) column[r] = series[r]![e]!
      const sorted = sortedFinite(column)
      if (sorted.length === 0) continue
      rows.push({ scenario: label, epoch: e, p5: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) })
    }
  }
  return rows
}


/** The band rows as CSV. */
export const bandsCsv = (rows: ReadonlyArray<BandRow>): string =>
  "scenario,epoch,p5,p50,p95\n" + rows.map((r) => `${csvField(r.scenario)},${r.epoch},${r.p5},${r.p50},${r.p95}`).join("\n") + "\n"
