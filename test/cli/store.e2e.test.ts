/**
 * The results store end to end: Parquet tables through `sandbox run --out` and `sandbox sweep`,
 * read back with `sandbox query`; the same numbers as the tidy CSVs; the same table contents
 * whatever the number of workers.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"

let dir = ""
let file = ""
const EXPERIMENT = `name: store
seed: 5
epochs: 60
runs: 6
params:
  operators: { count: 300 }
  validators: { count: 30 }
  attacks: [{ kind: griefing, name: dos, region: europe, startEpoch: 10, durationEpochs: 20, offlineShare: 0.9, costPerEpochUsd: 1000 }]
sweep:
  grid:
    market.volatility: [0.02, 0.06]
`

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-store-"))
  file = join(dir, "store.yaml")
  writeFileSync(file, EXPERIMENT)
})

const query = async (out: string, sql: string, format = "--csv") => {
  const r = await sandbox(["query", out, sql, format])
  expect(r.stderr).toBe("")
  expect(r.code).toBe(0)
  return r.stdout
}

describe("results store", () => {
  it("run --out writes Parquet tables whose metrics equal the tidy CSV of --format csv, value for value", async () => {
    const pq = join(dir, "run-parquet")
    const csv = join(dir, "run-csv")
    expect((await sandbox(["run", file, "--out", pq, "--workers", "1"])).code).toBe(0)
    expect((await sandbox(["run", file, "--out", csv, "--workers", "1", "--format", "csv"])).code).toBe(0)
    const files = (d: string) => readdirSync(d).filter((n) => !n.startsWith(".")).sort()
    expect(files(pq)).toEqual(["experiment.resolved.yaml", "runs.parquet", "scenarios.parquet", "series.parquet", "summary.json"])
    expect(files(csv)).toEqual(["attacks.csv", "experiment.resolved.yaml", "metrics.csv", "summary.json"])
    expect(readFileSync(join(pq, "summary.json"), "utf8")).toBe(readFileSync(join(csv, "summary.json"), "utf8"))
    // The store's tidy view against the CSV the old path wrote, as sorted lines of text.
    const fromStore = (await query(pq, "select scenario, run, epoch, metric, value from metrics")).trim().split("\n").slice(1)
    const fromCsv = readFileSync(join(csv, "metrics.csv"), "utf8").trim().split("\n").slice(1)
    const norm = (l: string) => {
      const [s, r, e, m, v] = l.split(",")
      return `${s},${r},${e},${m},${v === "" || v === "NaN" ? "" : Number(v)}`
    }
    expect(fromStore.length).toBe(fromCsv.length)
    expect(fromStore.map(norm).sort()).toEqual(fromCsv.map(norm).sort())
    // The attacks view has what attacks.csv has.
    const attacks = (await query(pq, "select count(*) as n, sum(cost) as cost from attacks")).trim().split("\n")[1]!.split(",")
    const csvAttacks = readFileSync(join(csv, "attacks.csv"), "utf8").trim().split("\n").slice(1)
    expect(Number(attacks[0])).toBe(csvAttacks.length)
    expect(Number(attacks[1])).toBeCloseTo(csvAttacks.reduce((s, l) => s + Number(l.split(",")[4]), 0), 6)
  })

  it("answers a designer's question as a table, JSON or CSV, and explains a bad query", async () => {
    const pq = join(dir, "run-parquet")
    const table = await query(pq, "select scenario, count(*) as runs, median(value) as p50 from metrics where metric = 'activeOperators' and epoch = 59 group by 1 order by 1", "--json")
    const rows = JSON.parse(table) as Array<{ scenario: string; runs: number; p50: number }>
    expect(rows.map((r) => r.runs)).toEqual([6, 6])
    expect(rows.every((r) => r.p50 > 0)).toBe(true)
    const pretty = await sandbox(["query", pq, "select scenario, status, count(*) as n from runs group by all order by 1"])
    expect(pretty.stdout).toMatch(/^scenario\s+status\s+n\n-+/)
    expect(pretty.stdout).toMatch(/\(2 rows\)/)
    const bad = await sandbox(["query", pq, "select nope from metrics"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error: query: .*nope.*\(tables: metrics, series, attacks, runs, scenarios\)/s)
    const missing = await sandbox(["query", join(dir, "nowhere"), "select 1"])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/nowhere: no such results directory/)
  })

  it("a sweep stores each run once, and its tables have the same contents on 1 and 2 workers", async () => {
    const one = join(dir, "sweep-1")
    const two = join(dir, "sweep-2")
    expect((await sandbox(["sweep", file, "--out", one, "--workers", "1"])).code).toBe(0)
    expect((await sandbox(["sweep", file, "--out", two, "--workers", "2"])).code).toBe(0)
    const names = readdirSync(one).filter((n) => !n.startsWith(".")).sort()
    expect(names).toEqual(["experiment.resolved.yaml", "manifest.json", "runs", "runs.parquet", "scenarios.parquet", "summary.json"])
    expect(readdirSync(join(one, "runs")).filter((n) => n.endsWith(".parquet"))).toHaveLength(12)
    expect(existsSync(join(one, "metrics.csv"))).toBe(false)
    for (const sql of ["select * from metrics order by all", "select * from runs order by all", "select * from scenarios order by all", "select * from attacks order by all"]) {
      expect(await query(two, sql), sql).toBe(await query(one, sql))
    }
    expect(readFileSync(join(two, "summary.json"), "utf8")).toBe(readFileSync(join(one, "summary.json"), "utf8"))
    const count = (await query(one, "select count(*) from series")).trim().split("\n")[1]
    expect(Number(count)).toBe(12 * 60)
  })
})
