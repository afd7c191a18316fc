/**
 * The per-region cost table end to end: experiments/region-costs.yaml runs its table from the
 * shipped CSV; the same table as Parquet runs to the same results; a bad table (a negative cost,
 * a region the experiment does not have, a missing file) is refused with the file, row and
 * column, exit code 2, and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { Columnar, literal } from "../../src/experiment/Columnar.ts"
import { ROOT, sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-region-costs-"))
const SHIPPED = `${ROOT}experiments/data/region-costs-usd-synthetic.csv`

const experiment = (name: string, file: string) => {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(path, `name: ${name}\nseed: 5\nepochs: 40\nruns: 2\ndata:\n  regions.costs: { file: ${file}, columns: [region, costPerUnitUsd, fixedCostUsd] }\n`)
  return path
}

beforeAll(async () => {
  const rows = readFileSync(SHIPPED, "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#")).slice(1).map((l) => l.split(","))
  const db = await Columnar.open({ threads: 1 })
  try {
    const values = rows.map(([r, c, f]) => `('${r}', ${c}::DOUBLE, ${f}::DOUBLE)`).join(", ")
    await db.run(`COPY (SELECT * FROM (VALUES ${values}) t(region, costPerUnitUsd, fixedCostUsd)) TO ${literal(join(dir, "costs.parquet"))} (FORMAT parquet)`)
  } finally {
    db.close()
  }
  writeFileSync(join(dir, "costs.csv"), readFileSync(SHIPPED, "utf8"))
  writeFileSync(join(dir, "negative.csv"), "region,costPerUnitUsd,fixedCostUsd\nasia,110,30\neurope,-180,55\n")
  writeFileSync(join(dir, "mars.csv"), "region,costPerUnitUsd,fixedCostUsd\n# a comment line\nmars,110,30\n")
})

describe("a per-region cost table", () => {
  it("the committed experiment checks and runs; the table from Parquet gives the CSV's results", async () => {
    const check = await sandbox(["check", "experiments/region-costs.yaml"])
    expect(check.code).toBe(0)
    const a = await sandbox(["run", experiment("from-csv", "costs.csv"), "--json"])
    const b = await sandbox(["run", experiment("from-parquet", "costs.parquet"), "--json"])
    expect(a.code).toBe(0)
    expect(b.code).toBe(0)
    expect(JSON.parse(b.stdout).scenarios).toEqual(JSON.parse(a.stdout).scenarios)
  })

  it("a negative cost, an unknown region, a missing file: file, row, column, exit code 2, nothing written", async () => {
    const out = join(dir, "out")
    const neg = await sandbox(["run", experiment("neg", "negative.csv"), "--out", out])
    expect(neg.code).toBe(2)
    expect(neg.stderr).toMatch(/neg\.yaml:6:\d+: data\["regions\.costs"\]: .*negative\.csv:3:2: costPerUnitUsd: Expected a number >= 0, got -180/)
    const mars = await sandbox(["run", experiment("mars", "mars.csv"), "--out", out])
    expect(mars.code).toBe(2)
    expect(mars.stderr).toMatch(/mars\.csv:3:1: region: Expected a region of regions\.names \(americas, europe, asia, oceania\), got "mars"/)
    const missing = await sandbox(["run", experiment("missing", "nope.csv"), "--out", out])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/data\["regions\.costs"\]\.file: cannot read data file .*nope\.csv: no such file/)
    expect(existsSync(out)).toBe(false)
  })
})
