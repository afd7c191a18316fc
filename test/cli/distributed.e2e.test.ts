/**
 * Distributed sweeps against a real redis-server on a loopback port: the same results as a local
 * sweep, a worker killed with SIGKILL mid-sweep without losing or duplicating a run, runs longer
 * than the job lock, runs in parallel threads, a worker with other code handing jobs back to one
 * with the same code (or, with none, the runs failing with the reason), and a clear error when
 * Redis is unreachable.
 * Skipped, saying so, when redis-server is not installed (.ci/run installs it).
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"
import { hasRedis, startRedis } from "../support/redis.ts"

const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))
let dir = ""
let redis: { url: string; stop: () => void } | undefined
const workers: Array<ChildProcess> = []

const startWorker = (url: string, env: Record<string, string> = {}, o: { concurrency?: number; lockMs?: number } = {}) => {
  const args = [BIN, "worker", "--queue", url, "--concurrency", String(o.concurrency ?? 1), "--lock-ms", String(o.lockMs ?? 2000)]
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] })
  const log = { text: "" }
  child.stderr!.on("data", (d) => (log.text += d))
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()))
  workers.push(child)
  return { child, log, exited }
}

/** Stop a worker and wait for it to exit, so it cannot take the next test's jobs. */
const stop = async (w: ReturnType<typeof startWorker>, signal: NodeJS.Signals = "SIGTERM") => {
  w.child.kill(signal)
  await w.exited
}

/**
 * The code version for tests about locks and hand-backs (not about computing the version): an
 * edit to src/ or models/ between starting a worker and the coordinator cannot split them.
 */
const PINNED = { SANDBOX_CODE_VERSION: "0.1.0+pinned" }

const runsCsv = (out: string) => readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n").slice(1)

const waitFor = async (what: () => boolean, ms = 240_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error("timed out")
    await new Promise((r) => setTimeout(r, 50))
  }
}

const experiment = (name: string, text: string) => {
  const file = join(dir, `${name}.yaml`)
  writeFileSync(file, text)
  return file
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-dist-"))
  if (hasRedis) redis = await startRedis()
})

// A test that fails before stopping its workers must not leave them to take the next test's jobs.
afterEach(async () => {
  const live = workers.splice(0).filter((w) => w.exitCode === null && w.signalCode === null)
  await Promise.all(live.map((w) => new Promise<void>((resolve) => { w.once("exit", () => resolve()); w.kill("SIGKILL") })))
})

afterAll(() => {
  for (const w of workers) w.kill("SIGKILL")
  redis?.stop()
})

