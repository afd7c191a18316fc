/**
 * The library reads back what `run` wrote, from the store: the summary, and any metric's
 * per-epoch series from the Parquet tables (default) or the CSV layout, equal to the series the
 * runs produced, value for value.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadExperiment, readResults, run } from "../../src/library/index.ts"
import { ROOT } from "../support/cli.ts"

describe("library readResults", () => {
  it("reads the summary and a metric's series back from a Parquet and a CSV results directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-read-results-"))
    const exp = await loadExperiment(`${ROOT}experiments/ab-emission-cut.yaml`, { runs: 2, epochs: 15 })
    const parquet = await run(exp, { out: join(dir, "parquet") })
    await run(exp, { out: join(dir, "csv"), format: "csv" })
    // What the runs produced: price per scenario label and run.
    const want = exp.scenarios.map((s) => ({
      scenario: s.label,
      runs: parquet.outcomes
        .filter((o) => o.spec.scenario === s.index && o._tag === "Completed")
        .map((o) => (o._tag === "Completed" ? { run: o.spec.run, values: Array.from(o.result.series[o.result.metrics.indexOf("price")]!) } : undefined))
    }))
    for (const layout of ["parquet", "csv"]) {
      const stored = readResults(join(dir, layout))
      expect(stored.summary).toEqual(parquet.summary)
      expect(stored.metricsCsv === undefined).toBe(layout === "parquet")
      const price = await stored.series("price")
      expect(price.scenarios.map((s) => ({ scenario: s.scenario, runs: s.runs.map((r) => ({ run: r.run, values: Array.from(r.values) })) }))).toEqual(want)
    }
  })
})
