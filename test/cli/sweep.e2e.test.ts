/**
 * `sandbox sweep` end to end: parallel sweep, interrupt with SIGINT, resume, and the result of
 * an interrupted-then-resumed sweep equals an uninterrupted one byte for byte.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

let dir = ""
let file = ""
const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))

// 2 scenarios x 40 runs: long enough (several seconds on one worker) to interrupt mid-way.
const EXPERIMENT = `name: resumable
seed: 3
epochs: 200
runs: 40
params:
  operators: { count: 400 }
  validators: { count: 40 }
  attacks: [{ kind: griefing, name: dos, region: europe, startEpoch: 50, durationEpochs: 30, offlineShare: 0.9, costPerEpochUsd: 1000 }]
sweep:
  zip:
    market.volatility: [0.02, 0.04]
    demand.feesUsdPerEpoch: [200000, 300000]
guardrails:
  - p95(operatorChurnRate) < 0.5
`

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-sweep-"))
  file = join(dir, "resumable.yaml")
  writeFileSync(file, EXPERIMENT)
})

const storedRuns = (out: string) => (existsSync(join(out, "runs")) ? readdirSync(join(out, "runs")).filter((n) => n.endsWith(".json")).length : 0)

describe("sandbox sweep", () => {
  it("stops cleanly on SIGINT keeping finished runs, and --resume completes to the same results as an uninterrupted sweep", async () => {
    const full = join(dir, "full")
    const cut = join(dir, "cut")
    const uninterrupted = sandbox(["sweep", file, "--out", full, "--workers", "2"])

    const child = spawn(process.execPath, [BIN, "sweep", file, "--out", cut, "--workers", "1"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (d) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
    // Interrupt once a few runs are stored, well before the 80 are done.
    while (storedRuns(cut) < 5) await new Promise((r) => setTimeout(r, 50))
    child.kill("SIGINT")
    const code = await exited
    const kept = storedRuns(cut)
    expect(code).toBe(130)
    expect(stderr).toMatch(new RegExp(`interrupted: ${kept} of 80 runs stored in .*cut; continue with: sandbox sweep .* --resume`))
    expect(kept).toBeGreaterThanOrEqual(5)
    expect(kept).toBeLessThan(80)
    expect(existsSync(join(cut, "runs.parquet"))).toBe(false)
    expect(readdirSync(join(cut, "runs")).filter((n) => n.includes(".tmp-"))).toEqual([])

    const resumed = await sandbox(["sweep", file, "--out", cut, "--resume", "--workers", "2"])
    expect(resumed.code).toBe(0)
    expect(resumed.stderr).toMatch(new RegExp(`resuming: ${kept} of 80 runs already stored`))
    const done = await uninterrupted
    expect(done.code).toBe(0)
    // The store's tables (read through sandbox query) and the summary: the same either way.
    const query = async (out: string, sql: string) => {
      const q = await sandbox(["query", out, sql, "--csv"])
      expect(q.code, q.stderr).toBe(0)
      return q.stdout
    }
    // Row count and an order-free checksum of every row (the full metrics table is ~1M rows).
    const digest = (t: string, cols: string) => `select count(*) as n, bit_xor(hash(${cols})) as h from ${t}`
    const tables = [digest("metrics", "scenario, run, epoch, metric, value"), digest("attacks", "scenario, run, epoch, attack, cost, profit, success, detectedEpoch"), "select * from runs order by all"]
    for (const sql of tables) {
      expect(await query(cut, sql), sql).toBe(await query(full, sql))
    }
    expect(readFileSync(join(cut, "summary.json")).equals(readFileSync(join(full, "summary.json")))).toBe(true)
    const summary = JSON.parse(readFileSync(join(full, "summary.json"), "utf8"))
    expect(summary.scenarios).toHaveLength(2)
    expect(summary.scenarios[0].guardrails[0]).toMatchObject({ expression: "p95(operatorChurnRate) < 0.5", pass: true })
    const runs = (await query(full, "select * from runs")).trim().split("\n")
    expect(runs).toHaveLength(81)
    expect(runs[0]).toMatch(/^scenario,variant,point,run,seed,market\.volatility,demand\.feesUsdPerEpoch,status,error,activeOperators,/)
    expect(resumed.stdout).toMatch(/scenario\s+runs\s+guardrails\s+activeOperators median \[p5, p95\]/)
    // The attack's outcomes, tidy: one row per scenario, run, epoch and attack.
    const attacks = (await query(full, "select * from attacks where run < 2")).trim().split("\n")
    expect(attacks[0]).toBe("scenario,run,epoch,attack,cost,profit,success,detectedEpoch")
    expect(attacks).toHaveLength(1 + 2 * 2 * 200)
    expect(attacks.filter((l) => l.includes(",dos,1000,")).length).toBeGreaterThan(0)
    expect((await query(full, "select count(*) from attacks")).trim().split("\n")[1]).toBe(String(80 * 200))
  })

  it("killed with SIGKILL mid-sweep, --resume completes to the same files as an uninterrupted sweep (a regression test: it held)", async () => {
    // One scenario of 100 runs (seconds on one worker), killed once a few are stored.
    const small = join(dir, "killed.yaml")
    writeFileSync(small, "name: killed\nseed: 9\nepochs: 200\nruns: 100\nparams:\n  operators: { count: 200 }\n  validators: { count: 20 }\n")
    const full = join(dir, "killed-full")
    const cut = join(dir, "killed-cut")
    const child = spawn(process.execPath, [BIN, "sweep", small, "--out", cut, "--workers", "1", "--format", "csv"], { cwd: ROOT, stdio: ["ignore", "ignore", "ignore"] })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)))
    while (storedRuns(cut) < 3) await new Promise((r) => setTimeout(r, 20))
    child.kill("SIGKILL")
    expect(await exited).toBe("SIGKILL")
    const kept = storedRuns(cut)
    expect(kept).toBeLessThan(100)
    // No lock to clear by hand, no damaged record to delete: resume and finish.
    const [resumed, uninterrupted] = await Promise.all([
      sandbox(["sweep", small, "--out", cut, "--resume", "--workers", "2", "--format", "csv"]),
      sandbox(["sweep", small, "--out", full, "--workers", "2", "--format", "csv"])
    ])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(uninterrupted.code, uninterrupted.stderr).toBe(0)
    expect(resumed.stderr).toMatch(/resuming: \d+ of 100 runs already stored/)
    for (const name of ["summary.json", "metrics.csv", "runs.csv"]) {
      expect(readFileSync(join(cut, name)).equals(readFileSync(join(full, name))), name).toBe(true)
    }
  })

  it("refuses to resume into another experiment's results, and to reuse a directory without --resume or --force", async () => {
    const out = join(dir, "other")
    expect((await sandbox(["sweep", file, "--out", out, "--runs", "1", "--epochs", "5"])).code).toBe(0)
    const again = await sandbox(["sweep", file, "--out", out, "--runs", "1", "--epochs", "5"])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already exists; .*--force.*--resume/)
    const mismatch = await sandbox(["sweep", file, "--out", out, "--runs", "2", "--epochs", "5", "--resume"])
    expect(mismatch.code).toBe(2)
    expect(mismatch.stderr).toMatch(/cannot resume in .*other: it holds results of experiment [0-9a-f]{12}, not of this one/)
  })

  it("refuses to resume into a directory that is not a sweep's, or whose manifest is damaged, and changes nothing", async () => {
    const notSweep = join(dir, "notes")
    mkdirSync(notSweep)
    writeFileSync(join(notSweep, "mine.txt"), "the user's file")
    const r = await sandbox(["sweep", file, "--out", notSweep, "--runs", "1", "--epochs", "5", "--resume"])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cannot resume in .*notes: it has no manifest.json, so it is not a sweep's output directory; choose another --out \(nothing was changed\)/)
    expect(r.stderr).not.toMatch(/--force|at .*\.ts:\d+/)
    expect(readdirSync(notSweep)).toEqual(["mine.txt"])

    const damaged = join(dir, "damaged")
    expect((await sandbox(["sweep", file, "--out", damaged, "--runs", "1", "--epochs", "5"])).code).toBe(0)
    writeFileSync(join(damaged, "manifest.json"), "{ not json")
    const d = await sandbox(["sweep", file, "--out", damaged, "--runs", "1", "--epochs", "5", "--resume"])
    expect(d.code).toBe(2)
    expect(d.stderr).toMatch(/its manifest.json is not valid JSON, so it is not a sweep's output directory/)
    expect(readFileSync(join(damaged, "manifest.json"), "utf8")).toBe("{ not json")
  })

  it("refuses to resume runs that other model code computed (results must not mix)", async () => {
    const out = join(dir, "old-code")
    const old = { SANDBOX_CODE_VERSION: "0.0.0+old-code" }
    expect((await sandbox(["sweep", file, "--out", out, "--runs", "1", "--epochs", "5"], ROOT, old)).code).toBe(0)
    const r = await sandbox(["sweep", file, "--out", out, "--runs", "1", "--epochs", "5", "--resume"])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/its runs were computed by code version 0\.0\.0\+old-code, this is 0\.1\.0\+[0-9a-f]{12}; results of different model code must not mix/)
    expect((await sandbox(["sweep", file, "--out", out, "--runs", "1", "--epochs", "5", "--resume"], ROOT, old)).code).toBe(0)
  })
})