describe("distributed sweep: bad queue or options", () => {
  it("a worker refuses --concurrency 0, naming the option", async () => {
    const r = await sandbox(["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "0"])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--concurrency: Expected a whole number >= 1, got 0/)
  })

  it("names the URL, exits 2 and writes nothing when Redis is unreachable", async () => {
    const file = experiment("tiny", "name: tiny\nepochs: 5\nruns: 2\n")
    const out = join(dir, "unreachable")
    const r = await sandbox(["sweep", file, "--queue", "redis://127.0.0.1:1", "--out", out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cannot reach the queue at redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/)
    expect(existsSync(out)).toBe(false)
  })
})

describe.skipIf(!hasRedis)(`distributed sweep on redis${hasRedis ? "" : " (skipped: redis-server is not installed)"}`, () => {
  it("gives the same results as a local sweep, and survives a worker killed with SIGKILL mid-sweep with every run exactly once", async () => {
    const url = redis!.url
    // 16 runs long enough (a few hundred ms each) to kill a worker in the middle of one.
    const file = experiment("dist", "name: dist\nseed: 9\nepochs: 1200\nruns: 8\nparams: { operators: { count: 600 } }\nsweep:\n  grid:\n    market.volatility: [0.02, 0.04]\n")
    const local = join(dir, "local")
    expect((await sandbox(["sweep", file, "--format", "csv", "--out", local, "--workers", "1"])).code).toBe(0)

    const a = startWorker(url)
    const b = startWorker(url)
    const out = join(dir, "distributed")
    const sweep = sandbox(["sweep", file, "--format", "csv", "--out", out, "--queue", url])
    // Kill worker a while it is in the middle of its second job.
    await waitFor(() => (a.log.text.match(/worker: running/g) ?? []).length >= 2)
    a.child.kill("SIGKILL")
    const r = await sweep
    expect(r.stderr).toMatch(/queued 16 runs on redis:\/\/127\.0\.0\.1:\d+/)
    expect(r.code).toBe(0)
    const runs = readFileSync(join(out, "runs.csv"), "utf8").trim().split("\n").slice(1)
    expect(runs).toHaveLength(16)
    expect(new Set(runs.map((l) => l.split(",").slice(0, 4).join(","))).size).toBe(16)
    for (const name of ["metrics.csv", "runs.csv", "summary.json"]) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(local, name))), name).toBe(true)
    }
    expect(b.log.text).toMatch(/worker: ran /)
    await stop(b)
  })

  it("runs an experiment whose model is a path outside the repository (its folder in the code version), as a local sweep does", async () => {
    const url = redis!.url
    // examples/staking-pool.yaml names its model by path (./staking-pool): jobs carry its absolute
    // path and a code version hashing that folder; the worker checks and loads it from there.
    const file = join(ROOT, "examples/staking-pool.yaml")
    const local = join(dir, "path-local")
    expect((await sandbox(["sweep", file, "--format", "csv", "--out", local, "--workers", "1", "--runs", "3", "--epochs", "40"])).code).toBe(0)
    const w = startWorker(url)
    const out = join(dir, "path-distributed")
    const r = await sandbox(["sweep", file, "--format", "csv", "--out", out, "--queue", url, "--runs", "3", "--epochs", "40"])
    expect(r.code, r.stderr).toBe(0)
    expect(w.log.text).not.toMatch(/refusing/)
    expect(w.log.text).toMatch(/worker: ran /)
    for (const name of ["metrics.csv", "runs.csv", "summary.json"]) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(local, name))), name).toBe(true)
    }
    await stop(w)
  })

  it("a run that kills its worker every time is recorded failed with the reason after the retries, and the sweep goes on", async () => {
    const url = redis!.url
    const file = experiment("crashing", "name: crashing\nseed: 4\nepochs: 1500\nruns: 2\nparams: { operators: { count: 600 } }\n")
    const out = join(dir, "crashing")
    let finished = false
    const sweep = sandbox(["sweep", file, "--format", "csv", "--out", out, "--queue", url], ROOT, PINNED).finally(() => (finished = true))
    // Whatever machine takes run 0 dies with it (as a run that exhausts its machine's memory
    // would): kill each worker that starts it, and start another, until the sweep ends.
    let kills = 0
    while (!finished && kills < 12) {
      const w = startWorker(url, PINNED, { lockMs: 1000 })
      await waitFor(() => finished || /worker: running \S+ run 0\b/.test(w.log.text))
      if (finished) {
        await stop(w)
        break
      }
      w.child.kill("SIGKILL")
      await w.exited
      kills++
    }
    const r = await sweep
    expect(r.code).toBe(1)
    // BullMQ hands a stalled job to the next worker up to maxStalledCount (5) times, then fails it.
    expect(kills).toBe(6)
    const runs = runsCsv(out)
    expect(runs).toHaveLength(2)
    expect(runs.find((l) => l.split(",")[3] === "0")).toMatch(/,failed,.*stalled more than allowable limit/)
    expect(runs.find((l) => l.split(",")[3] === "1")).toMatch(/,completed,/)
    expect(r.stdout).toMatch(/run 0 \(seed \d+\): job stalled more than allowable limit/)
  })

  it("a restarted coordinator resumes with --resume: nothing lost, nothing twice, same results", async () => {
    const url = redis!.url
    const file = experiment("restart", "name: restart\nseed: 2\nepochs: 365\nruns: 24\n")
    const local = join(dir, "restart-local")
    expect((await sandbox(["sweep", file, "--format", "csv", "--out", local, "--workers", "1"])).code).toBe(0)
    const w = startWorker(url)
    await waitFor(() => w.log.text.includes("processing"))
    const out = join(dir, "restart")
    const coordinator = spawn(process.execPath, [BIN, "sweep", file, "--format", "csv", "--out", out, "--queue", url], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    coordinator.stderr!.on("data", (d) => (stderr += d))
    const exited = new Promise((resolve) => coordinator.on("exit", resolve))
    await waitFor(() => existsSync(join(out, "runs")) && readdirSync(join(out, "runs")).filter((n) => n.endsWith(".json")).length >= 3)
    coordinator.kill("SIGINT")
    await exited
    expect(stderr).toMatch(/interrupted: \d+ of 24 runs stored in .*; continue with: sandbox sweep .* --queue redis:\/\/127\.0\.0\.1:\d+ --resume/)
    const resumed = await sandbox(["sweep", file, "--format", "csv", "--out", out, "--queue", url, "--resume"])
    expect(resumed.code).toBe(0)
    expect(resumed.stderr).toMatch(/resuming: \d+ of 24 runs already stored/)
    for (const name of ["metrics.csv", "runs.csv"]) expect(readFileSync(join(out, name)).equals(readFileSync(join(local, name))), name).toBe(true)
    await stop(w)
  })

  it("a run longer than the job lock completes once, and --concurrency 2 runs two at a time", async () => {
    const url = redis!.url
    // Runs of ~1.7 s each (40,000 operators x 3,000 epochs) against a 1 s lock.
    const file = experiment("long", "name: long\nseed: 4\nepochs: 3000\nruns: 2\nparams: { operators: { count: 40000 } }\n")
    const w = startWorker(url, PINNED, { concurrency: 2, lockMs: 1000 })
    await waitFor(() => w.log.text.includes("processing"))
    const out = join(dir, "long")
    const r = await sandbox(["sweep", file, "--format", "csv", "--out", out, "--queue", url], ROOT, PINNED)
    expect(r.stdout).not.toMatch(/failed/)
    expect(r.code).toBe(0)
    expect(runsCsv(out).map((l) => l.split(",").includes("completed"))).toEqual([true, true])
    const lines = w.log.text.split("\n")
    // Each run ran exactly once, for longer than the lock, without losing it.
    expect(lines.filter((l) => l.startsWith("worker: running"))).toHaveLength(2)
    const ms = lines.flatMap((l) => /^worker: ran .* in (\d+) ms/.exec(l)?.[1] ?? []).map(Number)
    expect(ms).toHaveLength(2)
    for (const t of ms) expect(t).toBeGreaterThan(1000)
    expect(w.log.text).not.toMatch(/lock|stalled/i)
    // Both runs were in hand at once: the second started before the first finished.
    const started = lines.map((l, i) => (l.startsWith("worker: running") ? i : -1)).filter((i) => i >= 0)
    expect(started[1]!).toBeLessThan(lines.findIndex((l) => l.startsWith("worker: ran ")))
    await stop(w)
  })

  it("a worker running other code hands its jobs back, and a worker running this code runs them all", async () => {
    const url = redis!.url
    const good = startWorker(url, PINNED)
    const stale = startWorker(url, { SANDBOX_CODE_VERSION: "0.0.0+stale" })
    await waitFor(() => good.log.text.includes("processing") && stale.log.text.includes("processing"))
    const file = experiment("stale", "name: stale\nseed: 5\nepochs: 1200\nruns: 6\nparams: { operators: { count: 600 } }\n")
    const out = join(dir, "stale")
    const r = await sandbox(["sweep", file, "--format", "csv", "--out", out, "--queue", url], ROOT, PINNED)
    expect(r.stdout).not.toMatch(/failed/)
    expect(r.code).toBe(0)
    expect(runsCsv(out).map((l) => l.split(",").includes("completed"))).toEqual([true, true, true, true, true, true])
    expect(stale.log.text).toMatch(/worker code version 0\.0\.0\+stale differs from the coordinator's 0\.1\.0\+pinned: refusing the job .*handed back/)
    expect(stale.log.text).not.toMatch(/worker: running/)
    expect(good.log.text.match(/worker: ran /g)).toHaveLength(6)
    await Promise.all([stop(good), stop(stale)])
  })

  it("a worker running other code refuses the jobs, and the runs are reported failed with the reason", async () => {
    const url = redis!.url
    const stranger = startWorker(url, { SANDBOX_CODE_VERSION: "0.0.0+other-code" })
    await waitFor(() => stranger.log.text.includes("processing"))
    const file = experiment("mismatch", "name: mismatch\nepochs: 5\nruns: 1\n")
    const r = await sandbox(["sweep", file, "--format", "csv", "--out", join(dir, "mismatch"), "--queue", url])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/run 0 \(seed \d+\): worker code version 0\.0\.0\+other-code differs from the coordinator's 0\.1\.0\+[0-9a-f]{12}: refusing the job/)
    // Handed back until the refusals ran out, with no worker of the coordinator's code on the queue.
    expect(r.stdout).toMatch(/refused 20 times by workers of code version 0\.0\.0\+other-code, with no worker of code version 0\.1\.0\+[0-9a-f]{12} on the queue: run the same code on every machine/)
    expect(stranger.log.text).toMatch(/refusing the job/)
    await stop(stranger, "SIGKILL")
  })

  it("jobs an old coordinator left in the queue do not stand in for a new code version's runs", async () => {
    const url = redis!.url
    const file = experiment("upgrade", "name: upgrade\nepochs: 5\nruns: 2\n")
    // A coordinator on the old code enqueues and dies before any worker runs its jobs.
    const old = spawn(process.execPath, [BIN, "sweep", file, "--out", join(dir, "upgrade-old"), "--queue", url], { cwd: ROOT, env: { ...process.env, SANDBOX_CODE_VERSION: "0.0.0+old-code" }, stdio: ["ignore", "ignore", "pipe"] })
    let log = ""
    old.stderr!.on("data", (d) => (log += d))
    await waitFor(() => log.includes("queued 2 runs"))
    old.kill("SIGKILL")
    // The new code's sweep of the same experiment gets its own jobs, and a new worker runs them.
    const worker = startWorker(url)
    const r = await sandbox(["sweep", file, "--format", "csv", "--out", join(dir, "upgrade-new"), "--queue", url])
    expect(r.stderr).not.toMatch(/failed/)
    expect(r.code).toBe(0)
    expect(runsCsv(join(dir, "upgrade-new")).map((l) => l.split(",").includes("completed"))).toEqual([true, true])
    expect(worker.log.text).toMatch(/refusing the job/) // the old coordinator's jobs, refused
    await stop(worker, "SIGKILL")
  })
})
