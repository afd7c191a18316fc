/**
 * ReadResults: the results `sandbox run --out` or `sandbox sweep --out` (or the library's `run`
 * with `out`, `sweep`) wrote, read back: the summary, metrics.csv's text when written as CSV,
 * and any metric's per-epoch series from the directory's tables through DuckDB.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { openResults, readSeries, type MetricSeries } from "../experiment/Query.ts"
import type { SummaryDocument } from "../experiment/Results.ts"

/** Results read back from an output directory of `sandbox run --out` or `sandbox sweep --out`. */
export interface StoredResults {
  readonly summary: SummaryDocument
  /** metrics.csv's text (scenario,run,epoch,metric,value), when the directory was written with `--format csv`. */
  readonly metricsCsv: string | undefined
  /**
   * One metric's per-epoch series, per scenario (plan order) and run, read from the directory's
   * tables through DuckDB (src/experiment/Query.ts): the Parquet store or the CSV layout alike.
   */
  readonly series: (metric: string) => Promise<MetricSeries>
}

/** Read the results `sandbox run --out DIR` or `sandbox sweep --out DIR` wrote (Parquet by default, or CSV). */
export const readResults = (dir: string): StoredResults => ({
  summary: JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as SummaryDocument,
  metricsCsv: existsSync(join(dir, "metrics.csv")) ? readFileSync(join(dir, "metrics.csv"), "utf8") : undefined,
  series: async (metric) => {
    const db = await openResults(dir)
    try {
      return await readSeries(db, metric)
    } finally {
      db.close()
    }
  }
})
