/**
 * What `sandbox run` and `sandbox sweep` print for the designer's question: an A/B as one table
 * side by side with the paired change (the numbers the stored runs give), and the metrics the
 * user chooses with --metrics (checked before anything runs).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { formatNumber } from "../../src/format.ts"
import { pairedDelta } from "../../src/report/Delta.ts"
import { sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-columns-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Final value per run of `metric` in scenario `label`, from a tidy metrics.csv. */
const finalsFromCsv = (csv: string, label: string, metric: string, runs: number, lastEpoch: number): Float64Array => {
  const out = new Float64Array(runs).fill(Number.NaN)
  for (const line of csv.split("\n").slice(1)) {
    const [scenario, run, epoch, m, value] = line.split(",")
    if (scenario === label && m === metric && Number(epoch) === lastEpoch) out[Number(run)] = Number(value)
  }
  return out
}

describe("sandbox run on an A/B", () => {
  it("prints one table, current and proposed side by side, with the paired change the runs give", async () => {
    const out = join(dir, "ab")
    const r = await sandbox(["run", "experiments/ab-emission-cut.yaml", "--runs", "5", "--epochs", "40", "--metrics", "price,activeOperators", "--out", out, "--format", "csv"])
    expect(r.code, r.stderr).toBe(0)
    // One table: one header, the two variants as columns, one row per chosen metric.
    expect(r.stdout.match(/^metric \(final epoch/gm)).toHaveLength(1)
    const header = r.stdout.split("\n").find((l) => l.startsWith("metric (final epoch"))!
    expect(header).toMatch(/current\s+proposed\s+change proposed vs current \[90%\], runs higher/)
    const rows = r.stdout.split("\n").filter((l) => /^(price|activeOperators)\s/.test(l))
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(["price", "activeOperators"])
    expect(r.stdout).toContain("2 of ")
    // The medians are the summary's, the change is the paired difference of the stored runs.
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))
    const csv = readFileSync(join(out, "metrics.csv"), "utf8")
    const price = rows[0]!
    for (const [i, label] of ["current", "proposed"].entries()) {
      const m = summary.scenarios[i].metrics.find((x: { metric: string }) => x.metric === "price")
      expect(price).toContain(`${formatNumber(m.p50)} [${formatNumber(m.p5)}, ${formatNumber(m.p95)}]`)
      expect(summary.scenarios[i].scenario).toBe(label)
    }
    const d = pairedDelta(finalsFromCsv(csv, "current", "price", 5, 39), finalsFromCsv(csv, "proposed", "price", 5, 39), summary.seed)
    expect(d.pairs).toBe(5)
    expect(price).toContain(`${d.median > 0 ? "+" : ""}${formatNumber(d.median)} [${formatNumber(d.lo)}, ${formatNumber(d.hi)}], ${Math.round(100 * d.higher)}%`)
    // Guardrails of both sides follow the table.
    expect(r.stdout).toMatch(/guardrails, current:[\s\S]*guardrails, proposed:/)
  })

  it("leads with the model's key metrics by default, and shows every metric with --metrics all", async () => {
    const lead = await sandbox(["run", "experiments/ab-emission-cut.yaml", "--runs", "2", "--epochs", "20"])
    expect(lead.code, lead.stderr).toBe(0)
    expect(lead.stdout.match(/^metric \(final epoch/gm)).toHaveLength(1)
    expect(lead.stdout).toMatch(/^operatorChurnRate\s/m)
    expect(lead.stdout).not.toMatch(/^latencyP99Ms\s/m)
    const all = await sandbox(["run", "experiments/ab-emission-cut.yaml", "--runs", "2", "--epochs", "20", "--metrics", "all"])
    expect(all.code, all.stderr).toBe(0)
    expect(all.stdout).toMatch(/^latencyP99Ms\s/m)
    const shown = /(\d+) of (\d+) metrics shown/.exec(all.stdout)!
    expect(shown[1]).toBe(shown[2])
  })
})

describe("--metrics on run and sweep", () => {
  it("run of one scenario lists only the chosen metrics", async () => {
    const r = await sandbox(["run", "experiments/default.yaml", "--runs", "2", "--epochs", "20", "--metrics", "exitRateSmall,price"])
    expect(r.code, r.stderr).toBe(0)
    const table = r.stdout.split("\n").filter((l) => /^[a-zA-Z_.]+\s+[-\d]/.test(l)).map((l) => l.split(/\s+/)[0])
    expect(table).toEqual(["exitRateSmall", "price"])
  })

  it("sweep shows the chosen columns, and refuses an unknown metric before writing anything", async () => {
    const out = join(dir, "sweep")
    const r = await sandbox(["sweep", "experiments/emission-sweep.yaml", "--runs", "1", "--epochs", "15", "--workers", "1", "--out", out, "--metrics", "exitRateSmall,price"])
    expect(r.code, r.stderr).toBe(0)
    const header = r.stdout.split("\n").find((l) => l.startsWith("scenario"))!
    expect(header.match(/(\w+) median \[p5, p95\]/g)).toEqual(["exitRateSmall median [p5, p95]", "price median [p5, p95]"])
    const bad = join(dir, "bad-sweep")
    const refused = await sandbox(["sweep", "experiments/emission-sweep.yaml", "--runs", "1", "--epochs", "5", "--out", bad, "--metrics", "prise"])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--metrics: Unknown metric "prise" \(did you mean "price"\?\)/)
    expect(existsSync(bad)).toBe(false)
  })
})
