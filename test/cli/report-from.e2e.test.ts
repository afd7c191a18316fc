/**
 * `sandbox report --from DIR` builds the report from a results store (`sandbox run --out`,
 * `sandbox sweep --out`) instead of running the experiment: the report is byte for byte the one
 * a fresh run gives, its numbers come from the store's tables (a store whose price was doubled
 * gives doubled prices), and a directory of another experiment, a CSV directory or a missing one
 * is refused (exit 2) before anything is written.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Columnar, literal } from "../../src/experiment/Columnar.ts"
import { sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-report-from-"))
// A fixed date, as `npm run reports` sets it, so two reports of the same results are the same bytes.
const env = { SOURCE_DATE_EPOCH: "1795564800" }

/** Every file under `root`, by relative path, with its bytes. */
const tree = (root: string, at = ""): Record<string, Buffer> =>
  Object.fromEntries(
    readdirSync(join(root, at)).flatMap((name) => {
      const rel = at === "" ? name : `${at}/${name}`
      return statSync(join(root, rel)).isDirectory() ? Object.entries(tree(root, rel)) : [[rel, readFileSync(join(root, rel))]]
    })
  )

/** A data file's rows (scenario,epoch,p5,p50,...) as text lines. */
const lines = (file: string) => readFileSync(file, "utf8").trim().split("\n")

describe("sandbox report --from", () => {
  it("from a run's store, the same report as running the experiment, and its numbers come from the store", async () => {
    const file = "experiments/governance-emission-cut.yaml"
    const opts = ["--runs", "3", "--epochs", "30"]
    const run = await sandbox(["run", file, ...opts, "--out", join(dir, "run"), "--workers", "1"])
    expect(run.code, run.stderr).toBe(0)
    const fresh = await sandbox(["report", file, ...opts, "--out", join(dir, "fresh"), "--workers", "2"], undefined, env)
    expect(fresh.code, fresh.stderr).toBe(0)
    const stored = await sandbox(["report", file, ...opts, "--out", join(dir, "stored"), "--from", join(dir, "run")], undefined, env)
    expect(stored.code, stored.stderr).toBe(0)
    const a = tree(join(dir, "fresh"))
    const b = tree(join(dir, "stored"))
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort())
    for (const name of Object.keys(a)) expect(b[name]!.equals(a[name]!), name).toBe(true)

    // The store, with every price doubled: the report follows the store, not a fresh run.
    const series = join(dir, "run", "series.parquet")
    const db = await Columnar.open({ threads: 1 })
    try {
      await db.run(`COPY (SELECT * REPLACE (price * 2 AS price) FROM read_parquet(${literal(series)})) TO ${literal(`${series}.new`)} (FORMAT parquet)`)
    } finally {
      db.close()
    }
    renameSync(`${series}.new`, series)
    const doubled = await sandbox(["report", file, ...opts, "--out", join(dir, "doubled"), "--from", join(dir, "run")], undefined, env)
    expect(doubled.code, doubled.stderr).toBe(0)
    const before = lines(join(dir, "fresh", "data", "price.csv"))
    const after = lines(join(dir, "doubled", "data", "price.csv"))
    expect(after[0]).toBe(before[0])
    expect(after.length).toBe(before.length)
    // Every band value (p5, p50, p95, ...) doubled; scenario and epoch unchanged.
    for (let i = 1; i < before.length; i++) {
      const x = before[i]!.split(",")
      const y = after[i]!.split(",")
      expect(y.slice(0, 2)).toEqual(x.slice(0, 2))
      for (let c = 2; c < x.length; c++) expect(Number(y[c])).toBeCloseTo(2 * Number(x[c]), 9)
    }
  })

  it("from a sweep's per-run store on 2 workers, the same report as running it", async () => {
    const file = "experiments/emission-sweep.yaml"
    const opts = ["--runs", "2", "--epochs", "20"]
    const sweep = await sandbox(["sweep", file, ...opts, "--out", join(dir, "sweep"), "--workers", "2"])
    expect(sweep.code, sweep.stderr).toBe(0)
    const fresh = await sandbox(["report", file, ...opts, "--out", join(dir, "sweep-fresh"), "--workers", "1"], undefined, env)
    expect(fresh.code, fresh.stderr).toBe(0)
    const stored = await sandbox(["report", file, ...opts, "--out", join(dir, "sweep-stored"), "--from", join(dir, "sweep")], undefined, env)
    expect(stored.code, stored.stderr).toBe(0)
    const a = tree(join(dir, "sweep-fresh"))
    const b = tree(join(dir, "sweep-stored"))
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort())
    for (const name of Object.keys(a)) expect(b[name]!.equals(a[name]!), name).toBe(true)
  })

  it("refuses another experiment's results, a CSV directory and a missing one, writing nothing", async () => {
    const file = "experiments/emission-sweep.yaml"
    const csv = await sandbox(["run", file, "--runs", "1", "--epochs", "10", "--out", join(dir, "csv"), "--format", "csv"])
    expect(csv.code, csv.stderr).toBe(0)
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp]> = [
      [["--runs", "1", "--epochs", "10", "--seed", "99", "--from", join(dir, "csv")], /--from: .*csv holds the results of another experiment \(hash \w+\), not of .*emission-sweep\.yaml with these options \(hash \w+\)/],
      [["--runs", "1", "--epochs", "10", "--from", join(dir, "csv")], /--from: .*csv has no Parquet tables \(written with --format csv\?\)/],
      [["--runs", "1", "--epochs", "10", "--from", join(dir, "nowhere")], /--from: .*nowhere holds no summary\.json/]
    ]
    for (const [args, message] of cases) {
      const out = join(dir, `refused-${cases.findIndex((c) => c[0] === args)}`)
      const r = await sandbox(["report", file, ...args, "--out", out])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(existsSync(out)).toBe(false)
    }
  })
})
