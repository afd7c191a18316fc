/**
 * A sweep's directory is one sweep's at a time, and only a complete, undamaged set of runs is
 * summarised (issue 22, 5). Before: a second `sweep --force` deleted the directory under a
 * running sweep, which then exited 0 with a summary of a subset; two `--resume` on one folder
 * failed with ENOENT; an empty run record crashed `--resume` with a stack; a truncated per-run
 * CSV was concatenated into metrics.csv.
 */
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))
let dir = ""

const experiment = (name: string, runs: number, epochs: number) => {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, `name: ${name}\nseed: 5\nepochs: ${epochs}\nruns: ${runs}\nparams:\n  operators: { count: 200 }\nsweep:\n  zip:\n    market.volatility: [0.02, 0.04]\n`)
  return file
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-lock-"))
})

const records = (out: string) => (existsSync(join(out, "runs")) ? readdirSync(join(out, "runs")).filter((n) => /^s\d+-r\d+\.json$/.test(n)) : [])
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 50))
}

/** A sweep in the background, with its stderr and exit code. */
const background = (args: ReadonlyArray<string>) => {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, NO_COLOR: "1" } })
  let stderr = ""
  child.stderr.on("data", (d) => (stderr += d))
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGKILL" ? 137 : null))))
  return { child, exited, stderr: () => stderr }
}

describe("one sweep per directory", () => {
  it("refuses a second sweep, --force and --resume while a sweep runs, naming it; the lock goes with the sweep, and a killed sweep's lock is taken over", async () => {
    // 10,000 runs of 1,000 epochs: far longer than the commands below on any machine; it is interrupted.
    const file = experiment("long", 5000, 1000)
    const out = join(dir, "long")
    const first = background(["sweep", file, "--out", out, "--workers", "1"])
    await until(() => records(out).length >= 1)
    const holder = new RegExp(`is in use by \`sandbox sweep .*long\\.yaml --out .*long\` \\(process ${first.child.pid} on .+, since .+\\); wait for it to finish .* If that process is gone, delete .*long/sweep\\.lock \\(nothing was changed\\)`)
    for (const extra of [[], ["--force"], ["--resume"]]) {
      const second = await sandbox(["sweep", file, "--out", out, ...extra])
      expect(second.code, extra.join(" ")).toBe(2)
      if (extra.length > 0) expect(second.stderr, extra.join(" ")).toMatch(holder)
      expect(second.stderr).not.toMatch(/ENOENT|at .*\.ts:\d+/)
    }
    // The first sweep was not disturbed: its runs are all there and it goes on storing.
    const before = records(out).length
    await until(() => records(out).length > before)
    first.child.kill("SIGINT")
    expect(await first.exited).toBe(130)
    expect(existsSync(join(out, "sweep.lock"))).toBe(false)

    // SIGKILL leaves the lock behind; its process is gone, so a resume takes it over.
    const killed = background(["sweep", file, "--out", out, "--resume", "--workers", "1"])
    const kept = records(out).length
    await until(() => records(out).length > kept)
    killed.child.kill("SIGKILL")
    await killed.exited
    expect(JSON.parse(readFileSync(join(out, "sweep.lock"), "utf8"))).toMatchObject({ pid: killed.child.pid })
    const resumed = background(["sweep", file, "--out", out, "--resume", "--workers", "1"])
    const atResume = records(out).length
    await until(() => records(out).length > atResume)
    expect(JSON.parse(readFileSync(join(out, "sweep.lock"), "utf8"))).toMatchObject({ pid: resumed.child.pid })
    resumed.child.kill("SIGINT")
    expect(await resumed.exited).toBe(130)
    expect(resumed.stderr()).toMatch(/resuming: \d+ of 10000 runs already stored/)
  })

  it("a run removed while the sweep runs: no summary of a subset, the missing run named, and --resume completes", async () => {
    const file = experiment("changed", 30, 200)
    const out = join(dir, "changed")
    const sweep = background(["sweep", file, "--out", out, "--workers", "1"])
    await until(() => records(out).length >= 3)
    // What a second process without the lock (another host, say) could do to the directory.
    rmSync(join(out, "runs", "s00000-r00001.json"))
    expect(await sweep.exited).toBe(2)
    expect(sweep.stderr()).toMatch(/changed: 1 of 60 planned runs have no record \(s00000-r00001\); the directory was changed while this sweep ran, so no summary was written. Continue with --resume/)
    expect(existsSync(join(out, "summary.json"))).toBe(false)
    const resumed = await sandbox(["sweep", file, "--out", out, "--resume"])
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(resumed.stderr).toMatch(/resuming: 59 of 60 runs already stored/)
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).scenarios.map((s: { runs: number }) => s.runs)).toEqual([30, 30])
  })

  it("an empty record and cut-short series files are named, computed again on --resume, and the results equal the undamaged ones", async () => {
    const file = experiment("damaged", 4, 60)
    for (const format of ["parquet", "csv"] as const) {
      const out = join(dir, `damaged-${format}`)
      const first = await sandbox(["sweep", file, "--out", out, "--format", format])
      expect(first.code, first.stderr).toBe(0)
      const summary = readFileSync(join(out, "summary.json"))
      const metrics = format === "csv" ? readFileSync(join(out, "metrics.csv")) : undefined
      const empty = join(out, "runs", "s00000-r00001.json")
      const series = join(out, "runs", `s00001-r00002.${format}`)
      writeFileSync(empty, "")
      const size = statSync(series).size
      truncateSync(series, Math.floor(size / 2))
      const resumed = await sandbox(["sweep", file, "--out", out, "--resume"])
      expect(resumed.code, resumed.stderr).toBe(0)
      expect(resumed.stderr).toContain(`${empty} is damaged (it is empty); its run will be computed again`)
      expect(resumed.stderr).toContain(`${series} is damaged (it has ${Math.floor(size / 2)} bytes where ${size} were written (cut short or changed)); its run will be computed again`)
      expect(resumed.stderr).toMatch(/resuming: 6 of 8 runs already stored/)
      expect(resumed.stderr).not.toMatch(/at .*\.ts:\d+/)
      expect(readFileSync(join(out, "summary.json")).equals(summary), format).toBe(true)
      if (metrics !== undefined) expect(readFileSync(join(out, "metrics.csv")).equals(metrics)).toBe(true)
      expect(statSync(series).size).toBe(size)
    }
  })
})
